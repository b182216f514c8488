// The core's proactive channel into Slack: reminders, digests and vote cards that are not a reply to anyone.
// Each call is tried once (the adapter gives it a WebClient without retries that rejects rate-limited calls);
// the core's delivery retry policy waits out Retry-After and tries again.
import type { ChannelTarget, DirectTarget, Notifier, PostedMessage } from '../services/chat-core.ts';
import type { MessageView } from '../views/model.ts';
import type { Logger } from '../logger.ts';
import { uploadedMessageArguments } from './slack-delivery.ts';
import type { SlackDirectory, SlackWebClient } from './slack-directory.ts';

export function createSlackNotifier(options: { client: SlackWebClient; directory: SlackDirectory; logger: Logger }): Notifier {
  const { client, directory, logger } = options;

  async function postMessage(channel: string, message: MessageView, threadTs?: string): Promise<PostedMessage> {
    const result = await client.chat.postMessage({
      channel,
      ...(await uploadedMessageArguments(client, message, logger)),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!result.ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
    return { channelId: result.channel ?? channel, messageId: result.ts };
  }

  /** The message's permalink, so other messages can link to it; a message is still posted when this fails. */
  async function withPermalink(posted: PostedMessage): Promise<PostedMessage> {
    try {
      const result = await client.chat.getPermalink({ channel: posted.channelId, message_ts: posted.messageId });
      return result.permalink ? { ...posted, url: result.permalink } : posted;
    } catch (error) {
      logger.warn('No permalink for a posted message', { channelId: posted.channelId, ts: posted.messageId, error });
      return posted;
    }
  }

  return {
    platform: 'SLACK',
    async postToChannel(target: ChannelTarget, message: MessageView) {
      return withPermalink(await postMessage(target.channelId, message, target.threadId));
    },
    async sendDirect(target: DirectTarget, message: MessageView) {
      return postMessage(await directory.directMessageChannel(target.userId), message);
    },
    async updateMessage(target: ChannelTarget, messageId: string, message: MessageView) {
      await client.chat.update({ channel: target.channelId, ts: messageId, ...(await uploadedMessageArguments(client, message, logger)) });
    },
  };
}
