// Absence and cover: when someone is away, and who is told in their place. Dates are calendar days in the
// partnership's time zone ('YYYY-MM-DD'); an absence includes both its first and its last day, and one with
// no last day lasts until the person says they are back.
import { addDays, dayNumber, formatIsoDate, parseIsoDate } from './calendar.ts';
import { ConflictError, ValidationError } from './errors.ts';

export interface AbsencePeriod {
  /** First day away, 'YYYY-MM-DD'. */
  readonly fromDate: string;
  /** Last day away, 'YYYY-MM-DD'; null when open-ended. */
  readonly untilDate: string | null;
}

/** How long an absence may be planned for, so a typo in a year does not silence someone for a decade. */
export const MAX_ABSENCE_DAYS = 366;

/** A withdrawn absence (ended before it began) ends before its first day and is never in force. */
export function isWithdrawn(absence: AbsencePeriod): boolean {
  return absence.untilDate !== null && absence.untilDate < absence.fromDate;
}

export function isAwayOn(absence: AbsencePeriod, day: string): boolean {
  return absence.fromDate <= day && (absence.untilDate === null || day <= absence.untilDate);
}

/** The absence in force on `day`, if any (the latest starting, should two overlap). */
export function absenceOn<A extends AbsencePeriod>(absences: readonly A[], day: string): A | null {
  const inForce = absences.filter((absence) => isAwayOn(absence, day));
  return inForce.sort((a, b) => b.fromDate.localeCompare(a.fromDate))[0] ?? null;
}

/** Absences in force on `day` or starting after it, soonest first; past and withdrawn ones left out. */
export function currentAndPlanned<A extends AbsencePeriod>(absences: readonly A[], day: string): A[] {
  return absences
    .filter((absence) => !isWithdrawn(absence) && (absence.untilDate === null || absence.untilDate >= day))
    .sort((a, b) => a.fromDate.localeCompare(b.fromDate));
}

function overlaps(a: AbsencePeriod, b: AbsencePeriod): boolean {
  const aEnd = a.untilDate ?? '9999-12-31';
  const bEnd = b.untilDate ?? '9999-12-31';
  return a.fromDate <= bEnd && b.fromDate <= aEnd;
}

/**
 * Checks a new absence against today and the person's others: it may not end before it starts, lie wholly
 * in the past, last more than a year, or overlap another absence (end that one first with back).
 */
export function checkNewAbsence(absence: AbsencePeriod, today: string, existing: readonly AbsencePeriod[]): void {
  parseIsoDate(absence.fromDate);
  if (absence.untilDate !== null) {
    parseIsoDate(absence.untilDate);
    if (absence.untilDate < absence.fromDate) {
      throw new ValidationError(`The last day away (${absence.untilDate}) is before the first (${absence.fromDate}).`);
    }
    if (absence.untilDate < today) throw new ValidationError(`That absence is over already: ${absence.untilDate} has passed.`);
    const days = dayNumber(parseIsoDate(absence.untilDate)) - dayNumber(parseIsoDate(absence.fromDate)) + 1;
    if (days > MAX_ABSENCE_DAYS) {
      throw new ValidationError(`That is ${days} days away; an absence can be at most ${MAX_ABSENCE_DAYS} days. Leave out the end date for an open-ended one.`);
    }
  }
  const clash = existing.find((other) => !isWithdrawn(other) && overlaps(absence, other));
  if (clash) {
    throw new ConflictError(
      `That overlaps an absence already set: ${describePeriod(clash, today)}.`,
      { details: { fromDate: clash.fromDate, untilDate: clash.untilDate } },
    );
  }
}

/**
 * The planned absence (not begun by `today`) that `away cancel` withdraws: the one starting on `fromDate`,
 * or, with no day given, the only one planned. Anything else is answered with what is planned and how to say it.
 */
export function plannedAbsenceToCancel<A extends AbsencePeriod>(
  absences: readonly A[],
  today: string,
  fromDate: string | null,
  commands: { readonly cancelExample: string; readonly back: string },
): A {
  const planned = currentAndPlanned(absences, today).filter((absence) => absence.fromDate > today);
  const begun = absenceOn(absences, today);
  const plannedList = planned.map((absence) => describePeriod(absence, today)).join('; ');
  if (fromDate !== null) {
    const match = planned.find((absence) => absence.fromDate === fromDate);
    if (match) return match;
    if (begun && begun.fromDate === fromDate) {
      throw new ValidationError(`The absence from ${shortDay(fromDate, today)} has begun, so it cannot be cancelled: ${commands.back} ends it today.`);
    }
    throw new ValidationError(
      `No planned absence starts on ${shortDay(fromDate, today)}. ${planned.length > 0 ? `Planned: ${plannedList}.` : 'None is planned.'}`,
    );
  }
  const [only] = planned;
  if (only && planned.length === 1) return only;
  if (planned.length > 1) throw new ValidationError(`More than one absence is planned (${plannedList}). Say which by its first day: ${commands.cancelExample}`);
  throw new ValidationError(begun ? `No absence is planned. The one in force has begun: ${commands.back} ends it today.` : 'No absence is planned, so there is nothing to cancel.');
}

/**
 * How `/csp back` on `today` ends an absence: one in force gets `today - 1` as its last day (so today is a
 * working day again); one not begun yet is withdrawn (last day the day before its first).
 */
export function endedAbsenceUntil(absence: AbsencePeriod, today: string): string {
  const base = absence.fromDate > today ? absence.fromDate : today;
  return formatIsoDate(addDays(parseIsoDate(base), -1));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "4 Jan", or "4 Jan 2028" when the day is not within the coming months (or is in the past). */
export function shortDay(day: string, today: string): string {
  const date = parseIsoDate(day);
  const distance = dayNumber(date) - dayNumber(parseIsoDate(today));
  const base = `${date.day} ${MONTHS[date.month - 1]}`;
  return distance >= -180 && distance <= 300 ? base : `${base} ${date.year}`;
}

/** "away until 4 Jan" or "away until further notice". */
export function awayUntil(absence: AbsencePeriod, today: string): string {
  return absence.untilDate === null ? 'away until further notice' : `away until ${shortDay(absence.untilDate, today)}`;
}

/** "21 Dec to 4 Jan", "from 21 Dec (open-ended)", or "4 Jan only". */
export function describePeriod(absence: AbsencePeriod, today: string): string {
  const from = shortDay(absence.fromDate, today);
  if (absence.untilDate === null) return `from ${from}, until further notice`;
  if (absence.untilDate === absence.fromDate) return `${from} only`;
  return `${from} to ${shortDay(absence.untilDate, today)}`;
}

export interface CoverCandidate {
  readonly id: string;
  readonly name: string;
  readonly away: boolean;
}

export type Cover<P extends CoverCandidate> =
  | { readonly by: 'deputy'; readonly people: readonly P[] }
  | { readonly by: 'secretariat'; readonly people: readonly P[]; readonly why: 'no-deputy' | 'deputy-away' };

/**
 * Who is told in place of someone away: the deputies who are not away themselves; else the secretariat
 * (those not away, or all of them if every one is), saying whether there was no deputy or they were away too.
 */
export function chooseCover<P extends CoverCandidate>(deputies: readonly P[], secretariat: readonly P[]): Cover<P> {
  const present = deputies.filter((deputy) => !deputy.away);
  if (present.length > 0) return { by: 'deputy', people: present };
  const presentSecretariat = secretariat.filter((person) => !person.away);
  return {
    by: 'secretariat',
    people: presentSecretariat.length > 0 ? presentSecretariat : secretariat,
    why: deputies.length === 0 ? 'no-deputy' : 'deputy-away',
  };
}
