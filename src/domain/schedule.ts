// When things are due and when the bot may speak, in the partnership's time zone.
// All arithmetic is on the local wall clock (a week later at 09:00 is 09:00 again after a clock change).
import {
  type CalendarDate,
  type IsoWeekday,
  addDays,
  addMonths,
  dayNumber,
  formatIsoDate,
  fromDayNumber,
  isoWeekKey,
  isoWeekOf,
  isoWeekday,
  mondayOfIsoWeek,
  pad2,
  parseIsoWeekKey,
} from './calendar.ts';
import { ValidationError } from './errors.ts';
import { periodContaining } from './periods.ts';
import { fromLocal, localDateOf, toZoned } from './time-zone.ts';

export type UpdateCadence = 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY' | 'QUARTERLY';
export type SnoozeLength = 'DAY' | 'WEEK';

export interface WorkingHours {
  /** First hour messages may go (inclusive), local time. */
  startHour: number;
  /** Hour from which messages wait for the next working day, local time (18 means 17:59:59 is the last moment). */
  endHour: number;
  /** Extra days off such as bank holidays, 'YYYY-MM-DD' in the partnership's zone. Weekends are always off. */
  nonWorkingDates?: readonly string[];
  /** ISO weekdays worked (1 = Monday); Monday to Friday when absent. */
  workingDays?: readonly IsoWeekday[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { startHour: 8, endHour: 18 };

function checkWorkingHours(hours: WorkingHours): void {
  const { startHour, endHour } = hours;
  if (!Number.isInteger(startHour) || !Number.isInteger(endHour) || startHour < 0 || endHour > 24 || startHour >= endHour) {
    throw new ValidationError(`Working hours must run from one whole hour to a later one between 0 and 24, not ${startHour}–${endHour}.`, {
      details: { startHour, endHour },
    });
  }
}

function isWorkingDay(date: CalendarDate, hours: WorkingHours): boolean {
  const weekday = isoWeekday(date);
  return (hours.workingDays ? hours.workingDays.includes(weekday) : weekday <= 5) && !(hours.nonWorkingDates ?? []).includes(formatIsoDate(date));
}

/** Monday to Friday or the listed working days (not a listed day off), from startHour up to but not including endHour, local time. */
export function isWithinWorkingHours(now: Date, timeZone: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): boolean {
  checkWorkingHours(hours);
  const local = toZoned(now, timeZone);
  const secondOfDay = local.hour * 3600 + local.minute * 60 + local.second;
  return isWorkingDay(local, hours) && secondOfDay >= hours.startHour * 3600 && secondOfDay < hours.endHour * 3600;
}

/** `now` itself when within working hours, otherwise the start of the next working period (e.g. Monday 08:00). */
export function nextAllowedSendTime(now: Date, timeZone: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (isWithinWorkingHours(now, timeZone, hours)) return now;
  const local = toZoned(now, timeZone);
  let day: CalendarDate = local.hour < hours.startHour ? local : addDays(local, 1);
  for (let tries = 0; tries < 366 && !isWorkingDay(day, hours); tries += 1) day = addDays(day, 1);
  if (!isWorkingDay(day, hours)) throw new ValidationError('There is no working day in the next year; check the list of days off.');
  return fromLocal({ year: day.year, month: day.month, day: day.day, hour: hours.startHour, minute: 0 }, timeZone);
}

/** A day or a week later on the local clock, then on to the next moment the bot may send. */
export function snoozeUntil(now: Date, length: SnoozeLength, timeZone: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  const local = toZoned(now, timeZone);
  const later = fromLocal({ ...local, ...addDays(local, length === 'DAY' ? 1 : 7) }, timeZone);
  return nextAllowedSendTime(later, timeZone, hours);
}

/** '2026-W48': the ISO week the instant falls in, on the partnership's calendar. */
export function weekKeyAt(instant: Date, timeZone: string): string {
  return isoWeekKey(localDateOf(instant, timeZone));
}

export interface WeeklyTime {
  weekday: IsoWeekday;
  hour: number;
  minute: number;
}

const DEFAULT_DIGEST_TIME: WeeklyTime = { weekday: 1, hour: 9, minute: 0 };

/** The instant of a local day and time in an ISO week, e.g. Monday 09:00 of '2026-W44' in Europe/London. */
export function instantInWeek(weekKey: string, timeZone: string, at: WeeklyTime = DEFAULT_DIGEST_TIME): Date {
  const monday = mondayOfIsoWeek(parseIsoWeekKey(weekKey));
  return fromLocal({ ...addDays(monday, at.weekday - 1), hour: at.hour, minute: at.minute }, timeZone);
}

const FORTNIGHT_EPOCH_MONDAY = dayNumber({ year: 1970, month: 1, day: 5 });

function fortnightKey(date: CalendarDate): string {
  const monday = dayNumber(date) - (isoWeekday(date) - 1);
  const first = fromDayNumber(monday - ((((monday - FORTNIGHT_EPOCH_MONDAY) % 14) + 14) % 14));
  const second = addDays(first, 7);
  const firstWeek = isoWeekOf(first);
  const secondWeek = isoWeekOf(second);
  const secondLabel = secondWeek.weekYear === firstWeek.weekYear ? `W${pad2(secondWeek.week)}` : isoWeekKey(second);
  return `${isoWeekKey(first)}/${secondLabel}`;
}

/**
 * The period an instant falls in at the cadence's granularity, on the partnership's calendar:
 * WEEKLY '2026-W48'; FORTNIGHTLY '2026-W47/W48' (fixed two-week blocks that never move);
 * MONTHLY '2026-11'; QUARTERLY '2026-Q3' (financial quarter: Q3 = October–December, see periods.ts).
 * Used in notification dedupe keys so at most one reminder goes per action, person and period.
 */
export function cadencePeriodKey(instant: Date, cadence: UpdateCadence, timeZone: string): string {
  return cadencePeriodKeyOfDate(localDateOf(instant, timeZone), cadence);
}

/** cadencePeriodKey for a calendar day already in the partnership's calendar. */
export function cadencePeriodKeyOfDate(date: CalendarDate, cadence: UpdateCadence): string {
  if (cadence === 'WEEKLY') return isoWeekKey(date);
  if (cadence === 'FORTNIGHTLY') return fortnightKey(date);
  if (cadence === 'MONTHLY') return `${date.year}-${pad2(date.month)}`;
  return periodContaining(date, 'QUARTER').label;
}

export interface UpdateDue {
  /** The same local time of day as the last update, one cadence later. */
  dueAt: Date;
  /** The local calendar day it is due, 'YYYY-MM-DD'. */
  dueOn: string;
  /** cadencePeriodKey of dueAt. */
  periodKey: string;
}

/**
 * When the next progress update is due after the last one (or after the action was created).
 * Months are calendar months, clamped to shorter months: 31 January + 1 month is 28 (or 29) February.
 */
export function nextUpdateDue(lastUpdateAt: Date, cadence: UpdateCadence, timeZone: string): UpdateDue {
  const local = toZoned(lastUpdateAt, timeZone);
  const dueDate =
    cadence === 'WEEKLY' ? addDays(local, 7)
    : cadence === 'FORTNIGHTLY' ? addDays(local, 14)
    : addMonths(local, cadence === 'MONTHLY' ? 1 : 3);
  const dueAt = fromLocal({ ...local, ...dueDate }, timeZone);
  return { dueAt, dueOn: formatIsoDate(dueDate), periodKey: cadencePeriodKey(dueAt, cadence, timeZone) };
}
