// Proposals: opening a vote, reading a proposal with everything its card shows, and the scheduled side (which
// votes are due to close or to remind). Ballots and declarations are in ballot-store.ts; closing and the
// decision log in decision-store.ts. Writes that race are made safe in the database itself (see those files).
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';
import { reclaimForNewlyLinked } from './notification-store.ts';
import { absencesOnDay } from './absence-store.ts';
import type { AbsencePeriod } from '../domain/absence.ts';

export type Tx = Prisma.TransactionClient;
type Reader = DbClient | Tx;

export type BallotChoiceName = 'FOR' | 'AGAINST' | 'ABSTAIN';
export type ProposalStatusName = 'OPEN' | 'AWAITING_CASTING_VOTE' | 'CLOSED' | 'WITHDRAWN';
export type DecisionOutcomeName = 'CARRIED' | 'LOST' | 'NO_DECISION_INQUORATE';
type VoteReasonName = 'FINANCE' | 'NO_CONSENSUS' | 'CHAIR_DISCRETION';
type ChatPlatformName = 'SLACK' | 'TEAMS';

/** Many clicks may queue for the same connection (one, for the embedded database): wait rather than fail. */
export const VOTE_TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

export function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Memberships in force on `onDate` (a date at UTC midnight). */
function activeOn(onDate: Date): Prisma.MembershipWhereInput {
  return {
    AND: [
      { OR: [{ startsOn: null }, { startsOn: { lte: onDate } }] },
      { OR: [{ endsOn: null }, { endsOn: { gte: onDate } }] },
    ],
  };
}

// ---------------------------------------------------------------- groups and proposing

function groupSetupSelect(onDate: Date) {
  return {
    id: true,
    key: true,
    name: true,
    partnershipId: true,
    secretTallyDefault: true,
    memberships: {
      where: activeOn(onDate),
      select: { personId: true, role: true, organisationId: true, person: { select: { name: true } } },
    },
    channels: { select: { platform: true, workspaceId: true, channelId: true, name: true, conversationReference: true } },
    partnership: { select: { organisations: { select: { id: true, name: true, isStatutory: true }, orderBy: { name: 'asc' } } } },
  } satisfies Prisma.GroupSelect;
}

export type GroupVotingSetup = Prisma.GroupGetPayload<{ select: ReturnType<typeof groupSetupSelect> }>;

/** A group of the partnership with what opening a vote in it needs: its members today, its channels and the partnership's organisations. */
export async function findGroupVotingSetup(db: DbClient, partnershipId: string, groupId: string, onDate: Date): Promise<GroupVotingSetup | null> {
  return db.group.findFirst({ where: { id: groupId, partnershipId }, select: groupSetupSelect(onDate) });
}

export interface NewProposal {
  partnershipId: string;
  groupId: string;
  proposedById: string;
  title: string;
  motion: string;
  reason: VoteReasonName;
  /** Pounds as a decimal string, e.g. "12500.50". */
  financeAmount: string | null;
  papersUrl: string | null;
  opensAt: Date;
  closesAt: Date;
  secretTally: boolean;
}

/** Opens a proposal with the partnership's next vote number, allocated under a lock on the partnership row. */
export async function createProposal(db: DbClient, proposal: NewProposal): Promise<{ id: string; number: number }> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Partnership" WHERE "id" = ${proposal.partnershipId}::uuid FOR NO KEY UPDATE`;
    const last = await tx.proposal.aggregate({ where: { partnershipId: proposal.partnershipId }, _max: { number: true } });
    const number = (last._max.number ?? 0) + 1;
    const created = await tx.proposal.create({ data: { ...proposal, number }, select: { id: true } });
    return { id: created.id, number };
  }, VOTE_TRANSACTION_OPTIONS);
}

/** The id of the partnership's vote with this number, if any. */
export async function findProposalIdByNumber(db: DbClient, partnershipId: string, number: number): Promise<string | null> {
  const row = await db.proposal.findUnique({ where: { partnershipId_number: { partnershipId, number } }, select: { id: true } });
  return row?.id ?? null;
}

export interface ProposalPost {
  platform: ChatPlatformName;
  channelId: string;
  messageId: string;
  conversationReference?: unknown;
  url?: string;
}

export async function saveProposalPost(db: DbClient, proposalId: string, post: ProposalPost): Promise<void> {
  await db.proposal.update({
    where: { id: proposalId },
    data: {
      postPlatform: post.platform,
      postChannelId: post.channelId,
      postMessageId: post.messageId,
      postConversationReference: toJson(post.conversationReference),
      postUrl: post.url ?? null,
    },
  });
}

/** Removes a proposal whose card could not be posted: nobody has seen it, so nothing can hang off it yet. */
export async function discardUnpostedProposal(db: DbClient, proposalId: string): Promise<boolean> {
  const result = await db.proposal.deleteMany({ where: { id: proposalId, postMessageId: null, ballots: { none: {} }, declarations: { none: {} } } });
  return result.count === 1;
}
// ---------------------------------------------------------------- a proposal and everything its card shows

const proposalScalars = {
  id: true,
  partnershipId: true,
  groupId: true,
  proposedById: true,
  title: true,
  motion: true,
  reason: true,
  financeAmount: true,
  papersUrl: true,
  status: true,
  opensAt: true,
  closesAt: true,
  closedAt: true,
  closedById: true,
  castingVote: true,
  number: true,
  secretTally: true,
  postPlatform: true,
  postChannelId: true,
  postMessageId: true,
  postConversationReference: true,
  postUrl: true,
} satisfies Prisma.ProposalSelect;

type ProposalScalars = Prisma.ProposalGetPayload<{ select: typeof proposalScalars }>;
type Named = { name: string };

type BallotChannelName = 'CLICK' | 'MEETING' | 'PHONE' | 'EMAIL';

/** Who recorded a ballot or declaration on the partner's behalf, how, and on what date (UTC midnight). */
export interface RecordedOnBehalf {
  recordedVia: BallotChannelName;
  recordedById: string | null;
  meetingDate: Date | null;
  recordedBy: Named | null;
}

interface ProposalBallot extends RecordedOnBehalf {
  voterId: string;
  organisationId: string;
  asDeputy: boolean;
  choice: BallotChoiceName;
  castAt: Date;
  voter: Named;
}

interface ProposalDeclaration extends RecordedOnBehalf {
  personId: string;
  organisationId: string | null;
  text: string | null;
  declaredAt: Date;
  person: Named;
}

/** A ballot recorded on a partner's behalf that was later changed or replaced, from the history. */
export interface OnBehalfHistoryRow extends RecordedOnBehalf {
  voterId: string;
  organisationId: string | null;
  choice: BallotChoiceName;
  changedAt: Date;
}

export interface ProposalState extends Omit<ProposalScalars, 'groupId' | 'proposedById'> {
  proposedBy: { id: string; name: string };
  group: {
    id: string;
    key: string;
    name: string;
    partnershipId: string;
    memberships: { personId: string; role: GroupVotingSetup['memberships'][number]['role']; organisationId: string | null; person: Named }[];
    channels: GroupVotingSetup['channels'];
    partnership: { organisations: { id: string; name: string; isStatutory: boolean }[] };
  };
  partnership: { id: string; name: string; timeZone: string; quorum: number; majorityRule: 'SIMPLE' | 'TWO_THIRDS' | 'UNANIMOUS'; chairHasCastingVote: boolean; voteReminderHours: number };
  ballots: ProposalBallot[];
  declarations: ProposalDeclaration[];
  decision: { id: string; number: number; outcome: DecisionOutcomeName } | null;
  /** Rows in the ballot history per voter (1 = voted once, never changed). */
  historyCounts: ReadonlyMap<string, number>;
  /** Members away on the day the state was read for, and that day ('YYYY-MM-DD'). */
  absences?: { readonly day: string; readonly byPerson: ReadonlyMap<string, AbsencePeriod> };
  /** Every ballot ever recorded on a partner's behalf, oldest first, including those since replaced. */
  onBehalfHistory: OnBehalfHistoryRow[];
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

async function readVotes(db: Reader, proposalIds: readonly string[]) {
  const ids = [...proposalIds];
  const ballots = await db.ballot.findMany({
    where: { proposalId: { in: ids } },
    select: { proposalId: true, voterId: true, organisationId: true, asDeputy: true, choice: true, castAt: true, recordedVia: true, recordedById: true, meetingDate: true },
    orderBy: [{ castAt: 'asc' }, { id: 'asc' }],
  });
  const declarations = await db.declarationOfInterest.findMany({
    where: { proposalId: { in: ids } },
    select: { proposalId: true, personId: true, organisationId: true, text: true, declaredAt: true, recordedVia: true, recordedById: true, meetingDate: true },
    orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }],
  });
  const history = await db.ballotChange.groupBy({ by: ['proposalId', 'voterId'], where: { proposalId: { in: ids } }, _count: { _all: true } });
  const onBehalf = await db.ballotChange.findMany({
    where: { proposalId: { in: ids }, recordedVia: { not: 'CLICK' } },
    select: { proposalId: true, voterId: true, organisationId: true, choice: true, changedAt: true, recordedVia: true, recordedById: true, meetingDate: true },
    orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
  });
  return { ballots, declarations, history, onBehalf };
}

function recorderIds(votes: Awaited<ReturnType<typeof readVotes>>): string[] {
  return [...votes.ballots, ...votes.declarations, ...votes.onBehalf].flatMap((row) => (row.recordedById ? [row.recordedById] : []));
}

async function namesOf(db: Reader, personIds: ReadonlySet<string>, known: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const names = new Map(known);
  const missing = [...personIds].filter((id) => !names.has(id));
  if (missing.length > 0) {
    for (const person of await db.person.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) names.set(person.id, person.name);
  }
  return names;
}

function attachVotes(
  base: Omit<ProposalState, 'ballots' | 'declarations' | 'historyCounts' | 'onBehalfHistory'>,
  votes: Awaited<ReturnType<typeof readVotes>>,
  names: ReadonlyMap<string, string>,
): ProposalState {
  const nameOf = (personId: string): Named => ({ name: names.get(personId) ?? 'Unknown person' });
  const recorder = (row: { recordedById: string | null }) => ({ recordedBy: row.recordedById ? nameOf(row.recordedById) : null });
  return {
    ...base,
    ballots: votes.ballots
      .filter((ballot) => ballot.proposalId === base.id)
      .map(({ proposalId: _, ...ballot }) => ({ ...ballot, voter: nameOf(ballot.voterId), ...recorder(ballot) })),
    declarations: votes.declarations
      .filter((declaration) => declaration.proposalId === base.id)
      .map(({ proposalId: _, ...declaration }) => ({ ...declaration, person: nameOf(declaration.personId), ...recorder(declaration) })),
    historyCounts: new Map(votes.history.filter((row) => row.proposalId === base.id).map((row) => [row.voterId, row._count._all])),
    onBehalfHistory: votes.onBehalf.filter((row) => row.proposalId === base.id).map(({ proposalId: _, ...row }) => ({ ...row, ...recorder(row) })),
  };
}

/**
 * Proposals with their group's members on `onDate`, its channels, the partnership's organisations and rules,
 * ballots, declarations and decision: a dozen flat queries whatever the number of proposals or voters.
 */
export async function loadProposalStates(db: Reader, proposalIds: readonly string[], onDate: Date): Promise<ProposalState[]> {
  if (proposalIds.length === 0) return [];
  const proposals = await db.proposal.findMany({ where: { id: { in: [...proposalIds] } }, select: proposalScalars, orderBy: { closesAt: 'asc' } });
  if (proposals.length === 0) return [];
  const groupIds = [...new Set(proposals.map((proposal) => proposal.groupId))];
  const partnershipIds = [...new Set(proposals.map((proposal) => proposal.partnershipId))];
  const partnerships = await db.partnership.findMany({
    where: { id: { in: partnershipIds } },
    select: { id: true, name: true, timeZone: true, quorum: true, majorityRule: true, chairHasCastingVote: true, voteReminderHours: true },
  });
  const groups = await db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true, key: true, name: true, partnershipId: true } });
  const memberships = await db.membership.findMany({
    where: { groupId: { in: groupIds }, ...activeOn(onDate) },
    select: { groupId: true, personId: true, role: true, organisationId: true },
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
  });
  const channels = await db.groupChannel.findMany({
    where: { groupId: { in: groupIds } },
    select: { groupId: true, platform: true, workspaceId: true, channelId: true, name: true, conversationReference: true },
  });
  const organisations = await db.organisation.findMany({
    where: { partnershipId: { in: partnershipIds } },
    select: { partnershipId: true, id: true, name: true, isStatutory: true },
    orderBy: { name: 'asc' },
  });
  const decisions = await db.decision.findMany({ where: { proposalId: { in: proposals.map((p) => p.id) } }, select: { proposalId: true, id: true, number: true, outcome: true } });
  const votes = await readVotes(db, proposals.map((proposal) => proposal.id));

  const personIds = new Set<string>([
    ...proposals.map((proposal) => proposal.proposedById),
    ...memberships.map((membership) => membership.personId),
    ...votes.ballots.map((ballot) => ballot.voterId),
    ...votes.declarations.map((declaration) => declaration.personId),
    ...recorderIds(votes),
  ]);
  const names = await namesOf(db, personIds, new Map());
  const absenceDay = onDate.toISOString().slice(0, 10);
  const away = await absencesOnDay(db, [...new Set(memberships.map((membership) => membership.personId))], absenceDay);
  const membershipsByGroup = groupBy(memberships, (membership) => membership.groupId);
  const channelsByGroup = groupBy(channels, (channel) => channel.groupId);
  const organisationsByPartnership = groupBy(organisations, (organisation) => organisation.partnershipId);

  const states: ProposalState[] = [];
  for (const { groupId, proposedById, ...proposal } of proposals) {
    const group = groups.find((candidate) => candidate.id === groupId);
    const partnership = partnerships.find((candidate) => candidate.id === proposal.partnershipId);
    if (!group || !partnership) continue;
    const decision = decisions.find((candidate) => candidate.proposalId === proposal.id);
    const base = {
      ...proposal,
      proposedBy: { id: proposedById, name: names.get(proposedById) ?? 'Unknown person' },
      group: {
        ...group,
        memberships: (membershipsByGroup.get(groupId) ?? []).map(({ groupId: _, ...membership }) => ({ ...membership, person: { name: names.get(membership.personId) ?? 'Unknown person' } })),
        channels: (channelsByGroup.get(groupId) ?? []).map(({ groupId: _, ...channel }) => channel),
        partnership: { organisations: (organisationsByPartnership.get(proposal.partnershipId) ?? []).map(({ partnershipId: _, ...organisation }) => organisation) },
      },
      partnership,
      decision: decision ? { id: decision.id, number: decision.number, outcome: decision.outcome } : null,
    };
    const groupAway = new Map((membershipsByGroup.get(groupId) ?? []).flatMap((membership) => {
      const absence = away.get(membership.personId);
      return absence ? [[membership.personId, absence] as const] : [];
    }));
    states.push({ ...attachVotes(base, votes, names), absences: { day: absenceDay, byPerson: groupAway } });
  }
  return states;
}

export async function loadProposalState(db: Reader, proposalId: string, onDate: Date): Promise<ProposalState | null> {
  const [state] = await loadProposalStates(db, [proposalId], onDate);
  return state ?? null;
}

/** The same proposal with its ballots, declarations and history read again (after a vote): three or four queries. */
export async function refreshVotes(db: Reader, state: ProposalState): Promise<ProposalState> {
  const votes = await readVotes(db, [state.id]);
  const known = new Map<string, string>([
    ...state.group.memberships.map((membership): [string, string] => [membership.personId, membership.person.name]),
    ...state.ballots.map((ballot): [string, string] => [ballot.voterId, ballot.voter.name]),
    ...state.declarations.map((declaration): [string, string] => [declaration.personId, declaration.person.name]),
  ]);
  const names = await namesOf(db, new Set([...votes.ballots.map((b) => b.voterId), ...votes.declarations.map((d) => d.personId), ...recorderIds(votes)]), known);
  const { ballots: _ballots, declarations: _declarations, historyCounts: _history, onBehalfHistory: _onBehalf, ...base } = state;
  return attachVotes(base, votes, names);
}

// ---------------------------------------------------------------- which votes are due to close or to remind

/** Open proposals whose closing time has come. */
export async function listProposalsDueToClose(db: DbClient, now: Date, limit = 100) {
  return db.proposal.findMany({
    where: { status: 'OPEN', closesAt: { lte: now } },
    select: { id: true, partnershipId: true, partnership: { select: { timeZone: true } } },
    orderBy: { closesAt: 'asc' },
    take: limit,
  });
}

/** Open proposals still before their closing time, with what deciding whether a reminder is due needs. */
export async function listOpenProposalsBeforeClosing(db: DbClient, now: Date) {
  return db.proposal.findMany({
    where: { status: 'OPEN', closesAt: { gt: now } },
    select: { id: true, opensAt: true, closesAt: true, partnership: { select: { id: true, timeZone: true, voteReminderHours: true } } },
    orderBy: { closesAt: 'asc' },
  });
}

// ---------------------------------------------------------------- reminders sent at most once

type VoteNotificationKind = 'VOTE_REMINDER' | 'QUORUM_AT_RISK';

export interface NotificationClaim {
  kind: VoteNotificationKind;
  dedupeKey: string;
  recipientId: string;
  subjectId: string;
  periodKey: string;
}

/** Inserts the notifications not sent before, in one statement; returns the keys this caller now owns and must send. */
/** New claims, and those taken back because their recipient has linked a chat account since (notification-store.ts). */
export async function claimNotifications(db: DbClient, claims: readonly NotificationClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const inserted = new Set((await db.notification.createManyAndReturn({ data: [...claims], skipDuplicates: true, select: { dedupeKey: true } })).map((row) => row.dedupeKey));
  const reclaimed = await reclaimForNewlyLinked(db, claims.map((claim) => claim.dedupeKey).filter((key) => !inserted.has(key)));
  return new Set([...inserted, ...reclaimed.map((row) => row.dedupeKey)]);
}

export async function markNotificationsSent(db: DbClient, dedupeKeys: readonly string[], sentAt: Date): Promise<void> {
  if (dedupeKeys.length === 0) return;
  await db.notification.updateMany({ where: { dedupeKey: { in: [...dedupeKeys] } }, data: { sentAt } });
}

export async function markNotificationFailed(db: DbClient, dedupeKey: string, error: string): Promise<void> {
  await db.notification.update({ where: { dedupeKey }, data: { error: error.slice(0, 2000) } });
}
