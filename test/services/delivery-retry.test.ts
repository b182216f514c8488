// The one delivery retry policy, counted at the fake Slack Web API and the fake Bot Connector: a throttled
// delivery makes at most `maxAttempts` HTTP calls, waits what Retry-After says, never waits past its time
// budget, and a digest the policy gave up on is not run again by later wakes of the job.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDigestJob, DIGEST_JOB_NAME } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { conversationOf } from '../../src/teams/teams-activity.ts';
import type { MessageView } from '../../src/views/model.ts';
import { BOARD_CHANNEL, startSlackTestApp, TEAM_ID, type SlackTestApp } from '../slack/slack-test-app.ts';
import { channelMention } from '../support/teams-activities.ts';
import { startTeamsTestApp, TENANT_ID, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

const message: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'Reminder: the board meets on Thursday.' }] };
const TEAMS_CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
const logger = createLogger({ level: 'error', write: () => {} });

describe('delivery retries on Slack', () => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.fake.clearCalls();
    app.sleeps.length = 0;
  });

  const post = () => app.core.services.notifiers.SLACK!.postToChannel({ workspaceId: TEAM_ID, channelId: BOARD_CHANNEL }, message);

  it('waits what Retry-After says and gets through', async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    await expect(post()).resolves.toMatchObject({ channelId: BOARD_CHANNEL });
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(app.sleeps).toEqual([2_000]);
  });

  it('makes at most three HTTP attempts while throttled, then gives up', async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 3);
    await expect(post()).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(app.sleeps).toEqual([1_000, 1_000]);
  });

  it('does not wait past its time budget: a Retry-After longer than the budget ends the delivery at once', async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 120 });
    await expect(post()).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(app.sleeps).toEqual([]);
  });

  it('does not retry a refusal that will never pass', async () => {
    app.fake.failNext('chat.postMessage', { error: 'is_archived' });
    await expect(post()).rejects.toMatchObject({ data: { error: 'is_archived' } });
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('delivery retries on Teams', () => {
  let app: TeamsTestApp;
  let services: (at: Date) => CoreServices;

  beforeAll(async () => {
    app = await startTeamsTestApp();
    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: TEAMS_CHANNEL }))).status).toBe(200);
    services = (at) => ({ ...app.core.services, now: () => at });
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.connector.clearRequests();
    app.sleeps.length = 0;
  });

  it('makes at most three HTTP attempts at the connector while throttled, waiting what Retry-After says', async () => {
    const reference = conversationOf(channelMention({ ...app.envelope(), text: 'help', channelId: TEAMS_CHANNEL }) as never).conversationReference;
    app.connector.failNext('sendToConversation', { status: 429, code: 'Throttled', retryAfterSeconds: 1 }, 3);
    await expect(
      app.core.services.notifiers.TEAMS!.postToChannel({ workspaceId: TENANT_ID, channelId: TEAMS_CHANNEL, conversationReference: reference }, message),
    ).rejects.toMatchObject({ permanent: false, statusCode: 429 });
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(3);
    expect(app.sleeps).toEqual([1_000, 1_000]);
  });

  it('posts a digest to a throttled channel with at most three HTTP attempts, and later wakes do not try again', async () => {
    // The next scheduled digest after the channel was linked (Monday 09:00).
    const monday = nextWorkingMondayDigest();
    app.connector.failNext('sendToConversation', { status: 429, code: 'Throttled', retryAfterSeconds: 1 }, 3);
    const job = createDigestJob({ owner: 'throttled', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: services(monday) }, monday);
    expect(app.connector.requestsFor('sendToConversation').filter((request) => request.conversationId === TEAMS_CHANNEL)).toHaveLength(3);

    for (const minutes of [5, 30, 60, 24 * 60]) {
      const later = new Date(monday.getTime() + minutes * 60_000);
      await job.run({ logger, services: services(later) }, later);
    }
    expect(app.connector.requestsFor('sendToConversation').filter((request) => request.conversationId === TEAMS_CHANNEL)).toHaveLength(3);
    const run = await app.db.prisma.jobRun.findFirstOrThrow({ where: { jobName: DIGEST_JOB_NAME } });
    expect(run).toMatchObject({ status: 'FAILED', attempts: 1, error: expect.stringMatching(/^gave up: /) });
  });
});
