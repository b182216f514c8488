// The digest job against a real database with a fixed clock: when it fires (09:00 London on both sides of the
// October clock change), exactly once per group and week (second wake, second replica, restart), late catch-up,
// retries with backoff for platform failures, and permanent failures recorded and reported, not retried.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextCronTime, parseCron } from '../../src/domain/cron.ts';
import { DIGEST_JOB_NAME, createDigestJob, type DigestJobOptions } from '../../src/jobs/digest-job.ts';
import type { Notifiers } from '../../src/services/chat-core.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { type DigestScenario, httpError, linkChannel, recordingNotifier, seedDigestScenario, slackPlatformError } from './digest-fixtures.ts';

describe('weekly digest job', () => {
  let db: TestDatabase;
  let scenario: DigestScenario | undefined;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  afterEach(async () => {
    // Unlinked channels take a finished test's groups out of the job's view.
    if (scenario) await db.prisma.groupChannel.deleteMany({ where: { group: { partnershipId: scenario.partnershipId } } });
    scenario = undefined;
  });

  async function setUp(channels: { group: 'board' | 'ops' | 'asb'; platform: 'SLACK' | 'TEAMS'; linkedAt?: Date }[]) {
    sequence += 1;
    scenario = await seedDigestScenario(db.prisma, `job${sequence}`);
    const ids: string[] = [];
    for (const channel of channels) {
      const channelId = `${channel.platform === 'SLACK' ? 'C' : '19:'}job${sequence}${channel.group}`;
      ids.push(channelId);
      await linkChannel(db.prisma, scenario.groups[channel.group], channel.platform, channelId, { linkedAt: channel.linkedAt, name: `${channel.group}-channel` });
    }
    const slack = recordingNotifier('SLACK');
    const teams = recordingNotifier('TEAMS');
    const logger = capturingLogger();
    const notifiers: Notifiers = { SLACK: slack, TEAMS: teams };
    let clock = new Date(0);
    const services: CoreServices = { db: db.prisma, logger, notifiers, now: () => clock };
    const run = (at: string, options: DigestJobOptions = {}) => {
      clock = new Date(at);
      return createDigestJob({ owner: `test-${sequence}`, ...options }).run({ logger, services }, clock);
    };
    return { scenario, slack, teams, logger, run, ids, services };
  }

  async function runsOf(groupId: string) {
    return db.prisma.jobRun.findMany({ where: { jobName: DIGEST_JOB_NAME, scope: groupId }, orderBy: { periodKey: 'asc' } });
  }

  it('fires at 09:00 London time on both sides of the October clock change, once a week', async () => {
    const { slack, run, scenario: seeded } = await setUp([{ group: 'board', platform: 'SLACK', linkedAt: new Date('2026-10-14T12:00:00Z') }]);
    // Monday 19 October 2026 is in British Summer Time: 09:00 local is 08:00 UTC.
    await run('2026-10-19T07:59:00Z');
    expect(slack.posts).toHaveLength(0);
    await run('2026-10-19T08:00:00Z');
    expect(slack.posts).toHaveLength(1);
    await run('2026-10-19T08:05:00Z');
    await run('2026-10-22T12:00:00Z');
    expect(slack.posts).toHaveLength(1);
    // The clocks go back on Sunday 25 October: on Monday 26th 09:00 local is 09:00 UTC, and 08:00 UTC is too early.
    await run('2026-10-26T08:00:00Z');
    expect(slack.posts).toHaveLength(1);
    await run('2026-10-26T09:00:00Z');
    expect(slack.posts).toHaveLength(2);
    await run('2026-10-26T09:05:00Z');
    expect(slack.posts).toHaveLength(2);

    const runs = await runsOf(seeded.groups.board);
    expect(runs.map((entry) => [entry.periodKey, entry.status, entry.late, entry.startedAt.toISOString()])).toEqual([
      ['2026-W43', 'SUCCEEDED', false, '2026-10-19T08:00:00.000Z'],
      ['2026-W44', 'SUCCEEDED', false, '2026-10-26T09:00:00.000Z'],
    ]);
    const posts = await db.prisma.notification.findMany({ where: { kind: 'DIGEST', subjectId: seeded.groups.board }, orderBy: { periodKey: 'asc' } });
    expect(posts.map((post) => [post.periodKey, post.platform, post.messageId, post.sentAt !== null])).toEqual([
      ['2026-W43', 'SLACK', 'SLACK-1', true],
      ['2026-W44', 'SLACK', 'SLACK-2', true],
    ]);
  });

  it('wakes every minute, so a custom schedule posts within a minute of its time, and says how late it is otherwise', async () => {
    const { slack, run, scenario: seeded } = await setUp([{ group: 'board', platform: 'SLACK', linkedAt: new Date('2026-10-14T12:00:00Z') }]);
    await db.prisma.group.update({ where: { id: seeded.groups.board }, data: { digestCron: '17 8 * * 3' } });
    const scheduledAt = new Date('2026-10-21T07:17:00Z');
    const wake = parseCron(createDigestJob().schedule);
    expect(wake.ok).toBe(true);
    const firstWake = wake.ok ? nextCronTime(wake.schedule, new Date(scheduledAt.getTime() - 1), 'UTC') : null;
    expect(firstWake?.getTime()).toBeLessThanOrEqual(scheduledAt.getTime() + 60_000);
    await run(firstWake!.toISOString());
    expect(slack.posts).toHaveLength(1);
    expect(fallbackText(slack.posts[0]!.message)).not.toContain('late');

    await run('2026-10-28T08:20:00Z');
    expect(slack.posts).toHaveLength(2);
    expect(fallbackText(slack.posts[1]!.message)).toContain('sent 3 minutes late: the bot was not running at the scheduled time (Wed 28 Oct, 08:17)');
  });

  it('posts one message per linked channel of each group, and nothing for a group without a channel', async () => {
    const { slack, teams, run, ids } = await setUp([
      { group: 'board', platform: 'SLACK' },
      { group: 'board', platform: 'TEAMS' },
      { group: 'ops', platform: 'SLACK' },
    ]);
    const report = await run('2026-10-26T09:00:00Z');
    expect(slack.posts.map((post) => post.target.channelId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(teams.posts.map((post) => post.target.channelId)).toEqual([ids[1]]);
    expect(teams.posts[0]?.target.conversationReference).toMatchObject({ conversation: { id: ids[1] } });
    expect(report).toMatchObject({ summary: expect.stringContaining('2 digest(s) posted') });
    await run('2026-10-26T11:00:00Z');
    expect(slack.posts).toHaveLength(2);
    expect(teams.posts).toHaveLength(1);
  });

  it('skips, with a warning, a channel on a platform the service does not run', async () => {
    const { slack, services, logger, scenario: seeded } = await setUp([
      { group: 'board', platform: 'SLACK' },
      { group: 'board', platform: 'TEAMS' },
    ]);
    const slackOnly = { ...services, notifiers: { SLACK: slack } };
    const at = new Date('2026-10-26T09:00:00Z');
    await createDigestJob({ owner: 'slack-only' }).run({ logger, services: slackOnly }, at);
    expect(slack.posts).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes('its platform is not running here'))).toBe(true);
    const [entry] = await runsOf(seeded.groups.board);
    expect(entry).toMatchObject({ status: 'SUCCEEDED', result: { channels: [{ platform: 'SLACK', status: 'sent' }, { platform: 'TEAMS', status: 'no-notifier' }] } });
  });

  it('lets only one of two replicas post, however they race', async () => {
    const { slack, teams, services, logger } = await setUp([
      { group: 'board', platform: 'SLACK' },
      { group: 'ops', platform: 'TEAMS' },
    ]);
    const now = new Date('2026-10-26T09:00:00Z');
    services.now = () => now;
    await Promise.all(
      ['replica-a', 'replica-b', 'replica-c'].map((owner) => createDigestJob({ owner }).run({ logger, services }, now)),
    );
    expect(slack.posts).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);
  });

  it('keeps its claim fresh while a slow post is retried, so another replica does not take it over', async () => {
    const { slack, services, logger } = await setUp([{ group: 'board', platform: 'SLACK' }]);
    let clock = new Date('2026-10-26T09:00:00Z');
    services.now = () => clock;
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const posting = new Promise<void>((resolve) => (entered = resolve));
    const realPost = slack.postToChannel.bind(slack);
    slack.postToChannel = async (target, message) => {
      entered();
      await stuck;
      return realPost(target, message);
    };
    const slow = createDigestJob({ owner: 'slow', heartbeatEveryMs: 20 }).run({ logger, services }, clock);
    await posting;
    // The post has hung for twenty minutes (a platform's own retries); the run's heartbeat keeps going.
    clock = new Date('2026-10-26T09:20:00Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const otherSlack = recordingNotifier('SLACK');
    const otherServices = { ...services, notifiers: { SLACK: otherSlack } };
    const other = await createDigestJob({ owner: 'other' }).run({ logger, services: otherServices }, new Date('2026-10-26T09:30:00Z'));
    expect(other).toEqual({ summary: 'no digests due (1 already handled or in hand)' });
    expect(otherSlack.posts).toHaveLength(0);
    release();
    await slow;
    expect(slack.posts).toHaveLength(1);
  });

  it('catches up a digest missed while the service was down once, marked late', async () => {
    const { slack, run, scenario: seeded } = await setUp([{ group: 'board', platform: 'SLACK' }]);
    await run('2026-10-28T14:30:00Z');
    expect(slack.posts).toHaveLength(1);
    expect(fallbackText(slack.posts[0]!.message)).toContain('sent 2 days late: the bot was not running at the scheduled time (Mon 26 Oct, 09:00)');
    await run('2026-10-28T14:35:00Z');
    await run('2026-10-30T09:00:00Z');
    expect(slack.posts).toHaveLength(1);
    expect((await runsOf(seeded.groups.board)).map((entry) => [entry.periodKey, entry.late])).toEqual([['2026-W44', true]]);
  });

  it('does not catch up a week whose digest time passed before the channel was linked', async () => {
    const { slack, run } = await setUp([{ group: 'board', platform: 'SLACK', linkedAt: new Date('2026-10-27T10:00:00Z') }]);
    await run('2026-10-28T09:00:00Z');
    expect(slack.posts).toHaveLength(0);
    await run('2026-11-02T09:00:00Z');
    expect(slack.posts).toHaveLength(1);
  });

  it('follows a group\'s own schedule, and skips a group whose stored schedule is invalid with a clear log line', async () => {
    const linkedAt = new Date('2026-10-24T12:00:00Z');
    const { slack, run, scenario: seeded, logger } = await setUp([
      { group: 'board', platform: 'SLACK', linkedAt },
      { group: 'ops', platform: 'SLACK', linkedAt },
    ]);
    await db.prisma.group.update({ where: { id: seeded.groups.board }, data: { digestCron: '30 16 * * fri' } });
    await db.prisma.group.update({ where: { id: seeded.groups.ops }, data: { digestCron: '0 25 * * 1' } });
    await run('2026-10-26T09:00:00Z');
    expect(slack.posts).toHaveLength(0);
    await run('2026-10-30T16:30:00Z');
    expect(slack.posts).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes('digest schedule \\"0 25 * * 1\\" is not a valid cron expression: hour 25 is out of range'))).toBe(true);
  });

  it('does not run again a post the delivery policy gave up on: it is recorded as failed and the secretariat told', async () => {
    const { slack, run, scenario: seeded } = await setUp([{ group: 'board', platform: 'SLACK' }]);
    await db.prisma.chatIdentity.create({ data: { personId: seeded.people.secretary, platform: 'SLACK', workspaceId: 'T0DIGEST', userId: `USEC${sequence}`, linkedBy: 'IMPORT' } });
    slack.failures.push(httpError(503), httpError(502), httpError(500), httpError(503));
    await run('2026-10-26T09:00:00Z');
    expect(slack.failures).toHaveLength(3);
    const [entry] = await runsOf(seeded.groups.board);
    expect(entry).toMatchObject({ status: 'FAILED', attempts: 1, error: expect.stringMatching(/^gave up: /) });
    expect(slack.directs).toHaveLength(1);
    expect(fallbackText(slack.directs[0]!.message)).toMatch(/could not be posted to #board-channel on Slack: the platform was unavailable \(HTTP 503\), and retrying did not help/);
    for (const at of ['2026-10-26T09:05:00Z', '2026-10-26T09:30:00Z', '2026-10-26T12:00:00Z', '2026-10-27T12:00:00Z']) await run(at);
    expect(slack.failures).toHaveLength(3);
    expect(slack.posts).toHaveLength(0);
    expect(slack.directs).toHaveLength(1);
  });

  it('records a permanent failure, tells the secretariat once and never retries it, while the other platform gets its post', async () => {
    const { slack, teams, run, scenario: seeded } = await setUp([
      { group: 'board', platform: 'SLACK' },
      { group: 'board', platform: 'TEAMS' },
    ]);
    await db.prisma.chatIdentity.create({ data: { personId: seeded.people.secretary, platform: 'TEAMS', workspaceId: 'tenant-digest', userId: `aad-sec-${sequence}`, linkedBy: 'IMPORT' } });
    slack.failures.push(slackPlatformError('is_archived'), slackPlatformError('is_archived'));
    await run('2026-10-26T09:00:00Z');
    expect(slack.failures).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);
    expect(teams.directs).toHaveLength(1);
    expect(teams.directs[0]?.target.userId).toBe(`aad-sec-${sequence}`);
    expect(fallbackText(teams.directs[0]!.message)).toContain('could not be posted to #board-channel on Slack: the channel has been archived');
    const [entry] = await runsOf(seeded.groups.board);
    expect(entry).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^permanent:/) });
    const slackPost = await db.prisma.notification.findFirst({ where: { kind: 'DIGEST', subjectId: seeded.groups.board, platform: 'SLACK', recipientId: null } });
    expect(slackPost).toMatchObject({ sentAt: null, error: 'permanent: the channel has been archived' });
    const audit = await db.prisma.auditEvent.findMany({ where: { partnershipId: seeded.partnershipId, action: 'digest.post' } });
    expect(audit).toMatchObject([{ outcome: 'FAILED', reason: 'the channel has been archived' }]);

    await run('2026-10-26T10:00:00Z');
    await run('2026-10-26T12:00:00Z');
    expect(slack.failures).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);
    expect(teams.directs).toHaveLength(1);
  });

  it('builds every due digest with the same number of queries, whatever the number of groups', async () => {
    const counted = await createTestDatabase({ onQuery: () => void (queries += 1) });
    let queries = 0;
    try {
      const logger = capturingLogger();
      const slack = recordingNotifier('SLACK');
      const services: CoreServices = { db: counted.prisma, logger, notifiers: { SLACK: slack }, now: () => new Date('2026-10-26T09:00:00Z') };
      const measure = async (at: string) => {
        const before = queries;
        await createDigestJob({ hasAction: (id) => id !== ACTION_IDS.openUpdateForm }).run({ logger, services }, new Date(at));
        return queries - before;
      };
      const one = await seedDigestScenario(counted.prisma, 'count-one');
      await linkChannel(counted.prisma, one.groups.board, 'SLACK', 'Ccountone');
      const forOne = await measure('2026-10-26T09:00:00Z');
      for (const slug of ['count-two', 'count-three', 'count-four']) {
        const more = await seedDigestScenario(counted.prisma, slug);
        await linkChannel(counted.prisma, more.groups.board, 'SLACK', `C${slug}`);
      }
      const forThree = await measure('2026-11-02T09:00:00Z');
      // Per group: the claim and the channel post's ledger rows; building the digests themselves is a fixed cost.
      const perGroupLedger = (forThree - forOne) / 3;
      expect(slack.posts).toHaveLength(5);
      expect(perGroupLedger).toBeLessThanOrEqual(12);
      const nothingDue = await measure('2026-11-02T10:00:00Z');
      expect(nothingDue).toBeLessThanOrEqual(6);
    } finally {
      await counted.close();
    }
  });
});
