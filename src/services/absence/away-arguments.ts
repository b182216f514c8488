// Reading `/csp away [cancel] [@person | for <name or email>] <first day> [until <last day>] [reason]`. Days may be
// written as the import files accept them (2026-12-21, 21/12/2026, 21 December 2026), as "21 Dec" (the
// next such day), or as today / tomorrow; the result is checked with zod before anything is stored.
import { z } from 'zod';
import { addDays, dayNumber, formatIsoDate, parseIsoDate } from '../../domain/calendar.ts';
import { ValidationError } from '../../domain/errors.ts';
import { monthFromName, readDate } from '../../import/values.ts';
import type { CommandToken } from '../command-text.ts';

export type AwayTarget =
  | { readonly kind: 'self' }
  | { readonly kind: 'mention'; readonly userId: string; readonly displayName?: string }
  | { readonly kind: 'named'; readonly query: string };

export interface AwayRequest {
  readonly target: AwayTarget;
  /** Null when no dates were given: show the absences instead. */
  readonly period: { readonly fromDate: string; readonly untilDate: string | null; readonly reason: string | null } | null;
  /** `away cancel …`: withdraw a planned absence, the one starting on `fromDate` when a day is given. */
  readonly cancel?: { readonly fromDate: string | null };
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const periodSchema = z.object({
  fromDate: isoDay,
  untilDate: isoDay.nullable(),
  reason: z.string().trim().min(1).max(200, 'The reason can be at most 200 characters.').nullable(),
});

const UNTIL_WORDS = new Set(['until', 'till', 'til', 'to', '-', '–']);

/** A day read from the words at `index`: how many words it took, or null when none of the forms fit. */
function readDayAt(words: readonly string[], index: number, today: string): { day: string; used: number } | null {
  const first = words[index]?.toLowerCase();
  if (first === undefined) return null;
  if (first === 'today') return { day: today, used: 1 };
  if (first === 'tomorrow') return { day: formatIsoDate(addDays(parseIsoDate(today), 1)), used: 1 };
  if (words[index + 2] !== undefined) {
    const three = readDate(words.slice(index, index + 3).join(' '));
    if (three.ok) return { day: three.value, used: 3 };
  }
  const dayMonth = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(words[index] ?? '');
  const month = words[index + 1] ? monthFromName(words[index + 1]!) : undefined;
  if (dayMonth && month) {
    const todayDate = parseIsoDate(today);
    const day = Number(dayMonth[1]);
    for (const year of [todayDate.year, todayDate.year + 1]) {
      const candidate = readDate(`${year}-${month}-${day}`);
      if (candidate.ok && dayNumber(parseIsoDate(candidate.value)) >= dayNumber(todayDate)) return { day: candidate.value, used: 2 };
      if (!candidate.ok) return null;
    }
  }
  const one = readDate(words[index] ?? '');
  return one.ok ? { day: one.value, used: 1 } : null;
}

/** The first day of the absence to cancel, from the words at `index`; null when none was given. */
function readCancelledDay(words: readonly string[], index: number, today: string, example: string): string | null {
  if (index >= words.length) return null;
  const start = words[index]?.toLowerCase() === 'from' ? index + 1 : index;
  const day = readDayAt(words, start, today);
  if (!day) {
    throw new ValidationError(`I couldn't read "${words[start] ?? ''}" as the first day of the absence to cancel. Write it like 2027-01-11 or 11 Jan, for example: ${example}`);
  }
  if (start + day.used < words.length) {
    throw new ValidationError(`To cancel a planned absence, give only its first day, for example: ${example}`);
  }
  return day.day;
}

function wordText(token: CommandToken): string {
  return token.kind === 'word' ? token.text : `@${token.displayName ?? token.userId}`;
}

/** `cancelExample` is shown when `away cancel …` cannot be read. */
export function parseAwayArguments(tokens: readonly CommandToken[], today: string, example: string, cancelExample = example): AwayRequest {
  let target: AwayTarget = { kind: 'self' };
  let rest = [...tokens];
  const opening = rest[0];
  const cancelling = opening?.kind === 'word' && opening.text.toLowerCase() === 'cancel';
  if (cancelling) rest = rest.slice(1);
  const [first] = rest;
  if (first?.kind === 'mention') {
    target = first.displayName ? { kind: 'mention', userId: first.userId, displayName: first.displayName } : { kind: 'mention', userId: first.userId };
    rest = rest.slice(1);
  }
  const words = rest.map(wordText);
  let index = 0;
  if (target.kind === 'self' && words[0]?.toLowerCase() === 'for') {
    let end = 1;
    while (end < words.length && !readDayAt(words, end, today) && words[end]?.toLowerCase() !== 'from') end += 1;
    const query = words.slice(1, end).join(' ').trim();
    if (query === '') throw new ValidationError(`Say who is away after "for", by name, person key or email: ${example}`);
    target = { kind: 'named', query };
    index = end;
  }
  if (cancelling) return { target, period: null, cancel: { fromDate: readCancelledDay(words, index, today, cancelExample) } };
  if (index >= words.length) return { target, period: null };
  if (words[index]?.toLowerCase() === 'from') index += 1;
  const from = readDayAt(words, index, today);
  if (!from) {
    throw new ValidationError(
      `I couldn't read "${words[index] ?? ''}" as the first day away. Write a day like 2026-12-21, 21/12/2026 or 21 Dec, for example: ${example}`,
    );
  }
  index += from.used;
  let until: string | null = null;
  if (words[index] !== undefined && UNTIL_WORDS.has(words[index]!.toLowerCase())) {
    const last = readDayAt(words, index + 1, today);
    if (!last) {
      throw new ValidationError(
        `I couldn't read "${words[index + 1] ?? ''}" as the last day away. Write a day like 2027-01-04 or 4 Jan, for example: ${example}`,
      );
    }
    until = last.day;
    index += 1 + last.used;
  }
  const reasonText = words.slice(index).join(' ').trim();
  const parsed = periodSchema.safeParse({ fromDate: from.day, untilDate: until, reason: reasonText === '' ? null : reasonText });
  if (!parsed.success) throw new ValidationError(`${parsed.error.issues[0]?.message ?? 'That absence is not valid.'} For example: ${example}`);
  return { target, period: parsed.data };
}
