// One reminder run for one partnership: what every source says is due, claimed notification by
// notification (a key already claimed, by an earlier run or another replica, is skipped), folded into ONE
// direct message per person, sent, and the outcome recorded on each claimed notification.
import { claimNotifications, recordNotificationOutcomes, type SchedulePartnership } from '../../db/action-store.ts';
import { formatIsoDate } from '../../domain/calendar.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import type { PartnershipCalendar } from '../../domain/working-calendar.ts';
import { loadPartnershipAbsences } from '../absence/cover.ts';
import { peopleAtWork } from '../calendar/working-time.ts';
import type { CoreServices } from '../registry.ts';
import { notificationOutcome, sendDirectMessages, type DirectMessage } from './direct-messages.ts';
import { buildReminderMessage, type ReminderBatch, type ReminderItem, type ReminderRecipient, type ReminderSource } from './reminder-message.ts';

export interface ReminderRunReport {
  /** Items due, over all sources. */
  readonly due: number;
  /** Of those, items this run claimed (the rest were reminded before). */
  readonly claimed: number;
  /** People a message was built for. */
  readonly recipients: number;
  /** People it reached on at least one platform. */
  readonly delivered: number;
  readonly undelivered: number;
}

export interface ReminderRunOptions {
  /** Keeps the run's claim in the job ledger alive during long sends. */
  readonly heartbeat?: () => Promise<void>;
  /** Only this person's reminders (what is still due to someone who has just linked a chat account). */
  readonly recipientId?: string;
  /** When given, people outside their own working time are left for a later run (nothing is claimed for them). */
  readonly calendar?: PartnershipCalendar;
}

interface Recipient {
  readonly person: ReminderRecipient;
  readonly bySource: Map<number, ReminderItem[]>;
  readonly notificationIds: string[];
}

export async function sendPartnershipReminders(
  services: Pick<CoreServices, 'db' | 'notifiers' | 'logger'>,
  partnership: SchedulePartnership,
  now: Date,
  sources: readonly ReminderSource[],
  options: ReminderRunOptions = {},
): Promise<ReminderRunReport> {
  const started = performance.now();
  const batches: ReminderBatch[] = [];
  const absences = await loadPartnershipAbsences(services.db, partnership.id, formatIsoDate(localDateOf(now, partnership.timeZone)));
  for (const source of sources) batches.push(await source.collect(services.db, partnership, now, absences));
  let due = batches
    .flatMap((batch, index) => batch.items.map((item) => ({ item, index })))
    .filter(({ item }) => options.recipientId === undefined || item.recipient.id === options.recipientId);
  if (options.calendar) {
    const atWork = await peopleAtWork(services.db, options.calendar, [...new Set(due.map(({ item }) => item.recipient.id))], now);
    due = due.filter(({ item }) => atWork.has(item.recipient.id));
  }

  const claimed = await claimNotifications(
    services.db,
    due.map(({ item }) => ({
      kind: item.kind,
      dedupeKey: item.dedupeKey,
      recipientId: item.recipient.id,
      subjectId: item.subjectId,
      periodKey: item.periodKey,
    })),
    now,
  );
  const claimedIds = new Map(claimed.map((row) => [row.dedupeKey, row.id]));

  const recipients = new Map<string, Recipient>();
  for (const { item, index } of due) {
    const id = claimedIds.get(item.dedupeKey);
    if (id === undefined) continue;
    const known = recipients.get(item.recipient.id);
    // Sources may know the person's name or not; keep one that does.
    const person = known && known.person.name.trim() ? known.person : item.recipient;
    const recipient: Recipient = { person, bySource: known?.bySource ?? new Map<number, ReminderItem[]>(), notificationIds: known?.notificationIds ?? [] };
    recipients.set(item.recipient.id, recipient);
    recipient.bySource.set(index, [...(recipient.bySource.get(index) ?? []), item]);
    recipient.notificationIds.push(id);
  }

  const messages: DirectMessage[] = [...recipients.values()].map((recipient) => ({
    personId: recipient.person.id,
    view: buildReminderMessage(
      recipient.person,
      partnership.name,
      [...recipient.bySource.entries()].map(([index, items]) => batches[index]!.section(items)),
    ),
  }));
  const deliveries = await sendDirectMessages(services, messages, {
    ...(options.heartbeat ? { progress: { everyMessages: 50, onProgress: options.heartbeat } } : {}),
  });
  const byPerson = new Map(deliveries.map((delivery) => [delivery.personId, delivery]));
  // The run's clock (`now`, fixed in tests) moved on by the time the sending took.
  const sentAt = new Date(now.getTime() + Math.round(performance.now() - started));
  const outcomes = [...recipients.values()].flatMap((recipient) =>
    recipient.notificationIds.map((id) => notificationOutcome(id, byPerson.get(recipient.person.id), sentAt)),
  );
  await recordNotificationOutcomes(services.db, outcomes);

  const delivered = deliveries.filter((delivery) => delivery.outcomes.some((outcome) => outcome.status === 'sent')).length;
  return { due: due.length, claimed: claimed.length, recipients: recipients.size, delivered, undelivered: recipients.size - delivered };
}
