// Fictional readings for the demo partnership's indicators, so its digest shows a real picture: eight quarters
// up to the last one that has ended, in the range between each indicator's baseline and target in the Safer
// Norwich plan. The plan's years are 2009/10 and 2010/11; the demo carries its targets forward, the 2010/11
// target to the financial year of the latest quarter and the 2009/10 target to the years before, so today's
// digest reads as the plan's would have. The figures are chosen to give a mix a board would recognise: some
// on target, some within the amber tolerance, one red, and the "to be established" ones without a colour.
import { financialYearLabel, lastCompletePeriod, shiftPeriod, type Period } from '../domain/periods.ts';

interface DemoSeries {
  /** Each quarter's own figure, oldest first (for a cumulative indicator the amount in that quarter alone). */
  quarters: readonly number[];
  /** The plan's 2009/10 and 2010/11 targets; null is "to be established". */
  earlierTarget: number | null;
  latestTarget: number | null;
  cumulative?: boolean;
}

export const DEMO_SERIES: Readonly<Record<string, DemoSeries>> = {
  'NI 18': { quarters: [10.4, 10.1, 9.9, 9.8, 9.6, 9.7, 9.5, 9.4], earlierTarget: 9.72, latestTarget: null },
  'NI 19': { quarters: [109.1, 108.4, 108.0, 107.6, 107.9, 107.2, 107.0, 106.9], earlierTarget: 107.8, latestTarget: 107.4 },
  'NI 21': { quarters: [29.8, 30.9, 31.6, 32.4, 33.1, 33.5, 33.8, 34.0], earlierTarget: 31.2, latestTarget: 35.2 },
  'NI 30': { quarters: [331, 324, 322, 315, 309, 304, 298, 293], earlierTarget: null, latestTarget: null },
  'NI 32': { quarters: [142, 138, 151, 147, 139, 133, 136, 129], earlierTarget: null, latestTarget: null },
  'NI 60': { quarters: [74.2, 75.8, 76.5, 77.9, 76.8, 77.4, 78.1, 78.0], earlierTarget: 80, latestTarget: 85 },
  'NI 111': { quarters: [2010, 1995, 1984, 1968, 1960, 1948, 1937, 1925], earlierTarget: 2000, latestTarget: 1940 },
  'NI 115': { quarters: [10.6, 10.4, 10.1, 9.9, 9.8, 9.6, 9.4, 9.3], earlierTarget: 10.0, latestTarget: 9.0 },
  'ALL CRIME': { quarters: [4210, 4150, 4020, 3980, 4090, 3950, 3920, 3900], earlierTarget: 16338, latestTarget: 15427, cumulative: true },
  'ALL CRIME NORFOLK': { quarters: [13420, 13150, 12880, 12610, 12300, 12150, 12050, 11900], earlierTarget: 51315, latestTarget: 48749, cumulative: true },
};

export interface DemoIndicatorFigures {
  targets: { period: string; value: number | null }[];
  readings: { period: string; value: number }[];
}

/** The demo's targets and readings for one indicator, for quarters up to the last one ended by `today`. */
export function demoFigures(series: DemoSeries, today: string): DemoIndicatorFigures {
  const latest = lastCompletePeriod(today, 'QUARTER');
  const quarters: Period[] = series.quarters.map((_, index) => shiftPeriod(latest, index - series.quarters.length + 1));
  const readings: { period: string; value: number }[] = [];
  let yearToDate = 0;
  quarters.forEach((quarter, index) => {
    const amount = series.quarters[index] ?? 0;
    yearToDate = quarter.label.endsWith('Q1') ? amount : yearToDate + amount;
    readings.push({ period: quarter.label, value: series.cumulative ? yearToDate : amount });
  });
  const years = [...new Set(quarters.map((quarter) => quarter.financialYearStart))];
  const targets = years.map((year) => ({
    period: financialYearLabel(year),
    value: year === latest.financialYearStart ? series.latestTarget : series.earlierTarget,
  }));
  return { targets, readings };
}
