// How votes reach chat outside a reply: the card posted to the group's channel and kept up to date, posts in
// its thread and in the channel, and direct messages. Jobs and handlers depend on the VoteMessenger
// interface; createVoteMessenger builds it on the running adapters' notifiers.
import { listChatIdentities } from '../../db/identity-store.ts';
import { NO_CHAT_ACCOUNT_LINKED } from '../../db/notification-store.ts';
import type { MessageView } from '../../views/model.ts';
import type { ChannelTarget, ChatPlatform, Notifier, PostedMessage } from '../chat-core.ts';
import type { CoreServices } from '../registry.ts';

/** A group channel the card may go to. */
interface GroupChannelTarget {
  readonly platform: ChatPlatform;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly conversationReference?: unknown;
}

/** Where a proposal's card was posted: the thread root for replies, the message to update. */
export interface CardLocation {
  readonly platform: ChatPlatform;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly messageId: string;
  readonly conversationReference?: unknown;
}

interface PostedCard extends PostedMessage {
  readonly platform: ChatPlatform;
  readonly conversationReference?: unknown;
}

type DirectOutcome = { readonly status: 'sent'; readonly platforms: readonly ChatPlatform[] } | { readonly status: 'failed'; readonly error: string };

export interface VoteMessenger {
  /** Posts the card to the first channel with a running adapter, the preferred platform first. Throws when none can take it. */
  postCard(channels: readonly GroupChannelTarget[], preferred: ChatPlatform, view: MessageView): Promise<PostedCard>;
  /** Replaces the card in place. False (and logged) when that failed. */
  updateCard(card: CardLocation, view: MessageView): Promise<boolean>;
  /** Replies in the card's thread. */
  postInThread(card: CardLocation, view: MessageView): Promise<boolean>;
  /** Posts in the card's channel, outside the thread. */
  postInChannel(card: CardLocation, view: MessageView): Promise<boolean>;
  /** Direct messages, one per person, on every platform each person is linked on; identities are read in one query. */
  sendDirect(messages: readonly { readonly personId: string; readonly view: MessageView }[]): Promise<Map<string, DirectOutcome>>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createVoteMessenger(services: Pick<CoreServices, 'db' | 'logger' | 'notifiers'>): VoteMessenger {
  const logger = services.logger.child('votes');

  function notifierFor(platform: ChatPlatform): Notifier | undefined {
    return services.notifiers[platform];
  }

  function channelTarget(card: CardLocation, inThread: boolean): ChannelTarget {
    return {
      workspaceId: card.workspaceId,
      channelId: card.channelId,
      ...(inThread ? { threadId: card.messageId } : {}),
      ...(card.conversationReference !== undefined && card.conversationReference !== null ? { conversationReference: card.conversationReference } : {}),
    };
  }

  async function attempt(what: string, card: CardLocation, work: (notifier: Notifier) => Promise<unknown>): Promise<boolean> {
    const notifier = notifierFor(card.platform);
    if (!notifier) {
      logger.warn(`Cannot ${what}: no ${card.platform} adapter is running`, { channelId: card.channelId });
      return false;
    }
    try {
      await work(notifier);
      return true;
    } catch (error) {
      logger.warn(`Could not ${what}`, { platform: card.platform, channelId: card.channelId, messageId: card.messageId, error });
      return false;
    }
  }

  return {
    async postCard(channels, preferred, view) {
      const ordered = [...channels].sort((a, b) => Number(b.platform === preferred) - Number(a.platform === preferred));
      const failures: string[] = [];
      for (const channel of ordered) {
        const notifier = notifierFor(channel.platform);
        if (!notifier) {
          failures.push(`${channel.platform}: the bot is not running there`);
          continue;
        }
        try {
          const target: ChannelTarget = {
            workspaceId: channel.workspaceId,
            channelId: channel.channelId,
            ...(channel.conversationReference !== undefined && channel.conversationReference !== null ? { conversationReference: channel.conversationReference } : {}),
          };
          const posted = await notifier.postToChannel(target, view);
          return { ...posted, platform: channel.platform, conversationReference: channel.conversationReference ?? undefined };
        } catch (error) {
          logger.warn('Could not post a vote card', { platform: channel.platform, channelId: channel.channelId, error });
          failures.push(`${channel.platform}: ${describe(error)}`);
        }
      }
      throw new Error(failures.length > 0 ? failures.join('; ') : 'the group has no channel');
    },
    updateCard: (card, view) => attempt('update a vote card', card, (notifier) => notifier.updateMessage(channelTarget(card, false), card.messageId, view)),
    postInThread: (card, view) => attempt("reply in a vote card's thread", card, (notifier) => notifier.postToChannel(channelTarget(card, true), view)),
    postInChannel: (card, view) => attempt("post in a vote card's channel", card, (notifier) => notifier.postToChannel(channelTarget(card, false), view)),
    async sendDirect(messages) {
      const outcomes = new Map<string, DirectOutcome>();
      if (messages.length === 0) return outcomes;
      const identities = await listChatIdentities(services.db, [...new Set(messages.map((entry) => entry.personId))]);
      for (const { personId, view } of messages) {
        const own = identities.filter((identity) => identity.personId === personId);
        const sent: ChatPlatform[] = [];
        const errors: string[] = [];
        for (const identity of own) {
          const notifier = notifierFor(identity.platform);
          if (!notifier) {
            errors.push(`${identity.platform}: the bot is not running there`);
            continue;
          }
          try {
            await notifier.sendDirect(
              { workspaceId: identity.workspaceId, userId: identity.userId, ...(identity.conversationReference ? { conversationReference: identity.conversationReference } : {}) },
              view,
            );
            sent.push(identity.platform);
          } catch (error) {
            logger.warn('Could not send a vote message', { platform: identity.platform, personId, error });
            errors.push(`${identity.platform}: ${describe(error)}`);
          }
        }
        outcomes.set(
          personId,
          sent.length > 0
            ? { status: 'sent', platforms: sent }
            : { status: 'failed', error: errors.length > 0 ? errors.join('; ') : NO_CHAT_ACCOUNT_LINKED },
        );
      }
      return outcomes;
    },
  };
}
