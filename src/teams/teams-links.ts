// Deep links that open a message the bot posted, in the Teams client. The format is Microsoft's "deep link to
// navigate to channel conversation" (https://teams.microsoft.com/l/message/<channelId>/<parentMessageId>?...)
// and "deep link to navigate to chat messages" (…?context={"contextType":"chat"}); see
// learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams.

export interface TeamsMessageLinkInput {
  /** The conversation id the message was posted to; a channel's thread suffix is dropped. */
  readonly conversationId: string;
  /** The activity id Teams returned for the message. */
  readonly messageId: string;
  readonly tenantId?: string;
  /** The team's Microsoft 365 group id, when the stored reference carries it. */
  readonly groupId?: string;
}

const TEAMS_WEB = 'https://teams.microsoft.com/l/message';

/** A link to a channel post (with its thread) or to a message in a chat. */
export function teamsMessageLink(input: TeamsMessageLinkInput): string {
  const root = input.conversationId.split(';messageid=')[0] ?? input.conversationId;
  const path = `${TEAMS_WEB}/${encodeURIComponent(root)}/${encodeURIComponent(input.messageId)}`;
  const query = new URLSearchParams();
  if (input.tenantId) query.set('tenantId', input.tenantId);
  // Channels are `19:…@thread.tacv2` (or the older `@thread.skype`); group chats are `@thread.v2`, 1:1 chats `a:…`.
  const isChannel = root.startsWith('19:') && /@thread\.(tacv2|skype)$/.test(root);
  if (isChannel) {
    if (input.groupId) query.set('groupId', input.groupId);
    query.set('parentMessageId', input.messageId);
    if (/^\d+$/.test(input.messageId)) query.set('createdTime', input.messageId);
  } else {
    query.set('context', JSON.stringify({ contextType: 'chat' }));
  }
  return `${path}?${query.toString()}`;
}
