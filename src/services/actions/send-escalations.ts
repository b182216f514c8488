// The daily escalation for one partnership: open actions whose update is overdue by the partnership's
// threshold, or whose due date has passed, go to the chair of their group in ONE summary a day (groups
// without a chair, and actions without a group, go to the secretariat). A chair who is away is covered by
// the group's vice-chair, else the secretariat; an owner who is away is shown with who was reminded instead.
import {
  claimNotifications,
  listGroupChairs,
  listOpenActionsForSchedules,
  recordNotificationOutcomes,
  type SchedulePartnership,
  type ScheduledAction,
} from '../../db/action-store.ts';
import { listSecretariat } from '../../db/membership-store.ts';
import { formatIsoDate } from '../../domain/calendar.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import { coverForChairs, coverForOwners, coverKey, loadPartnershipAbsences, type AbsenceLookup } from '../absence/cover.ts';
import { coverNote } from '../absence/cover-wording.ts';
import { effectiveCadence, escalationFor, escalationRunPeriodKey, type Escalation } from '../../domain/update-reminders.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, Inline, ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { dateOnlyIn } from '../identity.ts';
import type { PartnershipCalendar } from '../../domain/working-calendar.ts';
import { peopleAtWork } from '../calendar/working-time.ts';
import type { CoreServices } from '../registry.ts';
import { formatDay, formatIsoDay, openActionButton, postUpdateButton, statusLabel } from './action-format.ts';
import { notificationOutcome, sendDirectMessages } from './direct-messages.ts';
import { reminderDedupeKey, type ReminderRecipient } from './reminder-message.ts';

/** Items in one summary; a longer list ends with a count of the rest and a button that shows them all. */
export const ESCALATION_ITEMS_SHOWN = 40;
/**
 * Items that get their own Open and Post update buttons (a text block and an actions block each, within
 * Slack's 50 blocks per message); the rest of the summary is listed as text.
 */
export const ESCALATION_ITEMS_WITH_BUTTONS = 12;
/** The list id of the full overdue list a chair asks for with "Show all". */
export const OVERDUE_LIST_ID = 'overdue-actions';

export interface EscalatedAction {
  readonly action: ScheduledAction;
  readonly escalation: Escalation;
  /** "Olly Owner away until 4 Jan, deputy reminded" when the owner is away. */
  readonly ownerAway?: string;
}

export interface EscalationRunReport {
  readonly escalated: number;
  readonly recipients: number;
  readonly claimed: number;
  readonly delivered: number;
  readonly undelivered: number;
}

export interface EscalationSummary {
  readonly person: ReminderRecipient;
  readonly asSecretariat: boolean;
  readonly items: EscalatedAction[];
  /** Chairs this summary stands in for: "Rita Chair, chair of Responsible Authorities Partnership, away until 4 Jan". */
  readonly coveringFor?: string[];
}

function groupsPhrase(summary: Summary): string {
  const covering = (summary.coveringFor?.length ?? 0) > 0;
  if (covering && !summary.asSecretariat && summary.items.length > 0) return 'the groups below';
  return summary.asSecretariat ? 'groups that have no chair' : 'the groups you chair';
}
type Summary = EscalationSummary;

/** "Show all N" under a summary that had room for only some: the complete list, paged, for the person asking. */
export function showOverdueButton(count: number): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.showOverdueActions, label: `Show all ${count}`, value: { page: 0 } };
}

function escalationText(entry: EscalatedAction, withGroup = false): Inline[] {
  const { action, escalation } = entry;
  const reasons: string[] = [];
  if (escalation.pastDueDate) reasons.push(`due date ${formatIsoDay(escalation.pastDueDate)} has passed`);
  if (escalation.updateOverdueDays !== null) {
    const days = escalation.updateOverdueDays;
    reasons.push(`update ${days} day${days === 1 ? '' : 's'} overdue`);
  }
  const details = [
    ...(withGroup ? [action.group?.name ?? 'No group'] : []),
    entry.ownerAway ? `Owner ${entry.ownerAway}` : `Owner ${action.owner?.name ?? 'none'}`,
    `${statusLabel(action.status)}, ${action.progress}%`,
    ...reasons,
  ];
  return rich(bold(action.ref), ` ${action.title}`, lineBreak(), details.join(' · '));
}

function escalationLine(entry: EscalatedAction): ListItem {
  return { text: escalationText(entry) };
}

/** One overdue action with its own buttons: what it is, then Open and Post update. */
function escalationBlocks(entry: EscalatedAction): ViewBlock[] {
  return [
    { type: 'text', text: escalationText(entry) },
    { type: 'actions', controls: [openActionButton(entry.action), postUpdateButton(entry.action)] },
  ];
}

function byGroupName(items: readonly EscalatedAction[]): Array<[string, EscalatedAction[]]> {
  const byGroup = new Map<string, EscalatedAction[]>();
  for (const item of items) {
    const name = item.action.group?.name ?? 'No group';
    byGroup.set(name, [...(byGroup.get(name) ?? []), item]);
  }
  return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function escalationSummaryMessage(summary: Summary, partnershipName: string, today: Date): MessageView {
  const count = summary.items.length;
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Overdue actions: ${formatDay(today)}` },
    {
      type: 'text',
      text: `Hello ${summary.person.name}. ${count === 1 ? 'This action' : `These ${count} actions`} of ${partnershipName} ${count === 1 ? 'is' : 'are'} overdue in ${groupsPhrase(summary)}:`,
    },
  ];
  for (const chair of summary.coveringFor ?? []) blocks.push({ type: 'context', text: `You get this in place of ${chair}.` });
  let shown = 0;
  for (const [group, items] of byGroupName(summary.items)) {
    const room = ESCALATION_ITEMS_SHOWN - shown;
    if (room <= 0) break;
    const listed = items.slice(0, room);
    const withButtons = listed.slice(0, Math.max(0, ESCALATION_ITEMS_WITH_BUTTONS - shown));
    const asText = listed.slice(withButtons.length);
    shown += listed.length;
    blocks.push({ type: 'text', text: rich(bold(group)) }, ...withButtons.flatMap(escalationBlocks));
    if (asText.length > 0) blocks.push({ type: 'list', items: asText.map(escalationLine) });
  }
  if (count > ESCALATION_ITEMS_WITH_BUTTONS) {
    const unlisted = count - shown;
    blocks.push(
      { type: 'context', text: `${unlisted > 0 ? `And ${unlisted} more. ` : ''}Show all lists every one with its buttons.` },
      { type: 'actions', controls: [showOverdueButton(count)] },
    );
  }
  blocks.push({ type: 'context', text: 'Owners get their own reminders. This summary comes once a day, on working days, while actions stay overdue.' });
  return { kind: 'message', blocks, fallbackText: `${count} overdue action${count === 1 ? '' : 's'} in ${partnershipName}` };
}

/** The secretariat members who are not away; all of them when every one is. */
function presentOrAll<P extends { id: string }>(people: readonly P[], absences: AbsenceLookup): P[] {
  const present = people.filter((person) => absences.absenceOf(person.id) === null);
  return present.length > 0 ? present : [...people];
}

/** "Olly Owner away until 4 Jan, deputy reminded" for each away owner of an escalated action, by coverKey. */
async function ownersAway(
  services: Pick<CoreServices, 'db'>,
  partnershipId: string,
  escalated: readonly EscalatedAction[],
  absences: AbsenceLookup,
  onDate: Date,
): Promise<Map<string, string>> {
  const away = escalated.flatMap((entry) =>
    entry.action.owner && absences.absenceOf(entry.action.owner.id) ? [{ owner: entry.action.owner, groupId: entry.action.group?.id ?? null }] : [],
  );
  const covers = await coverForOwners(services.db, partnershipId, away.map(({ owner, groupId }) => ({ ownerId: owner.id, groupId })), absences, onDate);
  const result = new Map<string, string>();
  for (const { owner, groupId } of away) {
    const cover = covers.get(coverKey(owner.id, groupId));
    if (cover) result.set(coverKey(owner.id, groupId), coverNote(owner, absences.absenceOf(owner.id)!, cover, absences.day).short);
  }
  return result;
}

/** The complete overdue list one person gets, paged, each action with its Open button. */
export function overdueListMessage(summary: Summary | undefined, partnershipName: string, today: Date, page: number): MessageView {
  const items = summary ? byGroupName(summary.items).flatMap(([, entries]) => entries) : [];
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: `Overdue actions: ${formatDay(today)}` },
      {
        type: 'pagedList',
        title: summary?.asSecretariat ? `${partnershipName}: groups that have no chair` : `${partnershipName}: the groups you chair`,
        items: items.map((entry) => ({ text: escalationText(entry, true), button: openActionButton(entry.action) })),
        page,
        pageSize: 10,
        pagingValue: { list: OVERDUE_LIST_ID },
        emptyText: 'Nothing is overdue in the groups you chair now.',
      },
      { type: 'context', text: 'Open shows an action with its updates and a Post update button.' },
    ],
    fallbackText: `${items.length} overdue action${items.length === 1 ? '' : 's'} in ${partnershipName}`,
  };
}

/** Whether, and why, an open action is overdue enough to go to its chair. */
function escalationOf(action: ScheduledAction, partnership: SchedulePartnership, now: Date): Escalation | null {
  return escalationFor(
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
    const escalation = escalationOf(action, partnership, now);
    if (escalation) escalated.push({ action, escalation });
  }
  const empty = { escalated: escalated.length, recipients: 0, claimed: 0, delivered: 0, undelivered: 0 };
  if (escalated.length === 0) return empty;
  const absences = await loadPartnershipAbsences(services.db, partnership.id, formatIsoDate(localDateOf(now, partnership.timeZone)));

  const today = dateOnlyIn(now, partnership.timeZone);
  const groupIds = [...new Set(escalated.flatMap((entry) => (entry.action.group ? [entry.action.group.id] : [])))];
  const chairs = await listGroupChairs(services.db, groupIds, today);
  const needsSecretariat = escalated.some((entry) => !entry.action.group || !chairs.some((chair) => chair.groupId === entry.action.group?.id));
  const secretariat = needsSecretariat ? presentOrAll(await listSecretariat(services.db, partnership.id, today), absences) : [];
  const chairCover = await coverForChairs(services.db, partnership.id, chairs, absences, today);
  const owners = await ownersAway(services, partnership.id, escalated, absences, today);

  const summaries = new Map<string, Summary>();
  const addTo = (person: ReminderRecipient, asSecretariat: boolean, entry: EscalatedAction, coveringFor?: string) => {
    const summary = summaries.get(person.id) ?? { person, asSecretariat, items: [], coveringFor: [] };
    summaries.set(person.id, summary);
    if (!summary.items.includes(entry)) summary.items.push(entry);
    if (coveringFor && !summary.coveringFor?.includes(coveringFor)) summary.coveringFor?.push(coveringFor);
  };
  for (const found of escalated) {
    const away = found.action.owner ? owners.get(coverKey(found.action.owner.id, found.action.group?.id ?? null)) : undefined;
    const entry: EscalatedAction = away ? { ...found, ownerAway: away } : found;
    const groupChairs = chairs.filter((chair) => chair.groupId === entry.action.group?.id);
    for (const chair of groupChairs) {
      const covered = chairCover.get(`${chair.person.id}:${chair.groupId}`);
      if (!covered) {
        addTo(chair.person, false, entry);
        continue;
      }
      const why = `${chair.person.name}, chair of ${entry.action.group?.name ?? 'the group'}, who is ${absences.awayText(chair.person.id) ?? 'away'}`;
      for (const person of covered.cover.people) addTo(person, false, entry, why);
    }
    if (groupChairs.length === 0) for (const person of secretariat) addTo(person, true, entry);
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

/**
 * "Show all" under a chair's summary: the actions overdue now in the groups the person chairs, and for the
 * secretariat those with no group or in a group without a chair (whom the summary goes to instead).
 */
export async function overdueActionsFor(
  services: Pick<CoreServices, 'db'>,
  partnership: SchedulePartnership,
  viewer: { readonly person: ReminderRecipient; readonly chairOf: readonly string[]; readonly isSecretariat: boolean },
  now: Date,
): Promise<EscalationSummary> {
  const actions = await listOpenActionsForSchedules(services.db, partnership.id);
  const chaired = new Set(viewer.chairOf);
  const today = dateOnlyIn(now, partnership.timeZone);
  const groupIds = [...new Set(actions.flatMap((action) => (action.group ? [action.group.id] : [])))];
  const chairedGroups = viewer.isSecretariat ? new Set((await listGroupChairs(services.db, groupIds, today)).map((chair) => chair.groupId)) : new Set<string>();
  const items: EscalatedAction[] = [];
  for (const action of actions) {
    const groupId = action.group?.id;
    const mine = groupId !== undefined && chaired.has(groupId);
    const forSecretariat = viewer.isSecretariat && (groupId === undefined || !chairedGroups.has(groupId));
    if (!mine && !forSecretariat) continue;
    const escalation = escalationOf(action, partnership, now);
    if (escalation) items.push({ action, escalation });
  }
  return { person: viewer.person, asSecretariat: viewer.isSecretariat && chaired.size === 0, items };
}
