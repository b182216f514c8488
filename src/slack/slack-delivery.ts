// Turns the core's results into Slack Web API calls, after the request has been acknowledged.
import type { RespondFn } from '@slack/bolt';
import type { ChatActor, ChatConversation, ChatResponse, ChatResult, PrivateFilesResult } from '../services/chat-core.ts';
import { renderBlockKit, renderSlackHome, renderSlackModal, type BlockKitModal, type SlackFileIds } from '../views/block-kit.ts';
import type { FormView, MessageView } from '../views/model.ts';
import type { Logger } from '../logger.ts';
import { encodeModalMetadata } from './modal-metadata.ts';
import { shareFiles, uploadViewImages } from './slack-files.ts';
import type { SlackDirectory, SlackWebClient } from './slack-directory.ts';

export interface SourceMessage {
  channelId: string;
  ts: string;
  ephemeral: boolean;
}

export interface SourceView {
  id: string;
  type: 'home' | 'modal';
  hash?: string;
}

/** Everything the reply can use from the request that produced the results. */
export interface ReplyContext {
  actor: ChatActor;
  conversation: ChatConversation;
  /** Valid for 3 s after Slack sent the request: needed to open a modal. */
  triggerId?: string;
  /** Bolt's response_url helper (slash commands, actions on messages). */
  respond?: RespondFn;
  sourceMessage?: SourceMessage;
  sourceView?: SourceView;
  /** Thread to use for `post` results with `inThread` when the conversation names none (app mentions). */
  threadTs?: string;
}

/** Errors Slack gives when the bot cannot write into a conversation it is not a member of. */
const NOT_A_MEMBER = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived']);

export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** The modal for a form, with the conversation it was opened from kept in private_metadata. */
export function renderModalFor(form: FormView, conversation: ChatConversation): BlockKitModal {
  return { ...renderSlackModal(form), private_metadata: encodeModalMetadata(conversation, form.metadata) };
}

// The renderer's Block Kit types are @slack/types' own, narrowed; the Web API takes the wider unions as they are.
type Blocks = Parameters<SlackWebClient['chat']['postMessage']>[0] extends infer A ? A extends { blocks?: infer B } ? B : never : never;
type HomeArgument = Parameters<SlackWebClient['views']['publish']>[0]['view'];

/** Block Kit for a message; its images show the uploaded files named in `fileIds` (else their alt text). */
export function messageArguments(view: MessageView, fileIds?: SlackFileIds): { text: string; blocks: Blocks } {
  return renderBlockKit(view, fileIds);
}

/** Uploads the message's images (slack-files.ts), then renders it. */
export async function uploadedMessageArguments(client: SlackWebClient, view: MessageView, logger: Logger): Promise<{ text: string; blocks: Blocks }> {
  return messageArguments(view, await uploadViewImages(client, view, logger));
}

export function homeArgument(view: MessageView): HomeArgument {
  return renderSlackHome(view);
}

export interface SlackDelivery {
  deliver(context: ReplyContext, results: ChatResponse): Promise<void>;
  privateReply(context: ReplyContext, message: MessageView): Promise<void>;
}

export function createSlackDelivery(options: { client: SlackWebClient; directory: SlackDirectory; logger: Logger }): SlackDelivery {
  const { client, directory, logger } = options;

  async function directMessage(userId: string, message: MessageView): Promise<void> {
    const channel = await directory.directMessageChannel(userId);
    await client.chat.postMessage({ channel, ...(await uploadedMessageArguments(client, message, logger)), unfurl_links: false, unfurl_media: false });
  }

  async function privateReply(context: ReplyContext, message: MessageView): Promise<void> {
    const { actor, conversation } = context;
    if (context.respond) {
      await context.respond({ response_type: 'ephemeral', replace_original: false, ...(await uploadedMessageArguments(client, message, logger)) });
      return;
    }
    if (conversation.kind === 'personal') {
      await client.chat.postMessage({ channel: conversation.channelId, ...(await uploadedMessageArguments(client, message, logger)), unfurl_links: false });
      return;
    }
    try {
      await client.chat.postEphemeral({
        channel: conversation.channelId,
        user: actor.userId,
        ...(await uploadedMessageArguments(client, message, logger)),
        ...(conversation.threadId ? { thread_ts: conversation.threadId } : {}),
      });
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code || !NOT_A_MEMBER.has(code)) throw error;
      logger.debug('Ephemeral reply not possible in that conversation; sent as a direct message', { code, channel: conversation.channelId });
      await directMessage(actor.userId, message);
    }
  }

  async function post(context: ReplyContext, message: MessageView, inThread: boolean): Promise<void> {
    const threadTs = inThread ? (context.conversation.threadId ?? context.threadTs ?? context.sourceMessage?.ts) : undefined;
    try {
      await client.chat.postMessage({
        channel: context.conversation.channelId,
        ...(await uploadedMessageArguments(client, message, logger)),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      const code = slackErrorCode(error);
      // A slash command in a conversation the bot is not in can still answer there through its response_url.
      if (!context.respond || !code || !NOT_A_MEMBER.has(code)) throw error;
      await context.respond({ response_type: 'in_channel', replace_original: false, ...(await uploadedMessageArguments(client, message, logger)) });
    }
  }

  async function openForm(context: ReplyContext, form: FormView): Promise<void> {
    if (!context.triggerId) throw new Error(`Cannot open the form ${form.submitActionId}: the request carried no trigger_id`);
    const view = renderModalFor(form, context.conversation);
    if (context.sourceView?.type === 'modal') await client.views.push({ trigger_id: context.triggerId, view });
    else await client.views.open({ trigger_id: context.triggerId, view });
  }

  async function updateMessage(context: ReplyContext, message: MessageView): Promise<void> {
    const source = context.sourceMessage;
    if (source?.ephemeral && context.respond) {
      await context.respond({ replace_original: true, ...(await uploadedMessageArguments(client, message, logger)) });
      return;
    }
    if (source && !source.ephemeral) {
      await client.chat.update({ channel: source.channelId, ts: source.ts, ...(await uploadedMessageArguments(client, message, logger)) });
      return;
    }
    if (context.sourceView?.type === 'home') {
      await client.views.publish({ user_id: context.actor.userId, view: homeArgument(message) });
      return;
    }
    await privateReply(context, message);
  }

  /** Files go to the person's DM with the bot, the one place only they see; elsewhere they are told where. */
  async function privateFiles(context: ReplyContext, result: PrivateFilesResult): Promise<void> {
    const channel = context.conversation.kind === 'personal' ? context.conversation.channelId : await directory.directMessageChannel(context.actor.userId);
    const comment = result.message.fallbackText ?? 'Your files';
    await shareFiles(client, channel, await result.files(), comment);
    if (context.conversation.kind !== 'personal') {
      await privateReply(context, { kind: 'message', blocks: [{ type: 'text', text: `${comment} — sent to your direct messages with the bot.` }], fallbackText: comment });
    }
  }

  async function deliverOne(context: ReplyContext, result: ChatResult): Promise<void> {
    switch (result.type) {
      case 'privateReply':
        return privateReply(context, result.message);
      case 'privateFiles':
        return privateFiles(context, result);
      case 'post':
        return post(context, result.message, result.inThread ?? false);
      case 'openForm':
      case 'formErrors':
        return openForm(context, result.form);
      case 'updateMessage':
        return updateMessage(context, result.message);
      case 'closeForm':
        if (result.message) await privateReply(context, result.message);
        return;
    }
  }

  return {
    async deliver(context, results) {
      for (const result of results) await deliverOne(context, result);
    },
    privateReply,
  };
}
