import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionSubmit, botAddedToChannel, channelMention, installationUpdate, personalMessage } from '../support/teams-activities.ts';
import { PERCENT_ERROR, PROBE_REF, teamsProbeFeature } from './teams-probe-feature.ts';
import { SAM, startTeamsTestApp, TENANT_ID, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

export function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments as Json[] | undefined) ?? [];
  return attachments
    .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((attachment) => attachment.content as Json);
}

describe('Teams messages end to end', () => {
  let app: TeamsTestApp;

  beforeAll(async () => {
    app = await startTeamsTestApp({ features: [teamsProbeFeature] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.connector.clearRequests();
  });

  it('answers "csp help" in a personal chat with a help card that parses as Adaptive Card 1.5', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'csp help' }));
    expect(response.status).toBe(200);

    const replies = app.connector.sentActivities();
    const cards = replies.flatMap(cardsOf);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(validateAdaptiveCard(card)).toEqual([]);
    const helpCard = JSON.stringify(cards.at(-1));
    expect(helpCard).toContain('What you can do with the CSP bot');
    expect(helpCard).toContain('csp help');
    expect(helpCard).toContain(SAM.name);
    const reply = app.connector.requestsFor('replyToActivity').at(-1);
    expect(reply?.conversationId).toMatch(/^a:/);
  });

  it('takes "help" without the prefix, and tells an unknown command apart', async () => {
    await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
    expect(JSON.stringify(app.connector.sentActivities())).toContain('What you can do with the CSP bot');
    app.connector.clearRequests();

    await app.post(personalMessage({ ...app.envelope(), text: 'csp hepl' }));
    const text = JSON.stringify(app.connector.sentActivities());
    expect(text).toContain('I don');
    expect(text).toContain('Did you mean');
  });

  it('strips the bot mention in a channel, posts in the thread and sends private replies to the personal chat', async () => {
    const activity = channelMention({ ...app.envelope(), text: 'csp help' });
    expect(activity.text).toBe('<at>CSP</at> csp help');
    const response = await app.post(activity);
    expect(response.status).toBe(200);

    const created = app.connector.requestsFor('createConversation');
    expect(created).toHaveLength(1);
    const parameters = created[0]?.body as Json;
    expect(parameters.isGroup).toBe(false);
    expect(parameters.members).toEqual([expect.objectContaining({ id: SAM.id })]);
    expect(parameters.tenantId).toBe(TENANT_ID);
    const privateCards = app.connector.requestsFor('sendToConversation').flatMap((request) => cardsOf(request.body as Json));
    expect(JSON.stringify(privateCards)).toContain('What you can do with the CSP bot');
    for (const card of privateCards) expect(validateAdaptiveCard(card)).toEqual([]);
    expect(app.connector.requestsFor('replyToActivity')).toHaveLength(0);

    app.connector.clearRequests();
    await app.post(channelMention({ ...app.envelope(), text: 'probe', threadId: '1759881511856' }));
    const posted = app.connector.requestsFor('replyToActivity');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.conversationId).toMatch(/;messageid=1759881511856$/);
    expect(JSON.stringify(posted[0]?.body)).toContain(`Action ${PROBE_REF}`);
  });

  it.each(['createConversation', 'sendToConversation'] as const)('falls back to an @mention in the thread when %s for the personal chat fails', async (operation) => {
    app.connector.failNext(operation, { status: 403, code: 'BotNotInConversationRoster', message: 'The bot is not installed for this user.' });
    await app.post(channelMention({ ...app.envelope(), text: 'help' }));
    const replies = app.connector.requestsFor('replyToActivity');
    expect(replies).toHaveLength(1);
    const body = replies[0]?.body as Json;
    expect(body.text).toContain(`<at>${SAM.name}</at>`);
    expect(body.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'mention', mentioned: { id: SAM.id, name: SAM.name } })]));
    expect(JSON.stringify(cardsOf(body))).toContain('What you can do with the CSP bot');
  });

  it('handles Action.Submit: a button replaces its card, a form with errors is shown again, a valid form closes', async () => {
    const cardMessageId = '1767765488332';
    await app.post(actionSubmit({ ...app.envelope(), replyToId: cardMessageId, data: { verb: ACTION_IDS.snoozeUpdateReminder, payload: { action: PROBE_REF } } }));
    const updates = app.connector.requestsFor('updateActivity');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.targetId).toBe(cardMessageId);
    const updated = cardsOf(updates[0]?.body as Json);
    expect(JSON.stringify(updated)).toContain('Reminder snoozed for a week');
    for (const card of updated) expect(validateAdaptiveCard(card)).toEqual([]);

    app.connector.clearRequests();
    await app.post(actionSubmit({ ...app.envelope(), replyToId: cardMessageId, data: { verb: ACTION_IDS.submitUpdateForm, payload: { action: PROBE_REF }, percent: '150', note: '' } }));
    const withErrors = cardsOf(app.connector.requestsFor('updateActivity')[0]?.body as Json);
    expect(JSON.stringify(withErrors)).toContain(PERCENT_ERROR);
    expect(JSON.stringify(withErrors)).toContain('"value":150');

    app.connector.clearRequests();
    await app.post(actionSubmit({ ...app.envelope(), replyToId: cardMessageId, data: { verb: ACTION_IDS.submitUpdateForm, payload: { action: PROBE_REF }, percent: '40', note: 'Met the housing team' } }));
    expect(JSON.stringify(app.connector.requestsFor('updateActivity')[0]?.body)).toContain(`Saved: ${PROBE_REF} is 40% done.`);
  });

  it('stores the personal conversation reference on install and says hello', async () => {
    const conversationId = 'a:1InstalledPersonalChatForSam';
    const response = await app.post(installationUpdate({ ...app.envelope(), conversationId }));
    expect(response.status).toBe(200);
    expect(JSON.stringify(app.connector.sentActivities())).toContain('Hello! I am the CSP bot');

    const identity = await app.db.prisma.chatIdentity.findFirst({ where: { platform: 'TEAMS', userId: SAM.aadObjectId } });
    const reference = identity?.conversationReference as Json | null;
    expect(reference?.serviceUrl).toBe(app.connector.serviceUrl);
    expect((reference?.conversation as Json).id).toBe(conversationId);
  });

  it('welcomes a channel once when the bot is added to a team, however many install notices arrive', async () => {
    const channelId = '19:9f1e0c2d4b6a48e8a1c3d5f7b9e0a2c4@thread.tacv2';
    const added = botAddedToChannel({ ...app.envelope(), channelId, teamName: 'Safer Testford' });
    expect((await app.post(added)).status).toBe(200);
    const welcome = app.connector.sentActivities();
    expect(welcome).toHaveLength(1);
    expect(app.connector.requests.find((request) => request.operation === 'replyToActivity' || request.operation === 'sendToConversation')?.conversationId).toBe(channelId);
    expect(JSON.stringify(welcome)).toContain('csp channel');

    await app.post({ ...added, type: 'installationUpdate', action: 'add', membersAdded: undefined });
    expect(app.connector.sentActivities()).toHaveLength(1);
  });
});
