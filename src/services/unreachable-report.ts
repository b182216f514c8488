// The secretariat's weekly list of people the bot could not reach: everyone of the partnership with a
// reminder, summary, vote message or notice that was never delivered last week, why (no chat account
// linked, or the platform's refusal), and what they missed. Each secretariat member gets it as a direct
// message, as they get the bot's other notices; nothing is sent in a week when everyone was reached.
import type { SchedulePartnership } from '../db/action-store.ts';
import { listSecretariat } from '../db/membership-store.ts';
import {
  describeNotificationSubjects,
  listUndeliveredNotifications,
  NO_CHAT_ACCOUNT_LINKED,
  type UndeliveredNotification,
} from '../db/notification-store.ts';
import { formatIsoDate } from '../domain/calendar.ts';
import { localDateOf } from '../domain/time-zone.ts';
import { unreachableWeekOf } from '../domain/unreachable-week.ts';
import type { ListItem, MessageView, ViewBlock } from '../views/model.ts';
import { bold, lineBreak, rich } from '../views/model.ts';
import { formatIsoDay } from './actions/action-format.ts';
import { sendDirectMessages } from './actions/direct-messages.ts';
import { dateOnlyIn } from './identity.ts';
import type { CoreServices } from './registry.ts';

/** People listed in one message; a longer list ends with a count of the rest. */
export const UNREACHABLE_PEOPLE_SHOWN = 40;

export interface UnreachableReportResult {
  /** People who missed something in the week covered. */
  readonly people: number;
  readonly undelivered: number;
  /** Secretariat members the list reached. */
  readonly told: number;
  readonly secretariat: number;
}

export interface UnreachablePerson {
  readonly name: string;
  readonly key: string;
  readonly reasons: readonly string[];
  readonly missed: readonly string[];
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { SLACK: 'Slack', TEAMS: 'Teams' };

/** "SLACK: An API error occurred: …; TEAMS: …" as the person reads it. */
function reasonsOf(error: string): string[] {
  if (error === NO_CHAT_ACCOUNT_LINKED) return ['no chat account linked'];
  return error.split('; ').map((part) => {
    const match = /^(SLACK|TEAMS): (.*)$/s.exec(part);
    if (!match) return part;
    const [, platform = '', detail = ''] = match;
    return detail === 'no adapter running' ? `${PLATFORM_NAMES[platform]} is not connected here` : `${PLATFORM_NAMES[platform]} refused delivery (${detail})`;
  });
}

type Subjects = Awaited<ReturnType<typeof describeNotificationSubjects>>;

function missedItem(row: UndeliveredNotification, subjects: Subjects): { group: string; item?: string } {
  switch (row.kind) {
    case 'ACTION_UPDATE_REMINDER':
      return { group: 'update reminder for', item: subjects.actions.get(row.subjectId)?.ref ?? 'an action since removed' };
    case 'ACTION_ESCALATION':
      return { group: 'overdue-actions summary of', item: /^\d{4}-\d{2}-\d{2}$/.test(row.periodKey) ? formatIsoDay(row.periodKey) : row.periodKey };
    case 'VOTE_REMINDER':
      return { group: 'reminder to vote on', item: `“${subjects.proposals.get(row.subjectId)?.title ?? 'a vote'}”` };
    case 'QUORUM_AT_RISK':
      return { group: 'quorum warning for', item: `“${subjects.proposals.get(row.subjectId)?.title ?? 'a vote'}”` };
    case 'HALLMARK_REVIEW_REMINDER':
      return { group: 'hallmark review reminder' };
    case 'DIGEST':
      return { group: 'notice of a digest that could not be posted' };
  }
}

/** One entry per person, in name order, with their reasons and what they missed (grouped by kind). */
export function unreachablePeople(rows: readonly UndeliveredNotification[], subjects: Subjects): UnreachablePerson[] {
  const byPerson = new Map<string, { name: string; key: string; reasons: Set<string>; missed: Map<string, string[]> }>();
  for (const row of rows) {
    if (!row.recipient || !row.error) continue;
    const entry = byPerson.get(row.recipient.id) ?? { name: row.recipient.name, key: row.recipient.key, reasons: new Set<string>(), missed: new Map<string, string[]>() };
    byPerson.set(row.recipient.id, entry);
    for (const reason of reasonsOf(row.error)) entry.reasons.add(reason);
    const { group, item } = missedItem(row, subjects);
    const items = entry.missed.get(group) ?? [];
    if (item !== undefined && !items.includes(item)) items.push(item);
    entry.missed.set(group, items);
  }
  return [...byPerson.values()]
    .map((entry) => ({
      name: entry.name,
      key: entry.key,
      reasons: [...entry.reasons],
      missed: [...entry.missed.entries()].map(([group, items]) =>
        items.length > 0 ? `${group} ${[...items].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(', ')}` : group,
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function unreachableReportView(partnershipName: string, weekStarting: string, people: readonly UnreachablePerson[]): MessageView {
  const count = people.length;
  const items: ListItem[] = people.slice(0, UNREACHABLE_PEOPLE_SHOWN).map((person) => ({
    text: rich(bold(person.name), ` (${person.key})`, lineBreak(), `Why: ${person.reasons.join('; ')}`, lineBreak(), `Missed: ${person.missed.join('; ')}`),
  }));
  const blocks: ViewBlock[] = [
    { type: 'heading', text: 'People the bot could not reach last week' },
    {
      type: 'text',
      text: `In the week starting ${formatIsoDay(weekStarting)}, ${count === 1 ? 'this person' : `these ${count} people`} of ${partnershipName} missed messages from the bot:`,
    },
    { type: 'list', items },
  ];
  if (count > items.length) blocks.push({ type: 'context', text: `And ${count - items.length} more.` });
  blocks.push({
    type: 'context',
    text:
      'Someone with no chat account linked gets what is still due as soon as they are linked: when they first talk to the bot it links them by their email, ' +
      'or link them yourself with the link command (link @them person-key). Where a platform refused delivery, check the bot is installed for them. This list comes on Mondays.',
  });
  return { kind: 'message', blocks, fallbackText: `${count} ${count === 1 ? 'person' : 'people'} of ${partnershipName} could not be reached last week` };
}

/** Builds last week's list for the partnership and sends it to each member of its secretariat. */
export async function sendUnreachableReport(
  services: Pick<CoreServices, 'db' | 'notifiers' | 'logger'>,
  partnership: SchedulePartnership,
  now: Date,
): Promise<UnreachableReportResult> {
  const { db, logger } = services;
  const week = unreachableWeekOf(now, partnership.timeZone);
  const rows = await listUndeliveredNotifications(db, partnership.id, week.from, week.to);
  const people = unreachablePeople(rows, await describeNotificationSubjects(db, rows));
  if (people.length === 0) return { people: 0, undelivered: 0, told: 0, secretariat: 0 };

  const secretariat = await listSecretariat(db, partnership.id, dateOnlyIn(now, partnership.timeZone));
  const view = unreachableReportView(partnership.name, formatIsoDate(localDateOf(week.from, partnership.timeZone)), people);
  const deliveries = await sendDirectMessages(services, secretariat.map((person) => ({ personId: person.id, view })));
  const told = deliveries.filter((delivery) => delivery.outcomes.some((outcome) => outcome.status === 'sent')).length;
  if (told === 0) {
    logger.error('No one in the secretariat could be told who the bot could not reach last week', {
      partnership: partnership.slug,
      week: week.coveredWeek,
      people: people.length,
      secretariat: secretariat.length,
    });
  }
  return { people: people.length, undelivered: rows.length, told, secretariat: secretariat.length };
}
