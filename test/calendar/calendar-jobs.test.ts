// The scheduled jobs on the working calendar, with fixed clocks on a real database: nothing on Christmas Day,
// the Boxing Day substitute, Good Friday, Easter Monday or the late May bank holiday, nor on a partnership's
// own closure days; part-time officers reminded in their own hours across the March 2027 clock change; the
// digest moved to the next working day as the same period, exactly once with two replicas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClosureDays, saveWorkingPattern } from '../../src/db/calendar-store.ts';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { DIGEST_JOB_NAME, createDigestJob } from '../../src/jobs/digest-job.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { linkPeople, recordingNotifier, seedActionPlan } from '../actions/action-fixtures.ts';
import { linkChannel, recordingNotifier as recordingChannelNotifier, seedDigestScenario } from '../digest/digest-fixtures.ts';

const WORKSPACE = 'T0CAL';
let db: TestDatabase;
const logger = capturingLogger();

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

function depsWith(prisma: PrismaClient) {
  const sent = recordingNotifier('SLACK');
  return { deps: { services: { db: prisma, logger, notifiers: { SLACK: sent.notifier } } }, sent };
}

/** Runs `job` at each instant (ISO, UTC) and returns the instants at which someone in `userIds` got a DM. */
async function sendTimes(run: (now: Date) => Promise<unknown>, sent: ReturnType<typeof recordingNotifier>, userIds: readonly string[], instants: readonly string[]) {
  const times: string[] = [];
  for (const instant of instants) {
    const before = sent.directs.length;
    await run(new Date(instant));
    if (sent.directs.slice(before).some((entry) => 'userId' in entry.target && userIds.includes(entry.target.userId))) times.push(instant);
  }
  return times;
}

/** Every working-hours quarter-hour wake would be slow; hourly wakes on the hour cover every ledger period. */
function hourly(fromIso: string, toIso: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(fromIso); at <= Date.parse(toIso); at += 3_600_000) out.push(new Date(at).toISOString());
  return out;
}

describe('update reminders over Christmas and New Year 2026', () => {
  it('remind an update due on Saturday 26 December at 08:00 on Tuesday 29 December, not on the substitute Monday', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-xmas', [{ ref: 'X-1', cadence: 'WEEKLY', lastUpdateAt: new Date('2026-12-19T10:00:00Z') }]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionReminderJob({ owner: 'cal-a' });
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.owner], hourly('2026-12-24T00:00:00Z', '2026-12-29T12:00:00Z'));
    expect(times).toEqual(['2026-12-29T08:00:00.000Z']);
  });

  it('send one DM when two replicas wake together on the first working morning', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-replicas', [{ ref: 'R-1', cadence: 'WEEKLY', lastUpdateAt: new Date('2026-12-19T10:00:00Z') }]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const first = createActionReminderJob({ owner: 'replica-1' });
    const second = createActionReminderJob({ owner: 'replica-2' });
    const tuesday = new Date('2026-12-29T08:00:00Z');
    await Promise.all([first.run(deps, tuesday), second.run(deps, tuesday)]);
    await Promise.all([first.run(deps, new Date(tuesday.getTime() + 15 * 60_000)), second.run(deps, new Date(tuesday.getTime() + 3_600_000))]);
    expect(sent.directs.filter((entry) => 'userId' in entry.target && entry.target.userId === users.owner)).toHaveLength(1);
  });

  it('wait past the partnership\'s own closure days between Christmas and New Year, to Monday 4 January', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-shut', [{ ref: 'S-1', cadence: 'WEEKLY', lastUpdateAt: new Date('2026-12-19T10:00:00Z') }]);
    await addClosureDays(db.prisma, plan.partnershipId, ['2026-12-29', '2026-12-30', '2026-12-31'], 'Christmas shutdown');
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionReminderJob({ owner: 'cal-b' });
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.owner], hourly('2026-12-28T00:00:00Z', '2027-01-04T09:00:00Z'));
    expect(times).toEqual(['2027-01-04T08:00:00.000Z']);
  });
});

describe('the chair\'s overdue summary over Christmas 2026', () => {
  it('goes on Thursday 24 and Tuesday 29 December, not on Christmas Day nor on Monday 28', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-esc', [{ ref: 'E-1', dueDate: '2026-12-18', lastUpdateAt: new Date('2026-12-17T10:00:00Z') }]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionEscalationJob({ owner: 'cal-e' });
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.pogChair], hourly('2026-12-24T00:00:00Z', '2026-12-29T12:00:00Z'));
    expect(times).toEqual(['2026-12-24T08:00:00.000Z', '2026-12-29T08:00:00.000Z']);
  });

  it('waits for a chair who starts at 10:00, and reaches them once that day', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-esc-late', [{ ref: 'L-1', dueDate: '2026-12-18', lastUpdateAt: new Date('2026-12-17T10:00:00Z') }]);
    await saveWorkingPattern(db.prisma, plan.people.pogChair, { workingDays: [1, 2, 3, 4, 5], startHour: 10, endHour: 16, timeZone: null });
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionEscalationJob({ owner: 'cal-f' });
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.pogChair], hourly('2026-12-29T07:00:00Z', '2026-12-29T17:00:00Z'));
    expect(times).toEqual(['2026-12-29T10:00:00.000Z']);
  });
});

describe('a part-time officer over Easter 2027 and the clock change', () => {
  it('is reminded of an update due on Maundy Thursday at 09:00 BST on Tuesday 30 March, their first working hour', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-easter', [{ ref: 'P-1', owner: 'secondOwner', cadence: 'WEEKLY', lastUpdateAt: new Date('2027-03-18T10:00:00Z') }]);
    await saveWorkingPattern(db.prisma, plan.people.secondOwner, { workingDays: [1, 2, 3], startHour: 9, endHour: 15, timeZone: null });
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionReminderJob({ owner: 'cal-p' });
    // British Summer Time starts on Easter Sunday, 28 March 2027: 09:00 on Tuesday is 08:00 UTC.
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.secondOwner], hourly('2027-03-25T00:00:00Z', '2027-03-30T12:00:00Z'));
    expect(times).toEqual(['2027-03-30T08:00:00.000Z']);
  });
});

describe('the late May bank holiday 2027', () => {
  it('moves a reminder due on Monday 31 May to Tuesday 1 June, 08:00 BST', async () => {
    const plan = await seedActionPlan(db.prisma, 'cal-may', [{ ref: 'M-1', cadence: 'WEEKLY', lastUpdateAt: new Date('2027-05-24T10:00:00Z') }]);
    const users = await linkPeople(db.prisma, plan, WORKSPACE);
    const { deps, sent } = depsWith(db.prisma);
    const job = createActionReminderJob({ owner: 'cal-m' });
    const times = await sendTimes((now) => job.run(deps, now), sent, [users.owner], hourly('2027-05-31T00:00:00Z', '2027-06-01T12:00:00Z'));
    expect(times).toEqual(['2027-06-01T07:00:00.000Z']);
  });
});

describe('the weekly digest on a bank holiday', () => {
  async function digestWorld(slug: string, rule?: 'POST_ANYWAY') {
    const scenario = await seedDigestScenario(db.prisma, slug);
    if (rule) await db.prisma.partnership.update({ where: { id: scenario.partnershipId }, data: { digestOnBankHoliday: rule } });
    const channelId = `C${slug.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    await linkChannel(db.prisma, scenario.groups.board, 'SLACK', channelId, { linkedAt: new Date('2026-12-01T00:00:00Z') });
    const slack = recordingChannelNotifier('SLACK');
    let clock = new Date(0);
    const services: CoreServices = { db: db.prisma, logger, notifiers: { SLACK: slack }, now: () => clock };
    const run = (at: string, owner = `digest-${slug}`) => {
      clock = new Date(at);
      return createDigestJob({ owner }).run({ logger, services }, clock);
    };
    const posts = () => slack.posts.filter((post) => post.target.channelId === channelId);
    const runs = () => db.prisma.jobRun.findMany({ where: { jobName: DIGEST_JOB_NAME, scope: scenario.groups.board }, orderBy: { periodKey: 'asc' } });
    return { run, posts, runs };
  }

  it('posts Easter Monday\'s digest on Tuesday 30 March 2027 at 09:00 BST, once, as week 13, with two replicas', async () => {
    const world = await digestWorld('cal-dig-easter');
    await world.run('2027-03-22T09:00:00Z');
    expect(world.posts()).toHaveLength(1);
    await world.run('2027-03-29T08:00:00Z');
    await world.run('2027-03-29T12:00:00Z');
    await world.run('2027-03-30T07:59:00Z');
    expect(world.posts()).toHaveLength(1);
    await Promise.all([world.run('2027-03-30T08:00:00Z', 'replica-1'), world.run('2027-03-30T08:00:00Z', 'replica-2')]);
    await world.run('2027-03-30T08:01:00Z');
    expect(world.posts()).toHaveLength(2);
    expect((await world.runs()).map((run) => [run.periodKey, run.status, run.late])).toEqual([
      ['2027-W12', 'SUCCEEDED', false],
      ['2027-W13', 'SUCCEEDED', false],
    ]);
  });

  it('posts the substitute Monday\'s digest on Tuesday 29 December 2026', async () => {
    const world = await digestWorld('cal-dig-xmas');
    await world.run('2026-12-28T09:00:00Z');
    expect(world.posts()).toHaveLength(0);
    await world.run('2026-12-29T09:00:00Z');
    expect(world.posts()).toHaveLength(1);
    expect((await world.runs()).map((run) => run.periodKey)).toEqual(['2026-W53']);
  });

  it('posts on the bank holiday itself when the partnership chose to post anyway', async () => {
    const world = await digestWorld('cal-dig-anyway', 'POST_ANYWAY');
    await world.run('2027-05-31T08:00:00Z');
    expect(world.posts()).toHaveLength(1);
    await world.run('2027-06-01T08:00:00Z');
    expect(world.posts()).toHaveLength(1);
  });
});
