// RAG, trend and the latest-status summary for indicators as Safer Norwich defines them in its plan (see
// prisma/seed/norwich.yaml): quarterly readings, Norfolk all crime year to date against 48,749 for 2010/11,
// NI 21 higher-is-better against 35.2%, NI 30 with its target still to be established.
import { describe, expect, it } from 'vitest';
import { type IndicatorDefinition, assessIndicator } from '../../src/domain/indicator-status.ts';
import { summariseIndicator } from '../../src/domain/indicator-summary.ts';

const allCrimeNorfolk: IndicatorDefinition = { polarity: 'LOWER_IS_BETTER', frequency: 'QUARTERLY', cumulative: true };
const allCrimeTargets = [
  { period: '2009/10', value: 51_315 },
  { period: '2010/11', value: 48_749 },
];
const ni21: IndicatorDefinition = { polarity: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', cumulative: false };
const ni21Targets = [
  { period: '2009/10', value: 31.2 },
  { period: '2010/11', value: 35.2 },
];
const ni30: IndicatorDefinition = { polarity: 'LOWER_IS_BETTER', frequency: 'QUARTERLY', cumulative: false };
const ni30Targets = [{ period: '2010/11', value: null }];

describe('Norfolk all crime, quarterly and year to date: 55,686 baseline to at most 48,749', () => {
  it('judges each quarter against its share of the year: 12,187.25 after Q1, 24,374.5 after Q2, 48,749 at the end', () => {
    const q1 = assessIndicator(allCrimeNorfolk, '2010-Q1', [{ period: '2010-Q1', value: 12_000 }], allCrimeTargets);
    expect(q1.target).toMatchObject({ targetPeriod: '2010/11', recordedValue: 48_749, value: 12_187.25, proRataMonths: 3 });
    expect(q1.rag.status).toBe('GREEN');
    const q2 = (value: number) => assessIndicator(allCrimeNorfolk, '2010-Q2', [{ period: '2010-Q2', value }], allCrimeTargets).rag;
    expect(q2(24_374.5).status).toBe('GREEN');
    expect(q2(25_593.225)).toMatchObject({ status: 'AMBER', amberLimit: 25_593.225 });
    expect(q2(25_594).status).toBe('RED');
    const q4 = (value: number) => assessIndicator(allCrimeNorfolk, '2010-Q4', [{ period: '2010-Q4', value }], allCrimeTargets).rag;
    expect(q4(48_749)).toMatchObject({ status: 'GREEN', target: 48_749 });
    expect(q4(51_186.45).status).toBe('AMBER');
    expect(q4(55_686).status).toBe('RED');
  });

  it('compares each quarter’s own crimes with the quarter before, and the year to date with last year’s', () => {
    const readings = [
      { period: '2009-Q2', value: 26_000 },
      { period: '2010-Q1', value: 12_500 },
      { period: '2010-Q2', value: 24_000 },
    ];
    const q2 = assessIndicator(allCrimeNorfolk, '2010-Q2', readings, allCrimeTargets);
    expect(q2.vsPreviousPeriod).toMatchObject({ current: 11_500, previous: 12_500, direction: 'IMPROVING', arrow: '↓' });
    expect(q2.vsSamePeriodLastYear).toMatchObject({ current: 24_000, previous: 26_000, direction: 'IMPROVING', change: -2_000 });
  });

  it('has no data for a quarter without a reading, target or not, and no target for a year without one', () => {
    expect(assessIndicator(allCrimeNorfolk, '2010-Q3', [{ period: '2010-Q2', value: 24_000 }], allCrimeTargets).rag.status).toBe('NO_DATA');
    expect(assessIndicator(allCrimeNorfolk, '2011-Q1', [], allCrimeTargets).rag.status).toBe('NO_DATA');
    expect(assessIndicator(allCrimeNorfolk, '2011-Q1', [{ period: '2011-Q1', value: 11_000 }], allCrimeTargets)).toMatchObject({ target: null, rag: { status: 'NO_TARGET' } });
  });
});

describe('NI 21, higher is better: 27.2% baseline, 31.2% then 35.2%', () => {
  it('is green at the target, amber down to 33.44%, red below, in 2010/11', () => {
    const status = (value: number) => assessIndicator(ni21, '2010-Q2', [{ period: '2010-Q2', value }], ni21Targets).rag.status;
    expect(status(35.2)).toBe('GREEN');
    expect(status(33.44)).toBe('AMBER');
    expect(status(33.4)).toBe('RED');
  });

  it('reads a fall as worse and a rise as improving', () => {
    const readings = [
      { period: '2009-Q2', value: 30.1 },
      { period: '2010-Q1', value: 34.8 },
      { period: '2010-Q2', value: 33.9 },
    ];
    const q2 = assessIndicator(ni21, '2010-Q2', readings, ni21Targets);
    expect(q2.vsPreviousPeriod).toMatchObject({ direction: 'WORSENING', arrow: '↓', change: -0.9 });
    expect(q2.vsSamePeriodLastYear).toMatchObject({ direction: 'IMPROVING', arrow: '↑', change: 3.8 });
    expect(q2.rag.status).toBe('AMBER');
  });

  it('has no target when the year’s target is to be established, and no data without a reading', () => {
    const tbe = [{ period: '2010/11', value: null }];
    expect(assessIndicator(ni21, '2010-Q1', [{ period: '2010-Q1', value: 36 }], tbe)).toMatchObject({
      target: { recordedValue: null, value: null },
      rag: { status: 'NO_TARGET' },
    });
    expect(assessIndicator(ni21, '2010-Q1', [], tbe).rag.status).toBe('NO_DATA');
  });
});

describe('the latest status of an indicator', () => {
  it('judges the latest quarter with a reading and counts the ended quarters still owed', () => {
    const readings = [
      { period: '2009-Q4', value: 31.9 },
      { period: '2010-Q1', value: 34.8 },
      { period: '2010-Q2', value: 33.9 },
      { period: '2010-06', value: 99 },
    ];
    const summary = summariseIndicator(ni21, readings, ni21Targets, { today: '2011-02-10' });
    expect(summary.latest?.period.label).toBe('2010-Q2');
    expect(summary.latest?.rag.status).toBe('AMBER');
    expect(summary.status).toBe('NO_DATA');
    expect(summary.stale).toBe(true);
    expect(summary.currentPeriod.label).toBe('2010-Q3');
    expect(summary.periodsAwaitingReading).toBe(1);
    expect(summary.series.slice(-3)).toEqual([31.9, 34.8, 33.9]);
    expect(summary.series).toHaveLength(12);
    expect(summary.series[0]).toBeNull();
  });

  it('draws a year-to-date indicator’s trend line from each quarter’s own amount', () => {
    const readings = [
      { period: '2009-Q3', value: 38_000 },
      { period: '2009-Q4', value: 50_000 },
      { period: '2010-Q1', value: 12_000 },
      { period: '2010-Q2', value: 24_500 },
    ];
    const summary = summariseIndicator(allCrimeNorfolk, readings, allCrimeTargets, { today: '2010-10-05', seriesLength: 4 });
    expect(summary.series).toEqual([null, 12_000, 12_000, 12_500]);
    expect(summary.status).toBe('AMBER');
    expect(summary.periodsAwaitingReading).toBe(0);
  });

  it('has no data without readings and no target when it is to be established', () => {
    expect(summariseIndicator(ni30, [], ni30Targets, { today: '2010-10-05' })).toMatchObject({ latest: null, status: 'NO_DATA', stale: false, series: [], periodsAwaitingReading: 0 });
    expect(summariseIndicator(ni30, [{ period: '2010-Q2', value: 335 }], ni30Targets, { today: '2010-10-05' }).status).toBe('NO_TARGET');
  });
});
