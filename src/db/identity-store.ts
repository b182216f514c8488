// Chat-side identities: which Slack/Teams workspace belongs to which partnership, which chat user is which
// person, and which channel is which group's. Services reach these tables only through this module.
import type { Prisma, PrismaClient } from './generated/client.ts';

/** The database handle services pass around; they never import the generated client themselves. */
export type DbClient = PrismaClient;

export type ChatPlatformName = 'SLACK' | 'TEAMS';
export type IdentityLinkMethodName = 'IMPORT' | 'EMAIL' | 'ADMIN';

export interface ChatUserKey {
  platform: ChatPlatformName;
  workspaceId: string;
  userId: string;
}

/**
 * Conversation references come from the adapters as plain objects; stored as JSON (a round trip drops
 * undefined members and anything else JSON cannot hold).
 */
function toJson(reference: unknown): Prisma.InputJsonValue | undefined {
  if (reference === undefined || reference === null) return undefined;
  return JSON.parse(JSON.stringify(reference)) as Prisma.InputJsonValue;
}

export interface ChatChannelKey {
  platform: ChatPlatformName;
  workspaceId: string;
  channelId: string;
}

const personSelect = {
  id: true,
  key: true,
  name: true,
  email: true,
  partnershipId: true,
  organisation: { select: { name: true } },
  partnership: { select: { id: true, slug: true, name: true, timeZone: true } },
} satisfies Prisma.PersonSelect;

export type PersonWithPartnership = Prisma.PersonGetPayload<{ select: typeof personSelect }>;

export async function findLinkedPerson(db: DbClient, key: ChatUserKey) {
  return db.chatIdentity.findUnique({
    where: { platform_workspaceId_userId: key },
    select: { id: true, linkedBy: true, conversationReference: true, person: { select: personSelect } },
  });
}

export async function findWorkspacePartnership(db: DbClient, platform: ChatPlatformName, workspaceId: string) {
  return db.chatWorkspace.findUnique({
    where: { platform_workspaceId: { platform, workspaceId } },
    select: { partnershipId: true, partnership: { select: { id: true, slug: true, name: true, timeZone: true } } },
  });
}

/**
 * Records that a partnership uses a workspace; an existing record (for any partnership) is kept as it is.
 * INSERT … ON CONFLICT DO NOTHING, then read: two first requests from a new workspace at the same moment both
 * succeed (Prisma's upsert is a read then a write, so the second one used to fail on the unique key).
 */
export async function recordWorkspace(
  db: DbClient,
  workspace: { platform: ChatPlatformName; workspaceId: string; partnershipId: string; name?: string },
) {
  await db.chatWorkspace.createMany({ data: [workspace], skipDuplicates: true });
  return db.chatWorkspace.findUniqueOrThrow({
    where: { platform_workspaceId: { platform: workspace.platform, workspaceId: workspace.workspaceId } },
    select: { partnershipId: true },
  });
}

/** People whose email equals `email` ignoring case, in one partnership or (when omitted) in all of them. */
export async function findPeopleByEmail(db: DbClient, email: string, partnershipId?: string): Promise<PersonWithPartnership[]> {
  return db.person.findMany({
    where: { email: { equals: email.trim(), mode: 'insensitive' }, ...(partnershipId ? { partnershipId } : {}) },
    select: personSelect,
    orderBy: { key: 'asc' },
  });
}

/** A person of the partnership by key (ignoring case) or, failing that, by email (ignoring case). */
export async function findPeopleByKeyOrEmail(db: DbClient, partnershipId: string, keyOrEmail: string): Promise<PersonWithPartnership[]> {
  const query = keyOrEmail.trim();
  const byKey = await db.person.findMany({
    where: { partnershipId, key: { equals: query, mode: 'insensitive' } },
    select: personSelect,
  });
  if (byKey.length > 0) return byKey;
  return findPeopleByEmail(db, query, partnershipId);
}

export interface LinkIdentityInput extends ChatUserKey {
  personId: string;
  linkedBy: IdentityLinkMethodName;
  displayName?: string;
  conversationReference?: unknown;
}

/**
 * Links (or re-links) a chat user to a person; returns the person it was linked to before, if another.
 * A new identity is inserted with ON CONFLICT DO NOTHING, so two first requests from the same person at the
 * same moment both succeed; when the row exists (or the other request inserted it first) it is updated under
 * a row lock, so the person it was linked to before is read and replaced in one step.
 */
export async function linkChatIdentity(db: DbClient, input: LinkIdentityInput): Promise<{ previousPersonId: string | null }> {
  const { platform, workspaceId, userId } = input;
  const reference = toJson(input.conversationReference);
  const inserted = await db.chatIdentity.createMany({
    data: [
      {
        platform,
        workspaceId,
        userId,
        personId: input.personId,
        linkedBy: input.linkedBy,
        displayName: input.displayName ?? null,
        ...(reference !== undefined ? { conversationReference: reference } : {}),
      },
    ],
    skipDuplicates: true,
  });
  if (inserted.count === 1) return { previousPersonId: null };
  return db.$transaction(async (tx) => {
    const [existing] = await tx.$queryRaw<Array<{ personId: string }>>`
      SELECT "personId" FROM "ChatIdentity"
      WHERE "platform" = ${platform}::"ChatPlatform" AND "workspaceId" = ${workspaceId} AND "userId" = ${userId}
      FOR UPDATE`;
    await tx.chatIdentity.update({
      where: { platform_workspaceId_userId: { platform, workspaceId, userId } },
      data: {
        personId: input.personId,
        linkedBy: input.linkedBy,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(reference !== undefined ? { conversationReference: reference } : {}),
      },
    });
    return { previousPersonId: existing && existing.personId !== input.personId ? existing.personId : null };
  });
}

export async function saveIdentityConversationReference(db: DbClient, key: ChatUserKey, reference: unknown): Promise<boolean> {
  const json = toJson(reference);
  if (json === undefined) return false;
  const result = await db.chatIdentity.updateMany({ where: key, data: { conversationReference: json } });
  return result.count > 0;
}

/** Every chat identity of the given people, for mentions and direct messages. */
export async function listChatIdentities(db: DbClient, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db.chatIdentity.findMany({
    where: { personId: { in: [...personIds] } },
    select: { personId: true, platform: true, workspaceId: true, userId: true, conversationReference: true },
    orderBy: [{ personId: 'asc' }, { platform: 'asc' }],
  });
}

export async function findGroupChannelByChannel(db: DbClient, key: ChatChannelKey) {
  return db.groupChannel.findUnique({
    where: { platform_workspaceId_channelId: key },
    select: { id: true, groupId: true, conversationReference: true, group: { select: { id: true, key: true, name: true, partnershipId: true } } },
  });
}

export async function findGroupChannel(db: DbClient, groupId: string, platform: ChatPlatformName) {
  return db.groupChannel.findUnique({
    where: { groupId_platform: { groupId, platform } },
    select: { workspaceId: true, channelId: true, name: true, conversationReference: true },
  });
}

export interface LinkGroupChannelInput extends ChatChannelKey {
  groupId: string;
  name?: string;
  conversationReference?: unknown;
  /** When it was linked, by the core's clock: the first digest due is the one scheduled after it. */
  linkedAt: Date;
}

export interface LinkGroupChannelOutcome {
  /** The channel the group used before on this platform, when it moved. */
  previousChannel: { workspaceId: string; channelId: string; name: string | null } | null;
  /** The group this channel belonged to before, when it was another group's. */
  previousGroup: { id: string; key: string; name: string } | null;
}

/**
 * Makes the channel the group's channel on its platform. A group has one channel per platform and a
 * channel belongs to one group, so this moves the group's link here and unlinks any other group from it.
 */
export async function linkGroupChannel(db: DbClient, input: LinkGroupChannelInput): Promise<LinkGroupChannelOutcome> {
  // Two links at the same moment (the same group, or the same channel) both read "not linked yet" and both
  // insert; the one that loses on the unique key runs again and then finds the other's row to move or update.
  try {
    return await linkGroupChannelOnce(db, input);
  } catch (error) {
    if (!isUniqueConflict(error)) throw error;
    return linkGroupChannelOnce(db, input);
  }
}

/** Prisma's "Unique constraint failed" (P2002). */
function isUniqueConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

async function linkGroupChannelOnce(db: DbClient, input: LinkGroupChannelInput): Promise<LinkGroupChannelOutcome> {
  const { platform, workspaceId, channelId, groupId } = input;
  const reference = toJson(input.conversationReference);
  return db.$transaction(async (tx) => {
    const onThisChannel = await tx.groupChannel.findUnique({
      where: { platform_workspaceId_channelId: { platform, workspaceId, channelId } },
      select: { id: true, groupId: true, group: { select: { id: true, key: true, name: true } } },
    });
    const previousGroup = onThisChannel && onThisChannel.groupId !== groupId ? onThisChannel.group : null;
    if (previousGroup && onThisChannel) await tx.groupChannel.delete({ where: { id: onThisChannel.id } });

    const current = await tx.groupChannel.findUnique({
      where: { groupId_platform: { groupId, platform } },
      select: { workspaceId: true, channelId: true, name: true },
    });
    const moved = current && (current.workspaceId !== workspaceId || current.channelId !== channelId);
    await tx.groupChannel.upsert({
      where: { groupId_platform: { groupId, platform } },
      create: { groupId, platform, workspaceId, channelId, linkedAt: input.linkedAt, name: input.name ?? null, conversationReference: reference },
      update: {
        workspaceId,
        channelId,
        linkedAt: input.linkedAt,
        name: input.name ?? null,
        ...(reference !== undefined ? { conversationReference: reference } : {}),
      },
    });
    return { previousChannel: moved ? current : null, previousGroup };
  });
}

export async function saveGroupChannelConversationReference(db: DbClient, key: ChatChannelKey, reference: unknown): Promise<boolean> {
  const json = toJson(reference);
  if (json === undefined) return false;
  const result = await db.groupChannel.updateMany({ where: key, data: { conversationReference: json } });
  return result.count > 0;
}
