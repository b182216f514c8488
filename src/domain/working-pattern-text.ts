// Reading what people type for their working pattern and for closure days: "09:00-15:00", "mon,tue,wed"
// or "mon-wed", "Europe/Dublin", "2026-12-29" or "29/12/2026". Each parser is a zod schema, so a mistake
// comes back as a ValidationError saying what was wrong and how to write it.
import { z } from 'zod';
import { type CalendarDate, type IsoWeekday, isValidCalendarDate } from './calendar.ts';
import { ValidationError } from './errors.ts';
import { isValidTimeZone } from './time-zone.ts';

const DAY_NAMES: Readonly<Record<string, IsoWeekday>> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};

export const WEEKDAY_SHORT_NAMES: Readonly<Record<IsoWeekday, string>> = { 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat', 7: 'Sun' };

function parseWith<T>(schema: z.ZodType<T>, value: unknown, fallbackMessage: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues[0]?.message ?? fallbackMessage, { fieldErrors: {}, details: { value } });
}

const HOURS_PATTERN = /^(\d{1,2})(?::(\d{2}))?\s*(?:-|–|to)\s*(\d{1,2})(?::(\d{2}))?$/i;

export const workingHoursText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const match = HOURS_PATTERN.exec(text);
    const example = 'Write your hours as start-end in whole hours, e.g. 09:00-15:00.';
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a span of hours. ${example}` });
      return z.NEVER;
    }
    const [, startHour, startMinute = '00', endHour, endMinute = '00'] = match;
    if (startMinute !== '00' || endMinute !== '00') {
      ctx.addIssue({ code: 'custom', message: `Reminders go by the hour, so hours must start and end on the hour. ${example}` });
      return z.NEVER;
    }
    const start = Number(startHour);
    const end = Number(endHour);
    if (start > 23 || end < 1 || end > 24 || start >= end) {
      ctx.addIssue({ code: 'custom', message: `${text} does not run from one hour of the day to a later one. ${example}` });
      return z.NEVER;
    }
    return { startHour: start, endHour: end };
  });

export const workingDaysText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const example = 'Name your days, e.g. mon,tue,wed or mon-wed (or weekdays).';
    const lowered = text.toLowerCase();
    if (lowered === 'weekdays' || lowered === 'mon-fri') return [1, 2, 3, 4, 5] as IsoWeekday[];
    const days = new Set<IsoWeekday>();
    for (const part of lowered.split(/[\s,]+/).filter(Boolean)) {
      const range = /^([a-z]+)-([a-z]+)$/.exec(part);
      const from = range ? DAY_NAMES[range[1] ?? ''] : DAY_NAMES[part];
      const to = range ? DAY_NAMES[range[2] ?? ''] : from;
      if (from === undefined || to === undefined || to < from) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not a day or a run of days. ${example}` });
        return z.NEVER;
      }
      for (let day = from; day <= to; day += 1) days.add(day as IsoWeekday);
    }
    if (days.size === 0) {
      ctx.addIssue({ code: 'custom', message: `Say which days you work. ${example}` });
      return z.NEVER;
    }
    return [...days].sort((a, b) => a - b);
  });

export const timeZoneText = z
  .string()
  .trim()
  .refine((text) => text.includes('/') && isValidTimeZone(text), {
    message: 'That is not a time zone I know. Use the IANA name of a city\'s zone, e.g. Europe/Dublin or America/New_York (or "default" for the partnership\'s).',
  });

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const dayText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const iso = ISO_DATE.exec(text);
    const uk = UK_DATE.exec(text);
    const date: CalendarDate | null = iso
      ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
      : uk
        ? { year: Number(uk[3]), month: Number(uk[2]), day: Number(uk[1]) }
        : null;
    if (!date || !isValidCalendarDate(date)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a date. Write it as 2026-12-29 or 29/12/2026.` });
      return z.NEVER;
    }
    return date;
  });

export function parseWorkingHours(text: string): { startHour: number; endHour: number } {
  return parseWith(workingHoursText, text, 'Write your hours as 09:00-15:00.');
}

export function parseWorkingDays(text: string): IsoWeekday[] {
  return parseWith(workingDaysText, text, 'Name your days, e.g. mon,tue,wed.');
}

export function parseTimeZone(text: string): string {
  return parseWith(timeZoneText, text, 'Use a zone such as Europe/Dublin.');
}

export function parseDay(text: string): CalendarDate {
  return parseWith(dayText, text, 'Write the date as 2026-12-29.');
}

/** "Mon, Tue, Wed" or "Mon–Fri". */
export function describeWorkingDays(days: readonly IsoWeekday[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) {
    return `${WEEKDAY_SHORT_NAMES[first]}–${WEEKDAY_SHORT_NAMES[last]}`;
  }
  return sorted.map((day) => WEEKDAY_SHORT_NAMES[day]).join(', ');
}

export function describeHours(startHour: number, endHour: number): string {
  const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  return `${hh(startHour)}–${hh(endHour)}`;
}
