// Ballots and declarations of interest. A ballot is one row per (proposal, voter), inserted or changed under a
// row lock in one transaction with its history row, and only while the proposal (share-locked) is open.
import type { DbClient } from './identity-store.ts';
import { VOTE_TRANSACTION_OPTIONS, type BallotChoiceName, type ProposalStatusName, type Tx } from './proposal-store.ts';

type VoteWriteRefusal = 'NOT_FOUND' | 'NOT_OPEN' | 'PAST_CLOSING_TIME';

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
  }, VOTE_TRANSACTION_OPTIONS);
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
  }, VOTE_TRANSACTION_OPTIONS);
}

/** Withdraws a declaration while the vote is open; once it has closed the declaration stands. */
export async function withdrawInterest(db: DbClient, input: { proposalId: string; personId: string; now: Date }): Promise<DeclarationWrite> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenProposal(tx, input.proposalId, input.now);
    if (locked) return refusal(locked);
    const removed = await tx.declarationOfInterest.deleteMany({ where: { proposalId: input.proposalId, personId: input.personId } });
    return { kind: removed.count === 1 ? 'withdrawn' : 'notDeclared' };
  }, VOTE_TRANSACTION_OPTIONS);
}
