// Wall-clock time in an IANA zone, using only Intl.DateTimeFormat (no Temporal, no library).
// A local time can name no instant (the spring-forward gap) or two (the autumn overlap); callers choose.
import { type CalendarDate, type IsoWeekday, addDays, isoWeekday } from './calendar.ts';
import { ValidationError } from './errors.ts';

export interface LocalDateTime extends CalendarDate {
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

export interface ZonedDateTime extends Required<LocalDateTime> {
  weekday: IsoWeekday;
}

/**
 * How to turn a local time into an instant when the clocks change:
 * - 'compatible' (default): in a gap, move forward by the gap's length (01:30 on the spring-forward night → 02:30
 *   summer time); in an overlap, the earlier instant. This is what RFC 5545 and Temporal do.
 * - 'earlier' / 'later': in an overlap the earlier / later instant; in a gap, the instant just before / after it,
 *   shifted by the gap's length.
 * - 'reject': throw a ValidationError for a gap or an overlap.
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function assertTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) {
    throw new ValidationError(`"${timeZone}" is not a known time zone. Use an IANA name such as Europe/London.`, {
      fieldErrors: { timeZone: 'Unknown time zone' },
      details: { timeZone },
    });
  }
  return timeZone;
}

export function toZoned(instant: Date, timeZone: string): ZonedDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new ValidationError('The time given is not a valid date.');
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const date = { year: fields.year ?? NaN, month: fields.month ?? NaN, day: fields.day ?? NaN };
  return {
    ...date,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
    millisecond: ((ms % 1000) + 1000) % 1000,
    weekday: isoWeekday(date),
  };
}

export function localDateOf(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = toZoned(instant, timeZone);
  return { year, month, day };
}

function wallClockAsUtcMs(local: LocalDateTime): number {
  const utc = new Date(0);
  utc.setUTCFullYear(local.year, local.month - 1, local.day);
  utc.setUTCHours(local.hour, local.minute, local.second ?? 0, local.millisecond ?? 0);
  return utc.getTime();
}

/** Offset of local time from UTC at an instant, in milliseconds (London: 0 in winter, 3,600,000 in summer). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  return wallClockAsUtcMs(toZoned(instant, timeZone)) - instant.getTime();
}

/**
 * The instants whose wall-clock reading is `wallClockMs` (a local time written as if it were UTC), given the
 * offsets in force a day before and a day after. Zones do not change offset twice within two days, so each
 * candidate is right exactly when the zone's offset at that instant is the one that produced it.
 */
export function instantsForWallClock(wallClockMs: number, offsetsAround: readonly number[], timeZone: string): Date[] {
  const found = new Set<number>();
  for (const offset of new Set(offsetsAround)) {
    const candidate = wallClockMs - offset;
    if (utcOffsetMs(new Date(candidate), timeZone) === offset) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/** Every instant whose wall-clock time in the zone is `local`: none in a gap, two in an overlap, otherwise one. */
export function instantsAt(local: LocalDateTime, timeZone: string): Date[] {
  const guess = wallClockAsUtcMs(local);
  const offsets = [utcOffsetMs(new Date(guess - MS_PER_DAY), timeZone), utcOffsetMs(new Date(guess + MS_PER_DAY), timeZone)];
  return instantsForWallClock(guess, offsets, timeZone);
}

export function fromLocal(local: LocalDateTime, timeZone: string, disambiguation: Disambiguation = 'compatible'): Date {
  const matches = instantsAt(local, timeZone);
  const first = matches[0];
  const last = matches[matches.length - 1];
  if (matches.length === 1 && first) return first;
  if (first && last) {
    if (disambiguation === 'reject') throw ambiguity('happens twice', local, timeZone);
    return disambiguation === 'later' ? last : first;
  }
  if (disambiguation === 'reject') throw ambiguity('does not exist', local, timeZone);
  const guess = wallClockAsUtcMs(local);
  const offsetBefore = utcOffsetMs(new Date(guess - MS_PER_DAY), timeZone);
  const offsetAfter = utcOffsetMs(new Date(guess + MS_PER_DAY), timeZone);
  return new Date(guess - (disambiguation === 'earlier' ? offsetAfter : offsetBefore));
}

function ambiguity(what: string, local: LocalDateTime, timeZone: string): ValidationError {
  const text = `${local.year}-${local.month}-${local.day} ${local.hour}:${String(local.minute).padStart(2, '0')}`;
  return new ValidationError(`The local time ${text} ${what} in ${timeZone} because the clocks change.`, {
    details: { local, timeZone },
  });
}

/** The same wall-clock time `days` calendar days later (or earlier), so 09:00 stays 09:00 across a clock change. */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  const zoned = toZoned(instant, timeZone);
  return fromLocal({ ...zoned, ...addDays(zoned, days) }, timeZone);
}
