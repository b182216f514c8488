import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  type IndicatorDefinition,
  assessIndicator,
  assessRag,
  proRataTarget,
  targetForPeriod,
  trendBetween,
} from '../../src/domain/indicator-status.ts';
import { parsePeriod } from '../../src/domain/periods.ts';

describe('RAG: Norfolk all crime, target at most 48,749 (12.5% below the 55,686 baseline)', () => {
  const rag = (value: number | null) => assessRag({ value, target: 48_749, polarity: 'LOWER_IS_BETTER' });

  it('is green at or below the target', () => {
    expect(rag(48_749).status).toBe('GREEN');
    expect(rag(45_000).status).toBe('GREEN');
  });

  it('is amber up to 5% over (51,186.45) and red beyond', () => {
    expect(rag(50_000).status).toBe('AMBER');
    expect(rag(51_186.45)).toMatchObject({ status: 'AMBER', amberLimit: 51_186.45, difference: 2_437.45, differencePct: 5 });
    expect(rag(51_186.46).status).toBe('RED');
    expect(rag(52_000).status).toBe('RED');
  });

  it('is NO_DATA without a reading, whether or not there is a target', () => {
    expect(rag(null).status).toBe('NO_DATA');
    expect(assessRag({ value: null, target: null, polarity: 'LOWER_IS_BETTER' }).status).toBe('NO_DATA');
    expect(assessRag({ value: Number.NaN, target: 48_749, polarity: 'LOWER_IS_BETTER' }).status).toBe('NO_DATA');
  });

  it('is NO_TARGET when the target is to be established', () => {
    expect(assessRag({ value: 335, target: null, polarity: 'LOWER_IS_BETTER' })).toMatchObject({ status: 'NO_TARGET', value: 335, amberLimit: null });
  });

  it('takes a configurable tolerance', () => {
    expect(assessRag({ value: 52_000, target: 48_749, polarity: 'LOWER_IS_BETTER', amberTolerancePct: 10 }).status).toBe('AMBER');
    expect(assessRag({ value: 48_750, target: 48_749, polarity: 'LOWER_IS_BETTER', amberTolerancePct: 0 }).status).toBe('RED');
    expect(() => assessRag({ value: 1, target: 1, polarity: 'LOWER_IS_BETTER', amberTolerancePct: -1 })).toThrow(ValidationError);
  });
});

describe('RAG: NI 21 perception measure, higher is better, target 35.2%', () => {
  const rag = (value: number) => assessRag({ value, target: 35.2, polarity: 'HIGHER_IS_BETTER' });

  it('is green at or above 35.2, amber down to 33.44, red below', () => {
    expect(rag(36).status).toBe('GREEN');
    expect(rag(35.2).status).toBe('GREEN');
    expect(rag(34).status).toBe('AMBER');
    expect(rag(33.44)).toMatchObject({ status: 'AMBER', amberLimit: 33.44 });
    expect(rag(33.43).status).toBe('RED');
    expect(rag(30).status).toBe('RED');
  });
});

describe('targets for a reading period', () => {
  const norwich = [
    { period: '2009/10', value: 16_338 },
    { period: '2010/11', value: 15_427 },
  ];

  it('uses the financial-year target as it stands for a non-cumulative indicator', () => {
    expect(targetForPeriod(parsePeriod('2010-09'), norwich, false)).toEqual({
      targetPeriod: '2010/11',
      recordedValue: 15_427,
      value: 15_427,
      proRataMonths: null,
    });
  });

  it('pro-rates the annual target for a cumulative indicator by months of the financial year', () => {
    expect(targetForPeriod(parsePeriod('2010-09'), norwich, true)).toMatchObject({ targetPeriod: '2010/11', value: 7_713.5, proRataMonths: 6 });
    expect(targetForPeriod(parsePeriod('2010-04'), norwich, true)?.value).toBeCloseTo(15_427 / 12, 6);
    expect(targetForPeriod(parsePeriod('2011-01'), norwich, true)).toMatchObject({ targetPeriod: '2010/11', proRataMonths: 10 });
    expect(targetForPeriod(parsePeriod('2010-Q2'), norwich, true)?.value).toBe(7_713.5);
    expect(targetForPeriod(parsePeriod('2010-Q4'), norwich, true)).toMatchObject({ value: 15_427, proRataMonths: 12 });
    expect(targetForPeriod(parsePeriod('2010/11'), norwich, true)).toMatchObject({ value: 15_427, proRataMonths: null });
    expect(proRataTarget(48_749, parsePeriod('2010-09'))).toBe(24_374.5);
  });

  it('prefers a target set for exactly that period', () => {
    const targets = [...norwich, { period: '2010-Q2', value: 3_900 }];
    expect(targetForPeriod(parsePeriod('2010-Q2'), targets, true)).toEqual({ targetPeriod: '2010-Q2', recordedValue: 3_900, value: 3_900, proRataMonths: null });
  });

  it('reports a target to be established, and nothing when no target covers the period', () => {
    expect(targetForPeriod(parsePeriod('2010-06'), [{ period: '2010/11', value: null }], true)).toEqual({
      targetPeriod: '2010/11',
      recordedValue: null,
      value: null,
      proRataMonths: null,
    });
    expect(targetForPeriod(parsePeriod('2011-06'), norwich, false)).toBeNull();
  });
});

describe('trend', () => {
  it('reads direction from polarity and the arrow from the movement', () => {
    expect(trendBetween(16_338, 17_890, 'LOWER_IS_BETTER', '2008/09')).toEqual({
      direction: 'IMPROVING',
      arrow: '↓',
      comparedWith: '2008/09',
      current: 16_338,
      previous: 17_890,
      change: -1_552,
      changePct: -8.6752375629,
    });
    expect(trendBetween(18_000, 17_890, 'LOWER_IS_BETTER', 'x')).toMatchObject({ direction: 'WORSENING', arrow: '↑', change: 110 });
    expect(trendBetween(36, 34, 'HIGHER_IS_BETTER', 'x')).toMatchObject({ direction: 'IMPROVING', arrow: '↑', change: 2 });
    expect(trendBetween(30, 34, 'HIGHER_IS_BETTER', 'x')).toMatchObject({ direction: 'WORSENING', arrow: '↓' });
    expect(trendBetween(34, 34, 'HIGHER_IS_BETTER', 'x')).toMatchObject({ direction: 'STABLE', arrow: '→', change: 0, changePct: 0 });
  });

  it('can treat a small change as stable', () => {
    expect(trendBetween(100.5, 100, 'LOWER_IS_BETTER', 'x', { stableWithinPct: 1 })).toMatchObject({ direction: 'STABLE', arrow: '→', change: 0.5 });
    expect(trendBetween(102, 100, 'LOWER_IS_BETTER', 'x', { stableWithinPct: 1 })).toMatchObject({ direction: 'WORSENING', arrow: '↑' });
  });

  it('has no comparison when either figure is missing, and no percentage from zero', () => {
    expect(trendBetween(5, null, 'LOWER_IS_BETTER', 'x')).toMatchObject({ direction: 'NO_COMPARISON', arrow: null, current: 5, change: null });
    expect(trendBetween(5, 0, 'LOWER_IS_BETTER', 'x')).toMatchObject({ direction: 'WORSENING', change: 5, changePct: null });
  });
});

describe('assessIndicator', () => {
  it('Norwich city all crime across the years: 17,890 → 16,338 → 15,427', () => {
    const definition: IndicatorDefinition = { polarity: 'LOWER_IS_BETTER', frequency: 'ANNUAL', cumulative: false };
    const targets = [
      { period: '2009/10', value: 16_338 },
      { period: '2010/11', value: 15_427 },
    ];
    const readings = [
      { period: '2008/09', value: 17_890 },
      { period: '2009/10', value: 16_338 },
      { period: '2010/11', value: 15_427 },
    ];
    const year1 = assessIndicator(definition, '2009/10', readings, targets);
    expect(year1.rag.status).toBe('GREEN');
    expect(year1.vsPreviousPeriod).toMatchObject({ direction: 'IMPROVING', arrow: '↓', change: -1_552, comparedWith: '2008/09' });
    const year2 = assessIndicator(definition, '2010/11', readings, targets);
    expect(year2.rag).toMatchObject({ status: 'GREEN', target: 15_427 });
    expect(year2.vsSamePeriodLastYear).toMatchObject({ direction: 'IMPROVING', change: -911 });
    const missed = (value: number) => assessIndicator(definition, '2010/11', [...readings.slice(0, 2), { period: '2010/11', value }], targets).rag.status;
    expect(missed(15_900)).toBe('AMBER');
    expect(missed(16_198.35)).toBe('AMBER');
    expect(missed(16_338)).toBe('RED');
  });

  it('judges a cumulative year-to-date count pro rata and compares each month’s own amount', () => {
    const definition: IndicatorDefinition = { polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', cumulative: true };
    const targets = [{ period: '2010/11', value: 48_749 }];
    const readings = [
      { period: '2009-09', value: 25_000 },
      { period: '2010-07', value: 8_200 },
      { period: '2010-08', value: 16_000 },
      { period: '2010-09', value: 24_000 },
    ];
    const september = assessIndicator(definition, '2010-09', readings, targets);
    expect(september.target).toMatchObject({ value: 24_374.5, proRataMonths: 6 });
    expect(september.rag.status).toBe('GREEN');
    expect(september.vsPreviousPeriod).toMatchObject({ direction: 'WORSENING', arrow: '↑', current: 8_000, previous: 7_800, comparedWith: '2010-08' });
    expect(september.vsSamePeriodLastYear).toMatchObject({ direction: 'IMPROVING', current: 24_000, previous: 25_000, comparedWith: '2009-09' });
    const status = (value: number) => assessIndicator(definition, '2010-09', [{ period: '2010-09', value }], targets).rag.status;
    expect(status(25_500)).toBe('AMBER');
    expect(status(26_000)).toBe('RED');
  });

  it('starts each financial year afresh for a cumulative indicator', () => {
    const definition: IndicatorDefinition = { polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', cumulative: true };
    const april = assessIndicator(definition, '2010-04', [{ period: '2010-03', value: 50_000 }, { period: '2010-04', value: 4_100 }, { period: '2010-02', value: 46_000 }], []);
    expect(april.vsPreviousPeriod).toMatchObject({ current: 4_100, previous: 4_000, direction: 'WORSENING' });
    expect(april.rag.status).toBe('NO_TARGET');
  });

  it('judges a monthly percentage against the annual target as it stands', () => {
    const definition: IndicatorDefinition = { polarity: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', cumulative: false, amberTolerancePct: null };
    const result = assessIndicator(definition, '2010-06', [{ period: '2010-05', value: 33 }, { period: '2010-06', value: 34 }], [{ period: '2010/11', value: 35.2 }]);
    expect(result.rag.status).toBe('AMBER');
    expect(result.vsPreviousPeriod).toMatchObject({ direction: 'IMPROVING', arrow: '↑' });
    expect(result.vsSamePeriodLastYear.direction).toBe('NO_COMPARISON');
  });

  it('says NO_DATA when the period has no reading', () => {
    const definition: IndicatorDefinition = { polarity: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', cumulative: false };
    const result = assessIndicator(definition, '2010-Q3', [{ period: '2010-Q2', value: 34 }], [{ period: '2010/11', value: 35.2 }]);
    expect(result.value).toBeNull();
    expect(result.rag.status).toBe('NO_DATA');
    expect(result.vsPreviousPeriod).toMatchObject({ direction: 'NO_COMPARISON', previous: 34 });
  });

  it('refuses a period that does not match the indicator’s frequency', () => {
    const definition: IndicatorDefinition = { polarity: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', cumulative: false };
    expect(() => assessIndicator(definition, '2010-06', [], [])).toThrow(ValidationError);
  });
});
