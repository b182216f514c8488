// Renders the core's results (chat-core.ts ChatResult) into Teams: replies, card updates, private 1:1
// messages, and the answer to an Action.Execute invoke, which must be a single card or a short message.
import type { Activity, CloudAdapter, ConversationParameters, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.ts';
import type { ChatConversation, ChatResponse } from '../services/chat-core.ts';
import { renderAdaptiveCard } from '../views/adaptive-card.ts';
import type { AdaptiveCard } from '../views/adaptive-card-types.ts';
import type { MessageView, View } from '../views/model.ts';
import { cardActivity, viewSummary } from './card-activity.ts';
import { tenantIdOf } from './teams-activity.ts';
import { dialogLauncher, fitsLauncher } from './teams-dialogs.ts';
import { BOT_FRAMEWORK_OAUTH_SCOPE, connectorOf, inProactiveTurn } from './teams-notifier.ts';

/** How the request reached us decides where "replace the message" and "open a form" go. */
export type TeamsSource =
  /** A typed command (`command`: its text) or anything else that is answered with messages. */
  | { kind: 'message'; command?: string }
  /** Action.Submit: a message activity whose `replyToId` is the card's message. */
  | { kind: 'submit'; cardMessageId?: string }
  /** Action.Execute: an `adaptiveCard/action` invoke, answered in the HTTP response. */
  | { kind: 'invoke'; cardMessageId?: string };

export type PrivateDestination = 'personal chat' | 'mention here';

/** What the invoke is answered with: a card replacing the one clicked, or a message shown as a toast. */
export type InvokeAnswer = AdaptiveCard | string;

const CLOSED_FORM: MessageView = { kind: 'message', blocks: [{ type: 'context', text: 'Sent.' }] };
const DONE = 'Done.';

export interface TeamsDeliveryOptions {
  adapter: CloudAdapter;
  appId: string;
  logger: Logger;
}

export interface TeamsDelivery {
  /** Sends every result; for an invoke, returns what to answer it with. */
  deliver(context: TurnContext, conversation: ChatConversation, source: TeamsSource, results: ChatResponse): Promise<InvokeAnswer | undefined>;
  /** Sends a view to the person behind the turn in their 1:1 chat with the bot, else with an @mention here. */
  sendPrivately(context: TurnContext, view: View): Promise<PrivateDestination>;
}

export function createTeamsDelivery(options: TeamsDeliveryOptions): TeamsDelivery {
  const { adapter, appId, logger } = options;

  async function openPersonalChatAndSend(context: TurnContext, view: View): Promise<void> {
    const activity = context.activity;
    const tenantId = tenantIdOf(activity);
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [activity.from],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    const audience = context.turnState.get<string | undefined>(adapter.OAuthScopeKey) || BOT_FRAMEWORK_OAUTH_SCOPE;
    await inProactiveTurn(
      (logic) => adapter.createConversationAsync(appId, activity.channelId || 'msteams', activity.serviceUrl, audience, parameters, logic),
      (personal) => connectorOf(personal).conversations.sendToConversation(personal.activity.conversation.id, cardActivity(view)),
    );
  }

  async function sendPrivately(context: TurnContext, view: View): Promise<PrivateDestination> {
    try {
      await openPersonalChatAndSend(context, view);
      return 'personal chat';
    } catch (error) {
      logger.warn('Could not open a personal chat for a private reply; replying here with a mention instead', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    const from = context.activity.from;
    const mentionText = `<at>${from.name || 'there'}</at>`;
    await context.sendActivity({
      ...cardActivity(view),
      text: `${mentionText} this is for you:`,
      entities: [{ type: 'mention', text: mentionText, mentioned: { id: from.id, name: from.name || 'there' } }],
    } as Partial<Activity>);
    return 'mention here';
  }

  /** Replaces the card the person clicked, for everyone in the conversation. */
  async function replaceCard(context: TurnContext, cardMessageId: string, view: View): Promise<void> {
    await context.updateActivity({ ...cardActivity(view), id: cardMessageId, conversation: context.activity.conversation } as Partial<Activity>);
  }

  async function deliver(
    context: TurnContext,
    conversation: ChatConversation,
    source: TeamsSource,
    results: ChatResponse,
  ): Promise<InvokeAnswer | undefined> {
    let answer: InvokeAnswer | undefined;
    /** When nothing replaces the clicked card, the invoke is answered with a note about what was sent. */
    let note: string | undefined;
    const personal = conversation.kind === 'personal';
    const sentPrivately = async (view: View): Promise<void> => {
      const destination = await sendPrivately(context, view);
      const summary = viewSummary(view);
      note ??= destination === 'personal chat' ? `Sent to your personal chat with the bot: ${summary}` : summary;
    };
    const answerWith = (view: View): boolean => {
      if (source.kind !== 'invoke' || answer !== undefined) return false;
      answer = renderAdaptiveCard(view);
      return true;
    };

    for (const result of results) {
      switch (result.type) {
        case 'post':
          await context.sendActivity(cardActivity(result.message));
          note ??= viewSummary(result.message);
          break;
        case 'privateReply':
        case 'privateFiles': {
          const view = result.type === 'privateReply' ? result.message : result.withoutFiles;
          if (personal) {
            await context.sendActivity(cardActivity(view));
            note ??= viewSummary(view);
          } else {
            await sentPrivately(view);
          }
          break;
        }
        case 'openForm':
          if (personal && answerWith(result.form)) break;
          if (personal) await context.sendActivity(cardActivity(result.form));
          else if (source.kind === 'message' && source.command !== undefined && fitsLauncher(source.command)) {
            await context.sendActivity(cardActivity(dialogLauncher(result.form, source.command)));
          } else await sentPrivately(result.form);
          break;
        case 'formErrors':
          if (answerWith(result.form)) break;
          if (source.kind === 'submit' && source.cardMessageId) await replaceCard(context, source.cardMessageId, result.form);
          else await context.sendActivity(cardActivity(result.form));
          break;
        case 'updateMessage':
        case 'closeForm': {
          const view = result.type === 'updateMessage' ? result.message : (result.message ?? CLOSED_FORM);
          const answered = answerWith(view);
          if (source.kind !== 'message' && source.cardMessageId && (!answered || !personal)) {
            await replaceCard(context, source.cardMessageId, view);
          } else if (!answered) {
            await context.sendActivity(cardActivity(view));
          }
          break;
        }
      }
    }
    if (source.kind === 'invoke') return answer ?? (note || DONE);
    return undefined;
  }

  return { deliver, sendPrivately };
}
