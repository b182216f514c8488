import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCore } from '../../src/services/chat-core.ts';
import { FRIENDLY_ERROR_TEXT } from '../../src/teams/teams-adapter.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, personalMessage, readTeamsFixture } from '../support/teams-activities.ts';
import { PERCENT_ERROR, PROBE_REF, teamsProbeFeature } from './teams-probe-feature.ts';
import { startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/** Makes chosen core calls fail, to see what the person gets when something breaks. */
function breakable(core: ChatCore, broken: { command?: boolean; action?: boolean }): ChatCore {
  return {
    ...core,
    handleCommand: (request) => (broken.command ? Promise.reject(new Error('database exploded: password=hunter2')) : core.handleCommand(request)),
    handleAction: (request) => (broken.action ? Promise.reject(new Error('database exploded: password=hunter2')) : core.handleAction(request)),
  };
}

describe('Teams Action.Execute invokes end to end', () => {
  let app: TeamsTestApp;
  const broken: { command?: boolean; action?: boolean } = {};

  beforeAll(async () => {
    app = await startTeamsTestApp({ features: [teamsProbeFeature], wrapCore: (core) => breakable(core, broken) });
    // Sam (linked by the test app) talks to the bot before pressing buttons, as a real user would.
    await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    broken.command = false;
    broken.action = false;
    app.connector.clearRequests();
  });

  it('answers the invoke within the HTTP request with the refreshed card', async () => {
    const invoke = actionExecute({ ...app.envelope(), verb: ACTION_IDS.snoozeUpdateReminder, data: { verb: ACTION_IDS.snoozeUpdateReminder, payload: { action: PROBE_REF } } });
    expect(invoke.type).toBe('invoke');
    expect(invoke.name).toBe('adaptiveCard/action');

    const response = await app.post(invoke);
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('application/json');
    const body = response.body as Json;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe(ADAPTIVE);
    expect(JSON.stringify(body.value)).toContain('Reminder snoozed for a week');
    expect(validateAdaptiveCard(body.value)).toEqual([]);
    // In a personal chat the answer is the update: nothing else is sent.
    expect(app.connector.requestsFor('updateActivity')).toHaveLength(0);
  });

  it('opens a form in the invoke answer, shows field errors inline, and closes it when valid', async () => {
    const open = await app.post(actionExecute({ ...app.envelope(), verb: ACTION_IDS.openUpdateForm, data: { verb: ACTION_IDS.openUpdateForm, payload: { action: PROBE_REF } } }));
    const form = (open.body as Json).value as Json;
    expect((open.body as Json).type).toBe(ADAPTIVE);
    expect(JSON.stringify(form)).toContain(`Update ${PROBE_REF}`);
    expect(validateAdaptiveCard(form)).toEqual([]);

    const invalid = await app.post(
      actionExecute({ ...app.envelope(), verb: ACTION_IDS.submitUpdateForm, data: { verb: ACTION_IDS.submitUpdateForm, payload: { action: PROBE_REF }, percent: '150', note: 'Halfway' } }),
    );
    const withErrors = (invalid.body as Json).value;
    expect((invalid.body as Json).type).toBe(ADAPTIVE);
    expect(JSON.stringify(withErrors)).toContain(PERCENT_ERROR);
    expect(JSON.stringify(withErrors)).toContain('Halfway');
    expect(validateAdaptiveCard(withErrors)).toEqual([]);

    const valid = await app.post(
      actionExecute({ ...app.envelope(), verb: ACTION_IDS.submitUpdateForm, data: { verb: ACTION_IDS.submitUpdateForm, payload: { action: PROBE_REF }, percent: '60', note: '' } }),
    );
    expect(JSON.stringify((valid.body as Json).value)).toContain(`Saved: ${PROBE_REF} is 60% done.`);

    const cancelled = await app.post(
      actionExecute({ ...app.envelope(), verb: ACTION_IDS.cancelForm, data: { verb: ACTION_IDS.cancelForm, payload: { action: PROBE_REF }, percent: '', note: '' } }),
    );
    expect(JSON.stringify((cancelled.body as Json).value)).toContain('Cancelled: nothing was saved.');
  });

  it('sends a reply and notes it in the invoke answer when the button leaves its card as it is', async () => {
    const response = await app.post(actionExecute({ ...app.envelope(), verb: ACTION_IDS.help, data: { verb: ACTION_IDS.help } }));
    const body = response.body as Json;
    expect(body.type).toBe(MESSAGE);
    expect(body.value).toBe('What you can do with the CSP bot');
    expect(JSON.stringify(app.connector.sentActivities())).toContain('What you can do with the CSP bot');
  });

  it('in a channel, refreshes the card for everyone and sends forms to the personal chat', async () => {
    const channelId = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
    const cardMessageId = '1767765488999';
    const snooze = await app.post(
      actionExecute({ ...app.envelope(), channelId, replyToId: cardMessageId, verb: ACTION_IDS.snoozeUpdateReminder, data: { verb: ACTION_IDS.snoozeUpdateReminder, payload: { action: PROBE_REF } } }),
    );
    expect((snooze.body as Json).type).toBe(ADAPTIVE);
    const [update] = app.connector.requestsFor('updateActivity');
    expect(update?.conversationId).toBe(`${channelId};messageid=${cardMessageId}`);
    expect(update?.targetId).toBe(cardMessageId);
    expect(JSON.stringify(update?.body)).toContain('Reminder snoozed for a week');

    app.connector.clearRequests();
    const open = await app.post(
      actionExecute({ ...app.envelope(), channelId, replyToId: cardMessageId, verb: ACTION_IDS.openUpdateForm, data: { verb: ACTION_IDS.openUpdateForm, payload: { action: PROBE_REF } } }),
    );
    expect(open.body).toEqual({ statusCode: 200, type: MESSAGE, value: `Sent to your personal chat with the bot: Update ${PROBE_REF}` });
    expect(app.connector.requestsFor('createConversation')).toHaveLength(1);
    const [form] = app.connector.requestsFor('sendToConversation');
    expect(JSON.stringify(form?.body)).toContain(`Update ${PROBE_REF}`);
  });

  it('answers an invoke whose button has no verb (the captured fixture) with a message, not a 501', async () => {
    const captured = readTeamsFixture('invoke.adaptiveCard-action.teams-net-captured.json');
    const response = await app.post({ ...captured, serviceUrl: app.connector.serviceUrl });
    expect(response.status).toBe(200);
    expect((response.body as Json).type).toBe(MESSAGE);
    expect(String((response.body as Json).value)).toContain('no longer works');
  });

  it('turns a failure into a friendly answer with a reference, never a stack trace', async () => {
    broken.action = true;
    const invoke = await app.post(actionExecute({ ...app.envelope(), verb: ACTION_IDS.snoozeUpdateReminder, data: { verb: ACTION_IDS.snoozeUpdateReminder } }));
    expect(invoke.status).toBe(200);
    const answer = invoke.body as Json;
    expect(answer.type).toBe(MESSAGE);
    expect(String(answer.value)).toContain(FRIENDLY_ERROR_TEXT);
    expect(invoke.text).not.toContain('hunter2');
    expect(invoke.text).not.toMatch(/at .*\.ts:\d+/);

    broken.command = true;
    const message = await app.post(personalMessage({ ...app.envelope(), text: 'csp help' }));
    expect(message.status).toBe(200);
    const sent = JSON.stringify(app.connector.sentActivities());
    expect(sent).toContain(FRIENDLY_ERROR_TEXT);
    expect(sent).not.toContain('hunter2');
    expect(app.logLines.join('\n')).toContain('A Teams turn failed');
  });
});
