// Chart images: a Vega-Lite spec compiled by Vega to SVG (no browser, renderer 'none'), drawn to PNG by resvg.
// The libraries are imported only when a chart is rendered, so a bot that never draws one keeps its idle
// memory. Text is set in DejaVu Sans from the dejavu-fonts-ttf package, so a server without system fonts
// draws the same labels. The PNG is small (480 px wide, 16 colours in a 4-bit indexed PNG: see indexed-png.ts)
// because Teams carries it inside the card as a data: URL.
import { createRequire } from 'node:module';
import type { IndicatorChartData } from './chart-data.ts';

export interface ChartImage {
  readonly png: Uint8Array;
  readonly altText: string;
  readonly width: number;
  readonly height: number;
}

export const CHART_WIDTH = 480;
const SINGLE_HEIGHT = 200;
const PANEL_HEIGHT = 110;
const COLUMNS = 2;
const FONT_FAMILY = 'DejaVu Sans';
const READING_COLOUR = '#1f4e79';
const TARGET_COLOUR = '#c0392b';

const fontFile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

interface Row {
  readonly indicator: string;
  readonly order: number;
  readonly period: string;
  readonly series: 'Reading' | 'Target';
  readonly value: number;
}

function rowsOf(chart: IndicatorChartData): Row[] {
  return chart.points.flatMap((point, order): Row[] => [
    { indicator: chart.title, order, period: point.period, series: 'Reading', value: point.value },
    ...(point.target === null ? [] : [{ indicator: chart.title, order, period: point.period, series: 'Target' as const, value: point.target }]),
  ]);
}

function truncated(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

const LAYERS = [
  {
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'period', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: '~s', tickCount: 3 } },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: ['Reading', 'Target'], range: [READING_COLOUR, TARGET_COLOUR] },
        legend: { title: null, orient: 'top' },
      },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['Reading', 'Target'], range: [[1, 0], [5, 3]] }, legend: { title: null, orient: 'top' } },
    },
  },
];

const CONFIG = {
  font: FONT_FAMILY,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 10, grid: false, domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 10 },
  title: { fontSize: 11, anchor: 'start' },
  header: { labelFontSize: 10, labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: CHART_WIDTH / COLUMNS - 20 },
};

function singleSpec(chart: IndicatorChartData): Record<string, unknown> {
  return {
    width: CHART_WIDTH - 70,
    height: SINGLE_HEIGHT - 70,
    title: truncated(chart.title, 70),
    data: { values: rowsOf(chart) },
    layer: LAYERS,
    config: CONFIG,
  };
}

function smallMultiplesSpec(charts: readonly IndicatorChartData[]): Record<string, unknown> {
  return {
    data: { values: charts.flatMap((chart) => rowsOf({ ...chart, title: truncated(chart.title, 34) })) },
    facet: { field: 'indicator', type: 'nominal', sort: charts.map((chart) => truncated(chart.title, 34)), title: null, header: { title: null } },
    columns: COLUMNS,
    spacing: { column: 20, row: 10 },
    spec: { width: CHART_WIDTH / COLUMNS - 60, height: PANEL_HEIGHT - 40, layer: LAYERS },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: CONFIG,
  };
}

async function renderSpec(spec: Record<string, unknown>, altText: string): Promise<ChartImage> {
  const [vegaLite, vega, { Resvg }, { indexedPng }] = await Promise.all([
    import('vega-lite'),
    import('vega'),
    import('@resvg/resvg-js'),
    import('./indexed-png.ts'),
  ]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const rendered = new Resvg(svg, {
      fitTo: { mode: 'width', value: CHART_WIDTH },
      font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: FONT_FAMILY },
    }).render();
    const png = indexedPng(new Uint8Array(rendered.pixels), rendered.width, rendered.height);
    return { png, altText, width: rendered.width, height: rendered.height };
  } finally {
    view.finalize();
  }
}

/** One indicator's readings against its target line, with the period labels. */
export function renderIndicatorChart(chart: IndicatorChartData): Promise<ChartImage> {
  return renderSpec(singleSpec(chart), chart.altText);
}

/** Several indicators as one image of small panels (two a row), each with its own scales; alt text lists each. */
export function renderSmallMultiples(charts: readonly IndicatorChartData[]): Promise<ChartImage> {
  if (charts.length === 1 && charts[0]) return renderIndicatorChart(charts[0]);
  return renderSpec(smallMultiplesSpec(charts), charts.map((chart) => `${chart.altText}.`).join(' '));
}
