// The daily escalation for one partnership: open actions whose update is overdue by the partnership's
// threshold, or whose due date has passed, go to the chair of their group in ONE summary a day (groups
// without a chair, and actions without a group, go to the secretariat).
import {
  claimNotifications,
  listGroupChairs,
  listOpenActionsForSchedules,
  recordNotificationOutcomes,
  type SchedulePartnership,
  type ScheduledAction,
} from '../../db/action-store.ts';
import { listSecretariat } from '../../db/membership-store.ts';
import { effectiveCadence, escalationFor, escalationRunPeriodKey, type Escalation } from '../../domain/update-reminders.ts';
import type { ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { dateOnlyIn } from '../identity.ts';
import type { PartnershipCalendar } from '../../domain/working-calendar.ts';
import { peopleAtWork } from '../calendar/working-time.ts';
import type { CoreServices } from '../registry.ts';
import { formatDay, formatIsoDay, statusLabel } from './action-format.ts';
import { notificationOutcome, sendDirectMessages } from './direct-messages.ts';
import { reminderDedupeKey, type ReminderRecipient } from './reminder-message.ts';

/** Items in one summary; a longer list ends with a count of the rest. */
export const ESCALATION_ITEMS_SHOWN = 40;

export interface EscalatedAction {
  readonly action: ScheduledAction;
  readonly escalation: Escalation;
}

export interface EscalationRunReport {
  readonly escalated: number;
  readonly recipients: number;
  readonly claimed: number;
  readonly delivered: number;
  readonly undelivered: number;
}

interface Summary {
  readonly person: ReminderRecipient;
  readonly asSecretariat: boolean;
  readonly items: EscalatedAction[];
}

function escalationLine(entry: EscalatedAction): ListItem {
  const { action, escalation } = entry;
  const reasons: string[] = [];
  if (escalation.pastDueDate) reasons.push(`due date ${formatIsoDay(escalation.pastDueDate)} has passed`);
  if (escalation.updateOverdueDays !== null) {
    const days = escalation.updateOverdueDays;
    reasons.push(`update ${days} day${days === 1 ? '' : 's'} overdue`);
  }
  const details = [`Owner ${action.owner?.name ?? 'none'}`, `${statusLabel(action.status)}, ${action.progress}%`, ...reasons];
  return { text: rich(bold(action.ref), ` ${action.title}`, lineBreak(), details.join(' · ')) };
}

export function escalationSummaryMessage(summary: Summary, partnershipName: string, today: Date): MessageView {
  const byGroup = new Map<string, EscalatedAction[]>();
  for (const item of summary.items) {
    const name = item.action.group?.name ?? 'No group';
    byGroup.set(name, [...(byGroup.get(name) ?? []), item]);
  }
  const count = summary.items.length;
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Overdue actions: ${formatDay(today)}` },
    {
      type: 'text',
      text: `Hello ${summary.person.name}. ${count === 1 ? 'This action' : `These ${count} actions`} of ${partnershipName} ${count === 1 ? 'is' : 'are'} overdue in ${summary.asSecretariat ? 'groups that have no chair' : 'the groups you chair'}:`,
    },
  ];
  let shown = 0;
  for (const [group, items] of [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const room = ESCALATION_ITEMS_SHOWN - shown;
    if (room <= 0) break;
    const listed = items.slice(0, room);
    shown += listed.length;
    blocks.push({ type: 'text', text: rich(bold(group)) }, { type: 'list', items: listed.map(escalationLine) });
  }
  if (count > shown) blocks.push({ type: 'context', text: `And ${count - shown} more.` });
  blocks.push({ type: 'context', text: 'Owners get their own reminders. This summary comes once a day, on working days, while actions stay overdue.' });
  return { kind: 'message', blocks, fallbackText: `${count} overdue action${count === 1 ? '' : 's'} in ${partnershipName}` };
}

export async function sendPartnershipEscalations(
  services: Pick<CoreServices, 'db' | 'notifiers' | 'logger'>,
  partnership: SchedulePartnership,
  now: Date,
  options: { readonly calendar?: PartnershipCalendar } = {},
): Promise<EscalationRunReport> {
  const started = performance.now();
  const actions = await listOpenActionsForSchedules(services.db, partnership.id);
  const escalated: EscalatedAction[] = [];
  for (const action of actions) {
    const escalation = escalationFor(
      {
        status: action.status,
        dueDate: action.dueDate ? action.dueDate.toISOString().slice(0, 10) : null,
        lastUpdateAt: action.lastUpdateAt,
        createdAt: action.createdAt,
        cadence: effectiveCadence(action.cadence, action.group?.defaultCadence),
      },
      now,
      partnership.timeZone,
      partnership.escalationAfterDays,
    );
    if (escalation) escalated.push({ action, escalation });
  }
  const empty = { escalated: escalated.length, recipients: 0, claimed: 0, delivered: 0, undelivered: 0 };
  if (escalated.length === 0) return empty;

  const today = dateOnlyIn(now, partnership.timeZone);
  const groupIds = [...new Set(escalated.flatMap((entry) => (entry.action.group ? [entry.action.group.id] : [])))];
  const chairs = await listGroupChairs(services.db, groupIds, today);
  const needsSecretariat = escalated.some((entry) => !entry.action.group || !chairs.some((chair) => chair.groupId === entry.action.group?.id));
  const secretariat = needsSecretariat ? await listSecretariat(services.db, partnership.id, today) : [];

  const summaries = new Map<string, Summary>();
  const addTo = (person: ReminderRecipient, asSecretariat: boolean, entry: EscalatedAction) => {
    const summary = summaries.get(person.id) ?? { person, asSecretariat, items: [] };
    summaries.set(person.id, summary);
    if (!summary.items.includes(entry)) summary.items.push(entry);
  };
  for (const entry of escalated) {
    const groupChairs = chairs.filter((chair) => chair.groupId === entry.action.group?.id);
    if (groupChairs.length > 0) for (const chair of groupChairs) addTo(chair.person, false, entry);
    else for (const person of secretariat) addTo(person, true, entry);
  }
  if (summaries.size === 0) {
    services.logger.warn('Overdue actions have nobody to escalate to: no chair and no secretariat', { partnership: partnership.slug, actions: escalated.length });
    return empty;
  }

  if (options.calendar) {
    // Someone outside their own working time gets today's summary at a later run, when they are at work.
    const atWork = await peopleAtWork(services.db, options.calendar, [...summaries.keys()], now);
    for (const personId of [...summaries.keys()]) if (!atWork.has(personId)) summaries.delete(personId);
  }

  const periodKey = escalationRunPeriodKey(now, partnership.timeZone);
  const claimed = await claimNotifications(
    services.db,
    [...summaries.values()].map((summary) => ({
      kind: 'ACTION_ESCALATION' as const,
      dedupeKey: reminderDedupeKey('ACTION_ESCALATION', partnership.id, summary.person.id, periodKey),
      recipientId: summary.person.id,
      subjectId: partnership.id,
      periodKey,
    })),
    now,
  );
  const claimedIds = new Map(claimed.map((row) => [row.dedupeKey, row.id]));
  const toSend = [...summaries.values()].flatMap((summary) => {
    const id = claimedIds.get(reminderDedupeKey('ACTION_ESCALATION', partnership.id, summary.person.id, periodKey));
    return id === undefined ? [] : [{ summary, id }];
  });
  const deliveries = await sendDirectMessages(
    services,
    toSend.map(({ summary }) => ({ personId: summary.person.id, view: escalationSummaryMessage(summary, partnership.name, today) })),
  );
  const byPerson = new Map(deliveries.map((delivery) => [delivery.personId, delivery]));
  const sentAt = new Date(now.getTime() + Math.round(performance.now() - started));
  await recordNotificationOutcomes(
    services.db,
    toSend.map(({ summary, id }) => notificationOutcome(id, byPerson.get(summary.person.id), sentAt)),
  );
  const delivered = deliveries.filter((delivery) => delivery.outcomes.some((outcome) => outcome.status === 'sent')).length;
  return { escalated: escalated.length, recipients: summaries.size, claimed: toSend.length, delivered, undelivered: toSend.length - delivered };
}
