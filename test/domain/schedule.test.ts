import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  cadencePeriodKey,
  instantInWeek,
  isWithinWorkingHours,
  nextAllowedSendTime,
  nextUpdateDue,
  snoozeUntil,
  weekKeyAt,
} from '../../src/domain/schedule.ts';

const LONDON = 'Europe/London';
const at = (text: string) => new Date(text);
const iso = (date: Date) => date.toISOString();

describe('weekly digests: Monday 09:00 local', () => {
  it('is right on both sides of the October change (Sunday 25 October 2026, BST → GMT)', () => {
    expect(iso(instantInWeek('2026-W43', LONDON))).toBe('2026-10-19T08:00:00.000Z');
    expect(iso(instantInWeek('2026-W44', LONDON))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('is right on both sides of the March change (Sunday 29 March 2026, GMT → BST)', () => {
    expect(iso(instantInWeek('2026-W13', LONDON))).toBe('2026-03-23T09:00:00.000Z');
    expect(iso(instantInWeek('2026-W14', LONDON))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('takes another day and time of the week', () => {
    expect(iso(instantInWeek('2026-W48', LONDON, { weekday: 5, hour: 16, minute: 30 }))).toBe('2026-11-27T16:30:00.000Z');
  });

  it('keys the week on the local calendar, not UTC', () => {
    expect(weekKeyAt(at('2026-11-23T10:00:00Z'), LONDON)).toBe('2026-W48');
    expect(weekKeyAt(at('2026-06-28T23:30:00Z'), LONDON)).toBe('2026-W27');
    expect(weekKeyAt(at('2026-06-28T23:30:00Z'), 'UTC')).toBe('2026-W26');
    expect(weekKeyAt(at('2027-01-03T12:00:00Z'), LONDON)).toBe('2026-W53');
  });
});

describe('working hours: weekdays 08:00 to 18:00 local', () => {
  it('allows the working day and nothing outside it', () => {
    expect(isWithinWorkingHours(at('2026-11-23T07:59:59Z'), LONDON)).toBe(false);
    expect(isWithinWorkingHours(at('2026-11-23T08:00:00Z'), LONDON)).toBe(true);
    expect(isWithinWorkingHours(at('2026-11-23T17:59:59Z'), LONDON)).toBe(true);
    expect(isWithinWorkingHours(at('2026-11-23T18:00:00Z'), LONDON)).toBe(false);
    expect(isWithinWorkingHours(at('2026-11-28T10:00:00Z'), LONDON)).toBe(false);
    expect(isWithinWorkingHours(at('2026-11-29T10:00:00Z'), LONDON)).toBe(false);
  });

  it('uses local summer time', () => {
    expect(isWithinWorkingHours(at('2026-07-01T07:30:00Z'), LONDON)).toBe(true);
    expect(isWithinWorkingHours(at('2026-07-01T17:30:00Z'), LONDON)).toBe(false);
  });

  it('defers evening and weekend reminders to the next working morning', () => {
    expect(iso(nextAllowedSendTime(at('2026-11-27T18:30:00Z'), LONDON))).toBe('2026-11-30T08:00:00.000Z');
    expect(iso(nextAllowedSendTime(at('2026-11-28T12:00:00Z'), LONDON))).toBe('2026-11-30T08:00:00.000Z');
    expect(iso(nextAllowedSendTime(at('2026-11-29T23:59:00Z'), LONDON))).toBe('2026-11-30T08:00:00.000Z');
    expect(iso(nextAllowedSendTime(at('2026-11-24T19:00:00Z'), LONDON))).toBe('2026-11-25T08:00:00.000Z');
    expect(iso(nextAllowedSendTime(at('2026-11-24T05:00:00Z'), LONDON))).toBe('2026-11-24T08:00:00.000Z');
  });

  it('sends at once within working hours', () => {
    const now = at('2026-11-24T10:15:00Z');
    expect(nextAllowedSendTime(now, LONDON)).toBe(now);
  });

  it('lands on 08:00 local across the clock changes', () => {
    expect(iso(nextAllowedSendTime(at('2026-10-24T09:00:00Z'), LONDON))).toBe('2026-10-26T08:00:00.000Z');
    expect(iso(nextAllowedSendTime(at('2026-03-28T10:00:00Z'), LONDON))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('skips listed days off such as bank holidays', () => {
    const hours = { startHour: 8, endHour: 18, nonWorkingDates: ['2026-12-25', '2026-12-28'] };
    expect(isWithinWorkingHours(at('2026-12-25T10:00:00Z'), LONDON, hours)).toBe(false);
    expect(iso(nextAllowedSendTime(at('2026-12-24T18:00:00Z'), LONDON, hours))).toBe('2026-12-29T08:00:00.000Z');
  });

  it('refuses working hours that make no sense', () => {
    expect(() => isWithinWorkingHours(at('2026-11-24T10:00:00Z'), LONDON, { startHour: 18, endHour: 8 })).toThrow(ValidationError);
  });
});

describe('snooze', () => {
  it('for a day: the same time tomorrow, or the next working morning', () => {
    expect(iso(snoozeUntil(at('2026-11-24T10:00:00Z'), 'DAY', LONDON))).toBe('2026-11-25T10:00:00.000Z');
    expect(iso(snoozeUntil(at('2026-11-27T10:00:00Z'), 'DAY', LONDON))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('for a week: the same local time a week later, across a clock change', () => {
    expect(iso(snoozeUntil(at('2026-11-24T10:00:00Z'), 'WEEK', LONDON))).toBe('2026-12-01T10:00:00.000Z');
    expect(iso(snoozeUntil(at('2026-10-20T09:00:00Z'), 'WEEK', LONDON))).toBe('2026-10-27T10:00:00.000Z');
  });
});

describe('update cadence', () => {
  it('makes the next update due one cadence after the last, at the same local time', () => {
    expect(nextUpdateDue(at('2026-11-24T14:00:00Z'), 'WEEKLY', LONDON)).toEqual({
      dueAt: at('2026-12-01T14:00:00Z'),
      dueOn: '2026-12-01',
      periodKey: '2026-W49',
    });
    expect(nextUpdateDue(at('2026-11-24T14:00:00Z'), 'FORTNIGHTLY', LONDON).dueOn).toBe('2026-12-08');
    expect(nextUpdateDue(at('2026-10-20T13:00:00Z'), 'WEEKLY', LONDON).dueAt).toEqual(at('2026-10-27T14:00:00Z'));
  });

  it('counts calendar months, clamped to the end of a shorter month', () => {
    expect(nextUpdateDue(at('2026-01-31T10:00:00Z'), 'MONTHLY', LONDON)).toEqual({
      dueAt: at('2026-02-28T10:00:00Z'),
      dueOn: '2026-02-28',
      periodKey: '2026-02',
    });
    expect(nextUpdateDue(at('2026-11-30T10:00:00Z'), 'QUARTERLY', LONDON)).toMatchObject({ dueOn: '2027-02-28', periodKey: '2026-Q4' });
  });

  it('uses the local date: 00:30 BST on 1 July is still July', () => {
    expect(nextUpdateDue(at('2026-06-30T23:30:00Z'), 'MONTHLY', LONDON).dueOn).toBe('2026-08-01');
  });
});

describe('cadencePeriodKey', () => {
  it('names one period per cadence', () => {
    const now = at('2026-11-24T10:00:00Z');
    expect(cadencePeriodKey(now, 'WEEKLY', LONDON)).toBe('2026-W48');
    expect(cadencePeriodKey(now, 'MONTHLY', LONDON)).toBe('2026-11');
    expect(cadencePeriodKey(now, 'QUARTERLY', LONDON)).toBe('2026-Q3');
    expect(cadencePeriodKey(at('2027-02-01T10:00:00Z'), 'QUARTERLY', LONDON)).toBe('2026-Q4');
  });

  it('keeps a fortnight key for exactly two weeks, including across New Year', () => {
    const key = (text: string) => cadencePeriodKey(at(text), 'FORTNIGHTLY', LONDON);
    expect(key('2026-11-09T08:00:00Z')).toBe('2026-W46/W47');
    expect(key('2026-11-22T20:00:00Z')).toBe('2026-W46/W47');
    expect(key('2026-11-23T08:00:00Z')).toBe('2026-W48/W49');
    expect(key('2026-07-05T23:30:00Z')).toBe('2026-W28/W29');
    expect(key('2026-12-30T10:00:00Z')).toBe('2026-W52/W53');
    expect(key('2027-01-05T10:00:00Z')).toBe('2027-W01/W02');
    expect(key('2025-12-22T10:00:00Z')).toBe('2025-W52/2026-W01');
    expect(key('2026-01-02T10:00:00Z')).toBe('2025-W52/2026-W01');
  });
});
