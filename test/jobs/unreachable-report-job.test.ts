// The secretariat's weekly list of people the bot could not reach, run as the scheduler runs it
// (job.run(deps, now)) on a real database: owners with no chat account and a platform's refusal, found by
// the reminder job in one week, listed once to the secretariat on the Monday after, with what each missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createUnreachableReportJob, UNREACHABLE_REPORT_JOB_NAME } from '../../src/jobs/unreachable-report-job.ts';
import type { Notifier } from '../../src/services/chat-core.ts';
import { DAY_MS, TUESDAY_10AM, linkPeople, recordingNotifier, seedActionPlan } from '../actions/action-fixtures.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
const logger = capturingLogger();
/** Monday 30 November 2026, 08:15 in London: the first working hour of the week after TUESDAY_10AM's. */
const NEXT_MONDAY = new Date('2026-11-30T08:15:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

function toSecretaryOf(sent: ReturnType<typeof recordingNotifier>, userId: string) {
  return sent.directs.filter((entry) => 'userId' in entry.target && entry.target.userId === userId);
}

/** Records what it sends; refuses one Slack user the way @slack/web-api reports a platform error. */
function notifierRefusing(userId: string) {
  const recording = recordingNotifier('SLACK');
  const notifier: Notifier = {
    ...recording.notifier,
    async sendDirect(target, message) {
      if (target.userId === userId) {
        throw Object.assign(new Error('An API error occurred: user_disabled'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'user_disabled' } });
      }
      return recording.notifier.sendDirect(target, message);
    },
  };
  return { ...recording, notifier };
}

describe('weekly list of people the bot could not reach', () => {
  it('goes once to each of the secretariat on the Monday after, naming who, why and what they missed', async () => {
    const lastWeek = new Date(TUESDAY_10AM.getTime() - 8 * DAY_MS);
    const plan = await seedActionPlan(db.prisma, 'unreach', [
      { ref: 'U-1', lastUpdateAt: lastWeek },
      { ref: 'U-2', lastUpdateAt: lastWeek },
      { ref: 'U-3', owner: 'secondOwner', lastUpdateAt: lastWeek },
    ]);
    const users = await linkPeople(db.prisma, plan, 'T0UNREACH');
    await db.prisma.chatIdentity.deleteMany({ where: { personId: plan.people.owner } });
    const sent = notifierRefusing(users.secondOwner);
    const deps = { services: { db: db.prisma, logger, notifiers: { SLACK: sent.notifier } } };

    await createActionReminderJob({ owner: 'reminders' }).run(deps, TUESDAY_10AM);
    expect(sent.directs).toHaveLength(0);

    const job = createUnreachableReportJob({ owner: 'report-a' });
    // Still the same week: nothing yet.
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + DAY_MS));
    expect(toSecretaryOf(sent, users.secretary)).toHaveLength(0);

    // Two replicas wake at the same moment on the Monday after.
    const [report] = await Promise.all([job.run(deps, NEXT_MONDAY), createUnreachableReportJob({ owner: 'report-b' }).run(deps, NEXT_MONDAY)]);
    const toSecretary = toSecretaryOf(sent, users.secretary);
    expect(toSecretary).toHaveLength(1);
    const text = toSecretary[0]!.text;
    expect(text).toContain('In the week starting 23 Nov 2026, these 2 people of Safer unreach missed messages from the bot');
    expect(text).toContain('Olly Owner (olly-owner)');
    expect(text).toContain('Why: no chat account linked');
    expect(text).toContain('Missed: update reminder for U-1, U-2');
    expect(text).toContain('Sue Second (sue-second)');
    expect(text).toContain('Why: Slack refused delivery (An API error occurred: user_disabled)');
    expect(text).toContain('Missed: update reminder for U-3');
    expect(report?.summary ?? '').toMatch(/unreach: (2 unreachable person\(s\), list sent to 1 of 1 in the secretariat|already done this period)/);

    await job.run(deps, new Date(NEXT_MONDAY.getTime() + 2 * 3_600_000));
    await job.run(deps, new Date(NEXT_MONDAY.getTime() + DAY_MS));
    expect(toSecretaryOf(sent, users.secretary)).toHaveLength(1);
    expect(await db.prisma.jobRun.count({ where: { jobName: UNREACHABLE_REPORT_JOB_NAME, scope: plan.partnershipId, periodKey: '2026-W49' } })).toBe(1);
  });

  it('sends nothing in a week when everyone was reached', async () => {
    const plan = await seedActionPlan(db.prisma, 'all-reached', [{ ref: 'R-1', lastUpdateAt: new Date(TUESDAY_10AM.getTime() - 8 * DAY_MS) }]);
    const users = await linkPeople(db.prisma, plan, 'T0REACHED');
    const sent = recordingNotifier('SLACK');
    const deps = { services: { db: db.prisma, logger, notifiers: { SLACK: sent.notifier } } };
    await createActionReminderJob({ owner: 'reminders-2' }).run(deps, TUESDAY_10AM);
    const report = await createUnreachableReportJob({ owner: 'report-c' }).run(deps, NEXT_MONDAY);
    expect(report?.summary).toContain('all-reached: everyone was reached last week');
    expect(toSecretaryOf(sent, users.secretary)).toHaveLength(0);
  });
});
