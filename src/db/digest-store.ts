// What the weekly digest reads and records. The reads are batched for any number of groups (one query per
// kind of data, whatever the number of groups), and the digest's own ledger rows live in JobRun (one run per
// group and period, see job-run-store.ts) and Notification (one row per channel post, written before posting).
import type { Prisma } from './generated/client.ts';
import type { ChatPlatformName, DbClient } from './identity-store.ts';

export const DIGEST_JOB_NAME = 'weekly-digest';

const OPEN_STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK'] as const;

const partnershipSelect = {
  id: true,
  name: true,
  timeZone: true,
  defaultDigestCron: true,
  quorum: true,
  majorityRule: true,
  chairHasCastingVote: true,
} satisfies Prisma.PartnershipSelect;

const channelSelect = {
  id: true,
  platform: true,
  workspaceId: true,
  channelId: true,
  name: true,
  conversationReference: true,
  linkedAt: true,
} satisfies Prisma.GroupChannelSelect;

const groupSelect = {
  id: true,
  key: true,
  name: true,
  kind: true,
  parentId: true,
  partnershipId: true,
  digestCron: true,
  defaultCadence: true,
  partnership: { select: partnershipSelect },
  channels: { select: channelSelect, orderBy: { platform: 'asc' } },
} satisfies Prisma.GroupSelect;

const openActionSelect = {
  id: true,
  ref: true,
  title: true,
  groupId: true,
  status: true,
  dueDate: true,
  cadence: true,
  lastUpdateAt: true,
  createdAt: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.ActionSelect;

export type DigestGroup = Prisma.GroupGetPayload<{ select: typeof groupSelect }>;
export type DigestChannel = DigestGroup['channels'][number];

/** Groups with at least one linked channel (all partnerships, or the filter's). Two or three queries. */
export async function listDigestGroups(db: DbClient, filter: { partnershipId?: string; groupIds?: readonly string[] } = {}): Promise<DigestGroup[]> {
  return db.group.findMany({
    where: {
      channels: { some: {} },
      ...(filter.partnershipId ? { partnershipId: filter.partnershipId } : {}),
      ...(filter.groupIds ? { id: { in: [...filter.groupIds] } } : {}),
    },
    select: groupSelect,
    orderBy: [{ partnershipId: 'asc' }, { key: 'asc' }],
  });
}

/** One group of the partnership, with its channels (which may be none). */
export async function findDigestGroup(db: DbClient, partnershipId: string, groupId: string): Promise<DigestGroup | null> {
  return db.group.findFirst({ where: { id: groupId, partnershipId }, select: groupSelect });
}

/** Every group of the partnerships: the tree that decides which groups a digest covers. */
export async function listGroupTree(db: DbClient, partnershipIds: readonly string[]) {
  return db.group.findMany({
    where: { partnershipId: { in: [...partnershipIds] } },
    select: { id: true, partnershipId: true, parentId: true, defaultCadence: true },
  });
}

export interface DigestSourceQuery {
  partnershipIds: readonly string[];
  /** Groups whose actions count (the digest groups and everything under them). */
  actionGroupIds: readonly string[];
  /** Groups whose decisions and votes are reported. */
  decisionGroupIds: readonly string[];
  /** The earliest start of any digest's window. */
  since: Date;
  until: Date;
  /** Partnerships whose hallmark checklist is reported. */
  hallmarkPartnershipIds: readonly string[];
}

/** Everything but indicators that a batch of digests reports on, in a fixed number of queries. */
export async function loadDigestSource(db: DbClient, query: DigestSourceQuery) {
  const actionGroups = [...query.actionGroupIds];
  const decisionGroups = [...query.decisionGroupIds];
  const [statusCounts, openActions, completions, decisions, proposals, votingMembers, organisations, hallmarkItems, hallmarkAssessments] = await Promise.all([
    db.action.groupBy({
      by: ['groupId', 'priorityId', 'status'],
      where: { groupId: { in: actionGroups } },
      _count: { _all: true },
      orderBy: [{ groupId: 'asc' }, { priorityId: 'asc' }, { status: 'asc' }],
    }),
    listOpenActions(db, actionGroups),
    db.actionUpdate.findMany({
      where: { status: 'COMPLETE', createdAt: { gte: query.since, lt: query.until }, action: { groupId: { in: actionGroups }, status: 'COMPLETE' } },
      select: { createdAt: true, action: { select: { id: true, ref: true, title: true, groupId: true, owner: { select: { id: true, name: true } } } } },
      orderBy: [{ createdAt: 'asc' }],
    }),
    db.decision.findMany({
      where: { groupId: { in: decisionGroups }, decidedAt: { gte: query.since, lt: query.until } },
      select: {
        id: true,
        number: true,
        groupId: true,
        decidedAt: true,
        title: true,
        outcome: true,
        forCount: true,
        againstCount: true,
        abstainCount: true,
        correctsId: true,
        proposal: { select: { postUrl: true } },
      },
      orderBy: [{ decidedAt: 'asc' }, { number: 'asc' }],
    }),
    db.proposal.findMany({
      where: { groupId: { in: decisionGroups }, status: { in: ['OPEN', 'AWAITING_CASTING_VOTE'] } },
      select: {
        id: true,
        groupId: true,
        title: true,
        status: true,
        closesAt: true,
        castingVote: true,
        postUrl: true,
        ballots: { select: { voterId: true, organisationId: true, choice: true, castAt: true } },
        declarations: { select: { personId: true, organisationId: true } },
      },
      orderBy: [{ closesAt: 'asc' }],
    }),
    db.membership.findMany({
      where: {
        groupId: { in: decisionGroups },
        role: { in: ['REPRESENTATIVE', 'DEPUTY', 'CHAIR', 'VICE_CHAIR'] },
        AND: [{ OR: [{ startsOn: null }, { startsOn: { lte: query.until } }] }, { OR: [{ endsOn: null }, { endsOn: { gte: dateOnly(query.until) } }] }],
      },
      select: { groupId: true, personId: true, role: true, organisationId: true },
    }),
    db.organisation.findMany({
      where: { partnershipId: { in: [...query.partnershipIds] } },
      select: { id: true, partnershipId: true, name: true, isStatutory: true },
    }),
    db.hallmarkItem.findMany({
      where: { partnershipId: { in: [...query.hallmarkPartnershipIds] }, OR: [{ retiredAt: null }, { retiredAt: { gt: query.until } }] },
      select: { id: true, partnershipId: true },
    }),
    db.hallmarkAssessment.findMany({
      where: { item: { partnershipId: { in: [...query.hallmarkPartnershipIds] } }, assessedAt: { lte: query.until } },
      select: { itemId: true, status: true, assessedAt: true },
      orderBy: [{ assessedAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const priorityIds = [...new Set(statusCounts.map((row) => row.priorityId).filter((id): id is string => id !== null))];
  const priorities = priorityIds.length === 0
    ? []
    : await db.priority.findMany({ where: { id: { in: priorityIds } }, select: { id: true, key: true, title: true, position: true } });
  return {
    statusCounts: statusCounts.map((row) => ({ groupId: row.groupId, priorityId: row.priorityId, status: row.status, count: row._count._all })),
    priorities,
    openActions,
    completions,
    decisions,
    proposals,
    votingMembers,
    organisations,
    hallmarkItems,
    hallmarkAssessments,
  };
}

export type DigestSource = Awaited<ReturnType<typeof loadDigestSource>>;

function dateOnly(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

// ---------------------------------------------------------------- lists behind the digest's buttons

/** The groups' decisions, newest first (a board records a few dozen a year; the list stops at 500). */
export async function listDecisions(db: DbClient, groupIds: readonly string[]) {
  return db.decision.findMany({
    where: { groupId: { in: [...groupIds] } },
    select: {
      id: true,
      number: true,
      decidedAt: true,
      title: true,
      outcome: true,
      forCount: true,
      againstCount: true,
      abstainCount: true,
      corrects: { select: { number: true } },
    },
    orderBy: [{ decidedAt: 'desc' }, { number: 'desc' }],
    take: 500,
  });
}

/** Open actions of the groups with their owners, for the "needs attention" list (filtered by the caller). */
export async function listOpenActions(db: DbClient, groupIds: readonly string[]) {
  return db.action.findMany({
    where: { groupId: { in: [...groupIds] }, status: { in: [...OPEN_STATUSES] } },
    select: openActionSelect,
    orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { ref: 'asc' }],
  });
}

// ---------------------------------------------------------------- the ledger

export interface RunKey {
  scope: string;
  periodKey: string;
}

/** The digest runs recorded for these groups and periods, in one query. */
export async function findDigestRuns(db: DbClient, keys: readonly RunKey[]) {
  if (keys.length === 0) return [];
  return db.jobRun.findMany({
    where: { jobName: DIGEST_JOB_NAME, OR: keys.map((key) => ({ scope: key.scope, periodKey: key.periodKey })) },
    select: { id: true, scope: true, periodKey: true, status: true, attempts: true, heartbeatAt: true, finishedAt: true, error: true, late: true },
  });
}

export interface DigestPostKey {
  dedupeKey: string;
  groupId: string;
  periodKey: string;
  platform: ChatPlatformName;
  channelId: string;
  recipientId?: string | null;
}

const postSelect = { id: true, dedupeKey: true, sentAt: true, error: true, messageId: true, channelId: true, createdAt: true } satisfies Prisma.NotificationSelect;

/**
 * Records the intent to post before posting. `created` is false when the row was already there: sent,
 * failed, or written by a run that stopped before it could say how the post went.
 */
export async function recordPostIntent(db: DbClient, key: DigestPostKey, at: Date) {
  const inserted = await db.notification.createMany({
    data: [
      {
        kind: 'DIGEST',
        dedupeKey: key.dedupeKey,
        subjectId: key.groupId,
        periodKey: key.periodKey,
        platform: key.platform,
        channelId: key.channelId,
        recipientId: key.recipientId ?? null,
        createdAt: at,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.notification.findUniqueOrThrow({ where: { dedupeKey: key.dedupeKey }, select: postSelect });
  return { created: inserted.count === 1, row };
}

export async function markPostSent(db: DbClient, id: string, posted: { channelId: string; messageId: string }, at: Date): Promise<void> {
  await db.notification.update({ where: { id }, data: { sentAt: at, channelId: posted.channelId, messageId: posted.messageId, error: null } });
}

export async function markPostFailed(db: DbClient, id: string, error: string): Promise<void> {
  await db.notification.update({ where: { id }, data: { error: error.slice(0, 2000) } });
}

/** What the digest sent (or failed to send) to the partnership's group channels, newest first. */
export async function listDigestHistory(db: DbClient, partnershipId: string, limit: number) {
  const groups = await db.group.findMany({ where: { partnershipId }, select: { id: true, key: true, name: true } });
  const groupById = new Map(groups.map((group) => [group.id, group]));
  if (groups.length === 0) return [];
  const [posts, runs] = await Promise.all([
    db.notification.findMany({
      where: { kind: 'DIGEST', recipientId: null, subjectId: { in: groups.map((group) => group.id) } },
      select: { ...postSelect, subjectId: true, periodKey: true, platform: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
    db.jobRun.findMany({
      where: { jobName: DIGEST_JOB_NAME, scope: { in: groups.map((group) => group.id) } },
      select: { scope: true, periodKey: true, late: true, result: true },
      orderBy: { startedAt: 'desc' },
      take: limit * 2,
    }),
  ]);
  const lateRuns = new Set(runs.filter((run) => run.late).map((run) => `${run.scope}|${run.periodKey}`));
  const runResults = new Map(runs.map((run) => [`${run.scope}|${run.periodKey}`, runResultOf(run.result)]));
  const channels = await db.groupChannel.findMany({
    where: { groupId: { in: groups.map((group) => group.id) } },
    select: { groupId: true, platform: true, channelId: true, name: true },
  });
  const channelName = new Map(channels.map((channel) => [`${channel.platform}|${channel.channelId}`, channel.name]));
  return posts.map((post) => ({
    ...post,
    group: groupById.get(post.subjectId) ?? null,
    channelName: post.platform && post.channelId ? (channelName.get(`${post.platform}|${post.channelId}`) ?? null) : null,
    late: lateRuns.has(`${post.subjectId}|${post.periodKey}`),
    caughtUp: runResults.get(`${post.subjectId}|${post.periodKey}`)?.caughtUp ?? [],
    possibleDuplicate: runResults.get(`${post.subjectId}|${post.periodKey}`)?.channels.some((channel) => channel.possibleDuplicate && channel.platform === post.platform && channel.channelId === post.channelId) ?? false,
  }));
}

interface RecordedRunResult {
  caughtUp: string[];
  channels: { platform?: string; channelId?: string; possibleDuplicate?: boolean }[];
}

/** The parts of a digest run's recorded result (digest-job.ts settleRun) that the history shows. */
function runResultOf(result: unknown): RecordedRunResult {
  const record = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  const caughtUp = Array.isArray(record.caughtUp) ? record.caughtUp.filter((key): key is string => typeof key === 'string') : [];
  const channels = Array.isArray(record.channels) ? record.channels.filter((channel): channel is RecordedRunResult['channels'][number] => typeof channel === 'object' && channel !== null) : [];
  return { caughtUp, channels };
}

/** Sets or clears (null) the group's own digest schedule. */
export async function setGroupDigestCron(db: DbClient, groupId: string, cron: string | null): Promise<void> {
  await db.group.update({ where: { id: groupId }, data: { digestCron: cron } });
}
