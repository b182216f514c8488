// Socket Mode through Bolt's real SocketModeReceiver: the fake Slack hands out a WebSocket URL from
// apps.connections.open (reached through SLACK_API_URL), says hello, delivers envelopes and reads the acks.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { ChatCore, CommandRequest, FormSubmitRequest } from '../../src/services/chat-core.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/slack/slack-adapter.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { FormView } from '../../src/views/model.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { eventCallbackBody, numberValue, slashCommandBody, viewSubmissionPayload } from '../support/slack-requests.ts';

const form: FormView = {
  kind: 'form',
  submitActionId: ACTION_IDS.submitUpdateForm,
  title: 'Update',
  submitLabel: 'Save',
  fields: [{ type: 'numberInput', id: 'percent', label: 'Percent done', required: true }],
};

function recordingCore(seen: string[]): ChatCore {
  return {
    async handleCommand(request: CommandRequest) {
      seen.push(`command:${request.text}:${request.conversation.kind}`);
      return [{ type: 'privateReply', message: { kind: 'message', blocks: [{ type: 'text', text: 'Hello over Socket Mode' }] } }];
    },
    handleAction: async () => [],
    async handleFormSubmit(request: FormSubmitRequest) {
      seen.push(`form:${request.formId}:${JSON.stringify(request.fields)}`);
      return [{ type: 'formErrors', form: { ...form, errors: { fields: { percent: 'At most 100.' } } } }];
    },
    homeView: async () => ({ kind: 'message', blocks: [{ type: 'heading', text: 'Home' }] }),
    onInstalled: async () => [],
    onConversationSeen: async () => undefined,
  };
}

describe('Slack over Socket Mode', () => {
  let fake: FakeSlackApi | undefined;
  let adapter: SlackAdapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    await fake?.close();
    [adapter, fake] = [undefined, undefined];
  });

  it('connects with the app token and answers commands, forms and events over the socket', async () => {
    fake = await startFakeSlackApi({ teamId: 'T0SOCKET1' });
    const seen: string[] = [];
    const audit = { auditEvent: { create: async () => ({}) } } as unknown as Parameters<typeof createSlackAdapter>[0]['prisma'];
    adapter = createSlackAdapter({
      config: { botToken: 'xoxb-socket', appToken: 'xapp-1-socket', apiUrl: fake.apiUrl, mode: 'socket' },
      core: recordingCore(seen),
      prisma: audit,
      logger: createLogger({ level: 'error', write: () => undefined }),
    });
    adapter.mount({ route: () => expect.fail('Socket Mode must not add an HTTP route') });
    await adapter.start();
    await fake.socketMode.connected();
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-socket');
    expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-socket');

    const command = Object.fromEntries(
      new URLSearchParams(slashCommandBody({ text: 'help', teamId: 'T0SOCKET1', channelId: 'C0SOCKET1', responseUrl: fake.responseUrl('socket') })),
    );
    const commandAck = await fake.socketMode.deliver('slash_commands', command);
    expect(commandAck.payload ?? {}).toEqual({});
    const reply = await fake.waitForCall('response_url');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: 'Hello over Socket Mode' });

    const submission = viewSubmissionPayload({
      callbackId: ACTION_IDS.submitUpdateForm,
      values: { percent: { percent: numberValue('140') } },
      teamId: 'T0SOCKET1',
    });
    const formAck = await fake.socketMode.deliver('interactive', submission);
    expect(formAck.payload).toEqual({ response_action: 'errors', errors: { percent: 'At most 100.' } });

    const home = JSON.parse(eventCallbackBody({ type: 'app_home_opened', user: 'W111', channel: 'D0SOCKET1', tab: 'home' }, { teamId: 'T0SOCKET1' }));
    await fake.socketMode.deliver('events_api', home);
    const published = await fake.waitForCall('views.publish');
    expect(published.body).toMatchObject({ user_id: 'W111', view: { type: 'home' } });

    expect(seen).toEqual(['command:help:channel', `form:${ACTION_IDS.submitUpdateForm}:{"percent":"140"}`]);
  });
});
