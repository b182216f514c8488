// End to end through the real Bolt receiver: signed requests built from Slack's real payloads go over HTTP
// to POST /slack/events on the shared server; the real core answers from a real database; what the bot
// sends to Slack is read back from the fake Web API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRequest, ChatCore, CommandRequest, FormSubmitRequest } from '../../src/services/chat-core.ts';
import { decodeModalMetadata } from '../../src/slack/modal-metadata.ts';
import { SLACK_REQUEST_REFUSED } from '../../src/slack/refusal-audit.ts';
import { FORM_SAVE_ERROR_TEXT, FRIENDLY_ERROR_TEXT } from '../../src/slack/slack-adapter.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { mention, rich } from '../../src/views/model.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import {
  blockActionsPayload,
  eventCallbackBody,
  interactivePayloadBody,
  numberValue,
  plainTextValue,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { FORM_LEVEL_ERROR, NUDGE_TEXT, PERCENT_ERROR, PROBE_ACTION_REF, progressProbeFeature } from './progress-probe-feature.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from './slack-test-app.ts';

interface CoreProbe {
  calls: string[];
  /** While set, handleCommand waits for it before the real core runs. */
  gate?: Promise<void>;
  /** While set, handleCommand fails with it before the real core runs. */
  failure?: Error;
}

const probe: CoreProbe = { calls: [] };

function observed(core: ChatCore): ChatCore {
  return {
    ...core,
    async handleCommand(request: CommandRequest) {
      probe.calls.push(`command:${request.text}`);
      if (probe.gate) await probe.gate;
      if (probe.failure) throw probe.failure;
      return core.handleCommand(request);
    },
    handleAction(request: ActionRequest) {
      probe.calls.push(`action:${request.actionId}`);
      return core.handleAction(request);
    },
    async handleFormSubmit(request: FormSubmitRequest) {
      probe.calls.push(`form:${request.formId}`);
      if (probe.failure) throw probe.failure;
      return core.handleFormSubmit(request);
    },
    homeView(actor) {
      probe.calls.push('home');
      return core.homeView(actor);
    },
  };
}

let app: SlackTestApp;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [progressProbeFeature], wrapCore: observed });
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  app.fake.clearCalls();
  probe.calls = [];
  delete probe.gate;
  delete probe.failure;
});

function command(text: string, responseName = 'command') {
  return slashCommandBody({
    text,
    userId: ALEX.userId,
    teamId: TEAM_ID,
    channelId: BOARD_CHANNEL,
    responseUrl: app.fake.responseUrl(responseName),
    triggerId: '7007.1234.abcd',
  });
}

function blocksText(call: RecordedSlackCall): string {
  return JSON.stringify(call.body.blocks ?? (call.body.view as { blocks?: unknown } | undefined)?.blocks ?? []);
}

describe('/csp help', () => {
  it('is acknowledged at once and answered privately with the help view, within Block Kit limits', async () => {
    const response = await app.send(command('help', 'help'));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');

    const help = await app.fake.waitForCall('response_url', (call) => blocksText(call).includes('What you can do with the CSP bot'));
    expect(help.path).toBe('/response-url/help');
    expect(help.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(help.body.text).toContain('/csp help');
    expect(checkBlockKitLimits({ text: help.body.text, blocks: help.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);

    // The first contact linked Slack user → person by the email users.info gave, with the bot token.
    const lookup = app.fake.callsTo('users.info')[0];
    expect(lookup).toMatchObject({ token: 'xoxb-e2e', body: { user: ALEX.userId } });
    const identity = await app.db.prisma.chatIdentity.findFirst({ where: { platform: 'SLACK', userId: ALEX.userId }, include: { person: true } });
    expect(identity).toMatchObject({ workspaceId: TEAM_ID, linkedBy: 'EMAIL', person: { email: ALEX.email } });

    expect(probe.calls).toEqual(['command:help']);
    expect(app.acks.some((sample) => sample.kind === 'command' && Number.isFinite(sample.milliseconds))).toBe(true);
    expect(app.logLines.some((line) => line.includes('Acknowledged Slack request') && line.includes('kind=command'))).toBe(true);
  });

  it('acknowledges before the core has answered', async () => {
    let release!: () => void;
    probe.gate = new Promise<void>((resolve) => (release = resolve));
    const response = await app.send(command('help', 'gated'));
    expect(response.status).toBe(200);
    expect(probe.calls).toEqual(['command:help']);
    expect(app.fake.callsTo('response_url')).toEqual([]);
    release();
    await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/gated');
  });

  it('answers a failure with a friendly private note and a reference, never the error itself', async () => {
    probe.failure = new Error('connect ECONNREFUSED 10.0.0.5:5432\n    at Connection.connect (/srv/csp/node_modules/pg/lib/client.js:1:1)');
    const response = await app.send(command('help', 'failure'));
    expect(response.status).toBe(200);

    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/failure');
    const shown = JSON.stringify(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(shown).toContain(FRIENDLY_ERROR_TEXT);
    expect(shown).not.toMatch(/ECONNREFUSED|node_modules|client\.js|\bat /);
    const reference = /reference ([0-9a-f]{8})/.exec(String(reply.body.text))?.[1];
    expect(reference).toBeDefined();
    expect(app.logLines.some((line) => line.includes('Slack request failed') && line.includes(`reference=${reference}`) && line.includes('ECONNREFUSED'))).toBe(
      true,
    );
  });
});

describe('request signatures', () => {
  const cases = [
    { name: 'missing', signature: { kind: 'missing' } as const },
    { name: 'made with another secret', signature: { kind: 'wrongSecret' } as const },
    { name: 'older than five minutes', signature: { kind: 'stale', ageSeconds: 6 * 60 } as const },
    { name: 'not covering the body that was sent', signature: { kind: 'tampered' } as const },
  ];

  it.each(cases)('refuses a request whose signature is $name with 401, runs nothing and audits it', async ({ signature }) => {
    const before = await app.db.prisma.auditEvent.count({ where: { action: SLACK_REQUEST_REFUSED } });
    const response = await app.send(command('help', 'refused'), { signature });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
    expect(probe.calls).toEqual([]);
    expect(app.fake.calls).toEqual([]);

    const rows = await app.db.prisma.auditEvent.findMany({ where: { action: SLACK_REQUEST_REFUSED }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      outcome: 'REFUSED',
      actorPlatform: 'SLACK',
      reason: expect.stringContaining('Failed to verify authenticity'),
      detail: expect.objectContaining({ path: '/slack/events', signaturePresent: signature.kind !== 'missing' }),
    });
  });

  it("answers Slack's signed URL verification challenge, and refuses an unsigned one", async () => {
    const body = JSON.stringify({ token: 'verification_token', challenge: 'c3VwZXIgc2VjcmV0', type: 'url_verification' });
    const signed = await app.send(body, { contentType: 'application/json' });
    expect(signed.status).toBe(200);
    expect(signed.json()).toEqual({ challenge: 'c3VwZXIgc2VjcmV0' });
    const unsigned = await app.send(body, { contentType: 'application/json', signature: { kind: 'missing' } });
    expect(unsigned.status).toBe(401);
  });
});

describe('buttons and forms', () => {
  it('routes a button click to the core and answers privately through the response_url', async () => {
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.help,
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      responseUrl: app.fake.responseUrl('help-button'),
    });
    const response = await app.send(interactivePayloadBody(payload));
    expect(response.status).toBe(200);
    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/help-button');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(reply)).toContain('What you can do with the CSP bot');
    expect(probe.calls).toEqual([`action:${ACTION_IDS.help}`]);
  });

  it('posts a card to the channel, and updates that card in place when its button is clicked', async () => {
    await app.send(command('probe'));
    const posted = await app.fake.waitForCall('chat.postMessage');
    expect(posted.body).toMatchObject({ channel: BOARD_CHANNEL });
    expect(blocksText(posted)).toContain(ACTION_IDS.snoozeUpdateReminder);
    expect(checkBlockKitLimits({ text: posted.body.text, blocks: posted.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);

    const payload = blockActionsPayload({
      actionId: ACTION_IDS.snoozeUpdateReminder,
      value: JSON.stringify({ action: PROBE_ACTION_REF }),
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      messageTs: '1763900000.000200',
    });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const update = await app.fake.waitForCall('chat.update');
    expect(update.body).toMatchObject({ channel: BOARD_CHANNEL, ts: '1763900000.000200' });
    expect(blocksText(update)).toContain('Reminder snoozed for a week');
  });

  it('ignores clicks on controls that are not the bot’s (link buttons) after acknowledging them', async () => {
    const payload = blockActionsPayload({ actionId: 'WaXA', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    expect(probe.calls).toEqual([]);
  });

  it('opens a modal form, shows inline errors on submit, and closes it once valid', async () => {
    const click = blockActionsPayload({
      actionId: ACTION_IDS.openUpdateForm,
      value: JSON.stringify({ action: PROBE_ACTION_REF }),
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      triggerId: '7007.5678.trigger',
    });
    expect((await app.send(interactivePayloadBody(click))).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open');
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown[]; type: string };
    expect(opened.body.trigger_id).toBe('7007.5678.trigger');
    expect(view).toMatchObject({ type: 'modal', callback_id: ACTION_IDS.submitUpdateForm });
    expect(checkBlockKitLimits(view as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    expect(decodeModalMetadata(view.private_metadata)).toEqual({
      conversation: { platform: 'SLACK', workspaceId: TEAM_ID, channelId: BOARD_CHANNEL, kind: 'channel' },
      metadata: { action: PROBE_ACTION_REF },
    });

    const submit = (percent: string, note: string) =>
      app.send(
        interactivePayloadBody(
          viewSubmissionPayload({
            callbackId: view.callback_id,
            privateMetadata: view.private_metadata,
            blocks: view.blocks,
            values: { percent: { percent: numberValue(percent) }, note: { note: plainTextValue(note) } },
            userId: ALEX.userId,
            teamId: TEAM_ID,
          }),
        ),
      );

    const invalid = await submit('140', 'Two of five sites visited');
    expect(invalid.status).toBe(200);
    expect(invalid.json()).toEqual({ response_action: 'errors', errors: { percent: PERCENT_ERROR } });

    const formLevel = await submit('50', 'closed');
    const redrawn = formLevel.json() as { response_action: string; view: { private_metadata: string; blocks: unknown[] } };
    expect(redrawn.response_action).toBe('update');
    expect(JSON.stringify(redrawn.view.blocks)).toContain(FORM_LEVEL_ERROR);
    expect(decodeModalMetadata(redrawn.view.private_metadata)?.conversation.channelId).toBe(BOARD_CHANNEL);

    const valid = await submit('40', 'Two of five sites visited');
    expect(valid.status).toBe(200);
    expect(valid.text).toBe('');
    // The modal had no conversation of its own: the reply goes to the channel it was opened from.
    const saved = await app.fake.waitForCall('chat.postEphemeral');
    expect(saved.body).toMatchObject({ channel: BOARD_CHANNEL, user: ALEX.userId });
    expect(saved.body.text).toBe(`Saved: ${PROBE_ACTION_REF} is 40% done.`);
    expect(probe.calls.filter((call) => call.startsWith('form:'))).toHaveLength(3);

    // A failure keeps the modal open with what was typed, and says so next to the first input.
    probe.failure = new Error('deadlock detected');
    const failed = (await submit('40', 'Two of five sites visited')).json() as { response_action: string; errors: Record<string, string> };
    expect(failed.response_action).toBe('errors');
    expect(failed.errors.percent?.startsWith(FORM_SAVE_ERROR_TEXT)).toBe(true);
    expect(failed.errors.percent).toMatch(/\(reference [0-9a-f]{8}\)$/);
    expect(JSON.stringify(failed)).not.toContain('deadlock');
  });
});

describe('events', () => {
  it('publishes the App Home tab when a person opens it', async () => {
    const body = eventCallbackBody(
      { type: 'app_home_opened', user: ALEX.userId, channel: 'D0ALEXBOT1', tab: 'home', event_ts: '1763900001.000100' },
      { teamId: TEAM_ID },
    );
    const response = await app.send(body, { contentType: 'application/json' });
    expect(response.status).toBe(200);
    const published = await app.fake.waitForCall('views.publish');
    const view = published.body.view as Record<string, unknown>;
    expect(published.body.user_id).toBe(ALEX.userId);
    expect(view.type).toBe('home');
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
    expect(probe.calls).toEqual(['home']);
  });

  it('answers an @mention privately in the channel', async () => {
    const body = eventCallbackBody(
      { type: 'app_mention', user: ALEX.userId, text: '<@UBOTCSP01> help', channel: BOARD_CHANNEL, ts: '1763900002.000100', event_ts: '1763900002.000100' },
      { teamId: TEAM_ID },
    );
    expect((await app.send(body, { contentType: 'application/json' })).status).toBe(200);
    const reply = await app.fake.waitForCall('chat.postEphemeral');
    expect(reply.body).toMatchObject({ channel: BOARD_CHANNEL, user: ALEX.userId });
    expect(blocksText(reply)).toContain('What you can do with the CSP bot');
    expect(probe.calls).toEqual(['command:help']);
  });

  it('takes what a person types in their DM with the bot as a command, and ignores its own posts there', async () => {
    const typed = (event: Record<string, unknown>) =>
      app.send(eventCallbackBody({ type: 'message', channel_type: 'im', channel: 'D0ALEXBOT1', ts: '1763900004.000100', ...event }, { teamId: TEAM_ID }), {
        contentType: 'application/json',
      });
    expect((await typed({ bot_id: 'BBOTCSP01', text: 'Reminder: update due' })).status).toBe(200);
    expect((await typed({ user: ALEX.userId, text: 'help' })).status).toBe(200);
    const reply = await app.fake.waitForCall('chat.postMessage');
    expect(reply.body.channel).toBe('D0ALEXBOT1');
    expect(blocksText(reply)).toContain('What you can do with the CSP bot');
    expect(probe.calls).toEqual(['command:help']);
  });

  it('greets a channel the bot is added to', async () => {
    const body = eventCallbackBody(
      { type: 'member_joined_channel', user: 'UBOTCSP01', channel: 'C0NEWCHAN1', channel_type: 'C', team: TEAM_ID, inviter: ALEX.userId, event_ts: '1763900003.000100' },
      { teamId: TEAM_ID },
    );
    expect((await app.send(body, { contentType: 'application/json' })).status).toBe(200);
    const greeting = await app.fake.waitForCall('chat.postMessage');
    expect(greeting.body.channel).toBe('C0NEWCHAN1');
    expect(String(greeting.body.text)).toContain('I am the CSP bot');
  });
});

describe('notifier', () => {
  const card = { kind: 'message' as const, blocks: [{ type: 'text' as const, text: rich('Update due from ', mention(ALEX.name, [{ platform: 'SLACK', userId: ALEX.userId }])) }] };

  it('posts to a channel with the mention rendered for Slack, waiting out a rate limit', async () => {
    app.fake.failNext('chat.postMessage', { retryAfterSeconds: 1 });
    const waitsBefore = app.sleeps.length;
    const posted = await app.core.services.notifiers.SLACK!.postToChannel({ workspaceId: TEAM_ID, channelId: BOARD_CHANNEL }, card);
    const calls = app.fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(app.sleeps.slice(waitsBefore)).toEqual([1_000]);
    expect(calls[1]?.body.channel).toBe(BOARD_CHANNEL);
    expect(blocksText(calls[1] as RecordedSlackCall)).toContain(`<@${ALEX.userId}>`);
    expect(posted).toEqual({ channelId: BOARD_CHANNEL, messageId: expect.stringMatching(/^\d+\.\d+$/), url: expect.stringMatching(/^https:\/\/.+\/archives\/C0BOARD001\/p\d+$/) });

    await app.adapter.notifier.updateMessage({ workspaceId: TEAM_ID, channelId: BOARD_CHANNEL }, posted.messageId, card);
    expect(app.fake.callsTo('chat.update')[0]?.body).toMatchObject({ channel: BOARD_CHANNEL, ts: posted.messageId });
  });

  it('is the notifier the core hands to features: a direct message goes to the DM channel conversations.open gives', async () => {
    expect((await app.send(command('nudge', 'nudge'))).status).toBe(200);
    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/nudge');
    const opened = app.fake.callsTo('conversations.open')[0];
    const posted = app.fake.callsTo('chat.postMessage')[0];
    expect(opened?.body.users).toBe(ALEX.userId);
    expect(posted?.body).toMatchObject({ channel: expect.stringMatching(/^D/), text: NUDGE_TEXT });
    expect(reply.body.text).toBe(`Sent to ${String(posted?.body.channel)}`);
  });
});
