// Absence and cover in the reminder and escalation jobs, on a partnership built here, with fixed clocks and
// a real database: an owner away over a due date (the deputy is reminded, the owner once back), a deputy
// away too (the secretariat is told), an away chair with and without a vice-chair, two replicas, and an
// absence that ends just before the clocks go forward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { reminderDedupeKey } from '../../src/services/actions/reminder-message.ts';
import type { ActionsBlock } from '../../src/views/model.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { linkPeople, recordingNotifier, seedActionPlan, type ActionPlan } from '../actions/action-fixtures.ts';

const WORKSPACE = 'T0AWAY';
let db: TestDatabase;
const logger = capturingLogger();

function depsWith(prisma: PrismaClient) {
  const sent = recordingNotifier('SLACK');
  return { deps: { services: { db: prisma, logger, notifiers: { SLACK: sent.notifier } } }, sent };
}

function directsTo(sent: ReturnType<typeof recordingNotifier>, userId: string) {
  return sent.directs.filter((entry) => 'userId' in entry.target && entry.target.userId === userId);
}

async function away(prisma: PrismaClient, personId: string, fromDate: string, untilDate: string | null, reason: string | null = null) {
  await prisma.absence.create({
    data: { personId, fromDate: new Date(`${fromDate}T00:00:00Z`), untilDate: untilDate ? new Date(`${untilDate}T00:00:00Z`) : null, reason },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

/** A monthly action of the RAP owned by Olly (police), last updated 20 Oct: its update falls due on Fri 20 Nov. */
async function monthlyPlan(slug: string, extra: Parameters<typeof seedActionPlan>[2] = []) {
  const plan = await seedActionPlan(db.prisma, slug, [
    { ref: 'RAP-1', group: 'rap', cadence: 'MONTHLY', lastUpdateAt: new Date('2026-10-20T10:00:00Z'), dueDate: '2026-11-18' },
    ...extra,
  ]);
  const users = await linkPeople(db.prisma, plan, `${WORKSPACE}-${slug}`);
  return { plan, users };
}

function ownerKey(plan: ActionPlan, period: string): string {
  return reminderDedupeKey('ACTION_UPDATE_REMINDER', plan.actions['RAP-1']!, plan.people.owner, period);
}

describe('update reminders while the owner is away', () => {
  it('go to the deputy over the due date, once across two replicas, and to the owner on their first working day back', async () => {
    const { plan, users } = await monthlyPlan('away-owner');
    await away(db.prisma, plan.people.owner, '2026-11-19', '2026-11-27', 'annual leave');
    const { deps, sent } = depsWith(db.prisma);

    // Two replicas wake at the same moment on Tuesday 24 November.
    const replicaA = createActionReminderJob({ owner: 'replica-a' });
    const replicaB = createActionReminderJob({ owner: 'replica-b' });
    await Promise.all([replicaA.run(deps, new Date('2026-11-24T10:00:00Z')), replicaB.run(deps, new Date('2026-11-24T10:00:05Z'))]);
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    const deputy = directsTo(sent, users.deputy);
    expect(deputy).toHaveLength(1);
    expect(deputy[0]?.text).toContain('RAP-1');
    expect(deputy[0]?.text).toContain("Olly Owner's action: Olly Owner is away until 27 Nov, so you are reminded as their nominated deputy");
    // The deputy cannot snooze the owner's reminders, so no snooze buttons are offered.
    expect(deputy[0]?.message.blocks.some((block): block is ActionsBlock => block.type === 'actions')).toBe(false);

    const rows = await db.prisma.notification.findMany({ where: { subjectId: plan.actions['RAP-1'] } });
    expect(rows.map((row) => [row.recipientId, row.dedupeKey])).toEqual([
      [plan.people.deputy, `${ownerKey(plan, '2026-11')}:cover-for:${plan.people.owner}:to:${plan.people.deputy}`],
    ]);

    // Later that week: nothing more, the cover was told once for the period.
    await replicaA.run(deps, new Date('2026-11-26T11:00:00Z'));
    expect(directsTo(sent, users.deputy)).toHaveLength(1);

    // Back on Monday 30 November, the owner gets what is still due, at 08:00 and not before.
    await replicaA.run(deps, new Date('2026-11-28T10:00:00Z'));
    await replicaA.run(deps, new Date('2026-11-30T07:45:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    await replicaB.run(deps, new Date('2026-11-30T08:00:00Z'));
    const owner = directsTo(sent, users.owner);
    expect(owner).toHaveLength(1);
    expect(owner[0]?.text).toContain('RAP-1');
    expect(owner[0]?.text).not.toContain('is away until');
    expect(await db.prisma.notification.count({ where: { dedupeKey: ownerKey(plan, '2026-11') } })).toBe(1);
    expect(directsTo(sent, users.deputy)).toHaveLength(1);
  });

  it('tell the secretariat when the deputy is away too, and say why', async () => {
    const { plan, users } = await monthlyPlan('away-deputy');
    await away(db.prisma, plan.people.owner, '2026-11-19', null, 'sick leave');
    await away(db.prisma, plan.people.deputy, '2026-11-23', '2026-11-25');
    const { deps, sent } = depsWith(db.prisma);
    await createActionReminderJob({ owner: 'a' }).run(deps, new Date('2026-11-24T10:00:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    expect(directsTo(sent, users.deputy)).toHaveLength(0);
    const secretary = directsTo(sent, users.secretary);
    expect(secretary).toHaveLength(1);
    expect(secretary[0]?.text).toContain(
      "Olly Owner's action: Olly Owner is away until further notice, so you are told as the secretariat because their deputy is away too",
    );
  });

  it('tell the secretariat when the owner has no deputy in the action\'s group', async () => {
    const { plan, users } = await seedActionPlan(db.prisma, 'away-nodeputy', [
      { ref: 'POG-1', group: 'pog', cadence: 'MONTHLY', lastUpdateAt: new Date('2026-10-20T10:00:00Z') },
    ]).then(async (seeded) => ({ plan: seeded, users: await linkPeople(db.prisma, seeded, `${WORKSPACE}-nodeputy`) }));
    await away(db.prisma, plan.people.owner, '2026-11-24', '2026-11-24');
    const { deps, sent } = depsWith(db.prisma);
    await createActionReminderJob({ owner: 'a' }).run(deps, new Date('2026-11-24T10:00:00Z'));
    expect(directsTo(sent, users.deputy)).toHaveLength(0);
    expect(directsTo(sent, users.secretary)[0]?.text).toContain('because they have no nominated deputy for this group');
    // One day away: the next working day the owner has it.
    await createActionReminderJob({ owner: 'a' }).run(deps, new Date('2026-11-25T09:00:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(1);
  });

  it('reach the owner at 08:00 local on their first working day back, after the clocks go forward and Easter Monday', async () => {
    const plan = await seedActionPlan(db.prisma, 'away-bst', [
      { ref: 'RAP-1', group: 'rap', cadence: 'MONTHLY', lastUpdateAt: new Date('2027-02-18T10:00:00Z'), dueDate: '2027-06-30' },
    ]);
    const users = await linkPeople(db.prisma, plan, `${WORKSPACE}-bst`);
    await away(db.prisma, plan.people.owner, '2027-03-15', '2027-03-26');
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionReminderJob({ owner: 'a' });
    await job.run(deps, new Date('2027-03-22T10:00:00Z'));
    expect(directsTo(sent, users.deputy)).toHaveLength(1);
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    // Back after Good Friday (26th, the last day away): Easter Monday 29 March is a bank holiday, so the first
    // working day is Tuesday 30 March, in British Summer Time: 06:45 UTC is 07:45 local, 07:00 UTC is 08:00.
    await job.run(deps, new Date('2027-03-29T09:00:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    await job.run(deps, new Date('2027-03-30T06:45:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(0);
    await job.run(deps, new Date('2027-03-30T07:00:00Z'));
    expect(directsTo(sent, users.owner)).toHaveLength(1);
    expect(directsTo(sent, users.deputy)).toHaveLength(1);
  });
});

describe('the chair\'s overdue summary while people are away', () => {
  it('goes to the secretariat when the chair is away and there is no vice-chair, showing the away owner and who was reminded', async () => {
    const { plan, users } = await monthlyPlan('away-chair');
    await away(db.prisma, plan.people.rapChair, '2026-11-23', '2027-01-04', 'annual leave');
    await away(db.prisma, plan.people.owner, '2026-11-19', '2026-11-27');
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionEscalationJob({ owner: 'a' });
    await Promise.all([job.run(deps, new Date('2026-11-24T10:00:00Z')), createActionEscalationJob({ owner: 'b' }).run(deps, new Date('2026-11-24T10:00:01Z'))]);
    expect(directsTo(sent, users.rapChair)).toHaveLength(0);
    const secretary = directsTo(sent, users.secretary);
    expect(secretary).toHaveLength(1);
    expect(secretary[0]?.text).toContain('You get this in place of Rita Chair, chair of Responsible Authorities Partnership, who is away until 4 Jan.');
    expect(secretary[0]?.text).toContain('Owner Olly Owner away until 27 Nov, deputy reminded');
  });

  it('goes to the vice-chair when there is one who is not away', async () => {
    const { plan, users } = await monthlyPlan('away-vice');
    await db.prisma.membership.create({ data: { groupId: plan.groups.rap, personId: plan.people.member, role: 'VICE_CHAIR' } });
    await away(db.prisma, plan.people.rapChair, '2026-11-23', '2027-01-04');
    const { deps, sent } = depsWith(db.prisma);
    await createActionEscalationJob({ owner: 'a' }).run(deps, new Date('2026-11-24T10:00:00Z'));
    expect(directsTo(sent, users.rapChair)).toHaveLength(0);
    expect(directsTo(sent, users.secretary)).toHaveLength(0);
    const vice = directsTo(sent, users.member);
    expect(vice).toHaveLength(1);
    expect(vice[0]?.text).toContain('RAP-1');
    expect(vice[0]?.text).toContain('in place of Rita Chair');

    // The vice-chair away as well: the secretariat is told.
    await away(db.prisma, plan.people.member, '2026-11-25', '2026-11-25');
    await createActionEscalationJob({ owner: 'a' }).run(deps, new Date('2026-11-25T10:00:00Z'));
    expect(directsTo(sent, users.member)).toHaveLength(1);
    expect(directsTo(sent, users.secretary)).toHaveLength(1);
  });
});
