// Votes and the decision log. Writes that race are made safe in the database itself:
// - a ballot is one row per (proposal, voter), inserted or changed under a row lock in one transaction with its
//   history row, and only while the proposal (share-locked) is open;
// - closing locks the proposal row, so a close and a ballot, or two closes, cannot interleave;
// - decision numbers are allocated under a lock on the partnership row, and (partnershipId, number) is unique.
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';
import { reclaimForNewlyLinked } from './notification-store.ts';

type Tx = Prisma.TransactionClient;
type Reader = DbClient | Tx;

export type BallotChoiceName = 'FOR' | 'AGAINST' | 'ABSTAIN';
export type ProposalStatusName = 'OPEN' | 'AWAITING_CASTING_VOTE' | 'CLOSED' | 'WITHDRAWN';
export type DecisionOutcomeName = 'CARRIED' | 'LOST' | 'NO_DECISION_INQUORATE';
export type VoteReasonName = 'FINANCE' | 'NO_CONSENSUS' | 'CHAIR_DISCRETION';
export type ChatPlatformName = 'SLACK' | 'TEAMS';

/** Many clicks may queue for the same connection (one, for the embedded database): wait rather than fail. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
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
}

export async function createProposal(db: DbClient, proposal: NewProposal): Promise<{ id: string }> {
  return db.proposal.create({ data: proposal, select: { id: true } });
}

export interface ProposalPost {
  platform: ChatPlatformName;
  channelId: string;
  messageId: string;
  conversationReference?: unknown;
}

export async function saveProposalPost(db: DbClient, proposalId: string, post: ProposalPost): Promise<void> {
  await db.proposal.update({
    where: { id: proposalId },
    data: {
      postPlatform: post.platform,
      postChannelId: post.channelId,
      postMessageId: post.messageId,
      postConversationReference: toJson(post.conversationReference),
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
  postPlatform: true,
  postChannelId: true,
  postMessageId: true,
  postConversationReference: true,
} satisfies Prisma.ProposalSelect;

type ProposalScalars = Prisma.ProposalGetPayload<{ select: typeof proposalScalars }>;
type Named = { name: string };

export interface ProposalBallot {
  voterId: string;
  organisationId: string;
  asDeputy: boolean;
  choice: BallotChoiceName;
  castAt: Date;
  voter: Named;
}

export interface ProposalDeclaration {
  personId: string;
  organisationId: string | null;
  text: string | null;
  declaredAt: Date;
  person: Named;
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
    select: { proposalId: true, voterId: true, organisationId: true, asDeputy: true, choice: true, castAt: true },
    orderBy: [{ castAt: 'asc' }, { id: 'asc' }],
  });
  const declarations = await db.declarationOfInterest.findMany({
    where: { proposalId: { in: ids } },
    select: { proposalId: true, personId: true, organisationId: true, text: true, declaredAt: true },
    orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }],
  });
  const history = await db.ballotChange.groupBy({ by: ['proposalId', 'voterId'], where: { proposalId: { in: ids } }, _count: { _all: true } });
  return { ballots, declarations, history };
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
  base: Omit<ProposalState, 'ballots' | 'declarations' | 'historyCounts'>,
  votes: Awaited<ReturnType<typeof readVotes>>,
  names: ReadonlyMap<string, string>,
): ProposalState {
  const nameOf = (personId: string): Named => ({ name: names.get(personId) ?? 'Unknown person' });
  return {
    ...base,
    ballots: votes.ballots.filter((ballot) => ballot.proposalId === base.id).map(({ proposalId: _, ...ballot }) => ({ ...ballot, voter: nameOf(ballot.voterId) })),
    declarations: votes.declarations
      .filter((declaration) => declaration.proposalId === base.id)
      .map(({ proposalId: _, ...declaration }) => ({ ...declaration, person: nameOf(declaration.personId) })),
    historyCounts: new Map(votes.history.filter((row) => row.proposalId === base.id).map((row) => [row.voterId, row._count._all])),
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
  ]);
  const names = await namesOf(db, personIds, new Map());
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
    states.push(attachVotes(base, votes, names));
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
  const names = await namesOf(db, new Set([...votes.ballots.map((b) => b.voterId), ...votes.declarations.map((d) => d.personId)]), known);
  const { ballots: _ballots, declarations: _declarations, historyCounts: _history, ...base } = state;
  return attachVotes(base, votes, names);
}

// ---------------------------------------------------------------- ballots and declarations

export type VoteWriteRefusal = 'NOT_FOUND' | 'NOT_OPEN' | 'PAST_CLOSING_TIME';

export type BallotWrite =
  | { kind: 'new' }
  | { kind: 'changed'; previous: BallotChoiceName }
  /** The same choice again (a second click): nothing to record. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: VoteWriteRefusal; status?: ProposalStatusName };

export interface BallotInput {
  proposalId: string;
  voterId: string;
  organisationId: string;
  asDeputy: boolean;
  choice: BallotChoiceName;
  now: Date;
}

/** Share-locks the proposal for the rest of the transaction (a close waits for it) and says whether votes may still change. */
async function lockOpenProposal(tx: Tx, proposalId: string, now: Date): Promise<VoteWriteRefusal | { status: ProposalStatusName } | null> {
  const [row] = await tx.$queryRaw<{ status: ProposalStatusName; closesAt: Date }[]>`
    SELECT "status"::text AS "status", "closesAt" FROM "Proposal" WHERE "id" = ${proposalId}::uuid FOR SHARE`;
  if (!row) return 'NOT_FOUND';
  if (row.status !== 'OPEN') return { status: row.status };
  if (new Date(row.closesAt).getTime() <= now.getTime()) return 'PAST_CLOSING_TIME';
  return null;
}

function refusal(locked: VoteWriteRefusal | { status: ProposalStatusName }): { kind: 'refused'; reason: VoteWriteRefusal; status?: ProposalStatusName } {
  return typeof locked === 'string' ? { kind: 'refused', reason: locked } : { kind: 'refused', reason: 'NOT_OPEN', status: locked.status };
}

/**
 * Records a person's vote: the current ballot (one row per proposal and voter) and, when it is new or
 * different, a history row, in one transaction. Concurrent clicks by the same person queue on the ballot row.
 */
export async function castBallot(db: DbClient, input: BallotInput): Promise<BallotWrite> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenProposal(tx, input.proposalId, input.now);
    if (locked) return refusal(locked);
    const key = { proposalId: input.proposalId, voterId: input.voterId };
    const inserted = await tx.ballot.createManyAndReturn({
      data: [{ ...key, organisationId: input.organisationId, asDeputy: input.asDeputy, choice: input.choice, castAt: input.now }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (inserted.length === 1) {
      await tx.ballotChange.create({ data: { ...key, choice: input.choice, previous: null, changedAt: input.now } });
      return { kind: 'new' };
    }
    const [current] = await tx.$queryRaw<{ choice: BallotChoiceName; organisationId: string; asDeputy: boolean }[]>`
      SELECT "choice"::text AS "choice", "organisationId"::text AS "organisationId", "asDeputy"
      FROM "Ballot" WHERE "proposalId" = ${input.proposalId}::uuid AND "voterId" = ${input.voterId}::uuid FOR UPDATE`;
    if (!current) throw new Error(`The ballot of ${input.voterId} on ${input.proposalId} vanished inside its transaction`);
    if (current.choice === input.choice && current.organisationId === input.organisationId && current.asDeputy === input.asDeputy) {
      return { kind: 'unchanged' };
    }
    await tx.ballot.update({
      where: { proposalId_voterId: key },
      data: { choice: input.choice, organisationId: input.organisationId, asDeputy: input.asDeputy, castAt: input.now },
    });
    await tx.ballotChange.create({ data: { ...key, choice: input.choice, previous: current.choice, changedAt: input.now } });
    return { kind: 'changed', previous: current.choice };
  }, TRANSACTION_OPTIONS);
}

export type DeclarationWrite = { kind: 'new' | 'updated' | 'withdrawn' | 'notDeclared' } | { kind: 'refused'; reason: VoteWriteRefusal; status?: ProposalStatusName };

export interface DeclarationInput {
  proposalId: string;
  personId: string;
  organisationId: string | null;
  text: string | null;
  now: Date;
}

/** Records (or updates the text of) a declaration of interest while the vote is open. */
export async function declareInterest(db: DbClient, input: DeclarationInput): Promise<DeclarationWrite> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenProposal(tx, input.proposalId, input.now);
    if (locked) return refusal(locked);
    const key = { proposalId: input.proposalId, personId: input.personId };
    const inserted = await tx.declarationOfInterest.createManyAndReturn({
      data: [{ ...key, organisationId: input.organisationId, text: input.text, declaredAt: input.now }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (inserted.length === 1) return { kind: 'new' };
    await tx.declarationOfInterest.update({ where: { proposalId_personId: key }, data: { text: input.text, organisationId: input.organisationId } });
    return { kind: 'updated' };
  }, TRANSACTION_OPTIONS);
}

/** Withdraws a declaration while the vote is open; once it has closed the declaration stands. */
export async function withdrawInterest(db: DbClient, input: { proposalId: string; personId: string; now: Date }): Promise<DeclarationWrite> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenProposal(tx, input.proposalId, input.now);
    if (locked) return refusal(locked);
    const removed = await tx.declarationOfInterest.deleteMany({ where: { proposalId: input.proposalId, personId: input.personId } });
    return { kind: removed.count === 1 ? 'withdrawn' : 'notDeclared' };
  }, TRANSACTION_OPTIONS);
}

// ---------------------------------------------------------------- closing and the decision log

export interface DecisionFields {
  outcome: DecisionOutcomeName;
  castingVote: BallotChoiceName | null;
  quorate: boolean;
  quorumRequired: number;
  presentCount: number;
  forCount: number;
  againstCount: number;
  abstainCount: number;
  tally: unknown;
  declarations: unknown;
}

export type CloseDecision = { kind: 'awaitCastingVote' } | ({ kind: 'decide' } & DecisionFields);

export type CloseWrite =
  | { kind: 'decided'; decisionId: string; number: number; state: ProposalState }
  | { kind: 'awaitingCastingVote'; state: ProposalState }
  | { kind: 'notClosable'; status: ProposalStatusName | null };

export interface CloseInput {
  proposalId: string;
  /** The statuses this close may start from: OPEN for a close, AWAITING_CASTING_VOTE for a casting vote. */
  from: readonly ProposalStatusName[];
  onDate: Date;
  now: Date;
  closedById: string | null;
  /** Decides from the state read under the lock; pure, so it may run inside the transaction. */
  decide(state: ProposalState): CloseDecision;
}

/** The next decision number of the partnership, with its row locked until the transaction ends. */
async function nextDecisionNumber(tx: Tx, partnershipId: string): Promise<number> {
  await tx.$queryRaw`SELECT "id" FROM "Partnership" WHERE "id" = ${partnershipId}::uuid FOR NO KEY UPDATE`;
  const last = await tx.decision.aggregate({ where: { partnershipId }, _max: { number: true } });
  return (last._max.number ?? 0) + 1;
}

/**
 * Closes a vote once: under a lock on the proposal, from an allowed status only, writing the decision with the
 * next number and closing the proposal in one transaction — or, on a tie that takes a casting vote, marking it
 * as waiting for the chair.
 */
export async function closeProposal(db: DbClient, input: CloseInput): Promise<CloseWrite> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: ProposalStatusName }[]>`
      SELECT "status"::text AS "status" FROM "Proposal" WHERE "id" = ${input.proposalId}::uuid FOR NO KEY UPDATE`;
    if (!row || !input.from.includes(row.status)) return { kind: 'notClosable', status: row?.status ?? null };
    const state = await loadProposalState(tx, input.proposalId, input.onDate);
    if (!state) return { kind: 'notClosable', status: null };
    const decision = input.decide(state);
    if (decision.kind === 'awaitCastingVote') {
      await tx.proposal.update({ where: { id: state.id }, data: { status: 'AWAITING_CASTING_VOTE', closedById: input.closedById } });
      return { kind: 'awaitingCastingVote', state: { ...state, status: 'AWAITING_CASTING_VOTE' } };
    }
    const number = await nextDecisionNumber(tx, state.partnershipId);
    const created = await tx.decision.create({
      data: {
        partnershipId: state.partnershipId,
        number,
        groupId: state.group.id,
        proposalId: state.id,
        decidedAt: input.now,
        title: state.title,
        motion: state.motion,
        outcome: decision.outcome,
        quorate: decision.quorate,
        quorumRequired: decision.quorumRequired,
        presentCount: decision.presentCount,
        forCount: decision.forCount,
        againstCount: decision.againstCount,
        abstainCount: decision.abstainCount,
        castingVote: decision.castingVote,
        tally: toJson(decision.tally) ?? {},
        declarations: toJson(decision.declarations) ?? [],
        proposedByName: state.proposedBy.name,
      },
      select: { id: true },
    });
    const closedById = row.status === 'OPEN' ? input.closedById : state.closedById;
    await tx.proposal.update({
      where: { id: state.id },
      data: { status: 'CLOSED', closedAt: input.now, closedById, castingVote: decision.castingVote },
    });
    return {
      kind: 'decided',
      decisionId: created.id,
      number,
      state: { ...state, status: 'CLOSED', closedAt: input.now, closedById, castingVote: decision.castingVote, decision: { id: created.id, number, outcome: decision.outcome } },
    };
  }, TRANSACTION_OPTIONS);
}

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
    select: { id: true, opensAt: true, closesAt: true, partnership: { select: { timeZone: true, voteReminderHours: true } } },
    orderBy: { closesAt: 'asc' },
  });
}

const decisionListSelect = {
  id: true,
  number: true,
  decidedAt: true,
  createdAt: true,
  title: true,
  outcome: true,
  quorate: true,
  quorumRequired: true,
  presentCount: true,
  forCount: true,
  againstCount: true,
  abstainCount: true,
  castingVote: true,
  correctionReason: true,
  group: { select: { key: true, name: true } },
  corrects: { select: { number: true } },
  correctedBy: { select: { number: true } },
} satisfies Prisma.DecisionSelect;

export type DecisionListRow = Prisma.DecisionGetPayload<{ select: typeof decisionListSelect }>;

/** The partnership's decisions, newest first, optionally for one group and from a date. */
export async function listDecisions(db: DbClient, partnershipId: string, filter: { groupId?: string; since?: Date } = {}): Promise<DecisionListRow[]> {
  return db.decision.findMany({
    where: { partnershipId, ...(filter.groupId ? { groupId: filter.groupId } : {}), ...(filter.since ? { decidedAt: { gte: filter.since } } : {}) },
    select: decisionListSelect,
    orderBy: { number: 'desc' },
  });
}

const decisionDetailSelect = {
  ...decisionListSelect,
  motion: true,
  tally: true,
  declarations: true,
  proposedByName: true,
  recordedByName: true,
  groupId: true,
  proposalId: true,
} satisfies Prisma.DecisionSelect;

export type DecisionDetail = Prisma.DecisionGetPayload<{ select: typeof decisionDetailSelect }>;

export async function findDecisionByNumber(db: DbClient, partnershipId: string, number: number): Promise<DecisionDetail | null> {
  return db.decision.findUnique({ where: { partnershipId_number: { partnershipId, number } }, select: decisionDetailSelect });
}

export interface DecisionCorrectionInput {
  partnershipId: string;
  correctsNumber: number;
  outcome: DecisionOutcomeName;
  quorate: boolean;
  presentCount: number;
  forCount: number;
  againstCount: number;
  abstainCount: number;
  reason: string;
  recordedByName: string;
  now: Date;
}

export type CorrectionWrite =
  | { kind: 'created'; number: number; decisionId: string }
  | { kind: 'notFound' }
  | { kind: 'alreadyCorrected'; by: number };

/** A correction is a new decision that names the one it corrects; the original is never changed. */
export async function createDecisionCorrection(db: DbClient, input: DecisionCorrectionInput): Promise<CorrectionWrite> {
  return db.$transaction(async (tx) => {
    const number = await nextDecisionNumber(tx, input.partnershipId);
    const original = await tx.decision.findUnique({
      where: { partnershipId_number: { partnershipId: input.partnershipId, number: input.correctsNumber } },
      select: {
        id: true,
        groupId: true,
        decidedAt: true,
        title: true,
        motion: true,
        quorumRequired: true,
        castingVote: true,
        tally: true,
        declarations: true,
        proposedByName: true,
        correctedBy: { select: { number: true } },
      },
    });
    if (!original) return { kind: 'notFound' };
    if (original.correctedBy) return { kind: 'alreadyCorrected', by: original.correctedBy.number };
    const created = await tx.decision.create({
      data: {
        partnershipId: input.partnershipId,
        number,
        groupId: original.groupId,
        decidedAt: original.decidedAt,
        title: original.title,
        motion: original.motion,
        outcome: input.outcome,
        quorate: input.quorate,
        quorumRequired: original.quorumRequired,
        presentCount: input.presentCount,
        forCount: input.forCount,
        againstCount: input.againstCount,
        abstainCount: input.abstainCount,
        castingVote: original.castingVote,
        tally: original.tally ?? {},
        declarations: original.declarations ?? [],
        proposedByName: original.proposedByName,
        correctsId: original.id,
        correctionReason: input.reason,
        recordedByName: input.recordedByName,
        createdAt: input.now,
      },
      select: { id: true },
    });
    return { kind: 'created', number, decisionId: created.id };
  }, TRANSACTION_OPTIONS);
}

// ---------------------------------------------------------------- reminders sent at most once

export type VoteNotificationKind = 'VOTE_REMINDER' | 'QUORUM_AT_RISK';

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
