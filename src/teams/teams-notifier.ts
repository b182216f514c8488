// The core's proactive channel into Teams: digests, reminders and vote cards that answer nobody's message.
// Teams only lets a bot write where it was installed, through a conversation reference captured from an
// earlier activity (stored by the core), or by opening a 1:1 chat with a user of a tenant it is installed in.
import { z } from 'zod';
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.ts';
import type { ChannelTarget, DirectTarget, Notifier, PostedMessage } from '../services/chat-core.ts';
import type { MessageView } from '../views/model.ts';
import { cardActivity } from './card-activity.ts';
import { rootConversationId } from './teams-activity.ts';
import { callConnector, TeamsDeliveryError } from './connector-errors.ts';
import { teamsMessageLink } from './teams-links.ts';

/**
 * The token audience for calls to the Bot Connector in the public cloud. createConversationAsync takes it
 * explicitly, and an empty string would be used as the scope itself.
 */
export const BOT_FRAMEWORK_OAUTH_SCOPE = 'https://api.botframework.com';

/** Teams' global Bot Connector address, for tenants the bot has not heard from since it started. */
export const GLOBAL_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

const storedReference = z
  .object({
    serviceUrl: z.string().min(1),
    channelId: z.string().optional(),
    conversation: z.object({ id: z.string().min(1) }).loose(),
  })
  .loose();

/** Remembers each tenant's regional service URL from incoming activities, for opening new 1:1 chats. */
export class ServiceUrlBook {
  readonly #byTenant = new Map<string, string>();

  remember(tenantId: string | undefined, serviceUrl: string | undefined): void {
    if (tenantId && serviceUrl) this.#byTenant.set(tenantId, serviceUrl);
  }

  lookup(tenantId: string): string | undefined {
    return this.#byTenant.get(tenantId);
  }
}

export interface TeamsNotifierOptions {
  adapter: CloudAdapter;
  /** Microsoft app id; '' when the bot runs without credentials (local only). */
  appId: string;
  serviceUrls: ServiceUrlBook;
  logger: Logger;
}

type StoredReference = z.output<typeof storedReference>;

function tenantOf(reference: StoredReference): string | undefined {
  const tenantId = (reference.conversation as { tenantId?: unknown }).tenantId;
  return typeof tenantId === 'string' && tenantId !== '' ? tenantId : undefined;
}

/** The team's group id, when the reference was stored with the channel data that names it. */
function groupOf(reference: StoredReference): string | undefined {
  const team = (reference as { team?: { aadGroupId?: unknown } }).team;
  return typeof team?.aadGroupId === 'string' && team.aadGroupId !== '' ? team.aadGroupId : undefined;
}

function parseReference(reference: unknown, what: string): StoredReference {
  const parsed = storedReference.safeParse(reference);
  if (!parsed.success) {
    throw new TeamsDeliveryError(`${what}: no usable Teams conversation reference is stored (the bot must be added there first)`, {
      permanent: true,
    });
  }
  return parsed.data;
}

/** The part of botframework-connector's ConnectorClient used here (the package is botbuilder's, not ours). */
export interface ConnectorClientLike {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
  };
}

/**
 * Runs `work` as the logic of a proactive turn and hands back its result or error. Errors must not escape
 * the turn: the adapter's onTurnError would take them (it is the catch-all for user turns) and the caller
 * would never hear of the failure.
 */
export async function inProactiveTurn<T>(start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, work: (context: TurnContext) => Promise<T>): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await start(async (context) => {
    try {
      outcome = { ok: true, value: await work(context) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  if (!outcome) throw new Error('The Teams adapter did not run the proactive turn');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

export function connectorOf(context: TurnContext): ConnectorClientLike {
  const adapter = context.adapter as CloudAdapter;
  const client = context.turnState.get<ConnectorClientLike | undefined>(adapter.ConnectorClientKey);
  if (!client) throw new Error('The Teams adapter gave the turn no connector client');
  return client;
}

export function createTeamsNotifier(options: TeamsNotifierOptions): Notifier {
  const { adapter, appId, serviceUrls } = options;
  const logger = options.logger.child('notifier');

  async function inConversation<T>(
    reference: StoredReference,
    conversationId: string,
    work: (client: ConnectorClientLike) => Promise<T>,
  ): Promise<T> {
    const continued = {
      ...reference,
      channelId: reference.channelId ?? 'msteams',
      conversation: { ...reference.conversation, id: conversationId },
    } as Partial<ConversationReference>;
    delete continued.activityId;
    return inProactiveTurn(
      (logic) => adapter.continueConversationAsync(appId, continued, logic),
      (context) => work(connectorOf(context)),
    );
  }

  async function send(
    reference: StoredReference,
    conversationId: string,
    message: MessageView,
    what: string,
  ): Promise<string> {
    const activity = cardActivity(message);
    return callConnector(what, () =>
      inConversation(reference, conversationId, async (client) => {
        const response = await client.conversations.sendToConversation(conversationId, activity);
        if (!response.id) throw new TeamsDeliveryError(`${what}: Teams returned no activity id`, { permanent: false });
        return response.id;
      }),
    );
  }

  async function openPersonalChat(target: DirectTarget): Promise<{ conversationId: string; serviceUrl: string }> {
    const serviceUrl = serviceUrls.lookup(target.workspaceId) ?? GLOBAL_TEAMS_SERVICE_URL;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: `28:${appId}`, name: '' },
      members: [{ id: target.userId, name: '' }],
      tenantId: target.workspaceId,
      channelData: { tenant: { id: target.workspaceId } },
    };
    const conversationId = await callConnector(`Opening a Teams chat with ${target.userId}`, () =>
      inProactiveTurn(
        (logic) => adapter.createConversationAsync(appId, 'msteams', serviceUrl, BOT_FRAMEWORK_OAUTH_SCOPE, parameters, logic),
        async (context) => context.activity.conversation.id,
      ),
    );
    if (!conversationId) throw new TeamsDeliveryError(`Teams opened no chat with ${target.userId}`, { permanent: false });
    logger.info('Opened a personal chat for a proactive message', { tenantId: target.workspaceId, userId: target.userId });
    return { conversationId, serviceUrl };
  }

  return {
    platform: 'TEAMS',

    async postToChannel(target: ChannelTarget, message: MessageView): Promise<PostedMessage> {
      const what = `Posting to Teams channel ${target.channelId}`;
      const reference = parseReference(target.conversationReference, what);
      const root = rootConversationId(reference.conversation.id);
      const conversationId = target.threadId ? `${root};messageid=${target.threadId}` : root;
      const messageId = await send(reference, conversationId, message, what);
      const url = teamsMessageLink({
        conversationId: root,
        messageId: target.threadId ?? messageId,
        tenantId: tenantOf(reference) ?? target.workspaceId,
        ...(groupOf(reference) ? { groupId: groupOf(reference) } : {}),
      });
      return { channelId: target.channelId, messageId, url };
    },

    async sendDirect(target: DirectTarget, message: MessageView): Promise<PostedMessage> {
      const what = `Sending a Teams message to ${target.userId}`;
      if (target.conversationReference !== undefined && target.conversationReference !== null) {
        const reference = parseReference(target.conversationReference, what);
        const messageId = await send(reference, reference.conversation.id, message, what);
        return { channelId: reference.conversation.id, messageId };
      }
      const chat = await openPersonalChat(target);
      const reference = { serviceUrl: chat.serviceUrl, channelId: 'msteams', conversation: { id: chat.conversationId } };
      const messageId = await send(reference, chat.conversationId, message, what);
      return { channelId: chat.conversationId, messageId };
    },

    async updateMessage(target: ChannelTarget, messageId: string, message: MessageView): Promise<void> {
      const what = `Updating Teams message ${messageId}`;
      const reference = parseReference(target.conversationReference, what);
      const root = rootConversationId(reference.conversation.id);
      const conversationId = target.threadId ? `${root};messageid=${target.threadId}` : root;
      const activity = { ...cardActivity(message), id: messageId };
      await callConnector(what, () =>
        inConversation(reference, conversationId, (client) => client.conversations.updateActivity(conversationId, messageId, activity)),
      );
    },
  };
}
