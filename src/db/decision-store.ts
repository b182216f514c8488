// Closing a vote and the decision log:
// - closing locks the proposal row, so a close and a ballot, or two closes, cannot interleave;
// - decision numbers are allocated under a lock on the partnership row, and (partnershipId, number) is unique.
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';
import {
  loadProposalState,
  toJson,
  VOTE_TRANSACTION_OPTIONS,
  type BallotChoiceName,
  type DecisionOutcomeName,
  type ProposalState,
  type ProposalStatusName,
  type Tx,
} from './proposal-store.ts';

interface DecisionFields {
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
  }, VOTE_TRANSACTION_OPTIONS);
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
  outcomeOverrideReason: true,
  group: { select: { key: true, name: true } },
  corrects: { select: { number: true } },
  correctedBy: { select: { number: true } },
  proposal: { select: { postUrl: true } },
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
  partnership: { select: { majorityRule: true, chairHasCastingVote: true } },
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
  /** The chair's casting vote the corrected counts imply (a tie decided by it), or null. */
  castingVote: BallotChoiceName | null;
  reason: string;
  /** Set when the outcome does not follow from the counts under the rules: why it is set so anyway. */
  outcomeOverrideReason: string | null;
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
        castingVote: input.castingVote,
        tally: original.tally ?? {},
        declarations: original.declarations ?? [],
        proposedByName: original.proposedByName,
        correctsId: original.id,
        correctionReason: input.reason,
        outcomeOverrideReason: input.outcomeOverrideReason,
        recordedByName: input.recordedByName,
        createdAt: input.now,
      },
      select: { id: true },
    });
    return { kind: 'created', number, decisionId: created.id };
  }, VOTE_TRANSACTION_OPTIONS);
}
