// Reading the values people type into partnership files and spreadsheets: dates (ISO, or UK day/month/year),
// times, numbers with thousands separators or a % sign, progress percentages and IANA time zones.
// Each reader returns the value or a message that says, in plain words, what was expected and what was found.
import { formatIsoDate, isValidCalendarDate, parseIsoDate, type CalendarDate } from '../domain/calendar.ts';
import { fromLocal, isValidTimeZone, localDateOf } from '../domain/time-zone.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });

/** `"31/13/2011"` with the quotes, or a description of a non-text value. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty value' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a group of fields';
}

const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH_DISPLAY = MONTH_NAMES.map((name) => name[0]!.toUpperCase() + name.slice(1));

export function monthFromName(text: string): number | undefined {
  const word = text.toLowerCase().replace(/\.$/, '');
  if (word.length < 3) return undefined;
  const index = MONTH_NAMES.findIndex((name) => name.startsWith(word) && (word.length === 3 || word === name || word === 'sept'));
  return index === -1 ? undefined : index + 1;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_MIDNIGHT = /^(\d{4})-(\d{2})-(\d{2})[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$/;
const UK_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const WORDED_DATE = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+\.?)[\s-]+(\d{4})$/;
const DATE_EXAMPLE = 'a date like 2011-03-31 or 31/03/2011 (day/month/year)';

function checkedDate(date: CalendarDate, text: string): Read<string> {
  if (date.month < 1 || date.month > 12) return fail(`expected ${DATE_EXAMPLE}, got ${quote(text)}`);
  if (!isValidCalendarDate(date)) {
    return fail(`${quote(text)} is not a real date: ${MONTH_DISPLAY[date.month - 1]} ${date.year} has no day ${date.day}`);
  }
  return ok(formatIsoDate(date));
}

/**
 * A calendar date as 'YYYY-MM-DD'. Accepts ISO dates, UK dates (31/03/2011, 31-03-2011, 31.03.2011),
 * "31 March 2011", and spreadsheet exports of a date at midnight. Month/day/year is never guessed:
 * 03/31/2011 is refused because there is no month 31.
 */
export function readDate(input: unknown): Read<string> {
  if (input instanceof Date && !Number.isNaN(input.getTime())) return ok(input.toISOString().slice(0, 10));
  if (typeof input !== 'string') return fail(`expected ${DATE_EXAMPLE}, got ${quote(input)}`);
  const text = input.trim();
  let match = ISO_DATE.exec(text) ?? ISO_MIDNIGHT.exec(text);
  if (match) return checkedDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, text);
  match = UK_DATE.exec(text);
  if (match) return checkedDate({ year: Number(match[3]), month: Number(match[2]), day: Number(match[1]) }, text);
  match = WORDED_DATE.exec(text);
  const month = match ? monthFromName(match[2]!) : undefined;
  if (match && month) return checkedDate({ year: Number(match[3]), month, day: Number(match[1]) }, text);
  return fail(`expected ${DATE_EXAMPLE}, got ${quote(text)}`);
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^(.+?)[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A moment in time. A full ISO timestamp with an offset is taken as written; a date, or a date with a
 * time but no offset, is read on the partnership's wall clock (a date alone means its midnight).
 */
export function readInstant(input: unknown, timeZone: string): Read<Date> {
  if (input instanceof Date && !Number.isNaN(input.getTime())) return ok(input);
  if (typeof input !== 'string') return fail(`expected ${DATE_EXAMPLE} or a timestamp like 2011-03-31T14:30:00Z, got ${quote(input)}`);
  const text = input.trim();
  const instant = ISO_INSTANT.exec(text);
  if (instant) {
    const date = { year: Number(instant[1]), month: Number(instant[2]), day: Number(instant[3]) };
    const parsed = new Date(text.replace(' ', 'T'));
    if (!isValidCalendarDate(date) || Number(instant[4]) > 23 || Number(instant[5]) > 59 || Number.isNaN(parsed.getTime())) {
      return fail(`${quote(text)} is not a real date and time`);
    }
    return ok(parsed);
  }
  const local = LOCAL_DATE_TIME.exec(text);
  const dateText = local ? local[1]! : text;
  const date = readDate(dateText);
  if (!date.ok) return fail(`expected ${DATE_EXAMPLE}, optionally with a time like 14:30, got ${quote(text)}`);
  if (!local) return ok(localMoment(date.value, timeZone));
  const [hour, minute, second] = [Number(local[2]), Number(local[3]), Number(local[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return fail(`${quote(text)} has a time that does not exist`);
  return ok(localMoment(date.value, timeZone, hour, minute, second));
}

/** Writes an instant back the way readInstant reads it: a bare date when it is local midnight. */
export function writeInstant(instant: Date, timeZone: string): string {
  const date = formatIsoDate(localDateOf(instant, timeZone));
  return localMoment(date, timeZone).getTime() === instant.getTime() ? date : instant.toISOString();
}

/** The instant the partnership's clock shows `date` at the given time (a date alone: its midnight). */
function localMoment(date: string, timeZone: string, hour = 0, minute = 0, second = 0): Date {
  return fromLocal({ ...parseIsoDate(date), hour, minute, second }, timeZone);
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

/** A number; "55,686" and "35.2%" are read as 55686 and 35.2. */
export function readNumber(input: unknown): Read<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? ok(input) : fail(`expected a number, got ${quote(input)}`);
  if (typeof input !== 'string') return fail(`expected a number like 35.2, got ${quote(input)}`);
  const text = input.trim().replace(/\s*%$/, '').replace(/^£/, '');
  if (!NUMBER.test(text)) {
    const range = /^[\d,.]+\s*(?:-|–|to)\s*[\d,.]+%?$/.test(input.trim());
    return fail(
      range
        ? `expected one number, got the range ${quote(input)}: choose the value that counts as meeting it`
        : `expected a number like 35.2, got ${quote(input)}`,
    );
  }
  return ok(Number(text.replace(/,/g, '')));
}

/** A percentage of completion, a whole number from 0 to 100; "50%" is read as 50. */
export function readProgress(input: unknown): Read<number> {
  const number = readNumber(input);
  if (!number.ok) return fail(`expected progress as a whole number from 0 to 100, got ${quote(input)}`);
  if (!Number.isInteger(number.value) || number.value < 0 || number.value > 100) {
    return fail(`expected progress as a whole number from 0 to 100, got ${quote(input)}`);
  }
  return number;
}

/** A whole number; rejects 4.5 and "four". */
export function readWholeNumber(input: unknown, minimum: number): Read<number> {
  const number = readNumber(input);
  if (!number.ok || !Number.isInteger(number.value)) return fail(`expected a whole number, got ${quote(input)}`);
  if (number.value < minimum) return fail(`must be at least ${minimum}, got ${number.value}`);
  return number;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false };

export function readBoolean(input: unknown): Read<boolean> {
  if (typeof input === 'boolean') return ok(input);
  if (typeof input === 'string' && input.trim().toLowerCase() in BOOLEAN_WORDS) return ok(BOOLEAN_WORDS[input.trim().toLowerCase()]!);
  return fail(`expected yes or no, got ${quote(input)}`);
}

/** An IANA time zone name such as Europe/London, written back in its canonical spelling. */
export function readTimeZone(input: unknown): Read<string> {
  const message = `expected an IANA time zone like Europe/London, got ${quote(input)}`;
  if (typeof input !== 'string') return fail(message);
  const name = input.trim();
  if ((!name.includes('/') && name.toUpperCase() !== 'UTC') || !isValidTimeZone(name)) return fail(message);
  return ok(new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone);
}
