// The Slack front door: Bolt in HTTP mode (POST /slack/events on the shared server) or Socket Mode, turning
// Slack payloads into chat-core requests and the core's results into Web API calls.
//
// Acknowledgement: every listener calls ack() before any other work, and the HTTP receiver runs with
// processBeforeResponse=false, so ack() writes the HTTP 200 at once and the listener carries on (Slack's
// 3-second limit is met however slow the core is). The exception is view_submission: its ack carries the
// answer (inline errors, a redrawn modal, or nothing to close it), so the core's form handler runs first;
// form handlers only validate and save, which fits in the 3 seconds.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { App, SocketModeReceiver, webApi, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { SlackConfig } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import type { HttpServer } from '../server/http-server.ts';
import type { ChatActor, ChatConversation, ChatCore, ChatResponse, Notifier } from '../services/chat-core.ts';
import type { InFlightWork } from '../services/in-flight-work.ts';
import { decodeActionValue } from '../views/action-value.ts';
import { isActionId } from '../views/action-ids.ts';
import { slackResponseActionErrors, slackResponseActionUpdate } from '../views/block-kit.ts';
import type { FormView, MessageView } from '../views/model.ts';
import { boltLogger } from './bolt-logger.ts';
import { decodeModalMetadata, encodeModalMetadata } from './modal-metadata.ts';
import { createRefusalAuditor, type AuditWriter } from './refusal-audit.ts';
import {
  createSlackDelivery,
  homeArgument,
  renderModalFor,
  type ReplyContext,
  type SourceMessage,
  type SourceView,
} from './slack-delivery.ts';
import { SLACK_EVENTS_PATH, SLASH_COMMAND } from './slack-constants.ts';
import { createSlackDirectory } from './slack-directory.ts';
import { RECEIVED_AT_KEY, SlackHttpReceiver, receivedAtProperties } from './slack-http-receiver.ts';
import { createSlackNotifier } from './slack-notifier.ts';
import { describeSlackRequest } from './slack-work-names.ts';
import {
  appHomeOpenedSchema,
  appMentionSchema,
  blockActionsSchema,
  conversationKind,
  directMessageSchema,
  eventEnvelopeSchema,
  memberJoinedChannelSchema,
  namedChannel,
  parsePayload,
  readFormFields,
  slashCommandSchema,
  unusablePayloadReason,
  viewSubmissionSchema,
} from './slack-payloads.ts';

/** Bolt's extended error handler (the last `App#error` overload; the type itself is not exported). */
type ExtendedErrorHandler = Parameters<App['error']>[0];

export const FRIENDLY_ERROR_TEXT =
  'Sorry, something went wrong on our side and your request was not completed. Please try again in a moment; ' +
  'if it keeps happening, tell your partnership secretariat and quote reference';

export const FORM_SAVE_ERROR_TEXT = 'Sorry, this could not be saved because of a problem on our side. Please try again.';

type SlackRequestKind = 'command' | 'action' | 'form' | 'event';

export interface AckSample {
  kind: SlackRequestKind;
  /** From the moment the receiver read the request to ack(). */
  milliseconds: number;
}

export interface SlackAdapterOptions {
  config: SlackConfig;
  core: ChatCore;
  /** Where refused requests are audited (the app's PrismaClient). */
  prisma: AuditWriter;
  logger: Logger;
  /** For benchmarks and tests: called after every acknowledgement. */
  onAck?: (sample: AckSample) => void;
  /** Each request's whole handling (after the ack too) is in-flight work a shutdown waits for. */
  inFlight?: InFlightWork;
}

export interface SlackAdapter {
  readonly mode: SlackConfig['mode'];
  readonly notifier: Notifier;
  /** The Bolt app, for diagnostics; the adapter registers every listener itself. */
  readonly app: App;
  /** HTTP mode: routes POST /slack/events on the shared server. Socket Mode: nothing to mount. */
  mount(http: Pick<HttpServer, 'route'>): void;
  /** Checks the bot token (auth.test), then opens the door to events (HTTP) or connects (Socket Mode). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, core } = options;
  const logger = options.logger.child('slack');
  const boltLog = boltLogger(logger.child('bolt'));
  const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};

  let httpReceiver: SlackHttpReceiver | undefined;
  let receiver: Receiver;
  if (config.mode === 'socket') {
    if (!config.appToken) throw new Error('Slack Socket Mode needs SLACK_APP_TOKEN');
    receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger: boltLog,
      // Bolt passes these client options to the Socket Mode client, so SLACK_API_URL reaches apps.connections.open too.
      installerOptions: { clientOptions },
      customPropertiesExtractor: () => receivedAtProperties(),
    });
  } else {
    if (!config.signingSecret) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET');
    httpReceiver = new SlackHttpReceiver({
      signingSecret: config.signingSecret,
      logger: boltLog,
      onRefused: createRefusalAuditor({ prisma: options.prisma, logger }),
      unusableBody: unusablePayloadReason,
    });
    receiver = httpReceiver;
  }

  const inFlight = options.inFlight;
  /** Bolt's App, with every request (HTTP or Socket Mode) handled as one named unit of in-flight work. */
  class TrackedApp extends App {
    override async processEvent(event: ReceiverEvent): Promise<void> {
      if (!inFlight) return super.processEvent(event);
      const outcome = await inFlight.handleRequest(describeSlackRequest(event.body), () => super.processEvent(event));
      if (!outcome.admitted) logger.warn('A Slack request arrived while shutting down; left unacknowledged so Slack sends it again');
    }
  }

  const app = new TrackedApp({
    token: config.botToken,
    receiver,
    logger: boltLog,
    clientOptions,
    deferInitialization: true,
    extendedErrorHandler: true,
    convoStore: false,
  });
  const client = app.client;
  const directory = createSlackDirectory({ client, logger });
  const delivery = createSlackDelivery({ client, directory, logger });
  // Proactive messages have a client of their own that neither retries nor waits out rate limits: the one
  // delivery retry policy (src/services/delivery-retry.ts) does, within its time budget.
  const proactiveClient = new webApi.WebClient(config.botToken, {
    ...clientOptions,
    logger: boltLog,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const notifier = createSlackNotifier({ client: proactiveClient, directory: createSlackDirectory({ client: proactiveClient, logger }), logger });

  function observeAck(kind: SlackRequestKind, context: Record<string, unknown>): void {
    const receivedAt = context[RECEIVED_AT_KEY];
    if (typeof receivedAt !== 'number') return;
    const milliseconds = performance.now() - receivedAt;
    logger.debug('Acknowledged Slack request', { kind, ackMs: Math.round(milliseconds * 10) / 10 });
    options.onAck?.({ kind, milliseconds });
  }

  function actorFor(workspaceId: string, userId: string, displayName?: string): ChatActor {
    return {
      platform: 'SLACK',
      workspaceId,
      userId,
      ...(displayName ? { displayName } : {}),
      lookupEmail: () => directory.lookupEmail(userId),
    };
  }

  /** A D… channel is the person's chat with the bot only if it is the bot's DM with them. */
  async function conversationIn(
    workspaceId: string,
    userId: string,
    channelId: string,
    extra: { channelName?: string; threadId?: string } = {},
  ): Promise<ChatConversation> {
    let kind = conversationKind(channelId, extra.channelName);
    if (kind === 'personal') {
      const botDirectMessage = await directory.directMessageChannel(userId).catch(() => undefined);
      if (botDirectMessage && botDirectMessage !== channelId) kind = 'group';
    }
    const name = namedChannel(extra.channelName);
    return {
      platform: 'SLACK',
      workspaceId,
      channelId,
      kind,
      ...(name ? { name } : {}),
      ...(extra.threadId ? { threadId: extra.threadId } : {}),
    };
  }

  async function personalConversation(workspaceId: string, userId: string, knownChannelId?: string): Promise<ChatConversation> {
    const channelId = knownChannelId ?? (await directory.directMessageChannel(userId));
    return { platform: 'SLACK', workspaceId, channelId, kind: 'personal' };
  }

  function noteSeen(conversation: ChatConversation, actor?: ChatActor): void {
    const record = () =>
      core.onConversationSeen(conversation, actor).catch((error: unknown) => {
        logger.warn('Recording a Slack conversation failed', { channel: conversation.channelId, error });
      });
    void (inFlight ? inFlight.track(`slack conversation bookkeeping for ${conversation.channelId}`, record) : record());
  }

  async function run(context: ReplyContext, results: Promise<ChatResponse>): Promise<void> {
    await delivery.deliver(context, await results);
  }

  app.command(SLASH_COMMAND, async ({ ack, body, respond, context }) => {
    await ack();
    observeAck('command', context);
    const command = parsePayload(slashCommandSchema, 'slash command', body);
    const actor = actorFor(command.team_id, command.user_id, command.user_name);
    const conversation = await conversationIn(command.team_id, command.user_id, command.channel_id, {
      channelName: command.channel_name,
    });
    noteSeen(conversation, actor);
    await run(
      { actor, conversation, triggerId: command.trigger_id, respond },
      core.handleCommand({ actor, conversation, text: command.text.trim() }),
    );
  });

  app.action({ type: 'block_actions' }, async ({ ack, body, respond, context }) => {
    await ack();
    observeAck('action', context);
    const payload = parsePayload(blockActionsSchema, 'block_actions', body);
    const action = payload.actions[0];
    if (!action || !isActionId(action.action_id)) {
      // Link buttons also report clicks; they have nothing for the core to do.
      logger.debug('Ignored a Slack block action that is not one of ours', { actionId: action?.action_id });
      return;
    }
    const workspaceId = payload.team?.id ?? payload.user.team_id ?? '';
    const actor = actorFor(workspaceId, payload.user.id, payload.user.name ?? payload.user.username);
    let conversation: ChatConversation;
    let sourceMessage: SourceMessage | undefined;
    let sourceView: SourceView | undefined;
    const channelId = payload.container.channel_id ?? payload.channel?.id;
    const messageTs = payload.container.message_ts ?? payload.message?.ts;
    if (payload.container.type === 'view' || !channelId) {
      const view = payload.view;
      sourceView = view ? { id: view.id, type: view.type === 'home' ? 'home' : 'modal', hash: view.hash } : undefined;
      conversation =
        (view?.type === 'modal' ? decodeModalMetadata(view.private_metadata ?? '')?.conversation : undefined) ??
        (await personalConversation(workspaceId, actor.userId));
    } else {
      conversation = await conversationIn(workspaceId, actor.userId, channelId, {
        channelName: payload.channel?.name,
        threadId: payload.message?.thread_ts,
      });
      if (messageTs) sourceMessage = { channelId, ts: messageTs, ephemeral: payload.container.is_ephemeral ?? false };
    }
    noteSeen(conversation, actor);
    await run(
      { actor, conversation, triggerId: payload.trigger_id, respond, sourceMessage, sourceView },
      core.handleAction({
        actor,
        conversation,
        actionId: action.action_id,
        ...(action.value !== undefined ? { value: decodeActionValue(action.value) } : {}),
        ...(sourceMessage ? { message: { id: sourceMessage.ts } } : {}),
      }),
    );
  });

  app.view({ type: 'view_submission' }, async ({ ack, body, context }) => {
    const payload = parsePayload(viewSubmissionSchema, 'view_submission', body);
    const workspaceId = payload.team?.id ?? payload.user.team_id ?? '';
    const actor = actorFor(workspaceId, payload.user.id, payload.user.name ?? payload.user.username);
    const opened = decodeModalMetadata(payload.view.private_metadata);
    const firstInput = Object.keys(payload.view.state.values)[0];

    let results: ChatResponse;
    let conversation: ChatConversation;
    try {
      conversation = opened?.conversation ?? (await personalConversation(workspaceId, actor.userId));
      results = await core.handleFormSubmit({
        actor,
        conversation,
        formId: payload.view.callback_id,
        fields: readFormFields(payload.view.state.values),
        ...(opened?.metadata !== undefined ? { metadata: opened.metadata } : {}),
      });
    } catch (error) {
      const reference = logFailure(error, body);
      if (firstInput) {
        // Keep the modal open with what the person typed, and say so next to the first input.
        await ack({ response_action: 'errors', errors: { [firstInput]: `${FORM_SAVE_ERROR_TEXT} (reference ${reference})` } });
        observeAck('form', context);
      } else {
        await ack();
        observeAck('form', context);
        await tellSomethingWentWrong(body as unknown as Record<string, unknown>, reference);
      }
      return;
    }

    const answer = results.find((result) => result.type === 'formErrors' || result.type === 'openForm');
    const rest = results.filter((result) => result !== answer);
    if (answer?.type === 'formErrors') {
      await ack(formErrorsAck(answer.form, conversation));
    } else if (answer?.type === 'openForm') {
      await ack({ response_action: 'update', view: renderModalFor(answer.form, conversation) });
    } else {
      await ack();
    }
    observeAck('form', context);
    noteSeen(conversation, actor);
    await delivery.deliver({ actor, conversation, sourceView: { id: payload.view.id, type: 'modal' } }, rest);
  });

  app.event('app_home_opened', async ({ event, body, context }) => {
    observeAck('event', context);
    const opened = parsePayload(appHomeOpenedSchema, 'app_home_opened', event);
    if (opened.tab !== undefined && opened.tab !== 'home') return;
    const { team_id: workspaceId } = parsePayload(eventEnvelopeSchema, 'event envelope', body);
    const actor = actorFor(workspaceId, opened.user);
    noteSeen(await personalConversation(workspaceId, opened.user, opened.channel), actor);
    const home: MessageView = await core.homeView(actor);
    await client.views.publish({ user_id: opened.user, view: homeArgument(home) });
  });

  app.event('member_joined_channel', async ({ event, body, context }) => {
    observeAck('event', context);
    const joined = parsePayload(memberJoinedChannelSchema, 'member_joined_channel', event);
    if (joined.user !== context.botUserId) return;
    const { team_id: workspaceId } = parsePayload(eventEnvelopeSchema, 'event envelope', body);
    const conversation: ChatConversation = { platform: 'SLACK', workspaceId, channelId: joined.channel, kind: 'channel' };
    const inviter = joined.inviter ? actorFor(workspaceId, joined.inviter) : undefined;
    const results = await core.onInstalled(conversation, inviter);
    await delivery.deliver({ actor: inviter ?? actorFor(workspaceId, joined.user), conversation }, results);
  });

  app.event('app_mention', async ({ event, body, context }) => {
    observeAck('event', context);
    const mention = parsePayload(appMentionSchema, 'app_mention', event);
    const { team_id: workspaceId } = parsePayload(eventEnvelopeSchema, 'event envelope', body);
    const actor = actorFor(workspaceId, mention.user);
    const conversation = await conversationIn(workspaceId, mention.user, mention.channel, { threadId: mention.thread_ts });
    const text = mentionCommandText(mention.text, typeof context.botUserId === 'string' ? context.botUserId : undefined);
    noteSeen(conversation, actor);
    await run({ actor, conversation, threadTs: mention.thread_ts ?? mention.ts }, core.handleCommand({ actor, conversation, text }));
  });

  app.event('message', async ({ event, body, context }) => {
    const typed = parsePayload(directMessageSchema, 'message', event);
    // Only what a person types in their DM with the bot; edits, joins and bot posts carry a subtype or bot_id.
    if (typed.channel_type !== 'im' || typed.subtype !== undefined || typed.bot_id !== undefined || !typed.user) return;
    observeAck('event', context);
    const { team_id: workspaceId } = parsePayload(eventEnvelopeSchema, 'event envelope', body);
    const actor = actorFor(workspaceId, typed.user);
    const conversation = await personalConversation(workspaceId, typed.user, typed.channel);
    noteSeen(conversation, actor);
    const text = mentionCommandText(typed.text ?? '', typeof context.botUserId === 'string' ? context.botUserId : undefined);
    await run({ actor, conversation }, core.handleCommand({ actor, conversation, text }));
  });

  const onError: ExtendedErrorHandler = async ({ error, body }) => {
    await tellSomethingWentWrong(body as unknown as Record<string, unknown>, logFailure(error, body));
  };
  app.error(onError);

  /** Logs the failure with a short reference the user is given, so a report can be matched to the log. */
  function logFailure(error: unknown, body: unknown): string {
    const reference = randomUUID().slice(0, 8);
    logger.error('Slack request failed', { reference, error, request: describeRequest(body) });
    return reference;
  }

  /** A friendly private note to the person waiting on the request; never the error itself. */
  async function tellSomethingWentWrong(body: Record<string, unknown>, reference: string): Promise<void> {
    const who = requestParticipants(body);
    if (!who) return;
    const text = `${FRIENDLY_ERROR_TEXT} ${reference}.`;
    const message: MessageView = { kind: 'message', blocks: [{ type: 'text', text }], fallbackText: text };
    try {
      const respond = who.responseUrl ? respondVia(who.responseUrl) : undefined;
      const conversation: ChatConversation = who.channelId
        ? { platform: 'SLACK', workspaceId: who.workspaceId, channelId: who.channelId, kind: conversationKind(who.channelId) }
        : await personalConversation(who.workspaceId, who.userId);
      await delivery.privateReply({ actor: actorFor(who.workspaceId, who.userId), conversation, respond }, message);
    } catch (notifyError) {
      logger.warn('Could not tell the user that their Slack request failed', { reference, error: notifyError });
    }
  }

  return {
    mode: config.mode,
    notifier,
    app,
    mount(http) {
      if (!httpReceiver) return;
      http.route('POST', SLACK_EVENTS_PATH, httpReceiver.requestListener);
    },
    async start() {
      await app.init();
      await app.start();
      logger.info(config.mode === 'socket' ? 'Slack connected over Socket Mode' : `Slack ready on POST ${SLACK_EVENTS_PATH}`);
    },
    async stop() {
      await app.stop();
    },
  };
}

function formErrorsAck(form: FormView, conversation: ChatConversation) {
  const errors = form.errors ?? {};
  if (errors.form) {
    const update = slackResponseActionUpdate(form, errors);
    return {
      response_action: 'update' as const,
      view: { ...update.view, private_metadata: encodeModalMetadata(conversation, form.metadata) },
    };
  }
  return slackResponseActionErrors(form, errors);
}

/** "@CSP bot csp help" → "help": the bot's own mention and an optional leading "csp" are not part of the command. */
export function mentionCommandText(text: string, botUserId: string | undefined): string {
  const withoutBot = botUserId ? text.split(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`)).join(' ') : text;
  return withoutBot.trim().replace(/^\/?csp\b\s*/i, '').trim();
}

interface RequestParticipants {
  workspaceId: string;
  userId: string;
  channelId?: string;
  responseUrl?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Who to tell about a failure, for the requests a person is waiting on: slash commands, button clicks,
 * form submits, @mentions and messages to the bot. Background events (App Home, channel joins) fail silently to the user.
 */
function requestParticipants(body: Record<string, unknown>): RequestParticipants | undefined {
  if (text(body.command)) {
    const userId = text(body.user_id);
    const workspaceId = text(body.team_id);
    if (!userId || !workspaceId) return undefined;
    return { workspaceId, userId, channelId: text(body.channel_id), responseUrl: text(body.response_url) };
  }
  if (body.type === 'block_actions' || body.type === 'view_submission') {
    const userId = text(field(body.user, 'id'));
    const workspaceId = text(field(body.team, 'id')) ?? text(field(body.user, 'team_id'));
    if (!userId || !workspaceId) return undefined;
    const channelId = text(field(body.container, 'channel_id')) ?? text(field(body.channel, 'id'));
    return { workspaceId, userId, channelId, responseUrl: text(body.response_url) };
  }
  const eventType = field(body.event, 'type');
  if (body.type === 'event_callback' && (eventType === 'app_mention' || (eventType === 'message' && field(body.event, 'channel_type') === 'im'))) {
    const userId = text(field(body.event, 'user'));
    const workspaceId = text(body.team_id);
    if (!userId || !workspaceId) return undefined;
    return { workspaceId, userId, channelId: text(field(body.event, 'channel')) };
  }
  return undefined;
}

function describeRequest(body: unknown): string {
  const command = text(field(body, 'command'));
  if (command) return `slash command ${command}`;
  const type = text(field(body, 'type')) ?? 'unknown';
  const eventType = text(field(field(body, 'event'), 'type'));
  return eventType ? `${type}:${eventType}` : type;
}

/** A response_url poster for the error path, where Bolt's respond() is not at hand. */
function respondVia(responseUrl: string): ReplyContext['respond'] {
  return async (message) => {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    return response;
  };
}
