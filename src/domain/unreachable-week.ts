// The week the secretariat's list of unreachable people covers: the ISO week before the one the list is sent
// in (Monday 00:00 to Monday 00:00, local time), keyed by the week it is sent in for the job-run ledger.
import { addDays, isoWeekday, isoWeekKey } from './calendar.ts';
import { fromLocal, localDateOf } from './time-zone.ts';

export interface UnreachableWeek {
  /** The ledger period: the ISO week the list is sent in, '2026-W49'. */
  readonly periodKey: string;
  /** The ISO week the list is about, '2026-W48'. */
  readonly coveredWeek: string;
  readonly from: Date;
  readonly to: Date;
}

export function unreachableWeekOf(now: Date, timeZone: string): UnreachableWeek {
  const today = localDateOf(now, timeZone);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const lastMonday = addDays(thisMonday, -7);
  return {
    periodKey: isoWeekKey(today),
    coveredWeek: isoWeekKey(lastMonday),
    from: fromLocal({ ...lastMonday, hour: 0, minute: 0 }, timeZone),
    to: fromLocal({ ...thisMonday, hour: 0, minute: 0 }, timeZone),
  };
}
