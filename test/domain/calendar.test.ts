import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  formatIsoDate,
  isoWeekKey,
  isoWeekday,
  isoWeeksInYear,
  mondayOfIsoWeek,
  parseIsoDate,
  parseIsoWeekKey,
} from '../../src/domain/calendar.ts';
import { ValidationError } from '../../src/domain/errors.ts';

describe('calendar dates', () => {
  it('parses and formats ISO dates, refusing impossible ones', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseIsoDate('2026-02-29')).toThrow(ValidationError);
    expect(() => parseIsoDate('2026-2-1')).toThrow(ValidationError);
    expect(formatIsoDate({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
  });

  it('adds days and months, clamping to shorter months', () => {
    expect(formatIsoDate(addDays({ year: 2026, month: 12, day: 28 }, 7))).toBe('2027-01-04');
    expect(formatIsoDate(addMonths({ year: 2026, month: 1, day: 31 }, 1))).toBe('2026-02-28');
    expect(formatIsoDate(addMonths({ year: 2024, month: 1, day: 31 }, 1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths({ year: 2026, month: 11, day: 30 }, 3))).toBe('2027-02-28');
    expect(formatIsoDate(addMonths({ year: 2026, month: 1, day: 15 }, -2))).toBe('2025-11-15');
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 23 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 11, day: 29 })).toBe(7);
  });
});

describe('ISO weeks', () => {
  it('labels weeks, including those that cross New Year', () => {
    expect(isoWeekKey({ year: 2026, month: 11, day: 23 })).toBe('2026-W48');
    expect(isoWeekKey({ year: 2026, month: 12, day: 31 })).toBe('2026-W53');
    expect(isoWeekKey({ year: 2027, month: 1, day: 3 })).toBe('2026-W53');
    expect(isoWeekKey({ year: 2027, month: 1, day: 4 })).toBe('2027-W01');
    expect(isoWeekKey({ year: 2024, month: 12, day: 30 })).toBe('2025-W01');
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
  });

  it('finds the Monday of a week and refuses weeks that do not exist', () => {
    expect(formatIsoDate(mondayOfIsoWeek(parseIsoWeekKey('2026-W44')))).toBe('2026-10-26');
    expect(formatIsoDate(mondayOfIsoWeek(parseIsoWeekKey('2025-W01')))).toBe('2024-12-30');
    expect(() => parseIsoWeekKey('2027-W53')).toThrow(ValidationError);
    expect(() => parseIsoWeekKey('2026-W00')).toThrow(ValidationError);
    expect(() => parseIsoWeekKey('2026-48')).toThrow(ValidationError);
  });
});
