// Who a Slack user is (their email, for linking to a Person) and where to write to them privately (the DM
// channel with the bot). Both are asked often and change rarely, so answers are kept for a while.
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.ts';

export type SlackWebClient = App['client'];

export interface SlackDirectory {
  /** users.info → profile.email (needs users:read.email); undefined for bots, deactivated users or no access. */
  lookupEmail(userId: string): Promise<string | undefined>;
  /** conversations.open with the user (needs im:write): the D… channel of the bot's DM with them. */
  directMessageChannel(userId: string): Promise<string>;
}

export function createSlackDirectory(options: {
  client: SlackWebClient;
  logger: Logger;
  emailTtlMs?: number;
  now?: () => number;
}): SlackDirectory {
  const { client, logger } = options;
  const emailTtlMs = options.emailTtlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const emails = new Map<string, { email: string | undefined; until: number }>();
  const directChannels = new Map<string, string>();

  return {
    async lookupEmail(userId) {
      const cached = emails.get(userId);
      if (cached && cached.until > now()) return cached.email;
      try {
        const result = await client.users.info({ user: userId });
        const user = result.user;
        const email = user && !user.deleted && !user.is_bot ? user.profile?.email?.trim() || undefined : undefined;
        emails.set(userId, { email, until: now() + emailTtlMs });
        return email;
      } catch (error) {
        logger.warn('Could not read a Slack user profile (users.info); is the users:read.email scope granted?', { userId, error });
        return undefined;
      }
    },
    async directMessageChannel(userId) {
      const known = directChannels.get(userId);
      if (known) return known;
      const result = await client.conversations.open({ users: userId });
      const channelId = result.channel?.id;
      if (!channelId) throw new Error(`conversations.open gave no channel for user ${userId}`);
      directChannels.set(userId, channelId);
      return channelId;
    },
  };
}
