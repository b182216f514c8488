import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TeamsDeliveryError } from '../../src/teams/connector-errors.ts';
import { conversationOf } from '../../src/teams/teams-activity.ts';
import type { MessageView } from '../../src/views/model.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { channelMention, installationUpdate, personalMessage } from '../support/teams-activities.ts';
import { SAM, startTeamsTestApp, TENANT_ID, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

const digest: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: 'Weekly performance digest' },
    { type: 'text', text: 'All crime is 3% below target.' },
  ],
};

const CHANNEL_ID = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';

describe('Teams notifier (proactive messages)', () => {
  let app: TeamsTestApp;
  let channelReference: unknown;
  let personalReference: unknown;

  beforeAll(async () => {
    app = await startTeamsTestApp();
    // References exactly as the adapter hands them to the core for storing.
    channelReference = conversationOf(channelMention({ ...app.envelope(), text: 'help', channelId: CHANNEL_ID }) as never).conversationReference;
    personalReference = conversationOf(personalMessage({ ...app.envelope(), text: 'help', conversationId: 'a:1SamPersonalChat' }) as never).conversationReference;
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.connector.clearRequests();
  });

  it('posts a new message to a channel from its stored reference, as a valid card', async () => {
    const posted = await app.bot.notifier.postToChannel({ workspaceId: TENANT_ID, channelId: CHANNEL_ID, conversationReference: channelReference }, digest);
    const [request] = app.connector.requestsFor('sendToConversation');
    expect(request?.conversationId).toBe(CHANNEL_ID);
    expect(posted).toEqual({ channelId: CHANNEL_ID, messageId: expect.stringMatching(/^activity-/), url: expect.any(String) });
    const link = new URL(posted.url ?? '');
    expect(`${link.origin}${decodeURIComponent(link.pathname)}`).toBe(`https://teams.microsoft.com/l/message/${CHANNEL_ID}/${posted.messageId}`);
    expect(link.searchParams.get('tenantId')).toBe(TENANT_ID);
    expect(link.searchParams.get('parentMessageId')).toBe(posted.messageId);
    const body = request?.body as Json;
    expect(body.summary).toBe('Weekly performance digest');
    const card = ((body.attachments as Json[])[0] as Json).content;
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('All crime is 3% below target.');
  });

  it('replies in a thread and updates a posted message', async () => {
    await app.bot.notifier.postToChannel({ workspaceId: TENANT_ID, channelId: CHANNEL_ID, threadId: '1759881511856', conversationReference: channelReference }, digest);
    expect(app.connector.requestsFor('sendToConversation')[0]?.conversationId).toBe(`${CHANNEL_ID};messageid=1759881511856`);

    await app.bot.notifier.updateMessage({ workspaceId: TENANT_ID, channelId: CHANNEL_ID, conversationReference: channelReference }, 'activity-42', digest);
    const [update] = app.connector.requestsFor('updateActivity');
    expect(update?.conversationId).toBe(CHANNEL_ID);
    expect(update?.targetId).toBe('activity-42');
  });

  it('sends to a person through their stored personal chat', async () => {
    const posted = await app.bot.notifier.sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId, conversationReference: personalReference }, digest);
    expect(posted.channelId).toBe('a:1SamPersonalChat');
    expect(app.connector.requestsFor('sendToConversation')[0]?.conversationId).toBe('a:1SamPersonalChat');
    expect(app.connector.requestsFor('createConversation')).toHaveLength(0);
  });

  it('opens a personal chat when only the person is known, at the tenant\'s service URL', async () => {
    // Any activity from the tenant teaches the adapter its regional service URL.
    await app.post(installationUpdate({ ...app.envelope(), conversationId: 'a:1AnotherChat' }));
    app.connector.clearRequests();

    const posted = await app.bot.notifier.sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId }, digest);
    const [create] = app.connector.requestsFor('createConversation');
    expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: SAM.aadObjectId }], tenantId: TENANT_ID, channelData: { tenant: { id: TENANT_ID } } });
    const [send] = app.connector.requestsFor('sendToConversation');
    expect(send?.conversationId).toBe(posted.channelId);
    expect(posted.channelId).toMatch(/^a:/);
  });

  it('tries once when Teams throttles (429), and says how long Teams asked to wait', async () => {
    app.connector.failNext('sendToConversation', { status: 429, code: 'Throttled', retryAfterSeconds: 3 });
    const failure = await app.bot.notifier
      .postToChannel({ workspaceId: TENANT_ID, channelId: CHANNEL_ID, conversationReference: channelReference }, digest)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeamsDeliveryError);
    expect(failure).toMatchObject({ permanent: false, statusCode: 429, code: 'Throttled', retryAfterSeconds: 3 });
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(1);
  });

  it.each([
    [403, 'BotNotInConversationRoster'],
    [403, 'ConversationBlockedByUser'],
    [404, 'ConversationNotFound'],
  ])('reports %i %s as permanent, without retrying', async (status, code) => {
    app.connector.failNext('sendToConversation', { status, code });
    const failure = await app.bot.notifier
      .sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId, conversationReference: personalReference }, digest)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeamsDeliveryError);
    expect(failure).toMatchObject({ permanent: true, statusCode: status, code });
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(1);
  });

  it('refuses a channel with no stored reference as permanent', async () => {
    const failure = await app.bot.notifier.postToChannel({ workspaceId: TENANT_ID, channelId: CHANNEL_ID }, digest).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TeamsDeliveryError', permanent: true });
    expect(app.connector.requests).toHaveLength(0);
  });
});
