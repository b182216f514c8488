import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  comparePeriods,
  describePeriod,
  financialYearOf,
  lastCompletePeriod,
  nextPeriod,
  parsePeriod,
  periodContaining,
  periodContains,
  periodKindForFrequency,
  previousPeriod,
  samePeriodLastYear,
  tryParsePeriod,
} from '../../src/domain/periods.ts';

describe('period labels', () => {
  it('reads a month', () => {
    expect(parsePeriod('2010-04')).toEqual({
      kind: 'MONTH',
      label: '2010-04',
      financialYearStart: 2010,
      start: '2010-04-01',
      end: '2010-04-30',
      monthsIntoFinancialYear: 1,
    });
    expect(parsePeriod('2012-02')).toMatchObject({ end: '2012-02-29', financialYearStart: 2011, monthsIntoFinancialYear: 11 });
  });

  it('reads financial quarters: Q1 is April to June, Q4 is January to March of the next calendar year', () => {
    expect(parsePeriod('2010-Q1')).toMatchObject({ kind: 'QUARTER', start: '2010-04-01', end: '2010-06-30', monthsIntoFinancialYear: 3 });
    expect(parsePeriod('2010-Q3')).toMatchObject({ start: '2010-10-01', end: '2010-12-31', monthsIntoFinancialYear: 9 });
    expect(parsePeriod('2010-Q4')).toMatchObject({ start: '2011-01-01', end: '2011-03-31', financialYearStart: 2010, monthsIntoFinancialYear: 12 });
  });

  it('reads a financial year, including the turn of the century', () => {
    expect(parsePeriod('2010/11')).toMatchObject({ kind: 'FINANCIAL_YEAR', start: '2010-04-01', end: '2011-03-31', monthsIntoFinancialYear: 12 });
    expect(parsePeriod('1999/00')).toMatchObject({ start: '1999-04-01', end: '2000-03-31' });
    expect(parsePeriod(' 2010/11 ').label).toBe('2010/11');
  });

  it('refuses anything else with a helpful message', () => {
    for (const bad of ['2010/12', '2010-13', '2010-00', '2010-Q5', 'Q1 2010', '2010', '']) {
      expect(tryParsePeriod(bad)).toBeNull();
      expect(() => parsePeriod(bad)).toThrow(ValidationError);
    }
    expect(() => parsePeriod('2010/12')).toThrow(/financial quarter like 2010-Q1 \(April to June 2010\)/);
  });

  it('maps reading frequencies to period kinds', () => {
    expect(periodKindForFrequency('MONTHLY')).toBe('MONTH');
    expect(periodKindForFrequency('QUARTERLY')).toBe('QUARTER');
    expect(periodKindForFrequency('ANNUAL')).toBe('FINANCIAL_YEAR');
  });
});

describe('moving between periods', () => {
  it('steps back and forward across the financial-year boundary', () => {
    expect(previousPeriod(parsePeriod('2011-04')).label).toBe('2011-03');
    expect(nextPeriod(parsePeriod('2010-12')).label).toBe('2011-01');
    expect(previousPeriod(parsePeriod('2011-Q1')).label).toBe('2010-Q4');
    expect(nextPeriod(parsePeriod('2010-Q4')).label).toBe('2011-Q1');
    expect(previousPeriod(parsePeriod('2010/11')).label).toBe('2009/10');
  });

  it('finds the same period last year', () => {
    expect(samePeriodLastYear(parsePeriod('2010-02')).label).toBe('2009-02');
    expect(samePeriodLastYear(parsePeriod('2010-Q4')).label).toBe('2009-Q4');
    expect(samePeriodLastYear(parsePeriod('2010/11')).label).toBe('2009/10');
  });

  it('maps a reading period to the financial year its target is set for', () => {
    expect(financialYearOf(parsePeriod('2011-02')).label).toBe('2010/11');
    expect(financialYearOf(parsePeriod('2011-04')).label).toBe('2011/12');
    expect(financialYearOf(parsePeriod('2010-Q4')).label).toBe('2010/11');
    expect(periodContains(parsePeriod('2010/11'), parsePeriod('2011-03'))).toBe(true);
    expect(periodContains(parsePeriod('2010/11'), parsePeriod('2011-04'))).toBe(false);
  });

  it('finds the period containing a day and the last complete one', () => {
    expect(periodContaining('2011-03-31', 'QUARTER').label).toBe('2010-Q4');
    expect(periodContaining('2011-04-01', 'QUARTER').label).toBe('2011-Q1');
    expect(periodContaining({ year: 2026, month: 11, day: 23 }, 'FINANCIAL_YEAR').label).toBe('2026/27');
    expect(lastCompletePeriod('2026-11-23', 'MONTH').label).toBe('2026-10');
    expect(lastCompletePeriod('2026-11-23', 'QUARTER').label).toBe('2026-Q2');
    expect(lastCompletePeriod('2026-11-23', 'FINANCIAL_YEAR').label).toBe('2025/26');
    expect(lastCompletePeriod('2026-04-01', 'MONTH').label).toBe('2026-03');
  });

  it('sorts periods chronologically', () => {
    const sorted = ['2011-01', '2010/11', '2010-Q4', '2010-04', '2010-Q1'].map(parsePeriod).sort(comparePeriods).map((p) => p.label);
    expect(sorted).toEqual(['2010-04', '2010-Q1', '2010/11', '2011-01', '2010-Q4']);
  });
});

describe('describePeriod', () => {
  it('names periods for people', () => {
    expect(describePeriod(parsePeriod('2010-04'))).toBe('April 2010');
    expect(describePeriod(parsePeriod('2010-Q1'))).toBe('Q1 2010/11 (Apr–Jun 2010)');
    expect(describePeriod(parsePeriod('2010-Q4'))).toBe('Q4 2010/11 (Jan–Mar 2011)');
    expect(describePeriod(parsePeriod('2010/11'))).toBe('2010/11 (April 2010 to March 2011)');
  });
});
