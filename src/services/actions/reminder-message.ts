// The one reminder a person gets per run, made of sections that features contribute: the action updates
// due (this feature), and later hallmark items due for review, or anything else owed by a person.
//
// A feature contributes a ReminderSource. Each run, the reminder job asks every source what is due in a
// partnership (`collect`: a handful of queries for everyone, never one per item), claims each item's
// notification key (so nothing is ever sent twice), then asks the source for one recipient's section
// built from the items claimed for them, and folds all sections into ONE direct message per person.
import type { SchedulePartnership, NotificationKindName } from '../../db/action-store.ts';
import type { DbClient } from '../../db/client.ts';
import type { MessageView, ViewBlock } from '../../views/model.ts';
import type { AbsenceLookup } from '../absence/cover.ts';

export interface ReminderRecipient {
  readonly id: string;
  readonly name: string;
}

/** One thing owed by one person, with the notification that records (and deduplicates) telling them. */
export interface ReminderItem {
  readonly recipient: ReminderRecipient;
  readonly kind: NotificationKindName;
  /** The thing the reminder is about (an action id, a hallmark item id, …). */
  readonly subjectId: string;
  /** The period this reminder belongs to; at most one notification per dedupeKey, ever. */
  readonly periodKey: string;
  readonly dedupeKey: string;
}

export interface ReminderSection {
  /** Lower comes first in the message (action updates: 10). */
  readonly order: number;
  readonly blocks: readonly ViewBlock[];
  /** A short phrase for previews, e.g. "2 action updates due". */
  readonly summary: string;
}

export interface ReminderBatch {
  readonly items: readonly ReminderItem[];
  /** One person's section, from their items that this run claimed (never called with none). */
  section(claimed: readonly ReminderItem[]): ReminderSection;
}

export interface ReminderSource {
  readonly name: string;
  /** `absences`: who in the partnership is away today, loaded once per run for every source. */
  collect(db: DbClient, partnership: SchedulePartnership, now: Date, absences: AbsenceLookup): Promise<ReminderBatch>;
}

/** The notification key convention: "<kind>:<subject>:<recipient>:<period>". */
export function reminderDedupeKey(kind: NotificationKindName, subjectId: string, recipientId: string, periodKey: string): string {
  return `${kind}:${subjectId}:${recipientId}:${periodKey}`;
}

/** One direct message holding every section, in order, with a greeting and a preview line. */
export function buildReminderMessage(recipient: ReminderRecipient, partnershipName: string, sections: readonly ReminderSection[]): MessageView {
  const ordered = [...sections].sort((a, b) => a.order - b.order);
  const summary = ordered.map((section) => section.summary).join('; ');
  const blocks: ViewBlock[] = [
    { type: 'heading', text: 'Your reminders' },
    { type: 'text', text: `Hello${recipient.name.trim() ? ` ${recipient.name.trim()}` : ''}. ${partnershipName} is waiting on these from you:` },
  ];
  ordered.forEach((section, index) => {
    if (index > 0) blocks.push({ type: 'divider' });
    blocks.push(...section.blocks);
  });
  return { kind: 'message', blocks, fallbackText: `Reminder: ${summary}` };
}
