// Reads who and where from a Teams activity, in the core's terms (chat-core.ts ChatActor / ChatConversation).
import { TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../logger.ts';
import type { ChatActor, ChatConversation, ConversationKind } from '../services/chat-core.ts';

/** The conversation id without Teams' `;messageid=` thread suffix. */
export function rootConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}

interface LooseChannelData {
  tenant?: { id?: string };
  channel?: { id?: string; name?: string };
  team?: { id?: string; name?: string; aadGroupId?: string };
}

function channelDataOf(activity: Partial<Activity>): LooseChannelData {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null ? (data as LooseChannelData) : {};
}

export function tenantIdOf(activity: Partial<Activity>): string {
  return channelDataOf(activity).tenant?.id ?? activity.conversation?.tenantId ?? '';
}

export function conversationKindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel' || (type === undefined && channelDataOf(activity).channel?.id)) return 'channel';
  if (type === 'groupChat' || (type === undefined && activity.conversation?.isGroup)) return 'group';
  return 'personal';
}

/** The conversation as the core sees it; a channel's reference points at the channel, not this thread. */
export function conversationOf(activity: Partial<Activity>): ChatConversation {
  const conversationId = activity.conversation?.id ?? '';
  const root = rootConversationId(conversationId);
  const threadId = conversationId.includes(';messageid=') ? conversationId.split(';messageid=')[1] : undefined;
  const kind = conversationKindOf(activity);
  const channelData = channelDataOf(activity);
  const reference: Record<string, unknown> = { ...TurnContext.getConversationReference(activity) };
  delete reference.activityId;
  if (kind === 'channel') reference.conversation = { ...(reference.conversation as object), id: root };
  // Kept for deep links to the bot's posts in the channel, which name the team's group.
  if (kind === 'channel' && channelData.team?.aadGroupId) reference.team = { aadGroupId: channelData.team.aadGroupId };
  const name = channelData.channel?.name ?? activity.conversation?.name;
  return {
    platform: 'TEAMS',
    workspaceId: tenantIdOf(activity),
    channelId: kind === 'channel' ? (channelData.channel?.id ?? root) : root,
    kind,
    ...(name ? { name } : {}),
    ...(threadId ? { threadId } : {}),
    conversationReference: JSON.parse(JSON.stringify(reference)) as unknown,
  };
}

function looksLikeEmail(value: unknown): value is string {
  return typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value);
}

/**
 * The user's email from the Teams roster (AAD profile `email`, else `userPrincipalName`), read from the
 * connector at the activity's serviceUrl, which the Bot Framework token vouches for. Never the activity's
 * own `from` fields: they are whatever the sender put there. Undefined when the roster has none.
 */
export async function lookupTeamsEmail(context: TurnContext, logger: Logger): Promise<string | undefined> {
  const from = context.activity.from;
  if (!from?.id) return undefined;
  try {
    const member = await TeamsInfo.getMember(context, from.id);
    if (looksLikeEmail(member.email)) return member.email;
    if (looksLikeEmail(member.userPrincipalName)) return member.userPrincipalName;
  } catch (error) {
    logger.warn('Could not read the Teams roster entry for a user', {
      userId: from.aadObjectId ?? from.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return undefined;
}

/** The AAD object id behind a `29:…` id, for mention tokens. */
export async function resolveAadObjectId(context: TurnContext, teamsUserId: string): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, teamsUserId);
    return member.aadObjectId || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the activity comes from a person (not the bot itself or a system event without a sender). */
export function hasHumanSender(activity: Partial<Activity>): boolean {
  const from = activity.from;
  if (!from?.id) return false;
  if (activity.recipient?.id && from.id === activity.recipient.id) return false;
  return !from.id.startsWith('28:');
}

/**
 * The sender in the core's terms. `verifiedEmail` is false when no Bot Framework token vouches for the
 * activity (TEAMS_LOCAL_ONLY): the roster then comes from whatever answers at its serviceUrl, so the actor
 * has no email and the core links nobody by email.
 */
export function actorOf(context: TurnContext, logger: Logger, options: { verifiedEmail: boolean }): ChatActor {
  const activity = context.activity;
  const from = activity.from;
  let email: Promise<string | undefined> | undefined;
  return {
    platform: 'TEAMS',
    workspaceId: tenantIdOf(activity),
    userId: from.aadObjectId || from.id,
    ...(from.name ? { displayName: from.name } : {}),
    lookupEmail() {
      if (!options.verifiedEmail) return Promise.resolve(undefined);
      email ??= lookupTeamsEmail(context, logger);
      return email;
    },
  };
}
