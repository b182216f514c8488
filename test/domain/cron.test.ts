import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { type CronSchedule, cronMatches, nextCronTime, parseCron, parseDigestCron, previousCronTime } from '../../src/domain/cron.ts';
import { ValidationError } from '../../src/domain/errors.ts';

const LONDON = 'Europe/London';
const at = (text: string) => new Date(text);

function schedule(expression: string): CronSchedule {
  const result = parseCron(expression);
  if (!result.ok) throw new Error(`expected ${expression} to parse: ${result.error}`);
  return result.schedule;
}

const ACCEPTED = [
  '0 9 * * 1',
  '0 9 * * MON',
  '0 9 * * monday',
  '30 8 * * 1-5',
  '*/15 8-17 * * mon-fri',
  '0 9 1-7 * 1',
  '0 9 * jan,apr,jul,oct 1',
  '0 9 1 */3 *',
  '0 9 * * 7',
  '0 9 * * fri-sun',
  '0 9 * * sun-sun',
  '0 9 29 2 *',
  '0 9 31 4,5 *',
  '1-5/2 * * * *',
  '  0   9 * * 1  ',
];

const REFUSED: Array<[string, RegExp]> = [
  ['', /it is empty/],
  ['0 9 * *', /expected 5 fields .* but got 4/],
  ['0 0 9 * * 1', /expected 5 fields .* but got 6/],
  ['@weekly', /macros such as @weekly are not supported/],
  ['0 25 * * 1', /hour 25 is out of range \(0–23\)/],
  ['60 9 * * 1', /minute 60 is out of range \(0–59\)/],
  ['0 9 0 * *', /day of month 0 is out of range \(1–31\)/],
  ['0 9 * 13 *', /month 13 is out of range \(1–12\)/],
  ['0 9 * * 8', /day of week 8 is out of range \(0–7\)/],
  ['0 9 * * funday', /"funday" is not a valid day of week/],
  ['5/10 9 * * *', /a step needs a range or '\*' in minute "5\/10" \(write 5-59\/10\)/],
  ['*/0 9 * * *', /the step in minute "\*\/0" must be at least 1/],
  ['0 9 L * *', /'\?', 'L', 'W' and '#' are not supported/],
  ['0 9 ? * 1', /not supported/],
  ['0 9 * * 1#2', /not supported/],
  ['0 9 31 2 *', /day of month "31" never occurs in month "2"/],
  ['0 9 30 2,4 ', /expected 5 fields .* but got 4/],
  ['0 9 * * 1,', /"1," is not a valid day of week/],
  ['0 17-9 * * *', /the hour range "17-9" runs backwards/],
  ['0 9 * * 1--2', /is not a valid day of week/],
  ['1.5 9 * * *', /not a valid minute/],
];

describe('parseCron', () => {
  it('accepts the usual five-field schedules', () => {
    for (const expression of ACCEPTED) expect(parseCron(expression).ok, expression).toBe(true);
    expect(schedule('*/15 8-17 * * mon-fri')).toMatchObject({ minutes: [0, 15, 30, 45], hours: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17], daysOfWeek: [1, 2, 3, 4, 5] });
    expect(schedule('0 9 * * 7').daysOfWeek).toEqual([0]);
    expect(schedule('0 9 * * fri-sun').daysOfWeek).toEqual([0, 5, 6]);
    expect(schedule('0 9 * * sun-sun').daysOfWeek).toEqual([0]);
    expect(schedule('0 9 1 */3 *').months).toEqual([1, 4, 7, 10]);
    expect(schedule('  0   9 * * 1  ').expression).toBe('0   9 * * 1');
  });

  it('refuses everything else with a reason', () => {
    for (const [expression, reason] of REFUSED) {
      const result = parseCron(expression);
      expect(result.ok, JSON.stringify(expression)).toBe(false);
      if (!result.ok) expect(result.error, JSON.stringify(expression)).toMatch(reason);
    }
  });

  it('throws a ValidationError naming the digest schedule for forms', () => {
    expect(() => parseDigestCron('0 25 * * 1')).toThrow('digest schedule "0 25 * * 1" is not a valid cron expression: hour 25 is out of range (0–23)');
    try {
      parseDigestCron('every monday');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.digestCron).toMatch(/^digest schedule "every monday" is not a valid cron expression: expected 5 fields/);
      expect((error as ValidationError).details).toMatchObject({ expression: 'every monday' });
    }
    expect(parseDigestCron('0 9 * * 1').hours).toEqual([9]);
  });
});

describe('agreement with node-cron, which runs the schedules', () => {
  it('accepts nothing node-cron would refuse', () => {
    const corpus = [...ACCEPTED, ...REFUSED.map(([expression]) => expression), '0 9 31 4 *', '0 9 * * 0-7', '* * * * *'];
    for (const expression of corpus) {
      if (parseCron(expression).ok) expect(cron.validate(expression.trim()), expression).toBe(true);
    }
    expect(parseCron('0 9 31 4 *').ok).toBe(false);
    expect(cron.validate('0 9 31 4 *')).toBe(false);
  });

  it('matches the same minutes, including across both clock changes', async () => {
    const windows = [
      ['2026-03-28T22:00:00Z', 8 * 60],
      ['2026-10-24T22:00:00Z', 8 * 60],
      ['2026-11-23T06:00:00Z', 6 * 60],
    ] as const;
    const expressions = ['0 9 * * 1', '30 1 * * *', '*/20 0-3 * * 0', '15 2 25 10 *', '0 8-10 * * mon-fri', '45 1 29 3 sun'];
    for (const expression of expressions) {
      const task = cron.createTask(expression, () => undefined, { timezone: LONDON });
      try {
        const ours = schedule(expression);
        for (const [start, minutes] of windows) {
          for (let i = 0; i < minutes; i += 1) {
            const instant = new Date(at(start).getTime() + i * 60_000);
            expect(cronMatches(ours, instant, LONDON), `${expression} at ${instant.toISOString()}`).toBe(task.match(instant));
          }
        }
      } finally {
        await task.destroy();
      }
    }
  });
});

describe('previous and next times agree with a minute-by-minute scan by node-cron', () => {
  it('around both clock changes', async () => {
    for (const expression of ['30 1 * * *', '*/20 0-3 * * *', '59 0,2 * * *']) {
      const task = cron.createTask(expression, () => undefined, { timezone: LONDON });
      try {
        const ours = schedule(expression);
        for (const change of ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z']) {
          const from = at(change).getTime() - 2 * 86_400_000;
          const fired: number[] = [];
          for (let ms = from; ms <= from + 4 * 86_400_000; ms += 60_000) if (task.match(new Date(ms))) fired.push(ms);
          for (let offset = -6 * 60; offset < 8 * 60; offset += 11) {
            const now = at(change).getTime() + offset * 60_000 + 17_000;
            const before = fired.filter((ms) => ms <= now).at(-1);
            const after = fired.find((ms) => ms > now);
            expect(previousCronTime(ours, new Date(now), LONDON)?.getTime(), `${expression} before ${new Date(now).toISOString()}`).toBe(before);
            expect(nextCronTime(ours, new Date(now), LONDON)?.getTime(), `${expression} after ${new Date(now).toISOString()}`).toBe(after);
          }
        }
      } finally {
        await task.destroy();
      }
    }
  }, 60_000);
});

describe('previousCronTime: the run to catch up', () => {
  const mondayNine = schedule('0 9 * * 1');

  it('is the scheduled time itself when asked at that instant, else the one before', () => {
    expect(previousCronTime(mondayNine, at('2026-11-23T09:00:00Z'), LONDON)).toEqual(at('2026-11-23T09:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-11-23T08:59:59.999Z'), LONDON)).toEqual(at('2026-11-16T09:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-11-26T15:00:00Z'), LONDON)).toEqual(at('2026-11-23T09:00:00Z'));
  });

  it('is Monday 09:00 local on both sides of the clock changes', () => {
    expect(previousCronTime(mondayNine, at('2026-10-25T12:00:00Z'), LONDON)).toEqual(at('2026-10-19T08:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-10-26T12:00:00Z'), LONDON)).toEqual(at('2026-10-26T09:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-03-29T12:00:00Z'), LONDON)).toEqual(at('2026-03-23T09:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-03-30T12:00:00Z'), LONDON)).toEqual(at('2026-03-30T08:00:00Z'));
  });

  it('takes the second pass of a repeated autumn hour, and skips a spring time that never happened', () => {
    const halfPastOne = schedule('30 1 * * *');
    expect(previousCronTime(halfPastOne, at('2026-10-25T01:10:00Z'), LONDON)).toEqual(at('2026-10-25T00:30:00Z'));
    expect(previousCronTime(halfPastOne, at('2026-10-25T01:40:00Z'), LONDON)).toEqual(at('2026-10-25T01:30:00Z'));
    expect(previousCronTime(halfPastOne, at('2026-03-29T12:00:00Z'), LONDON)).toEqual(at('2026-03-28T01:30:00Z'));
  });

  it('finds rare schedules far back, and works in other zones', () => {
    expect(previousCronTime(schedule('0 9 29 2 1'), at('2026-11-23T12:00:00Z'), LONDON)).toEqual(at('2016-02-29T09:00:00Z'));
    expect(previousCronTime(mondayNine, at('2026-07-06T12:00:00Z'), 'America/New_York')).toEqual(at('2026-06-29T13:00:00Z'));
  });
});

describe('nextCronTime', () => {
  it('is the first scheduled instant strictly after', () => {
    const mondayNine = schedule('0 9 * * 1');
    expect(nextCronTime(mondayNine, at('2026-10-20T00:00:00Z'), LONDON)).toEqual(at('2026-10-26T09:00:00Z'));
    expect(nextCronTime(mondayNine, at('2026-03-23T09:00:00Z'), LONDON)).toEqual(at('2026-03-30T08:00:00Z'));
  });

  it('fires at both passes of a repeated hour and never in the spring gap', () => {
    const halfPastOne = schedule('30 1 * * *');
    expect(nextCronTime(halfPastOne, at('2026-10-25T00:00:00Z'), LONDON)).toEqual(at('2026-10-25T00:30:00Z'));
    expect(nextCronTime(halfPastOne, at('2026-10-25T00:35:00Z'), LONDON)).toEqual(at('2026-10-25T01:30:00Z'));
    expect(nextCronTime(halfPastOne, at('2026-03-28T12:00:00Z'), LONDON)).toEqual(at('2026-03-30T00:30:00Z'));
  });
});
