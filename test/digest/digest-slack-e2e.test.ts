// The digest on Slack end to end: channels linked with the real `/csp channel` command through the Bolt
// receiver, the digest job posting through the real Slack notifier to the fake Web API, one message per linked
// group channel, nothing more in the same week (second wake, second replica), and a digest button answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigestCron, nextCronTime } from '../../src/domain/cron.ts';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { interactivePayloadBody, blockActionsPayload, slashCommandBody } from '../support/slack-requests.ts';
import { leaveCrashedRun, monthLabelBefore, recordDecision, seedStaleIndicator } from './digest-fixtures.ts';
import { weekKeyAt } from '../../src/domain/schedule.ts';
import { REPOST_NOTICE } from '../../src/services/digest/digest-view.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const OPS_CHANNEL = 'C0OPS00001';

describe('weekly digest on Slack, end to end', () => {
  let app: SlackTestApp;
  let monday: Date;
  let services: (at: Date) => CoreServices;
  let clock = new Date('2027-01-04T10:00:00Z');

  beforeAll(async () => {
    // The core's clock, fixed: the channels are linked on Monday 4 January 2027, a week before the first digest,
    // and each job run below moves it to its own time, so the tests pass whatever day they are run on.
    app = await startSlackTestApp({ features: [indicatorFeature, digestFeature], now: () => clock });
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    const ops = await prisma.group.create({ data: { partnershipId: app.partnershipId, key: 'ops', name: 'Operations Group', kind: 'OPERATIONS_GROUP', parentId: board.id } });
    await prisma.group.create({ data: { partnershipId: app.partnershipId, key: 'unlinked', name: 'Unlinked Group', kind: 'TASK_AND_FINISH' } });
    const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'alex' } });
    await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'SECRETARIAT' } });
    await prisma.action.create({ data: { partnershipId: app.partnershipId, ref: 'OP-1', title: 'Late action', groupId: ops.id, ownerId: alex.id, status: 'AT_RISK', dueDate: new Date('2026-01-31') } });
    const indicator = await prisma.indicator.create({ data: { partnershipId: app.partnershipId, code: 'ALL CRIME', name: 'All crime', unit: 'COUNT', polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', groupId: board.id } });
    await prisma.indicatorTarget.create({ data: { indicatorId: indicator.id, period: '2026/27', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31'), value: 48_749 } });
    // A fixed run of Mondays with no bank holiday in the three weeks the tests cover (a holiday moves a digest).
    monday = nextCronTime(parseDigestCron('0 9 * * 1'), new Date('2027-01-05T12:00:00Z'), 'Europe/London')!;
    await prisma.indicatorReading.create({ data: { indicatorId: indicator.id, ...monthLabelBefore(monday, 1), value: 60_000 } });
    await seedStaleIndicator(prisma, { partnershipId: app.partnershipId, groupId: board.id, at: monday, monthsBack: 3, leadName: 'Testford Probation Service' });

    for (const [group, channel] of [['board', BOARD_CHANNEL], ['ops', OPS_CHANNEL]] as const) {
      const response = await app.send(slashCommandBody({ text: `channel ${group}`, userId: ALEX.userId, teamId: TEAM_ID, channelId: channel, responseUrl: app.fake.responseUrl(`link-${group}`) }));
      expect(response.status).toBe(200);
      await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === channel);
    }
    expect(await prisma.groupChannel.count({ where: { group: { partnershipId: app.partnershipId } } })).toBe(2);
    services = (at) => {
      clock = at;
      return { ...app.core.services, now: () => at };
    };
    app.fake.clearCalls();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const logger = createLogger({ level: 'error', write: () => {} });

  it('posts one digest per linked group channel, and nothing more that week', async () => {
    const job = createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: services(monday) }, monday);
    const posts = app.fake.callsTo('chat.postMessage');
    expect(posts.map((call) => call.body.channel).sort()).toEqual([BOARD_CHANNEL, OPS_CHANNEL].sort());
    for (const post of posts) {
      expect(post.token).toBe('xoxb-e2e');
      expect(checkBlockKitLimits({ text: post.body.text, blocks: post.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    }
    const board = posts.find((call) => call.body.channel === BOARD_CHANNEL)!;
    expect(board.body.text).toBe('Weekly digest · Strategy Board: 1 red, 0 amber, 1 overdue action.');
    expect(JSON.stringify(board.body.blocks)).toContain('<@U0ALEX0001>');

    const later = new Date(monday.getTime() + 3 * 3_600_000);
    await job.run({ logger, services: services(later) }, later);
    const nextDay = new Date(monday.getTime() + 24 * 3_600_000);
    await createDigestJob({ owner: 'replica-2' }).run({ logger, services: services(nextDay) }, nextDay);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(2);

    const runs = await app.db.prisma.jobRun.findMany({ where: { jobName: 'weekly-digest' } });
    expect(runs.map((run) => [run.status, run.late])).toEqual([['SUCCEEDED', false], ['SUCCEEDED', false]]);
  });

  it('does not count a reading for an earlier month as a current result, and names who owes the reading', async () => {
    const board = app.fake.callsTo('chat.postMessage').find((call) => call.body.channel === BOARD_CHANNEL)!;
    const text = JSON.stringify(board.body.blocks);
    const justEnded = monthLabelBefore(monday, 1).periodStart;
    const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(justEnded);
    expect(text).toContain('🔴 1 red · 🟠 0 amber · 🟢 0 green · ⚫ 1 awaiting a reading');
    expect(text).toContain('Awaiting a reading (1)');
    expect(text).toContain(`Adult re-offending · no reading for ${monthName}`);
    expect(text).toContain('from Testford Probation Service');
  });

  it('answers the digest\'s "See all indicators" button with the group\'s indicators', async () => {
    const post = app.fake.callsTo('chat.postMessage').find((call) => call.body.channel === BOARD_CHANNEL)!;
    const blocks = post.body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === ACTION_IDS.openIndicatorList);
    expect(button?.value).toBeDefined();
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.openIndicatorList,
      value: button?.value,
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      messageTs: '1763900000.000300',
      responseUrl: app.fake.responseUrl('indicators'),
    });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/indicators');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(reply.body.blocks)).toContain('Indicators · Strategy Board');
    expect(JSON.stringify(reply.body.blocks)).toContain('ALL CRIME');
  });

  const DAY = 24 * 3_600_000;

  it('after an outage of more than a week, posts one catch-up digest covering the whole gap with each week\'s events', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    await recordDecision(prisma, { partnershipId: app.partnershipId, groupId: board.id, number: 1, decidedAt: new Date(monday.getTime() + 2 * DAY), title: 'Fund the street lighting' });
    await recordDecision(prisma, { partnershipId: app.partnershipId, groupId: board.id, number: 2, decidedAt: new Date(monday.getTime() + 9 * DAY), title: 'Adopt the ASB protocol' });
    app.fake.clearCalls();
    // Down from just after the first digest until Wednesday of the third week: two scheduled digests missed.
    const back = new Date(monday.getTime() + 16 * DAY);
    await createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) }).run({ logger, services: services(back) }, back);
    const posts = app.fake.callsTo('chat.postMessage');
    expect(posts.map((call) => call.body.channel).sort()).toEqual([BOARD_CHANNEL, OPS_CHANNEL].sort());
    const boardPost = posts.find((call) => call.body.channel === BOARD_CHANNEL)!;
    expect(boardPost.body.text).toMatch(/^Catch-up digest · Strategy Board: /);
    const text = JSON.stringify(boardPost.body.blocks);
    expect(text).toContain('catch-up for 2 missed digests: the bot was not running at the scheduled times');
    expect(text).toContain('Fund the street lighting');
    expect(text).toContain('Adopt the ASB protocol');
    expect(text).toMatch(/: 1 decision, 0 actions completed.*: 1 decision, 0 actions completed/);
    expect(checkBlockKitLimits({ text: boardPost.body.text, blocks: boardPost.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);

    const later = new Date(back.getTime() + DAY);
    await createDigestJob({ owner: 'replica-2' }).run({ logger, services: services(later) }, later);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('says a digest posted again after the bot stopped while posting may repeat an earlier post, in the channel and the ledger', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    const scheduled = new Date(monday.getTime() + 21 * DAY);
    await leaveCrashedRun(prisma, { groupId: board.id, periodKey: weekKeyAt(scheduled, 'Europe/London'), at: scheduled, platform: 'SLACK', channelId: BOARD_CHANNEL });
    app.fake.clearCalls();
    const restart = new Date(scheduled.getTime() + 20 * 60_000);
    await createDigestJob({ owner: 'replica-3' }).run({ logger, services: services(restart) }, restart);
    const boardPost = app.fake.callsTo('chat.postMessage').find((call) => call.body.channel === BOARD_CHANNEL)!;
    const text = JSON.stringify(boardPost.body.blocks);
    expect(text).toContain(REPOST_NOTICE);
    expect(text).not.toContain('the bot was not running at the scheduled time');
    const opsPost = app.fake.callsTo('chat.postMessage').find((call) => call.body.channel === OPS_CHANNEL)!;
    expect(JSON.stringify(opsPost.body.blocks)).toContain('sent 20 minutes late: the bot was not running at the scheduled time');

    const response = await app.send(slashCommandBody({ text: 'digest history', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('history') }));
    expect(response.status).toBe(200);
    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/history');
    const history = JSON.stringify(reply.body.blocks);
    expect(history).toContain(`${weekKeyAt(scheduled, 'Europe/London')}, ${REPOST_NOTICE}`);
    expect(history).toContain(`${weekKeyAt(new Date(monday.getTime() + 14 * DAY), 'Europe/London')}, catch-up, also covering ${weekKeyAt(new Date(monday.getTime() + 7 * DAY), 'Europe/London')}, sent late`);
  });
});
