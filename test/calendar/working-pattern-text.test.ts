import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { describeHours, describeWorkingDays, parseDay, parseTimeZone, parseWorkingDays, parseWorkingHours } from '../../src/domain/working-pattern-text.ts';

describe('reading a working pattern as people type it', () => {
  it('reads hours as 09:00-15:00, 9-15 or 9 to 15', () => {
    expect(parseWorkingHours('09:00-15:00')).toEqual({ startHour: 9, endHour: 15 });
    expect(parseWorkingHours('9-15')).toEqual({ startHour: 9, endHour: 15 });
    expect(parseWorkingHours('9 to 15')).toEqual({ startHour: 9, endHour: 15 });
    expect(parseWorkingHours('08:00–24:00')).toEqual({ startHour: 8, endHour: 24 });
  });

  it('refuses half hours, backwards spans and nonsense, saying how to write them', () => {
    expect(() => parseWorkingHours('09:30-15:00')).toThrow('hours must start and end on the hour');
    expect(() => parseWorkingHours('15:00-09:00')).toThrow('does not run from one hour of the day to a later one');
    expect(() => parseWorkingHours('mornings')).toThrow('e.g. 09:00-15:00');
    expect(() => parseWorkingHours('mornings')).toThrow(ValidationError);
  });

  it('reads days as lists, runs and weekdays', () => {
    expect(parseWorkingDays('mon,tue,wed')).toEqual([1, 2, 3]);
    expect(parseWorkingDays('Wednesday, monday')).toEqual([1, 3]);
    expect(parseWorkingDays('mon-wed fri')).toEqual([1, 2, 3, 5]);
    expect(parseWorkingDays('weekdays')).toEqual([1, 2, 3, 4, 5]);
    expect(() => parseWorkingDays('mon,funday')).toThrow('"funday" is not a day or a run of days');
    expect(() => parseWorkingDays('fri-mon')).toThrow('is not a day or a run of days');
  });

  it('accepts IANA zones only', () => {
    expect(parseTimeZone('Europe/Dublin')).toBe('Europe/Dublin');
    expect(() => parseTimeZone('GMT+1')).toThrow('Use the IANA name');
    expect(() => parseTimeZone('Europe/Atlantis')).toThrow('Use the IANA name');
  });

  it('reads dates in ISO or British order, and refuses days that do not exist', () => {
    expect(parseDay('2026-12-29')).toEqual({ year: 2026, month: 12, day: 29 });
    expect(parseDay('29/12/2026')).toEqual({ year: 2026, month: 12, day: 29 });
    expect(() => parseDay('2027-02-29')).toThrow('Write it as 2026-12-29 or 29/12/2026');
    expect(() => parseDay('12/29/2026')).toThrow('is not a date');
  });

  it('describes a pattern back', () => {
    expect(describeWorkingDays([1, 2, 3])).toBe('Mon–Wed');
    expect(describeWorkingDays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(describeHours(9, 15)).toBe('09:00–15:00');
  });
});
