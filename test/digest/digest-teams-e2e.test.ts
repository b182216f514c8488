// The digest on Teams end to end: channels linked with the real `csp channel` command (which stores each
// channel's conversation reference), the digest job posting through the real Teams notifier to the fake Bot
// Connector, one valid card per linked group channel, nothing more in the same week, and a digest button
// answered through an Action.Execute invoke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCronTime, parseDigestCron } from '../../src/domain/cron.ts';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, channelMention } from '../support/teams-activities.ts';
import { leaveCrashedRun, monthLabelBefore, recordDecision, seedStaleIndicator } from './digest-fixtures.ts';
import { weekKeyAt } from '../../src/domain/schedule.ts';
import { REPOST_NOTICE } from '../../src/services/digest/digest-view.ts';
import { startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;

const BOARD_CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
const OPS_CHANNEL = '19:0b7c2f1e9d8a4c3b8e6f5a4d3c2b1a09@thread.tacv2';

function cardsOf(body: unknown): Json[] {
  const attachments = ((body as Json).attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as Json);
}

function findAction(node: unknown, verb: string): Json | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findAction(child, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Json;
  if (record.type === 'Action.Execute' && record.verb === verb) return record;
  for (const value of Object.values(record)) {
    const found = findAction(value, verb);
    if (found) return found;
  }
  return undefined;
}

describe('weekly digest on Teams, end to end', () => {
  let app: TeamsTestApp;
  let monday: Date;
  let services: (at: Date) => CoreServices;
  let clock = new Date('2027-01-04T10:00:00Z');
  const logger = createLogger({ level: 'error', write: () => {} });

  beforeAll(async () => {
    // The core's clock, fixed: the channels are linked on Monday 4 January 2027, a week before the first digest,
    // and each job run below moves it to its own time, so the tests pass whatever day they are run on.
    app = await startTeamsTestApp({ features: [indicatorFeature, digestFeature], now: () => clock });
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    await prisma.group.create({ data: { partnershipId: app.partnershipId, key: 'ops', name: 'Operations Group', kind: 'OPERATIONS_GROUP', parentId: board.id } });
    await prisma.group.create({ data: { partnershipId: app.partnershipId, key: 'unlinked', name: 'Unlinked Group', kind: 'TASK_AND_FINISH' } });
    for (const [group, channelId] of [['board', BOARD_CHANNEL], ['ops', OPS_CHANNEL]] as const) {
      expect((await app.post(channelMention({ ...app.envelope(), text: `csp channel ${group}`, channelId }))).status).toBe(200);
    }
    const links = await prisma.groupChannel.findMany({ where: { group: { partnershipId: app.partnershipId } } });
    expect(links.map((link) => link.channelId).sort()).toEqual([BOARD_CHANNEL, OPS_CHANNEL].sort());
    expect(links.every((link) => link.conversationReference !== null)).toBe(true);
    // A fixed run of Mondays with no bank holiday in the three weeks the tests cover (a holiday moves a digest).
    monday = nextCronTime(parseDigestCron('0 9 * * 1'), new Date('2027-01-05T12:00:00Z'), 'Europe/London')!;
    await seedStaleIndicator(prisma, { partnershipId: app.partnershipId, groupId: board.id, at: monday, monthsBack: 2, leadName: 'Testford Probation Service' });
    services = (at) => {
      clock = at;
      return { ...app.core.services, now: () => at };
    };
    app.connector.clearRequests();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('posts one digest card per linked group channel, and nothing more that week', async () => {
    const job = createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: services(monday) }, monday);
    const sent = app.connector.requestsFor('sendToConversation');
    expect(sent.map((request) => request.conversationId).sort()).toEqual([BOARD_CHANNEL, OPS_CHANNEL].sort());
    for (const request of sent) {
      const [card] = cardsOf(request.body);
      expect(validateAdaptiveCard(card)).toEqual([]);
      expect(checkAdaptiveCardSize(card!).withinLimit).toBe(true);
    }
    const board = sent.find((request) => request.conversationId === BOARD_CHANNEL)!;
    expect((board.body as Json).summary).toBe('Weekly digest · Strategy Board: 0 red, 0 amber, 0 overdue actions.');

    const later = new Date(monday.getTime() + 3 * 3_600_000);
    await job.run({ logger, services: services(later) }, later);
    const nextDay = new Date(monday.getTime() + 24 * 3_600_000);
    await createDigestJob({ owner: 'replica-2' }).run({ logger, services: services(nextDay) }, nextDay);
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(2);
  });

  it('does not count a reading for an earlier month as a current result, and names who owes the reading', async () => {
    const board = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === BOARD_CHANNEL)!;
    const text = JSON.stringify(cardsOf(board.body));
    const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(monthLabelBefore(monday, 1).periodStart);
    expect(text).toContain('🔴 0 red · 🟠 0 amber · 🟢 0 green · ⚫ 1 awaiting a reading');
    expect(text).toContain('Awaiting a reading (1)');
    expect(text).toContain(`Adult re-offending · no reading for ${monthName}`);
    expect(text).toContain('from Testford Probation Service');
  });

  it('answers the digest\'s "Decision log" button', async () => {
    const board = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === BOARD_CHANNEL)!;
    const button = findAction(cardsOf(board.body), ACTION_IDS.openDigestDecisions);
    expect(button).toBeDefined();
    app.connector.clearRequests();
    const response = await app.post(actionExecute({ ...app.envelope(), verb: ACTION_IDS.openDigestDecisions, data: button!.data as Json, channelId: BOARD_CHANNEL }));
    expect(response.status).toBe(200);
    const everything = JSON.stringify([response.body, app.connector.requests.map((request) => request.body)]);
    expect(everything).toContain('Decision log · Strategy Board');
    expect(everything).toContain('No decisions have been recorded for this group yet.');
  });

  const DAY = 24 * 3_600_000;

  it('after an outage of more than a week, posts one catch-up digest card covering the whole gap with each week\'s events', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    await recordDecision(prisma, { partnershipId: app.partnershipId, groupId: board.id, number: 1, decidedAt: new Date(monday.getTime() + 2 * DAY), title: 'Fund the street lighting' });
    await recordDecision(prisma, { partnershipId: app.partnershipId, groupId: board.id, number: 2, decidedAt: new Date(monday.getTime() + 9 * DAY), title: 'Adopt the ASB protocol' });
    app.connector.clearRequests();
    const back = new Date(monday.getTime() + 16 * DAY);
    await createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) }).run({ logger, services: services(back) }, back);
    const sent = app.connector.requestsFor('sendToConversation');
    expect(sent.map((request) => request.conversationId).sort()).toEqual([BOARD_CHANNEL, OPS_CHANNEL].sort());
    const boardPost = sent.find((request) => request.conversationId === BOARD_CHANNEL)!;
    expect((boardPost.body as Json).summary).toMatch(/^Catch-up digest · Strategy Board: /);
    const [card] = cardsOf(boardPost.body);
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('catch-up for 2 missed digests: the bot was not running at the scheduled times');
    expect(text).toContain('Fund the street lighting');
    expect(text).toContain('Adopt the ASB protocol');

    const later = new Date(back.getTime() + DAY);
    await createDigestJob({ owner: 'replica-2' }).run({ logger, services: services(later) }, later);
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(2);
  });

  it('says a digest posted again after the bot stopped while posting may repeat an earlier post, in the channel and the ledger', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    const scheduled = new Date(monday.getTime() + 21 * DAY);
    await leaveCrashedRun(prisma, { groupId: board.id, periodKey: weekKeyAt(scheduled, 'Europe/London'), at: scheduled, platform: 'TEAMS', channelId: BOARD_CHANNEL });
    app.connector.clearRequests();
    const restart = new Date(scheduled.getTime() + 20 * 60_000);
    await createDigestJob({ owner: 'replica-3' }).run({ logger, services: services(restart) }, restart);
    const boardPost = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === BOARD_CHANNEL)!;
    const text = JSON.stringify(cardsOf(boardPost.body));
    expect(text).toContain(REPOST_NOTICE);
    expect(text).not.toContain('the bot was not running at the scheduled time');

    app.connector.clearRequests();
    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp digest history', channelId: BOARD_CHANNEL }))).status).toBe(200);
    const everything = JSON.stringify(app.connector.requests.map((request) => request.body));
    expect(everything).toContain(`${weekKeyAt(scheduled, 'Europe/London')}, ${REPOST_NOTICE}`);
  });
});
