// The chart renderer: readings and the target line drawn to a PNG of the promised size and colours, and alt text that
// states the same figures, for one indicator and for the digest's small multiples.
import { describe, expect, it } from 'vitest';
import type { IndicatorRecord } from '../../src/db/indicator-store.ts';
import { indicatorChartData } from '../../src/services/charts/chart-data.ts';
import { CHART_WIDTH, renderIndicatorChart, renderSmallMultiples } from '../../src/services/charts/indicator-chart.ts';
import { CHART_PALETTE_COLOURS } from '../../src/services/charts/indexed-png.ts';
import { summariseIndicators } from '../../src/services/indicators/indicator-statuses.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function indicator(overrides: Partial<IndicatorRecord>): IndicatorRecord {
  return {
    id: 'i1',
    partnershipId: 'p1',
    code: 'ASB',
    name: 'ASB incidents',
    unit: 'COUNT',
    polarity: 'LOWER_IS_BETTER',
    amberTolerancePct: null,
    frequency: 'QUARTERLY',
    cumulative: false,
    headline: true,
    leadOrganisation: null,
    group: null,
    baselineValue: null,
    baselinePeriod: null,
    targets: [{ period: '2025/26', value: 1_100 }],
    readings: [
      { period: '2025-Q1', value: 1_204 },
      { period: '2025-Q2', value: 1_150 },
      { period: '2025-Q3', value: 1_180 },
    ],
    ...overrides,
  };
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('indicator charts', () => {
  const [asb] = summariseIndicators([indicator({})], '2026-01-15');
  const [crime] = summariseIndicators(
    [indicator({ id: 'i2', code: 'AC', name: 'All crime', frequency: 'MONTHLY', targets: [], readings: [{ period: '2025-10', value: 4_100 }, { period: '2025-11', value: 4_300 }, { period: '2025-12', value: 3_900 }] })],
    '2026-01-15',
  );

  it('states the figures, the target and the status in the alt text', () => {
    expect(indicatorChartData(asb!)?.altText).toBe(
      'ASB ASB incidents, quarterly: Q1 2025/26 1,204; Q2 2025/26 1,150; Q3 2025/26 1,180; target at most 1,100; red',
    );
    expect(indicatorChartData(crime!)?.altText).toContain('All crime, monthly: Oct 2025 4,100; Nov 2025 4,300; Dec 2025 3,900; no target set');
  });

  it('draws nothing for an indicator with a single reading', () => {
    const [single] = summariseIndicators([indicator({ readings: [{ period: '2025-Q3', value: 1_180 }] })], '2026-01-15');
    expect(indicatorChartData(single!)).toBeNull();
  });

  it('renders one indicator to a PNG of the chart width', async () => {
    const image = await renderIndicatorChart(indicatorChartData(asb!)!);
    expect([...image.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(image.png)).toEqual({ width: CHART_WIDTH, height: image.height });
    expect(image.width).toBe(CHART_WIDTH);
    expect(image.height).toBeGreaterThan(150);
    expect(image.height).toBeLessThan(300);
  });

  it('renders several indicators as one small, 16-colour indexed PNG whose alt text covers each', async () => {
    const [burglary] = summariseIndicators([indicator({ id: 'i3', code: 'BUR', name: 'Burglary' })], '2026-01-15');
    const charts = [indicatorChartData(asb!)!, indicatorChartData(crime!)!, indicatorChartData(burglary!)!];
    const image = await renderSmallMultiples(charts);
    expect([...image.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(image.png).width).toBe(CHART_WIDTH);
    expect({ bitDepth: image.png[24], colourType: image.png[25] }).toEqual({ bitDepth: 4, colourType: 3 });
    const palette = Buffer.from(image.png).indexOf('PLTE');
    expect(Buffer.from(image.png).readUInt32BE(palette - 4) / 3).toBeLessThanOrEqual(CHART_PALETTE_COLOURS);
    expect(image.png.byteLength).toBeLessThan(8_000);
    expect(image.height).toBeGreaterThan(150);
    expect(image.altText).toContain('Q3 2025/26 1,180');
    expect(image.altText).toContain('Dec 2025 3,900');
  });
});
