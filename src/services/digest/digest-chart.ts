// The digest's chart: one small-multiples image of its red and amber headline indicators (the first few, in
// the order the digest lists them), readings against the target line. One picture per digest keeps a Slack
// message to one upload and a Teams card to one embedded image. Digests that show the same indicators (groups
// of one partnership) share one rendering.
import { indicatorChartData } from '../charts/chart-data.ts';
import { renderSmallMultiples } from '../charts/indicator-chart.ts';
import type { ImageBlock } from '../../views/model.ts';
import type { DigestContent } from './digest-content.ts';

/** Panels in the digest's image: two rows of two stay readable on a phone and small enough for a Teams card. */
export const DIGEST_CHART_PANELS = 4;

export type DigestChartCache = Map<string, Promise<ImageBlock | undefined>>;

export function digestChart(content: DigestContent, cache: DigestChartCache = new Map()): Promise<ImageBlock | undefined> {
  const charts = content.indicators.attention
    .flatMap((row) => {
      const data = indicatorChartData(row);
      return data ? [{ id: row.indicator.id, data }] : [];
    })
    .slice(0, DIGEST_CHART_PANELS);
  if (charts.length === 0) return Promise.resolve(undefined);
  const key = charts.map((chart) => chart.id).join(',');
  const cached = cache.get(key);
  if (cached) return cached;
  const rendered = renderSmallMultiples(charts.map((chart) => chart.data)).then((image): ImageBlock => ({
    type: 'image',
    png: image.png,
    altText: `Chart of red and amber indicators. ${image.altText}`,
    title: charts.length === 1 ? 'Red or amber indicator: readings against the target' : 'Red and amber indicators: readings against the target',
    fileName: 'digest-indicators.png',
  }));
  cache.set(key, rendered);
  return rendered;
}
