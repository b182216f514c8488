// The reminder and escalation jobs with a fixed clock on a real database: one DM per owner per period,
// nothing at weekends or twice, snoozes, extra reminder sections, two instances on one database, catch-up
// at start, and the chair's daily summary.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { ACTION_REMINDER_JOB_NAME, createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { importCsvText } from '../../src/import/partnership-import.ts';
import { reminderDedupeKey, type ReminderSource } from '../../src/services/actions/reminder-message.ts';
import { actionUpdateReminderSource } from '../../src/services/actions/update-reminder-source.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ActionsBlock, ButtonView } from '../../src/views/model.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { DAY_MS, TUESDAY_10AM, linkPeople, recordingNotifier, seedActionPlan, type ActionPlan } from './action-fixtures.ts';

const WORKSPACE = 'T0JOBS';
const HOUR_MS = 3_600_000;

let db: TestDatabase;
const logger = capturingLogger();

function depsWith(prisma: PrismaClient, notifier = recordingNotifier('SLACK')) {
  return { deps: { services: { db: prisma, logger, notifiers: { SLACK: notifier.notifier } } }, sent: notifier };
}

function directsTo(sent: ReturnType<typeof recordingNotifier>, userIds: readonly string[]) {
  return sent.directs.filter((entry) => 'userId' in entry.target && userIds.includes(entry.target.userId));
}

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

/** Weekly actions last updated 8 days before the Tuesday: due on the Monday. */
async function weeklyPlan(slug: string): Promise<{ plan: ActionPlan; users: Record<keyof ActionPlan['people'], string> }> {
  const lastWeek = new Date(TUESDAY_10AM.getTime() - 8 * DAY_MS);
  const plan = await seedActionPlan(db.prisma, slug, [
    { ref: 'W-1', lastUpdateAt: lastWeek },
    { ref: 'W-2', lastUpdateAt: lastWeek, status: 'AT_RISK' },
    { ref: 'W-3', lastUpdateAt: new Date(TUESDAY_10AM.getTime() - 2 * DAY_MS) },
    { ref: 'W-4', lastUpdateAt: lastWeek, status: 'COMPLETE', progress: 100 },
    { ref: 'M-1', owner: 'secondOwner', group: 'rap', lastUpdateAt: new Date('2026-10-20T10:00:00Z') },
  ]);
  return { plan, users: await linkPeople(db.prisma, plan, WORKSPACE) };
}

describe('update reminders', () => {
  it('send the due owner exactly one DM for everything due, none on a second run in the period, none at the weekend', async () => {
    const { plan, users } = await weeklyPlan('rem-once');
    const job = createActionReminderJob({ owner: 'test-a' });
    const { deps, sent } = depsWith(db.prisma);
    const mine = [users.owner, users.secondOwner];

    // Saturday 10:00 and Tuesday 07:30 and 18:00 are outside working hours: nothing, and no period is used up.
    await job.run(deps, new Date('2026-11-21T10:00:00Z'));
    await job.run(deps, new Date('2026-11-24T07:30:00Z'));
    await job.run(deps, new Date('2026-11-24T18:00:00Z'));
    expect(directsTo(sent, mine)).toHaveLength(0);
    expect(await db.prisma.jobRun.count({ where: { jobName: ACTION_REMINDER_JOB_NAME, scope: plan.partnershipId } })).toBe(0);

    const report = await job.run(deps, TUESDAY_10AM);
    expect(report?.summary).toContain('rem-once: 2 reminder(s) sent, 0 undelivered, for 3 item(s) due; 0 item(s) skipped');
    const owner = directsTo(sent, [users.owner]);
    expect(owner).toHaveLength(1);
    expect(owner[0]?.text).toContain('2 progress updates are due');
    expect(owner[0]?.text).toContain('W-1 Action W-1');
    expect(owner[0]?.text).toContain('W-2 Action W-2');
    expect(owner[0]?.text).not.toContain('W-3');
    expect(owner[0]?.text).not.toContain('W-4');
    const buttons = owner[0]!.message.blocks.flatMap((block) => (block.type === 'list' ? block.items.flatMap((item) => (item.button ? [item.button] : [])) : []));
    expect(buttons.map((button) => [button.actionId, button.value])).toEqual([
      [ACTION_IDS.openUpdateForm, { actionId: plan.actions['W-1'] }],
      [ACTION_IDS.openUpdateForm, { actionId: plan.actions['W-2'] }],
    ]);
    const snooze = owner[0]!.message.blocks.find((block): block is ActionsBlock => block.type === 'actions')?.controls as ButtonView[];
    expect(snooze.map((button) => button.value)).toEqual([{ refs: ['W-1', 'W-2'], length: 'DAY' }, { refs: ['W-1', 'W-2'], length: 'WEEK' }]);
    expect(directsTo(sent, [users.secondOwner])).toHaveLength(1);

    const notifications = await db.prisma.notification.findMany({ where: { recipientId: plan.people.owner }, orderBy: { dedupeKey: 'asc' } });
    expect(notifications).toHaveLength(2);
    expect(notifications.find((row) => row.subjectId === plan.actions['W-1'])).toMatchObject({
      kind: 'ACTION_UPDATE_REMINDER',
      dedupeKey: reminderDedupeKey('ACTION_UPDATE_REMINDER', plan.actions['W-1']!, plan.people.owner, '2026-W48'),
      periodKey: '2026-W48',
      platform: 'SLACK',
      channelId: `D-${users.owner}`,
      error: null,
    });
    expect(notifications.every((row) => row.sentAt !== null)).toBe(true);

    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 20 * 60_000));
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + HOUR_MS));
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + DAY_MS));
    expect(directsTo(sent, mine)).toHaveLength(2);

    // A week on, the weekly updates are due again (a new period): one more DM for the owner.
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 7 * DAY_MS));
    expect(directsTo(sent, [users.owner])).toHaveLength(2);
  });

  it('remind once more when a snooze ends, and record why an owner could not be reached', async () => {
    const { plan, users } = await weeklyPlan('rem-snooze');
    await db.prisma.chatIdentity.deleteMany({ where: { personId: plan.people.secondOwner } });
    const job = createActionReminderJob({ owner: 'test-b' });
    const { deps, sent } = depsWith(db.prisma);
    await job.run(deps, TUESDAY_10AM);
    expect(directsTo(sent, [users.owner])).toHaveLength(1);
    const unreachable = await db.prisma.notification.findFirstOrThrow({ where: { recipientId: plan.people.secondOwner } });
    expect(unreachable).toMatchObject({ sentAt: null, error: 'no chat account linked' });

    const until = new Date('2026-11-25T10:00:00Z');
    await db.prisma.action.updateMany({ where: { id: { in: [plan.actions['W-1']!, plan.actions['W-2']!] } }, data: { reminderSnoozedUntil: until } });
    await job.run(deps, new Date('2026-11-25T09:30:00Z'));
    expect(directsTo(sent, [users.owner])).toHaveLength(1);
    await job.run(deps, new Date('2026-11-25T10:15:00Z'));
    const owner = directsTo(sent, [users.owner]);
    expect(owner).toHaveLength(2);
    expect(owner[1]?.text).toContain('2 progress updates are due');
    await job.run(deps, new Date('2026-11-25T11:15:00Z'));
    expect(directsTo(sent, [users.owner])).toHaveLength(2);
  });

  it('send what is still due, once, at the next run after an unreachable owner links a chat account', async () => {
    const { plan } = await weeklyPlan('rem-relink');
    await db.prisma.chatIdentity.deleteMany({ where: { personId: plan.people.owner } });
    const job = createActionReminderJob({ owner: 'test-relink' });
    const { deps, sent } = depsWith(db.prisma);
    const first = await job.run(deps, TUESDAY_10AM);
    expect(first?.summary).toContain('rem-relink: 1 reminder(s) sent, 1 undelivered');
    expect(await db.prisma.notification.count({ where: { recipientId: plan.people.owner, sentAt: null, error: 'no chat account linked' } })).toBe(2);

    await db.prisma.chatIdentity.create({ data: { personId: plan.people.owner, platform: 'SLACK', workspaceId: WORKSPACE, userId: 'U-rem-relink-late', linkedBy: 'EMAIL' } });
    const next = await job.run(deps, new Date(TUESDAY_10AM.getTime() + HOUR_MS));
    expect(next?.summary).toContain('rem-relink: 1 reminder(s) sent, 0 undelivered, for 2 item(s) due');
    const late = directsTo(sent, ['U-rem-relink-late']);
    expect(late).toHaveLength(1);
    expect(late[0]?.text).toContain('2 progress updates are due');
    expect(await db.prisma.notification.count({ where: { recipientId: plan.people.owner, sentAt: { not: null }, error: null } })).toBe(2);

    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 2 * HOUR_MS));
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + DAY_MS));
    expect(directsTo(sent, ['U-rem-relink-late'])).toHaveLength(1);
  });

  it('fold sections from other features into the same single DM', async () => {
    const { plan, users } = await weeklyPlan('rem-sections');
    const hallmarks: ReminderSource = {
      name: 'hallmark-reviews',
      async collect(_db, partnership) {
        if (partnership.id !== plan.partnershipId) return { items: [], section: () => ({ order: 20, blocks: [], summary: '' }) };
        const recipient = { id: plan.people.owner, name: 'Olly Owner' };
        return {
          items: [{ recipient, kind: 'HALLMARK_REVIEW_REMINDER', subjectId: 'H-7', periodKey: '2026-W48', dedupeKey: reminderDedupeKey('HALLMARK_REVIEW_REMINDER', 'H-7', recipient.id, '2026-W48') }],
          section: (claimed) => ({ order: 20, blocks: [{ type: 'text', text: `Hallmark items to review: ${claimed.map((item) => item.subjectId).join(', ')}` }], summary: '1 hallmark review due' }),
        };
      },
    };
    const job = createActionReminderJob({ owner: 'test-c', sources: [hallmarks, actionUpdateReminderSource] });
    const { deps, sent } = depsWith(db.prisma);
    await job.run(deps, TUESDAY_10AM);
    const owner = directsTo(sent, [users.owner]);
    expect(owner).toHaveLength(1);
    const text = owner[0]!.text;
    expect(text.indexOf('2 progress updates are due')).toBeGreaterThan(-1);
    expect(text.indexOf('Hallmark items to review: H-7')).toBeGreaterThan(text.indexOf('2 progress updates are due'));
    expect(owner[0]!.message.fallbackText).toBe('Reminder: 2 action updates due; 1 hallmark review due');
    expect(await db.prisma.notification.count({ where: { recipientId: plan.people.owner, kind: 'HALLMARK_REVIEW_REMINDER' } })).toBe(1);
  });

  it('count an update imported with `import-csv updates` as the last update', async () => {
    const { plan, users } = await weeklyPlan('rem-import');
    await importCsvText(db.prisma, 'updates', 'ref,date,status,progress,done\nW-1,2026-11-23,on-track,60,From the board pack\n', 'updates.csv', {
      partnership: plan.slug,
      now: TUESDAY_10AM,
    });
    expect(await db.prisma.action.findUniqueOrThrow({ where: { id: plan.actions['W-1']! } })).toMatchObject({ progress: 60, lastUpdateAt: expect.any(Date) });
    const { deps, sent } = depsWith(db.prisma);
    await createActionReminderJob({ owner: 'test-import' }).run(deps, TUESDAY_10AM);
    const owner = directsTo(sent, [users.owner]);
    expect(owner).toHaveLength(1);
    expect(owner[0]?.text).toContain('W-2 Action W-2');
    expect(owner[0]?.text).not.toContain('W-1 Action W-1');
  });

  it('catch up at start what fell due while the service was down, once', async () => {
    const { users } = await weeklyPlan('rem-catch-up');
    const sent = recordingNotifier('SLACK');
    const mondayMorning = new Date('2026-11-30T08:05:00Z');
    const scheduler = createScheduler({
      jobs: [createActionReminderJob({ owner: 'test-d' })],
      deps: { services: { db: db.prisma, logger, notifiers: { SLACK: sent.notifier } } },
      timeZone: 'Europe/London',
      logger,
      clock: () => mondayMorning,
    });
    await scheduler.start();
    await scheduler.runNow(ACTION_REMINDER_JOB_NAME);
    await scheduler.stop();
    // Due since Monday 23rd and never reminded: one DM each, however often the job is woken.
    expect(directsTo(sent, [users.owner])).toHaveLength(1);
    expect(directsTo(sent, [users.secondOwner])).toHaveLength(1);
  });
});

describe('two scheduler instances on one database', () => {
  let second: Database | undefined;

  afterAll(async () => {
    await second?.close();
  });

  it('send exactly one DM when both run the reminder job at the same moment, each with its own client and notifier', async () => {
    const { users } = await weeklyPlan('rem-replicas');
    // On a PostgreSQL server the second instance has a connection pool of its own; embedded PGlite is one
    // session, so there both instances share the one client (still two concurrent runs).
    second = db.url ? await openDatabase({ databaseUrl: db.url, dataDir: tmpdir() }) : undefined;
    const first = depsWith(db.prisma);
    const other = depsWith(second?.prisma ?? db.prisma);
    const moment = new Date('2026-11-26T09:00:00Z');
    await Promise.all([
      createActionReminderJob({ owner: 'replica-1' }).run(first.deps, moment),
      createActionReminderJob({ owner: 'replica-2' }).run(other.deps, moment),
    ]);
    expect(directsTo(first.sent, [users.owner]).length + directsTo(other.sent, [users.owner]).length).toBe(1);

    // Different hours (so both claim their own period in the ledger) racing on the same reminders: the
    // notification keys still let only one through.
    const { users: racing } = await weeklyPlan('rem-replicas-keys');
    await Promise.all([
      createActionReminderJob({ owner: 'replica-3' }).run(first.deps, new Date('2026-11-27T10:59:59Z')),
      createActionReminderJob({ owner: 'replica-4' }).run(other.deps, new Date('2026-11-27T11:00:00Z')),
    ]);
    expect(directsTo(first.sent, [racing.owner]).length + directsTo(other.sent, [racing.owner]).length).toBe(1);
    expect(directsTo(first.sent, [racing.secondOwner]).length + directsTo(other.sent, [racing.secondOwner]).length).toBe(1);
  });
});

describe('escalation', () => {
  it('tells each chair once a day, in one summary, about overdue updates and passed due dates; unchaired groups go to the secretariat', async () => {
    const long = new Date(TUESDAY_10AM.getTime() - 30 * DAY_MS);
    const plan = await seedActionPlan(db.prisma, 'escalate', [
      { ref: 'E-1', lastUpdateAt: long },
      { ref: 'E-2', dueDate: '2026-11-20', lastUpdateAt: new Date(TUESDAY_10AM.getTime() - DAY_MS) },
      { ref: 'E-3', lastUpdateAt: new Date(TUESDAY_10AM.getTime() - 10 * DAY_MS) },
      { ref: 'E-4', status: 'COMPLETE', dueDate: '2026-01-01', lastUpdateAt: long },
      { ref: 'E-5', group: 'rap', owner: null, dueDate: '2026-10-01' },
      { ref: 'E-6', group: null, lastUpdateAt: long, cadence: 'WEEKLY' },
    ]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    await db.prisma.membership.deleteMany({ where: { groupId: plan.groups.rap, role: 'CHAIR' } });
    const job = createActionEscalationJob({ owner: 'test-e' });
    const { deps, sent } = depsWith(db.prisma);

    await job.run(deps, new Date('2026-11-28T10:00:00Z'));
    expect(directsTo(sent, Object.values(users))).toHaveLength(0);

    await job.run(deps, TUESDAY_10AM);
    const chair = directsTo(sent, [users.pogChair]);
    expect(chair).toHaveLength(1);
    expect(chair[0]?.text).toContain('These 2 actions of Safer escalate are overdue in the groups you chair');
    expect(chair[0]?.text).toContain('E-1 Action E-1');
    expect(chair[0]?.text).toContain('update 23 days overdue');
    expect(chair[0]?.text).toContain('E-2 Action E-2');
    expect(chair[0]?.text).toContain('due date 20 Nov 2026 has passed');
    // Weekly (POG's default) and 10 days since the last update: 3 days overdue, under the threshold of 7.
    expect(chair[0]?.text).not.toContain('E-3');
    expect(chair[0]?.text).not.toContain('E-4');
    const secretary = directsTo(sent, [users.secretary]);
    expect(secretary).toHaveLength(1);
    expect(secretary[0]?.text).toContain('groups that have no chair');
    expect(secretary[0]?.text).toContain('E-5 Action E-5');
    expect(secretary[0]?.text).toContain('Owner none');
    expect(secretary[0]?.text).toContain('E-6 Action E-6');
    expect(directsTo(sent, [users.owner, users.rapChair])).toHaveLength(0);

    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 3 * HOUR_MS));
    expect(directsTo(sent, Object.values(users))).toHaveLength(2);
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + DAY_MS));
    expect(directsTo(sent, [users.pogChair])).toHaveLength(2);
  });

  it('log only the summaries that reached someone as sent, and the rest as undelivered', async () => {
    const long = new Date(TUESDAY_10AM.getTime() - 30 * DAY_MS);
    const plan = await seedActionPlan(db.prisma, 'escalate-log', [
      { ref: 'L-1', lastUpdateAt: long },
      { ref: 'L-2', group: 'rap', lastUpdateAt: long, cadence: 'WEEKLY' },
    ]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    await db.prisma.chatIdentity.deleteMany({ where: { personId: plan.people.rapChair } });
    const { deps, sent } = depsWith(db.prisma);

    const report = await createActionEscalationJob({ owner: 'test-log' }).run(deps, TUESDAY_10AM);
    expect(directsTo(sent, [users.pogChair])).toHaveLength(1);
    expect(report?.summary).toContain('escalate-log: 2 overdue action(s): 1 summary(ies) sent, 1 undelivered, 0 skipped');
  });
});
