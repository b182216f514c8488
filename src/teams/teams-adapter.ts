// The Microsoft Teams front door: POST /api/messages on the shared server, through teams-ai's TeamsAdapter
// (botbuilder's CloudAdapter, which validates the Bot Framework JWT when credentials are configured) and a
// router that sends typed commands, card actions and installs to the chat core. Without credentials,
// loopback-guard.ts decides who is served, before the adapter runs.
//
// Timing: Action.Execute and dialog (task/fetch, task/submit) invokes are answered in the HTTP response and
// Teams waits at most 5 s for it, so the core runs inside the request and its card is the answer. Messages (commands, Action.Submit) are
// answered with their own outgoing activities; Teams retries a message only after about 15 s.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ActivityTypes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
// Only the modules used, not the package index: the index also loads teams-ai's AI layer (OpenAI
// client, GPT tokenizer tables, prompt managers), about 30 MB of resident memory this bot never uses.
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { recordAudit } from '../db/audit-store.ts';
import type { TeamsConfig } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { sendJson, type HttpServer } from '../server/http-server.ts';
import type { ChatActor, ChatCore, ChatResponse, Notifier } from '../services/chat-core.ts';
import type { InFlightWork } from '../services/in-flight-work.ts';
import { ACTION_IDS } from '../views/action-ids.ts';
import { z } from 'zod';
import { parseTeamsDialogInvoke, parseTeamsSubmission, type SubmittedAction } from '../views/submitted-values.ts';
import { ActivityRouter } from './activity-router.ts';
import { commandTextFromMessage } from './command-text.ts';
import { readJsonBody, RequestBodyError, withDates } from './http-bridge.ts';
import { TeamsDeliveryError } from './connector-errors.ts';
import { turnOffProactiveConnectorRetries } from './connector-retries.ts';
import { guardServiceUrl, guardTeamsRequest, isLoopbackServiceUrl, teamsAccessMode, type TeamsAccessMode } from './loopback-guard.ts';
import { actorOf, conversationOf, hasHumanSender, resolveAadObjectId, tenantIdOf } from './teams-activity.ts';
import { createTeamsDelivery, type InvokeAnswer, type TeamsSource } from './teams-delivery.ts';
import { dialogMessage, dialogResults, type DialogAnswer } from './teams-dialogs.ts';
import { createTeamsNotifier, ServiceUrlBook } from './teams-notifier.ts';
import { describeTeamsActivity } from './teams-work-names.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';
export const TEAMS_REQUEST_REFUSED = 'teams.request.refused';

export const FRIENDLY_ERROR_TEXT =
  'Sorry, something went wrong on our side and your request was not completed. Please try again in a moment; ' +
  'if it keeps happening, tell your partnership secretariat and quote reference';

const UNKNOWN_BUTTON_TEXT = 'This button is from an older version of the bot and no longer works. Type "help" to see what you can do.';

type AuditWriter = Parameters<typeof recordAudit>[0];

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  core: ChatCore;
  /** Where refused requests are audited (the app's PrismaClient). */
  prisma: AuditWriter;
  logger: Logger;
  /** Each turn, and the bookkeeping it leaves running after its response, is in-flight work a shutdown waits for. */
  inFlight?: InFlightWork;
}

export interface TeamsBot {
  readonly mode: TeamsAccessMode;
  readonly notifier: Notifier;
  /** Routes POST /api/messages on the shared server. */
  mount(http: Pick<HttpServer, 'route'>): void;
  /** The route handler itself (what `mount` registers). */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Waits for background work started by requests (conversation bookkeeping) to finish. */
  stop(): Promise<void>;
}

/** The value of the "Open form" button on the reply to a typed command (teams-dialogs.ts dialogLauncher). */
const commandFormValue = z.object({ command: z.string().min(1) });

/** Form submits carry input values; the cancel button of a form carries them too but is an action. */
function isFormSubmission(submission: SubmittedAction): boolean {
  if (submission.actionId === ACTION_IDS.cancelForm) return false;
  return Object.keys(submission.fields).length > 0 || submission.actionId.endsWith('.submit');
}

/**
 * TeamsAdapter with its token check and turn exposed, so this module writes the HTTP response itself, and
 * with the connector's own retries off for proactive messages (connector-retries.ts).
 */
class CspTeamsAdapter extends TeamsAdapter {
  turnOffProactiveRetries(logger: Logger): void {
    let warned = false;
    turnOffProactiveConnectorRetries(this.botFrameworkAuthentication, () => {
      if (!warned) logger.warn('The Bot Connector client is not built as expected: its own retries stay on for proactive messages');
      warned = true;
    });
  }

  receive(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/** botframework-connector's AuthenticationError (missing, invalid or expired Bot Framework token). */
function isAuthenticationFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === 401;
}

/** Every refusal looks the same from outside; the reason goes to the log and the audit only. */
function sendUnauthorized(response: ServerResponse): void {
  const body = 'Unauthorized';
  response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * Proactive messages follow the same rule as replies: without a token's word for a serviceUrl (local-only),
 * only a connector on this machine; with neither credentials nor TEAMS_LOCAL_ONLY, nowhere.
 */
function guardedNotifier(notifier: Notifier, mode: TeamsAccessMode, serviceUrls: ServiceUrlBook): Notifier {
  if (mode === 'bot-framework') return notifier;
  const refuse = (what: string): never => {
    throw new TeamsDeliveryError(
      mode === 'closed'
        ? `${what}: Teams is off (TEAMS_APP_ID/TEAMS_APP_PASSWORD are not set and TEAMS_LOCAL_ONLY is off)`
        : `${what}: TEAMS_LOCAL_ONLY=1 sends only to a connector on this machine`,
      { permanent: true },
    );
  };
  /** A reference without a serviceUrl is left to the notifier, which refuses it with its own reason. */
  const check = (reference: unknown, what: string, openingChatIn?: string): void => {
    if (mode === 'closed') refuse(what);
    const stored = typeof reference === 'object' && reference !== null ? (reference as { serviceUrl?: unknown }).serviceUrl : undefined;
    if (stored !== undefined && !isLoopbackServiceUrl(stored)) refuse(what);
    if (stored === undefined && openingChatIn !== undefined && !isLoopbackServiceUrl(serviceUrls.lookup(openingChatIn))) refuse(what);
  };
  return {
    platform: notifier.platform,
    async postToChannel(target, message) {
      check(target.conversationReference, `Posting to Teams channel ${target.channelId}`);
      return notifier.postToChannel(target, message);
    },
    async sendDirect(target, message) {
      const reference = target.conversationReference ?? undefined;
      check(reference, `Sending a Teams message to ${target.userId}`, reference === undefined ? target.workspaceId : undefined);
      return notifier.sendDirect(target, message);
    },
    async updateMessage(target, messageId, message) {
      check(target.conversationReference, `Updating Teams message ${messageId}`);
      return notifier.updateMessage(target, messageId, message);
    },
  };
}

function isDialogInvoke(name: string | undefined): boolean {
  return name === 'task/fetch' || name === 'task/submit';
}

function isCardSubmit(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Message && !activity.text?.trim() && typeof activity.value === 'object' && activity.value !== null;
}

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsBot {
  const { config, core } = options;
  const logger = options.logger.child('teams');
  const mode = teamsAccessMode(config);
  const appId = config.authenticated ? (config.appId ?? '') : '';
  const adapter = new CspTeamsAdapter(
    config.authenticated
      ? {
          MicrosoftAppId: config.appId,
          MicrosoftAppPassword: config.appPassword,
          MicrosoftAppType: config.appType,
          MicrosoftAppTenantId: config.tenantId,
        }
      : {},
  );
  adapter.turnOffProactiveRetries(logger);
  const router = new ActivityRouter(adapter);
  const serviceUrls = new ServiceUrlBook();
  const notifier = guardedNotifier(createTeamsNotifier({ adapter, appId, serviceUrls, logger }), mode, serviceUrls);
  const delivery = createTeamsDelivery({ adapter, appId, logger });
  const background = new Set<Promise<void>>();
  /** Teams announces an install twice (installationUpdate and conversationUpdate); welcome once. */
  const recentInstalls = new Map<string, number>();
  const refusals = refusalAuditor(options.prisma, logger);

  function track(work: Promise<void>): void {
    void options.inFlight?.track('teams conversation bookkeeping', () => work);
    background.add(work);
    void work.finally(() => background.delete(work));
  }

  /** Emails come from the roster only when a Bot Framework token vouches for where the roster is. */
  function actorFor(context: TurnContext): ChatActor {
    return actorOf(context, logger, { verifiedEmail: mode === 'bot-framework' });
  }

  function who(context: TurnContext): ChatActor | undefined {
    return hasHumanSender(context.activity) ? actorFor(context) : undefined;
  }

  async function conversationSeen(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.conversation?.id) return;
    serviceUrls.remember(tenantIdOf(activity), activity.serviceUrl);
    const work = core.onConversationSeen(conversationOf(activity), who(context)).catch((error: unknown) => {
      logger.error('Recording the Teams conversation failed', { error, conversationType: activity.conversation.conversationType });
    });
    if (activity.type === ActivityTypes.Invoke) track(work);
    else await work;
  }

  async function installed(context: TurnContext): Promise<void> {
    const conversation = conversationOf(context.activity);
    const key = `${conversation.workspaceId}|${conversation.channelId}`;
    const now = Date.now();
    for (const [seenKey, at] of recentInstalls) if (now - at > 10 * 60_000) recentInstalls.delete(seenKey);
    if (recentInstalls.has(key)) return;
    recentInstalls.set(key, now);
    logger.info('The bot was added to a Teams conversation', { kind: conversation.kind, channelId: conversation.channelId });
    const results = await core.onInstalled(conversation, who(context));
    await delivery.deliver(context, conversation, { kind: 'message' }, results);
  }

  async function runCommand(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const text = await commandTextFromMessage({
      text: activity.text,
      entities: activity.entities,
      botId: activity.recipient?.id,
      botName: activity.recipient?.name,
      resolveMention: (id) => resolveAadObjectId(context, id),
    });
    const actor = actorFor(context);
    const conversation = conversationOf(activity);
    const results = await core.handleCommand({ actor, conversation, text });
    await delivery.deliver(context, conversation, { kind: 'message', command: text }, results);
  }

  /** What a card button or form submit asks the core for; the reply to a typed command reruns the command. */
  async function coreResults(context: TurnContext, submission: SubmittedAction, cardMessageId: string | undefined): Promise<ChatResponse> {
    const actor = actorFor(context);
    const conversation = conversationOf(context.activity);
    const message = cardMessageId ? { message: { id: cardMessageId } } : {};
    if (submission.actionId === ACTION_IDS.openCommandForm) {
      const command = commandFormValue.safeParse(submission.value);
      if (!command.success) return core.handleAction({ actor, conversation, actionId: submission.actionId, ...message });
      return core.handleCommand({ actor, conversation, text: command.data.command });
    }
    if (isFormSubmission(submission)) {
      return core.handleFormSubmit({
        actor,
        conversation,
        formId: submission.actionId,
        fields: Object.fromEntries(Object.entries(submission.fields).filter(([, value]) => value !== '')),
        ...(submission.value !== undefined ? { metadata: submission.value } : {}),
        ...message,
      });
    }
    return core.handleAction({
      actor,
      conversation,
      actionId: submission.actionId,
      ...(submission.value !== undefined ? { value: submission.value } : {}),
      ...message,
    });
  }

  async function runSubmission(context: TurnContext, submission: SubmittedAction, source: TeamsSource): Promise<InvokeAnswer | undefined> {
    const cardMessageId = source.kind !== 'message' ? source.cardMessageId : undefined;
    const results = await coreResults(context, submission, cardMessageId);
    return delivery.deliver(context, conversationOf(context.activity), source, results);
  }

  /** A dialog step: its answer is what the dialog shows next; undefined closes it. */
  async function runDialogStep(context: TurnContext): Promise<DialogAnswer | undefined> {
    const invoke = parseTeamsDialogInvoke(context.activity);
    if (!invoke) return dialogMessage(UNKNOWN_BUTTON_TEXT);
    // Opening a dialog is a button press, never a form submit, whatever else its data holds.
    const submission = invoke.step === 'task/fetch' ? { ...invoke, fields: {} } : invoke;
    const results = await coreResults(context, submission, undefined);
    const { answer, elsewhere } = dialogResults(results);
    await delivery.deliver(context, conversationOf(context.activity), { kind: 'message' }, elsewhere);
    return answer;
  }

  router.turn('beforeTurn', async (context) => {
    await conversationSeen(context);
    return true;
  });

  router.adaptiveCards.actionExecute<Record<string, unknown>>(/.+/, async (context) => {
    const submission = parseTeamsSubmission(context.activity);
    if (!submission) return UNKNOWN_BUTTON_TEXT;
    const replyToId = context.activity.replyToId;
    const answer = await runSubmission(context, submission, { kind: 'invoke', ...(replyToId ? { cardMessageId: replyToId } : {}) });
    return answer ?? 'Done.';
  });

  router.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke && isDialogInvoke(context.activity.name),
    async (context) => {
      const answer = await runDialogStep(context);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, ...(answer ? { body: answer } : {}) } });
    },
    true,
  );

  // An Action.Execute without a verb (another app's card, or an old one): answer rather than leave Teams waiting.
  router.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: UNKNOWN_BUTTON_TEXT } },
      });
    },
    true,
  );

  router.activity(ActivityTypes.Message, async (context) => {
    const activity = context.activity;
    if (isCardSubmit(activity)) {
      const submission = parseTeamsSubmission(activity);
      if (!submission) {
        await context.sendActivity(UNKNOWN_BUTTON_TEXT);
        return;
      }
      await runSubmission(context, submission, { kind: 'submit', ...(activity.replyToId ? { cardMessageId: activity.replyToId } : {}) });
      return;
    }
    await runCommand(context);
  });

  router.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = (context.activity as Partial<Activity> & { action?: string }).action ?? '';
    if (action.startsWith('add')) await installed(context);
    else logger.info('The bot was removed from a Teams conversation', { conversationType: context.activity.conversation?.conversationType });
  });

  router.membersAdded(async (context) => {
    const botId = context.activity.recipient?.id;
    if (botId && (context.activity.membersAdded ?? []).some((member) => member.id === botId)) await installed(context);
  });

  router.error(async (context, error) => {
    const reference = randomUUID().slice(0, 8);
    const activity = context.activity;
    logger.error('A Teams turn failed', { reference, error, activityType: activity.type, name: activity.name });
    const text = `${FRIENDLY_ERROR_TEXT} ${reference}.`;
    try {
      if (activity.type === ActivityTypes.Invoke && isDialogInvoke(activity.name)) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: dialogMessage(text) } });
      } else if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
        });
      } else if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(text);
      }
    } catch (sendError) {
      logger.error('Could not tell the user about a failed Teams turn', { reference, error: sendError });
    }
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const decision = guardTeamsRequest(mode, { remoteAddress: request.socket.remoteAddress, headers: request.headers });
    if (!decision.allowed) {
      request.resume();
      await refusals(request, decision.reason);
      sendUnauthorized(response);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      if (error instanceof RequestBodyError) {
        sendJson(response, error.status, { error: error.message });
        return;
      }
      throw error;
    }
    const destination = guardServiceUrl(mode, body.serviceUrl);
    if (!destination.allowed) {
      await refusals(request, destination.reason);
      sendUnauthorized(response);
      return;
    }
    const authorization = request.headers.authorization ?? '';
    options.inFlight?.nameCurrentRequest(describeTeamsActivity(body));
    try {
      const invokeResponse = await adapter.receive(authorization, withDates(body) as unknown as Activity, async (context) => {
        await router.run(context);
      });
      const status = invokeResponse?.status ?? 200;
      if (invokeResponse?.body === undefined) {
        response.writeHead(status, { 'content-length': 0 });
        response.end();
      } else {
        sendJson(response, status, invokeResponse.body);
      }
    } catch (error) {
      if (isAuthenticationFailure(error)) {
        await refusals(request, `Bot Framework token refused: ${error instanceof Error ? error.message : String(error)}`);
        sendUnauthorized(response);
        return;
      }
      throw error;
    }
  }

  return {
    mode,
    notifier,
    handle,
    mount(http) {
      http.route('POST', TEAMS_MESSAGES_PATH, handle);
    },
    async stop() {
      await Promise.allSettled([...background]);
    },
  };
}

/** Refusals go to the audit log, at most `maxPerMinute` rows a minute so a flood cannot fill the table. */
function refusalAuditor(prisma: AuditWriter, logger: Logger, maxPerMinute = 60): (request: IncomingMessage, reason: string) => Promise<void> {
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let leftOut = 0;
  return async (request, reason) => {
    const remoteAddress = request.socket.remoteAddress;
    logger.warn('Refused a Teams request', { reason, remoteAddress });
    const now = Date.now();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      written = 0;
    }
    if (written >= maxPerMinute) {
      leftOut += 1;
      return;
    }
    written += 1;
    const userAgent = request.headers['user-agent'];
    const detail = {
      path: TEAMS_MESSAGES_PATH,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(typeof userAgent === 'string' ? { userAgent: userAgent.slice(0, 200) } : {}),
      ...(leftOut > 0 ? { refusalsNotRecordedBefore: leftOut } : {}),
    };
    leftOut = 0;
    try {
      await recordAudit(prisma, { action: TEAMS_REQUEST_REFUSED, outcome: 'REFUSED', actorPlatform: 'TEAMS', reason, detail });
    } catch (error) {
      logger.error('Could not write the audit entry for a refused Teams request', { error });
    }
  };
}
