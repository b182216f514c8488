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

/** A channel post (conversation id `19:…@thread.*`) or a message in a chat. */
export function teamsMessageLink(input: TeamsMessageLinkInput): string {
  const root = input.conversationId.split(';messageid=')[0] ?? input.conversationId;
  const path = `${TEAMS_WEB}/${encodeURIComponent(root)}/${encodeURIComponent(input.messageId)}`;
  const query = new URLSearchParams();
  if (input.tenantId) query.set('tenantId', input.tenantId);
  const isChannel = root.startsWith('19:') && !root.includes('@unq.gbl.spaces') && !root.includes('meeting_');
  if (isChannel) {
    if (input.groupId) query.set('groupId', input.groupId);
    query.set('parentMessageId', input.messageId);
    if (/^\d+$/.test(input.messageId)) query.set('createdTime', input.messageId);
  } else {
    query.set('context', JSON.stringify({ contextType: 'chat' }));
  }
  return `${path}?${query.toString()}`;
}
