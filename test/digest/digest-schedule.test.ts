import { describe, expect, it } from 'vitest';
import { parseDigestCron } from '../../src/domain/cron.ts';
import {
  adHocDigestWindow,
  digestPeriodKey,
  digestScheduleOf,
  firesAtMostWeekly,
  isLateRun,
  latestDigestSlot,
  nextDigestTime,
} from '../../src/domain/digest-schedule.ts';
import { ValidationError } from '../../src/domain/errors.ts';

const LONDON = 'Europe/London';
const monday = digestScheduleOf(null, '0 9 * * 1');

describe('digest schedule of a group', () => {
  it('is the group\'s own cron, else the partnership\'s, else Monday 09:00', () => {
    expect(digestScheduleOf('30 16 * * fri', '0 9 * * 1').expression).toBe('30 16 * * fri');
    expect(digestScheduleOf('  ', '0 8 * * 2').expression).toBe('0 8 * * 2');
    expect(digestScheduleOf(null, null).expression).toBe('0 9 * * 1');
  });

  it('refuses a bad expression with a message naming it and the reason', () => {
    expect(() => digestScheduleOf('0 25 * * 1')).toThrow('digest schedule "0 25 * * 1" is not a valid cron expression: hour 25 is out of range (0–23)');
    expect(() => digestScheduleOf('every monday')).toThrow(ValidationError);
  });
});

describe('the digest due at a moment, across the October clock change', () => {
  it('is 09:00 London time on both sides: 08:00 UTC in summer time, 09:00 UTC after', () => {
    expect(latestDigestSlot(monday, new Date('2026-10-19T07:59:59Z'), LONDON)?.scheduledAt).toEqual(new Date('2026-10-12T08:00:00Z'));
    expect(latestDigestSlot(monday, new Date('2026-10-19T08:00:00Z'), LONDON)).toEqual({
      scheduledAt: new Date('2026-10-19T08:00:00Z'),
      periodKey: '2026-W43',
      coversFrom: new Date('2026-10-12T08:00:00Z'),
    });
    expect(latestDigestSlot(monday, new Date('2026-10-26T08:30:00Z'), LONDON)?.periodKey).toBe('2026-W43');
    expect(latestDigestSlot(monday, new Date('2026-10-26T09:00:00Z'), LONDON)).toEqual({
      scheduledAt: new Date('2026-10-26T09:00:00Z'),
      periodKey: '2026-W44',
      coversFrom: new Date('2026-10-19T08:00:00Z'),
    });
    expect(nextDigestTime(monday, new Date('2026-10-19T08:00:00Z'), LONDON)).toEqual(new Date('2026-10-26T09:00:00Z'));
  });

  it('keeps the same week for the whole week, whenever the wake comes', () => {
    for (const at of ['2026-10-26T09:00:00Z', '2026-10-28T12:00:00Z', '2026-11-01T23:59:00Z', '2026-11-02T08:59:00Z']) {
      expect(latestDigestSlot(monday, new Date(at), LONDON)?.periodKey).toBe('2026-W44');
    }
  });

  it('keys a schedule that fires more than once a week by the local minute', () => {
    const weekdays = parseDigestCron('0 9 * * 1-5');
    expect(firesAtMostWeekly(weekdays)).toBe(false);
    expect(firesAtMostWeekly(parseDigestCron('0 9 1 * *'))).toBe(true);
    expect(digestPeriodKey(weekdays, new Date('2026-10-27T09:00:00Z'), LONDON)).toBe('2026-10-27T09:00');
    expect(latestDigestSlot(weekdays, new Date('2026-10-27T10:00:00Z'), LONDON)?.coversFrom).toEqual(new Date('2026-10-26T09:00:00Z'));
  });

  it('covers at most five weeks, and a digest asked for now covers as long as a scheduled one', () => {
    const yearly = parseDigestCron('0 9 1 4 *');
    const slot = latestDigestSlot(yearly, new Date('2026-10-26T09:00:00Z'), LONDON);
    expect(slot?.scheduledAt).toEqual(new Date('2026-04-01T08:00:00Z'));
    expect(slot?.coversFrom).toEqual(new Date('2026-02-25T08:00:00Z'));
    const now = new Date('2026-10-28T15:00:00Z');
    expect(adHocDigestWindow(monday, now, LONDON)).toEqual({ from: new Date(now.getTime() - 7 * 86_400_000 - 3_600_000), to: now });
  });

  it('counts a run as late once the grace time has passed', () => {
    const scheduled = new Date('2026-10-26T09:00:00Z');
    expect(isLateRun(scheduled, new Date('2026-10-26T09:15:00Z'), 15 * 60_000)).toBe(false);
    expect(isLateRun(scheduled, new Date('2026-10-26T09:15:01Z'), 15 * 60_000)).toBe(true);
  });
});
