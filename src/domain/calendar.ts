// Calendar-date arithmetic with no time zone: a date is a day on the wall calendar, written 'YYYY-MM-DD'.
// Date.UTC is used only as a proleptic Gregorian calculator, never to mean an instant.
import { ValidationError } from './errors.ts';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(text: string): CalendarDate {
  const match = ISO_DATE.exec(text);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (!date || !isValidCalendarDate(date)) {
    throw new ValidationError(`"${text}" is not a date in the form YYYY-MM-DD.`, { details: { value: text } });
  }
  return date;
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

export function dayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);
}

export function fromDayNumber(days: number): CalendarDate {
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Adds calendar months, clamping to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(a) - dayNumber(b);
}

export function isoWeekday(date: CalendarDate): IsoWeekday {
  const sundayZero = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year around New Year. */
  weekYear: number;
  week: number;
}

export function isoWeekOf(date: CalendarDate): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const firstOfYear = { year: thursday.year, month: 1, day: 1 };
  return { weekYear: thursday.year, week: Math.floor((dayNumber(thursday) - dayNumber(firstOfYear)) / 7) + 1 };
}

/** '2026-W48'. */
export function isoWeekKey(date: CalendarDate): string {
  const { weekYear, week } = isoWeekOf(date);
  return `${weekYear}-W${pad2(week)}`;
}

export function isoWeeksInYear(weekYear: number): number {
  return isoWeekOf({ year: weekYear, month: 12, day: 28 }).week;
}

export function parseIsoWeekKey(key: string): IsoWeek {
  const match = ISO_WEEK.exec(key);
  const weekYear = match ? Number(match[1]) : NaN;
  const week = match ? Number(match[2]) : NaN;
  if (!match || week < 1 || week > isoWeeksInYear(weekYear)) {
    throw new ValidationError(`"${key}" is not an ISO week in the form YYYY-Www.`, { details: { value: key } });
  }
  return { weekYear, week };
}

export function mondayOfIsoWeek(week: IsoWeek): CalendarDate {
  const jan4 = { year: week.weekYear, month: 1, day: 4 };
  const mondayOfWeek1 = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(mondayOfWeek1, (week.week - 1) * 7);
}
