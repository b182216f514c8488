// Who can be written to now, by their own working pattern on the partnership's calendar: what the reminder,
// escalation and vote reminder runs ask before claiming a message for someone.
import { findWorkingPattern, loadPartnershipCalendar, loadWorkingPatterns } from '../../db/calendar-store.ts';
import type { DbClient } from '../../db/identity-store.ts';
import { type SnoozeLength, snoozeUntil } from '../../domain/schedule.ts';
import { type PartnershipCalendar, isPersonReachableBefore, isPersonWorking, nextWorkingTime, officeHours } from '../../domain/working-calendar.ts';
import type { PersonContext } from '../registry.ts';

/** The people among `personIds` in their working time at `now`. */
export async function peopleAtWork(db: DbClient, calendar: PartnershipCalendar, personIds: readonly string[], now: Date): Promise<Set<string>> {
  const patterns = await loadWorkingPatterns(db, personIds);
  return new Set(personIds.filter((id) => isPersonWorking(calendar, patterns.get(id), now)));
}

/** The people to write to now about something that ends at `deadline`: at work, or not at work again before it. */
export async function peopleToTellBefore(db: DbClient, calendar: PartnershipCalendar, personIds: readonly string[], now: Date, deadline: Date): Promise<Set<string>> {
  const patterns = await loadWorkingPatterns(db, personIds);
  return new Set(personIds.filter((id) => isPersonReachableBefore(calendar, patterns.get(id), now, deadline)));
}

/** When a snoozed reminder may come again: a day or a week on, then on to the person's next working time. */
export async function snoozeEnd(context: PersonContext, length: SnoozeLength): Promise<Date> {
  const { db } = context.services;
  const now = context.services.now();
  const calendar = await loadPartnershipCalendar(db, context.person.partnership.id);
  const later = snoozeUntil(now, length, calendar.timeZone, officeHours(calendar, now));
  return nextWorkingTime(calendar, await findWorkingPattern(db, context.person.id), later) ?? later;
}
