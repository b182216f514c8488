import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { addLocalDays, assertTimeZone, fromLocal, instantsAt, isValidTimeZone, toZoned, utcOffsetMs } from '../../src/domain/time-zone.ts';

const LONDON = 'Europe/London';
const iso = (date: Date) => date.toISOString();

describe('wall-clock time in a zone', () => {
  it('reads local time on both sides of the clock changes', () => {
    expect(toZoned(new Date('2026-07-01T08:00:00Z'), LONDON)).toMatchObject({ hour: 9, minute: 0, weekday: 3 });
    expect(toZoned(new Date('2026-12-01T08:00:00Z'), LONDON)).toMatchObject({ hour: 8 });
    expect(toZoned(new Date('2026-06-28T23:30:00Z'), LONDON)).toMatchObject({ year: 2026, month: 6, day: 29, hour: 0, minute: 30, weekday: 1 });
    expect(utcOffsetMs(new Date('2026-07-01T00:00:00Z'), LONDON)).toBe(3_600_000);
    expect(utcOffsetMs(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('finds one instant normally, none in the spring gap and two in the autumn overlap', () => {
    expect(instantsAt({ year: 2026, month: 3, day: 29, hour: 0, minute: 30 }, LONDON).map(iso)).toEqual(['2026-03-29T00:30:00.000Z']);
    expect(instantsAt({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, LONDON)).toEqual([]);
    expect(instantsAt({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, LONDON).map(iso)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
  });

  it('resolves gaps and overlaps as asked', () => {
    const gap = { year: 2026, month: 3, day: 29, hour: 1, minute: 30 };
    expect(iso(fromLocal(gap, LONDON))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromLocal(gap, LONDON, 'earlier'))).toBe('2026-03-29T00:30:00.000Z');
    expect(() => fromLocal(gap, LONDON, 'reject')).toThrow(/does not exist in Europe\/London/);
    const overlap = { year: 2026, month: 10, day: 25, hour: 1, minute: 30 };
    expect(iso(fromLocal(overlap, LONDON))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromLocal(overlap, LONDON, 'later'))).toBe('2026-10-25T01:30:00.000Z');
    expect(() => fromLocal(overlap, LONDON, 'reject')).toThrow(ValidationError);
  });

  it('keeps the local time when adding days across a clock change', () => {
    expect(iso(addLocalDays(new Date('2026-10-24T08:00:00Z'), 2, LONDON))).toBe('2026-10-26T09:00:00.000Z');
    expect(iso(addLocalDays(new Date('2026-03-28T09:00:00Z'), 2, LONDON))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Europe/Norwich')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(assertTimeZone('Europe/Belfast')).toBe('Europe/Belfast');
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(ValidationError);
  });
});
