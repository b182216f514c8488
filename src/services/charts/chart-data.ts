// What an indicator chart shows, worked out without the charting libraries (they load only when a chart is
// drawn): the latest readings of the indicator's own frequency, each with the target it is judged against
// (pro rata for a year-to-date indicator), and alt text that states the same figures.
import { targetForPeriod } from '../../domain/indicator-status.ts';
import { comparePeriods, periodKindForFrequency, tryParsePeriod } from '../../domain/periods.ts';
import { formatTarget, formatValue, ragWord } from '../indicators/indicator-format.ts';
import type { IndicatorStatusRow } from '../indicators/indicator-statuses.ts';
import { shortPeriod } from '../indicators/indicator-views.ts';

/** Readings drawn per indicator: two years of quarters, or the last eight months. */
export const CHART_POINTS = 8;

export interface ChartPoint {
  /** "Q3 2025/26", "Oct 2025". */
  readonly period: string;
  readonly value: number;
  /** The target this period's reading is judged against; null when there is none. */
  readonly target: number | null;
}

export interface IndicatorChartData {
  /** "NI 16 Serious acquisitive crime". */
  readonly title: string;
  readonly points: readonly ChartPoint[];
  readonly altText: string;
}

const FREQUENCY_WORDS = { MONTHLY: 'monthly', QUARTERLY: 'quarterly', ANNUAL: 'yearly' } as const;

/** Null when the indicator has fewer than two readings of its own frequency: nothing to draw a line through. */
export function indicatorChartData(row: IndicatorStatusRow, maxPoints: number = CHART_POINTS): IndicatorChartData | null {
  const { indicator, summary } = row;
  const kind = periodKindForFrequency(indicator.frequency);
  const readings = indicator.readings
    .flatMap((reading) => {
      const period = tryParsePeriod(reading.period);
      return period && period.kind === kind && Number.isFinite(reading.value) ? [{ period, value: reading.value }] : [];
    })
    .sort((a, b) => comparePeriods(a.period, b.period))
    .slice(-maxPoints);
  if (readings.length < 2) return null;
  const points = readings.map(({ period, value }): ChartPoint => ({
    period: shortPeriod(period),
    value,
    target: targetForPeriod(period, indicator.targets, indicator.cumulative)?.value ?? null,
  }));
  const title = `${indicator.code} ${indicator.name}`;
  const figures = points.map((point) => `${point.period} ${formatValue(point.value, indicator.unit)}`).join('; ');
  const frequency = FREQUENCY_WORDS[indicator.frequency];
  const parts = [`${title}, ${frequency}${indicator.cumulative ? ' (year to date)' : ''}: ${figures}`];
  const last = points.at(-1);
  if (last && last.target !== null) {
    const targets = new Set(points.map((point) => point.target));
    parts.push(`target ${formatTarget(last.target, indicator.unit, indicator.polarity)}${targets.size > 1 ? ` for ${last.period}` : ''}`);
  } else {
    parts.push('no target set');
  }
  parts.push(summary.stale ? `no reading yet for ${shortPeriod(summary.currentPeriod)}` : ragWord(summary.status));
  return { title, points, altText: parts.join('; ') };
}
