// Five-field cron expressions (minute hour day-of-month month day-of-week) evaluated in an IANA time zone.
//
// The accepted syntax is a strict subset of what node-cron 4 (which runs the schedules) accepts, and matching
// follows node-cron so a computed "last scheduled time" is a time node-cron fired or would have fired:
// - items: '*', a number or name, a range 'a-b', a stepped '*\/n' or 'a-b/n', joined by commas;
// - names: jan…dec and sun…sat (or full names), any case; day-of-week 0 and 7 are both Sunday;
// - a day must match BOTH the day-of-month and the day-of-week field (node-cron's rule; classic Vixie cron
//   would accept either when both are restricted);
// - a wall-clock time that the spring clock change skips never fires; one that the autumn change repeats
//   fires at both instants.
// Refused, each with a reason: seconds (a sixth field), '@daily'-style macros, '?', 'L', 'W', '#', a step on
// a single value ('5/10'), ranges that run backwards ('5-1'), and a day of month that the months never have.
import { type CalendarDate, addDays, dayNumber, daysInMonth, fromDayNumber, isoWeekday } from './calendar.ts';
import { ValidationError } from './errors.ts';
import { instantsForWallClock, toZoned, utcOffsetMs } from './time-zone.ts';

export interface CronSchedule {
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: readonly number[];
}

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_FULL_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_FULL_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

const ITEM = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/([0-9]+))?$/;
const SEARCH_DAYS = 146_097; // one 400-year Gregorian cycle: every possible day pattern occurs within it

class CronSyntaxError extends Error {}

function parseValue(token: string, spec: FieldSpec): number {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      throw new CronSyntaxError(`${spec.name} ${token} is out of range (${spec.min}–${spec.max})`);
    }
    return value;
  }
  if (spec.names) {
    const isMonth = spec.names === MONTH_NAMES;
    const index = Math.max(spec.names.indexOf(token), (isMonth ? MONTH_FULL_NAMES : DAY_FULL_NAMES).indexOf(token));
    if (index >= 0) {
      return isMonth ? index + 1 : index;
    }
  }
  throw new CronSyntaxError(`"${token}" is not a valid ${spec.name}`);
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = ITEM.exec(item);
    if (!match) throw new CronSyntaxError(`"${item || text}" is not a valid ${spec.name}`);
    const [, startToken = '', endToken, stepToken] = match;
    let start = spec.min;
    let end = spec.max;
    if (startToken !== '*') {
      start = parseValue(startToken, spec);
      end = endToken === undefined ? start : parseValue(endToken, spec);
      if (spec.names === DAY_NAMES && endToken !== undefined && end === 0 && start > 0) end = 7;
      if (endToken === undefined && stepToken !== undefined) {
        throw new CronSyntaxError(`a step needs a range or '*' in ${spec.name} "${item}" (write ${startToken}-${spec.max}/${stepToken})`);
      }
      if (end < start) throw new CronSyntaxError(`the ${spec.name} range "${item}" runs backwards`);
    } else if (endToken !== undefined) {
      throw new CronSyntaxError(`"${item}" is not a valid ${spec.name}`);
    }
    const step = stepToken === undefined ? 1 : Number(stepToken);
    if (step < 1) throw new CronSyntaxError(`the step in ${spec.name} "${item}" must be at least 1`);
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}

export function parseCron(expression: string): CronParseResult {
  const text = expression.trim().toLowerCase();
  try {
    if (text === '') throw new CronSyntaxError('it is empty');
    if (text.startsWith('@')) throw new CronSyntaxError(`macros such as ${text.split(/\s+/)[0]} are not supported; write the five fields`);
    if (/[?lw#]/.test(text.replace(/[a-z]{3,}/g, ''))) {
      throw new CronSyntaxError("'?', 'L', 'W' and '#' are not supported");
    }
    const parts = text.split(/\s+/);
    if (parts.length !== 5) {
      throw new CronSyntaxError(`expected 5 fields (minute hour day-of-month month day-of-week) but got ${parts.length}`);
    }
    const [minutes, hours, daysOfMonth, months, daysOfWeek] = FIELDS.map((spec, index) => parseField(parts[index] ?? '', spec)) as [
      Set<number>, Set<number>, Set<number>, Set<number>, Set<number>,
    ];
    if (daysOfWeek.delete(7)) daysOfWeek.add(0);
    const possible = [...months].some((month) => [...daysOfMonth].some((day) => day <= daysInMonth(2000, month)));
    if (!possible) throw new CronSyntaxError(`day of month "${parts[2]}" never occurs in month "${parts[3]}"`);
    const sorted = (values: Set<number>): number[] => [...values].sort((a, b) => a - b);
    return {
      ok: true,
      schedule: {
        expression: expression.trim(),
        minutes: sorted(minutes),
        hours: sorted(hours),
        daysOfMonth: sorted(daysOfMonth),
        months: sorted(months),
        daysOfWeek: sorted(daysOfWeek),
      },
    };
  } catch (error) {
    if (error instanceof CronSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Parses a digest schedule or throws a ValidationError whose message reads
 * `digest schedule "0 25 * * 1" is not a valid cron expression: hour 25 is out of range (0–23)`.
 */
export function parseDigestCron(expression: string, field = 'digestCron'): CronSchedule {
  const result = parseCron(expression);
  if (!result.ok) {
    const message = `digest schedule "${expression}" is not a valid cron expression: ${result.error}`;
    throw new ValidationError(message, { fieldErrors: { [field]: message }, details: { expression, reason: result.error } });
  }
  return result.schedule;
}

function cronMatchesDay(schedule: CronSchedule, date: CalendarDate): boolean {
  return (
    schedule.months.includes(date.month) &&
    schedule.daysOfMonth.includes(date.day) &&
    schedule.daysOfWeek.includes(isoWeekday(date) % 7)
  );
}

/** Whether the wall-clock minute of `instant` in the zone is one the schedule names. */
export function cronMatches(schedule: CronSchedule, instant: Date, timeZone: string): boolean {
  const local = toZoned(instant, timeZone);
  return cronMatchesDay(schedule, local) && schedule.hours.includes(local.hour) && schedule.minutes.includes(local.minute);
}

interface WallMinute {
  day: number;
  minuteOfDay: number;
}

const WINDOW_MINUTES = 3 * 60; // wider than any clock change, so an overlap's second pass is never missed

function wallOrder(a: WallMinute): number {
  return a.day * 1440 + a.minuteOfDay;
}

function timesOfDay(schedule: CronSchedule): number[] {
  return schedule.hours.flatMap((hour) => schedule.minutes.map((minute) => hour * 60 + minute));
}

const MS_PER_DAY = 86_400_000;

/**
 * Resolves wall-clock minutes of one day to instants. On a day with the same UTC offset from the day before to
 * the day after (all but two days a year) that is plain arithmetic; otherwise each minute is looked up.
 */
function dayResolver(day: number, timeZone: string): (minuteOfDay: number) => Date[] {
  const midnightAsUtc = day * MS_PER_DAY;
  const offsetBefore = utcOffsetMs(new Date(midnightAsUtc - MS_PER_DAY), timeZone);
  const offsetAfter = utcOffsetMs(new Date(midnightAsUtc + 2 * MS_PER_DAY), timeZone);
  if (offsetBefore === offsetAfter) {
    return (minuteOfDay) => [new Date(midnightAsUtc + minuteOfDay * 60_000 - offsetBefore)];
  }
  return (minuteOfDay) => instantsForWallClock(midnightAsUtc + minuteOfDay * 60_000, [offsetBefore, offsetAfter], timeZone);
}

/**
 * The most recent scheduled instant at or before `atOrBefore` (to catch up a run missed while the app was down).
 * Null only if the schedule never fired in the last 400 years.
 */
export function previousCronTime(schedule: CronSchedule, atOrBefore: Date, timeZone: string): Date | null {
  const limit = atOrBefore.getTime();
  const nowWall = toZoned(atOrBefore, timeZone);
  const nowOrder = dayNumber(nowWall) * 1440 + nowWall.hour * 60 + nowWall.minute;
  const minutes = timesOfDay(schedule).reverse();
  let best: Date | null = null;
  let stopBelow = -Infinity;
  const startDay = dayNumber(addDays(nowWall, 1));
  for (let day = startDay; day > startDay - SEARCH_DAYS; day -= 1) {
    if ((day + 1) * 1440 <= stopBelow) break;
    if (!cronMatchesDay(schedule, fromDayNumber(day))) continue;
    const resolve = dayResolver(day, timeZone);
    for (const minuteOfDay of minutes) {
      const order = wallOrder({ day, minuteOfDay });
      if (order > nowOrder + WINDOW_MINUTES) continue;
      if (order < stopBelow) break;
      for (const instant of resolve(minuteOfDay)) {
        if (instant.getTime() <= limit && (!best || instant > best)) {
          best = instant;
          stopBelow = Math.max(stopBelow, order - WINDOW_MINUTES);
        }
      }
    }
  }
  return best;
}

/** The first scheduled instant strictly after `after`. Null only if none occurs in the next 400 years. */
export function nextCronTime(schedule: CronSchedule, after: Date, timeZone: string): Date | null {
  const limit = after.getTime();
  const afterWall = toZoned(after, timeZone);
  const afterOrder = dayNumber(afterWall) * 1440 + afterWall.hour * 60 + afterWall.minute;
  const minutes = timesOfDay(schedule);
  let best: Date | null = null;
  let stopAbove = Infinity;
  const startDay = dayNumber(addDays(afterWall, -1));
  for (let day = startDay; day < startDay + SEARCH_DAYS; day += 1) {
    if (day * 1440 >= stopAbove) break;
    if (!cronMatchesDay(schedule, fromDayNumber(day))) continue;
    const resolve = dayResolver(day, timeZone);
    for (const minuteOfDay of minutes) {
      const order = wallOrder({ day, minuteOfDay });
      if (order < afterOrder - WINDOW_MINUTES) continue;
      if (order > stopAbove) break;
      for (const instant of resolve(minuteOfDay)) {
        if (instant.getTime() > limit && (!best || instant < best)) {
          best = instant;
          stopAbove = Math.min(stopAbove, order + WINDOW_MINUTES);
        }
      }
    }
  }
  return best;
}
