// Tests that must seed rows "now" (a channel linked, readings taken) and then run the weekly digest need a
// digest time after the real clock. The next Monday 09:00 in London can be a bank holiday (Easter Monday,
// the May and August Mondays, a Christmas substitute), when the digest rightly waits a day; these tests are
// about something else, so they take the next Monday that is a working day.
import { bankHolidayOn } from '../../src/domain/bank-holidays.ts';
import { nextCronTime, parseDigestCron } from '../../src/domain/cron.ts';
import { localDateOf } from '../../src/domain/time-zone.ts';

const MONDAY_NINE = parseDigestCron('0 9 * * 1');

/** The first Monday 09:00 Europe/London after `after` that is not a bank holiday of England and Wales. */
export function nextWorkingMondayDigest(after: Date = new Date()): Date {
  let at = after;
  for (;;) {
    const next = nextCronTime(MONDAY_NINE, at, 'Europe/London');
    if (!next) throw new Error('The Monday 09:00 schedule has no next time');
    if (!bankHolidayOn(localDateOf(next, 'Europe/London'))) return next;
    at = next;
  }
}
