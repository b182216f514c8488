// The working calendar the bot speaks by: weekends, the bank holidays of England and Wales, the partnership's
// own closure days, and each person's working days, hours and time zone. Reminders, escalations and vote
// reminders go only when the partnership's office is open (Monday to Friday 08:00–18:00 in its time zone, not
// a bank holiday or closure day) AND it is the recipient's working time. Pure functions over plain data;
// schedule.ts does the clock arithmetic.
import { bankHolidayOn } from './bank-holidays.ts';
import { type CalendarDate, type IsoWeekday, addDays, dayNumber, formatIsoDate, fromDayNumber, isoWeekday } from './calendar.ts';
import { DEFAULT_WORKING_HOURS, type WorkingHours, isWithinWorkingHours, nextAllowedSendTime } from './schedule.ts';
import { fromLocal, localDateOf, toZoned } from './time-zone.ts';
import { reminderTime } from './vote-lifecycle.ts';

export type DigestHolidayRule = 'POST_ANYWAY' | 'NEXT_WORKING_DAY';

export interface ClosureDay {
  /** 'YYYY-MM-DD' in the partnership's time zone. */
  readonly date: string;
  readonly reason: string | null;
}

export interface PartnershipCalendar {
  readonly timeZone: string;
  readonly closures: readonly ClosureDay[];
  readonly digestOnBankHoliday: DigestHolidayRule;
}

/** A person's working pattern (part-time officers, partners abroad). */
export interface WorkingPattern {
  readonly workingDays: readonly IsoWeekday[];
  /** Whole hours, local time in `timeZone`: from startHour up to (not including) endHour. */
  readonly startHour: number;
  readonly endHour: number;
  /** IANA zone; null means the partnership's. */
  readonly timeZone: string | null;
}

export const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

export const DEFAULT_WORKING_PATTERN: WorkingPattern = {
  workingDays: WEEKDAYS,
  startHour: DEFAULT_WORKING_HOURS.startHour,
  endHour: DEFAULT_WORKING_HOURS.endHour,
  timeZone: null,
};

export interface DayOff {
  /** 'YYYY-MM-DD' */
  readonly date: string;
  readonly kind: 'bank-holiday' | 'closure';
  /** The holiday's name, or the closure's reason ('Closed' when none was given). */
  readonly name: string;
}

/** Why a day is off for the whole partnership (a bank holiday before a closure on the same day), or undefined. */
export function dayOff(calendar: PartnershipCalendar, date: CalendarDate): DayOff | undefined {
  const holiday = bankHolidayOn(date);
  if (holiday) return { date: holiday.date, kind: 'bank-holiday', name: holiday.name };
  const text = formatIsoDate(date);
  const closure = calendar.closures.find((entry) => entry.date === text);
  return closure ? { date: text, kind: 'closure', name: closure.reason ?? 'Closed' } : undefined;
}

/** Bank holidays and closure days from `from` to `to` inclusive, in date order. */
export function daysOffBetween(calendar: PartnershipCalendar, from: CalendarDate, to: CalendarDate): DayOff[] {
  const found: DayOff[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day += 1) {
    const off = dayOff(calendar, fromDayNumber(day));
    if (off) found.push(off);
  }
  return found;
}

/** A working day for the office: Monday to Friday and not a bank holiday or closure day. */
export function isOfficeDay(calendar: PartnershipCalendar, date: CalendarDate): boolean {
  return isoWeekday(date) <= 5 && dayOff(calendar, date) === undefined;
}

/** Days off from a year before to just over a year after `at`: what nextAllowedSendTime's year-long search needs. */
function nonWorkingDatesAround(calendar: PartnershipCalendar, at: Date): string[] {
  const today = localDateOf(at, calendar.timeZone);
  return daysOffBetween(calendar, addDays(today, -7), addDays(today, 372)).map((off) => off.date);
}

/** The office's hours on the partnership's clock, with its days off. */
export function officeHours(calendar: PartnershipCalendar, at: Date): WorkingHours {
  return { ...DEFAULT_WORKING_HOURS, nonWorkingDates: nonWorkingDatesAround(calendar, at) };
}

export function isOfficeOpen(calendar: PartnershipCalendar, now: Date): boolean {
  const local = localDateOf(now, calendar.timeZone);
  if (!isOfficeDay(calendar, local)) return false;
  return isWithinWorkingHours(now, calendar.timeZone, DEFAULT_WORKING_HOURS);
}

function personHours(calendar: PartnershipCalendar, pattern: WorkingPattern, at: Date): { hours: WorkingHours; timeZone: string } {
  return {
    hours: { startHour: pattern.startHour, endHour: pattern.endHour, workingDays: pattern.workingDays, nonWorkingDates: nonWorkingDatesAround(calendar, at) },
    timeZone: pattern.timeZone ?? calendar.timeZone,
  };
}

/** The office is open and it is the person's working time (their days and hours, on their clock, not a day off). */
export function isPersonWorking(calendar: PartnershipCalendar, pattern: WorkingPattern | undefined, now: Date): boolean {
  if (!isOfficeOpen(calendar, now)) return false;
  if (!pattern) return true;
  const { hours, timeZone } = personHours(calendar, pattern, now);
  return isWithinWorkingHours(now, timeZone, hours);
}

/**
 * The first moment at or after `now` when the person can be written to, or null when their working time
 * never meets the office's within a year (e.g. hours entirely outside 08:00–18:00 in the partnership's zone).
 */
export function nextWorkingTime(calendar: PartnershipCalendar, pattern: WorkingPattern | undefined, now: Date): Date | null {
  let at = now;
  for (let tries = 0; tries < 400; tries += 1) {
    if (isPersonWorking(calendar, pattern, at)) return at;
    const office = nextAllowedSendTime(at, calendar.timeZone, officeHours(calendar, at));
    let candidate = office;
    if (pattern) {
      const { hours, timeZone } = personHours(calendar, pattern, office);
      candidate = nextAllowedSendTime(office, timeZone, hours);
    }
    if (isPersonWorking(calendar, pattern, candidate)) return candidate;
    // The person's next start falls when the office is shut (or the other way round): look from the next hour.
    at = new Date(Math.max(candidate.getTime(), at.getTime()) + 3_600_000 - (candidate.getTime() % 3_600_000));
    if (at.getTime() - now.getTime() > 370 * 86_400_000) return null;
  }
  return null;
}

/**
 * When a group's digest, scheduled at `scheduledAt`, is posted. On a bank holiday or closure day, with the
 * partnership's rule NEXT_WORKING_DAY, it moves to the next office day at the same local time of day; with
 * POST_ANYWAY (or on any other day, weekends included, which the group chose itself) it stays.
 */
export function digestPostTime(calendar: PartnershipCalendar, scheduledAt: Date): Date {
  if (calendar.digestOnBankHoliday === 'POST_ANYWAY') return scheduledAt;
  const local = toZoned(scheduledAt, calendar.timeZone);
  if (!dayOff(calendar, local)) return scheduledAt;
  let day: CalendarDate = addDays(local, 1);
  for (let tries = 0; tries < 60 && !isOfficeDay(calendar, day); tries += 1) day = addDays(day, 1);
  return fromLocal({ ...day, hour: local.hour, minute: local.minute }, calendar.timeZone);
}

/** A reminder moved forward must still leave voters this long before the vote closes; else it goes earlier. */
export const VOTE_REMINDER_MIN_NOTICE_MS = 2 * 3_600_000;

/**
 * When voters are reminded, on working time. The reminder point is `reminderHours` before closing. When the
 * office is shut then (night, weekend, bank holiday, closure day):
 * 1. the start of the next working period, if that still leaves VOTE_REMINDER_MIN_NOTICE_MS before closing;
 * 2. else the start of the last working hour before the reminder point, if the vote was already open;
 * 3. else the next working period if it is before closing at all;
 * 4. else no reminder (the vote has no working time left to remind in).
 * Null also when the vote opened inside the reminder window (its voters have just been told).
 */
export function voteReminderAt(calendar: PartnershipCalendar, opensAt: Date, closesAt: Date, reminderHours: number): Date | null {
  const point = reminderTime(opensAt, closesAt, reminderHours);
  if (!point) return null;
  if (isOfficeOpen(calendar, point)) return point;
  const next = nextAllowedSendTime(point, calendar.timeZone, officeHours(calendar, point));
  if (next.getTime() <= closesAt.getTime() - VOTE_REMINDER_MIN_NOTICE_MS) return next;
  const earlier = lastWorkingHourBefore(calendar, point);
  if (earlier && earlier.getTime() >= opensAt.getTime()) return earlier;
  return next.getTime() < closesAt.getTime() ? next : null;
}

function lastWorkingHourBefore(calendar: PartnershipCalendar, instant: Date): Date | null {
  let day: CalendarDate = localDateOf(instant, calendar.timeZone);
  for (let tries = 0; tries < 30; tries += 1, day = addDays(day, -1)) {
    if (!isOfficeDay(calendar, day)) continue;
    const { startHour, endHour } = DEFAULT_WORKING_HOURS;
    const start = fromLocal({ ...day, hour: startHour, minute: 0 }, calendar.timeZone);
    const lastHour = fromLocal({ ...day, hour: endHour - 1, minute: 0 }, calendar.timeZone);
    if (start.getTime() >= instant.getTime()) continue;
    return lastHour.getTime() < instant.getTime() ? lastHour : start;
  }
  return null;
}

/** Whether a vote's reminder goes now: its working reminder time has come, the office is open and it is still open. */
export function isVoteReminderDueOnCalendar(calendar: PartnershipCalendar, opensAt: Date, closesAt: Date, reminderHours: number, now: Date): boolean {
  const at = voteReminderAt(calendar, opensAt, closesAt, reminderHours);
  return at !== null && now.getTime() >= at.getTime() && now.getTime() < closesAt.getTime() && isOfficeOpen(calendar, now);
}

/**
 * Whether a person is written to now about something that stops mattering at `deadline` (a vote's close):
 * in their working time, or now if their next working time comes too late.
 */
export function isPersonReachableBefore(calendar: PartnershipCalendar, pattern: WorkingPattern | undefined, now: Date, deadline: Date): boolean {
  if (isPersonWorking(calendar, pattern, now)) return true;
  const next = nextWorkingTime(calendar, pattern, now);
  return next === null || next.getTime() >= deadline.getTime();
}
