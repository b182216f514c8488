// Actions and their update history for the chat feature, and what the reminder and escalation jobs read
// and record. Every list is one query (plus one per related table), however many actions there are.
import { Prisma, type PrismaClient } from './generated/client.ts';
import { reclaimForNewlyLinked } from './notification-store.ts';

type DbClient = PrismaClient;

type ActionStatusName = 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'CANCELLED';
type ChatPlatformName = 'SLACK' | 'TEAMS';

const OPEN_STATUSES: ActionStatusName[] = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK'];
const CHUNK_SIZE = 1_000;

const actionOrder: Prisma.ActionOrderByWithRelationInput[] = [{ dueDate: { sort: 'asc', nulls: 'last' } }, { ref: 'asc' }];

const summarySelect = {
  id: true,
  ref: true,
  title: true,
  status: true,
  progress: true,
  dueDate: true,
  lastUpdateAt: true,
  owner: { select: { id: true, name: true } },
  group: { select: { id: true, key: true, name: true } },
  priority: { select: { key: true, title: true } },
} satisfies Prisma.ActionSelect;

export type ActionSummary = Prisma.ActionGetPayload<{ select: typeof summarySelect }>;

/** The person's actions, earliest due first (undated last); open ones only unless `includeClosed`. */
export async function listActionsOwnedBy(db: DbClient, personId: string, options: { includeClosed?: boolean } = {}): Promise<ActionSummary[]> {
  return db.action.findMany({
    where: { ownerId: personId, ...(options.includeClosed ? {} : { status: { in: OPEN_STATUSES } }) },
    select: summarySelect,
    orderBy: actionOrder,
  });
}

export type ActionFilter =
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'priority'; readonly priorityIds: readonly string[] }
  /** Led by the organisation, or owned by one of its people. */
  | { readonly kind: 'organisation'; readonly organisationId: string };

function filterWhere(filter: ActionFilter): Prisma.ActionWhereInput {
  switch (filter.kind) {
    case 'group':
      return { groupId: filter.groupId };
    case 'priority':
      return { priorityId: { in: [...filter.priorityIds] } };
    case 'organisation':
      return { OR: [{ leadOrganisationId: filter.organisationId }, { owner: { organisationId: filter.organisationId } }] };
  }
}

export async function listActionsMatching(db: DbClient, partnershipId: string, filter: ActionFilter): Promise<ActionSummary[]> {
  return db.action.findMany({ where: { partnershipId, ...filterWhere(filter) }, select: summarySelect, orderBy: actionOrder });
}

export interface ActionFilterCandidates {
  groups: Array<{ id: string; key: string; name: string }>;
  /** Priorities with the same key in several plans come back once each; callers group them by key. */
  priorities: Array<{ id: string; key: string; title: string }>;
  organisations: Array<{ id: string; key: string; name: string }>;
}

/**
 * Groups, priorities and organisations whose key or name (title) is `query` ignoring case; when none is,
 * those whose name contains it.
 */
export async function findActionFilterCandidates(db: DbClient, partnershipId: string, query: string): Promise<ActionFilterCandidates> {
  const text = query.trim();
  const search = async (mode: 'equals' | 'contains'): Promise<ActionFilterCandidates> => {
    const named = mode === 'equals' ? { equals: text, mode: 'insensitive' as const } : { contains: text, mode: 'insensitive' as const };
    const byKey = mode === 'equals' ? [{ key: named }] : [];
    const [groups, priorities, organisations] = await Promise.all([
      db.group.findMany({ where: { partnershipId, OR: [...byKey, { name: named }] }, select: { id: true, key: true, name: true }, orderBy: { key: 'asc' } }),
      db.priority.findMany({
        where: { plan: { partnershipId }, OR: [...byKey, { title: named }] },
        select: { id: true, key: true, title: true },
        orderBy: [{ key: 'asc' }, { position: 'asc' }],
      }),
      db.organisation.findMany({ where: { partnershipId, OR: [...byKey, { name: named }] }, select: { id: true, key: true, name: true }, orderBy: { key: 'asc' } }),
    ]);
    return { groups, priorities, organisations };
  };
  const exact = await search('equals');
  if (exact.groups.length + exact.priorities.length + exact.organisations.length > 0) return exact;
  return search('contains');
}

export async function findGroupOrOrganisationName(
  db: DbClient,
  partnershipId: string,
  kind: 'group' | 'organisation',
  id: string,
): Promise<string | null> {
  const row =
    kind === 'group'
      ? await db.group.findFirst({ where: { partnershipId, id }, select: { name: true } })
      : await db.organisation.findFirst({ where: { partnershipId, id }, select: { name: true } });
  return row?.name ?? null;
}

const detailSelect = {
  id: true,
  partnershipId: true,
  ref: true,
  title: true,
  description: true,
  notes: true,
  status: true,
  progress: true,
  dueDate: true,
  cadence: true,
  lastUpdateAt: true,
  createdAt: true,
  reminderSnoozedUntil: true,
  leadOrganisation: { select: { id: true, name: true } },
  owner: { select: { id: true, name: true, organisationId: true, organisation: { select: { id: true, name: true } } } },
  group: { select: { id: true, key: true, name: true, defaultCadence: true } },
  priority: { select: { key: true, title: true } },
} satisfies Prisma.ActionSelect;

export type ActionDetail = Prisma.ActionGetPayload<{ select: typeof detailSelect }>;

/** The action of the partnership with this ref, ignoring case. */
export async function findActionByRef(db: DbClient, partnershipId: string, ref: string): Promise<ActionDetail | null> {
  return db.action.findFirst({ where: { partnershipId, ref: { equals: ref.trim(), mode: 'insensitive' } }, select: detailSelect });
}

export async function findActionById(db: DbClient, partnershipId: string, actionId: string): Promise<ActionDetail | null> {
  return db.action.findFirst({ where: { partnershipId, id: actionId }, select: detailSelect });
}

const updateSelect = {
  id: true,
  createdAt: true,
  source: true,
  status: true,
  progress: true,
  done: true,
  nextSteps: true,
  blockers: true,
  cancelReason: true,
  previousDueDate: true,
  newDueDate: true,
  dueDateReason: true,
  correctsId: true,
  author: { select: { name: true } },
} satisfies Prisma.ActionUpdateSelect;

export type ActionUpdateEntry = Prisma.ActionUpdateGetPayload<{ select: typeof updateSelect }>;

/** The newest `limit` updates, newest first, and how many there are. */
export async function listActionUpdates(db: DbClient, actionId: string, limit: number): Promise<{ updates: ActionUpdateEntry[]; total: number }> {
  const [updates, total] = await Promise.all([
    db.actionUpdate.findMany({ where: { actionId }, select: updateSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit }),
    db.actionUpdate.count({ where: { actionId } }),
  ]);
  return { updates, total };
}

export interface SaveActionUpdateInput {
  actionId: string;
  authorId: string;
  /** The action's lastUpdateAt when the person opened the form: the save is refused if it changed since. */
  seenLastUpdateAt: Date | null;
  at: Date;
  status: ActionStatusName;
  progress: number;
  done: string | null;
  nextSteps: string | null;
  blockers: string | null;
  cancelReason: string | null;
  dueDateChange: { from: Date | null; to: Date; reason: string | null } | null;
}

export type SaveActionUpdateOutcome = { saved: true; updateId: string } | { saved: false; reason: 'changed-meanwhile' };

/**
 * Appends the update to the history and brings the action's status, progress, due date and last update
 * time in line with it, in one transaction. The action row only changes if its lastUpdateAt is still the
 * one the person saw, so an update posted meanwhile is never silently overwritten. Any snooze ends.
 */
export async function saveActionUpdate(db: DbClient, input: SaveActionUpdateInput): Promise<SaveActionUpdateOutcome> {
  return db.$transaction(async (tx) => {
    const changed = await tx.action.updateMany({
      where: { id: input.actionId, lastUpdateAt: input.seenLastUpdateAt },
      data: {
        status: input.status,
        progress: input.progress,
        lastUpdateAt: input.at,
        reminderSnoozedUntil: null,
        ...(input.dueDateChange ? { dueDate: input.dueDateChange.to } : {}),
      },
    });
    if (changed.count !== 1) return { saved: false, reason: 'changed-meanwhile' } as const;
    const update = await tx.actionUpdate.create({
      data: {
        actionId: input.actionId,
        authorId: input.authorId,
        source: 'CHAT',
        status: input.status,
        progress: input.progress,
        done: input.done,
        nextSteps: input.nextSteps,
        blockers: input.blockers,
        cancelReason: input.cancelReason,
        previousDueDate: input.dueDateChange ? input.dueDateChange.from : null,
        newDueDate: input.dueDateChange ? input.dueDateChange.to : null,
        dueDateReason: input.dueDateChange ? input.dueDateChange.reason : null,
        createdAt: input.at,
      },
      select: { id: true },
    });
    return { saved: true, updateId: update.id } as const;
  });
}

/** Snoozes the owner's open actions among `refs`; returns the refs snoozed. */
export async function snoozeOwnedActions(
  db: DbClient,
  input: { partnershipId: string; ownerId: string; refs: readonly string[]; until: Date },
): Promise<string[]> {
  const where: Prisma.ActionWhereInput = {
    partnershipId: input.partnershipId,
    ownerId: input.ownerId,
    ref: { in: [...input.refs] },
    status: { in: OPEN_STATUSES },
  };
  return db.$transaction(async (tx) => {
    const found = await tx.action.findMany({ where, select: { ref: true }, orderBy: { ref: 'asc' } });
    await tx.action.updateMany({ where, data: { reminderSnoozedUntil: input.until } });
    return found.map((row) => row.ref);
  });
}

// ---------------------------------------------------------------- scheduled jobs

export async function listPartnershipsForSchedules(db: DbClient) {
  return db.partnership.findMany({
    select: { id: true, slug: true, name: true, timeZone: true, escalationAfterDays: true },
    orderBy: { slug: 'asc' },
  });
}

export type SchedulePartnership = Awaited<ReturnType<typeof listPartnershipsForSchedules>>[number];

export async function findSchedulePartnership(db: DbClient, partnershipId: string): Promise<SchedulePartnership | null> {
  return db.partnership.findUnique({
    where: { id: partnershipId },
    select: { id: true, slug: true, name: true, timeZone: true, escalationAfterDays: true },
  });
}

const scheduleSelect = {
  id: true,
  ref: true,
  title: true,
  status: true,
  progress: true,
  dueDate: true,
  cadence: true,
  lastUpdateAt: true,
  createdAt: true,
  reminderSnoozedUntil: true,
  owner: { select: { id: true, name: true } },
  group: { select: { id: true, key: true, name: true, defaultCadence: true } },
} satisfies Prisma.ActionSelect;

export type ScheduledAction = Prisma.ActionGetPayload<{ select: typeof scheduleSelect }>;

/** The partnership's open actions with what reminders and escalations need, in one read. */
export async function listOpenActionsForSchedules(db: DbClient, partnershipId: string, options: { ownedOnly?: boolean } = {}): Promise<ScheduledAction[]> {
  return db.action.findMany({
    where: { partnershipId, status: { in: OPEN_STATUSES }, ...(options.ownedOnly ? { ownerId: { not: null } } : {}) },
    select: scheduleSelect,
    orderBy: actionOrder,
  });
}

/** Active chairs of the groups on `onDate` (a date at UTC midnight). */
export async function listGroupChairs(db: DbClient, groupIds: readonly string[], onDate: Date) {
  if (groupIds.length === 0) return [];
  return db.membership.findMany({
    where: {
      groupId: { in: [...groupIds] },
      role: 'CHAIR',
      AND: [{ OR: [{ startsOn: null }, { startsOn: { lte: onDate } }] }, { OR: [{ endsOn: null }, { endsOn: { gte: onDate } }] }],
    },
    select: { groupId: true, person: { select: { id: true, name: true } } },
    orderBy: { person: { name: 'asc' } },
  });
}

export type NotificationKindName =
  | 'ACTION_UPDATE_REMINDER'
  | 'ACTION_ESCALATION'
  | 'VOTE_REMINDER'
  | 'QUORUM_AT_RISK'
  | 'HALLMARK_REVIEW_REMINDER'
  | 'DIGEST';

export interface NotificationClaim {
  kind: NotificationKindName;
  /** Unique: a second claim of the same key, by this process or another, gets nothing. */
  dedupeKey: string;
  recipientId: string;
  subjectId: string;
  periodKey: string;
}

/**
 * Inserts the claims that are not there yet and returns only those, with the ones taken back because their
 * recipient has linked a chat account since they could not be reached: what this caller, and nobody else,
 * may now send. Concurrent callers racing for the same keys each get a disjoint share.
 */
export async function claimNotifications(db: DbClient, claims: readonly NotificationClaim[], createdAt: Date): Promise<Array<{ id: string; dedupeKey: string }>> {
  const claimed: Array<{ id: string; dedupeKey: string }> = [];
  for (let start = 0; start < claims.length; start += CHUNK_SIZE) {
    const chunk = claims.slice(start, start + CHUNK_SIZE);
    const rows = await db.notification.createManyAndReturn({
      data: chunk.map((claim) => ({ ...claim, createdAt })),
      skipDuplicates: true,
      select: { id: true, dedupeKey: true },
    });
    claimed.push(...rows);
    const inserted = new Set(rows.map((row) => row.dedupeKey));
    claimed.push(...(await reclaimForNewlyLinked(db, chunk.map((claim) => claim.dedupeKey).filter((key) => !inserted.has(key)))));
  }
  return claimed;
}

export interface NotificationOutcome {
  id: string;
  sentAt: Date | null;
  platform: ChatPlatformName | null;
  channelId: string | null;
  messageId: string | null;
  error: string | null;
}

/** Records what happened to claimed notifications: one UPDATE … FROM (VALUES …) per thousand rows. */
export async function recordNotificationOutcomes(db: DbClient, outcomes: readonly NotificationOutcome[]): Promise<void> {
  for (let start = 0; start < outcomes.length; start += CHUNK_SIZE) {
    const values = outcomes.slice(start, start + CHUNK_SIZE).map(
      (outcome) =>
        Prisma.sql`(${outcome.id}::uuid, ${outcome.sentAt?.toISOString() ?? null}::timestamptz, ${outcome.platform}::"ChatPlatform", ${outcome.channelId}::text, ${outcome.messageId}::text, ${outcome.error?.slice(0, 2000) ?? null}::text)`,
    );
    await db.$executeRaw`UPDATE "Notification" AS n SET "sentAt" = v."sentAt", "platform" = v."platform", "channelId" = v."channelId", "messageId" = v."messageId", "error" = v."error" FROM (VALUES ${Prisma.join(values)}) AS v("id", "sentAt", "platform", "channelId", "messageId", "error") WHERE n."id" = v."id"`;
  }
}
