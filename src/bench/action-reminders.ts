// "action reminders": a partnership of 2,000 actions owned by 300 people, loaded with createMany; the
// reminder job runs once at a working-hours moment (DMs go to an in-process notifier), then again in the
// same hour (the ledger makes it a no-op), then the escalation job. Figures: wall time and SQL statements.
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client.ts';
import { createActionEscalationJob } from '../jobs/action-escalation-job.ts';
import { createActionReminderJob } from '../jobs/action-reminder-job.ts';
import { createLogger } from '../logger.ts';
import type { DirectTarget, Notifier } from '../services/chat-core.ts';
import type { BenchScenario } from './harness.ts';

const ACTIONS = 2_000;
const OWNERS = 300;
const GROUPS = [
  { key: 'board', name: 'Strategy Board', cadence: 'MONTHLY' },
  { key: 'ops', name: 'Operations Group', cadence: 'FORTNIGHTLY' },
  { key: 'asb', name: 'ASB Task Group', cadence: 'WEEKLY' },
  { key: 'dv', name: 'Domestic Abuse Group', cadence: 'QUARTERLY' },
] as const;
/** Tuesday 24 November 2026, 10:00 in London: a working hour. */
const RUN_AT = new Date('2026-11-24T10:00:00.000Z');
const DAY_MS = 86_400_000;

function countingNotifier(): Notifier & { directs: DirectTarget[] } {
  const directs: DirectTarget[] = [];
  return {
    platform: 'SLACK',
    directs,
    async postToChannel(target) {
      return { channelId: target.channelId, messageId: randomUUID() };
    },
    async sendDirect(target) {
      directs.push(target);
      return { channelId: `D${target.userId}`, messageId: `${directs.length}` };
    },
    async updateMessage() {},
  };
}

async function loadPartnership(prisma: DbClient): Promise<void> {
  const partnership = await prisma.partnership.create({ data: { slug: 'bench-reminders', name: 'Safer Benchford', quorum: 4 } });
  const partnershipId = partnership.id;
  const organisations = Array.from({ length: 6 }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    key: `org-${index}`,
    name: `Organisation ${index}`,
    kind: 'OTHER' as const,
  }));
  await prisma.organisation.createMany({ data: organisations });
  const groups = GROUPS.map((group) => ({ id: randomUUID(), partnershipId, key: group.key, name: group.name, kind: 'THEMATIC_GROUP' as const, defaultCadence: group.cadence }));
  await prisma.group.createMany({ data: groups });
  const people = Array.from({ length: OWNERS + GROUPS.length }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    key: `person-${index}`,
    name: `Person ${index}`,
    email: `person-${index}@benchford.example`,
    organisationId: organisations[index % organisations.length]!.id,
  }));
  await prisma.person.createMany({ data: people });
  const chairs = people.slice(OWNERS);
  await prisma.membership.createMany({
    data: groups.map((group, index) => ({ groupId: group.id, personId: chairs[index]!.id, role: 'CHAIR' as const })),
  });
  await prisma.chatIdentity.createMany({
    data: people.map((person, index) => ({ personId: person.id, platform: 'SLACK' as const, workspaceId: 'TBENCH', userId: `U${index}`, linkedBy: 'IMPORT' as const })),
  });
  const actions = Array.from({ length: ACTIONS }, (_, index) => ({
    partnershipId,
    ref: `A-${String(index + 1).padStart(4, '0')}`,
    title: `Benchmark action ${index + 1}`,
    ownerId: people[index % OWNERS]!.id,
    groupId: groups[index % groups.length]!.id,
    status: (['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK'] as const)[index % 4],
    progress: (index * 7) % 100,
    // Last updates spread over the past 120 days: most are due, some long overdue, some not yet.
    lastUpdateAt: new Date(RUN_AT.getTime() - ((index * 13) % 120) * DAY_MS),
    dueDate: new Date(Date.UTC(2026, 10 + (index % 8), 1)),
    createdAt: new Date(RUN_AT.getTime() - 200 * DAY_MS),
  }));
  for (let start = 0; start < actions.length; start += 1_000) await prisma.action.createMany({ data: actions.slice(start, start + 1_000) });
}

export const actionRemindersScenario: BenchScenario = {
  name: 'action reminders',
  description: `reminder and escalation jobs over ${ACTIONS.toLocaleString('en-GB')} actions and ${OWNERS} owners`,
  async run({ database, queries, log }) {
    const prisma = database.prisma;
    const load = await queries.measure(() => loadPartnership(prisma));
    log(`  loaded in ${load.wallMs} ms (${load.queries} statements)`);

    const notifier = countingNotifier();
    const logger = createLogger({ level: 'warn' });
    const deps = { services: { db: prisma, logger, notifiers: { SLACK: notifier } } };
    const reminders = createActionReminderJob({ owner: 'bench' });

    const first = await queries.measure(() => reminders.run(deps, RUN_AT));
    const firstDms = notifier.directs.length;
    const reminded = await prisma.notification.count({ where: { kind: 'ACTION_UPDATE_REMINDER' } });
    const again = await queries.measure(() => reminders.run(deps, new Date(RUN_AT.getTime() + 20 * 60_000)));
    const againDms = notifier.directs.length - firstDms;

    const escalations = createActionEscalationJob({ owner: 'bench' });
    const before = notifier.directs.length;
    const escalation = await queries.measure(() => escalations.run(deps, RUN_AT));

    return {
      actions: ACTIONS,
      owners: OWNERS,
      'reminder run wall ms': first.wallMs,
      'reminder run SQL statements': first.queries,
      'reminder DMs sent': firstDms,
      'actions reminded': reminded,
      'same-hour rerun wall ms': again.wallMs,
      'same-hour rerun SQL statements': again.queries,
      'same-hour rerun DMs': againDms,
      'escalation run wall ms': escalation.wallMs,
      'escalation run SQL statements': escalation.queries,
      'escalation DMs (one per chair)': notifier.directs.length - before,
    };
  },
};
