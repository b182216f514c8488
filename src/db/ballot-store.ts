// Ballots and declarations of interest. A ballot is one row per (proposal, voter), inserted or changed under a
// row lock in one transaction with its history row, and only while the proposal (share-locked) is open.
// A ballot recorded on a partner's behalf (meeting, phone, email) goes the same way, with who recorded it and
// when; the voter's own click later replaces it in the row, and the history keeps both.
import type { DbClient } from './identity-store.ts';
import { VOTE_TRANSACTION_OPTIONS, type BallotChoiceName, type ProposalStatusName, type Tx } from './proposal-store.ts';

type VoteWriteRefusal = 'NOT_FOUND' | 'NOT_OPEN' | 'PAST_CLOSING_TIME';

export type BallotWrite =
  | { kind: 'new' }
  | { kind: 'changed'; previous: BallotChoiceName; replacedOnBehalf?: boolean }
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

export type RecordedViaName = 'MEETING' | 'PHONE' | 'EMAIL';

/** Who recorded a ballot or declaration on a partner's behalf, how, and the date (a UTC-midnight date). */
export interface OnBehalfFields {
  recordedById: string;
  recordedVia: RecordedViaName;
  meetingDate: Date;
}

const OWN_VOTE = { recordedById: null, recordedVia: 'CLICK', meetingDate: null } as const;

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
    return writeBallot(tx, input, null);
  }, VOTE_TRANSACTION_OPTIONS);
}

async function writeBallot(tx: Tx, input: BallotInput, onBehalf: OnBehalfFields | null): Promise<Exclude<BallotWrite, { kind: 'refused' }>> {
  const key = { proposalId: input.proposalId, voterId: input.voterId };
  const how = onBehalf ?? OWN_VOTE;
  const inserted = await tx.ballot.createManyAndReturn({
    data: [{ ...key, organisationId: input.organisationId, asDeputy: input.asDeputy, choice: input.choice, castAt: input.now, ...how }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (inserted.length === 1) {
    await tx.ballotChange.create({ data: { ...key, organisationId: input.organisationId, choice: input.choice, previous: null, changedAt: input.now, ...how } });
    return { kind: 'new' };
  }
  const [current] = await tx.$queryRaw<{ choice: BallotChoiceName; organisationId: string; asDeputy: boolean; recordedVia: string; recordedById: string | null; meetingDate: Date | null }[]>`
    SELECT "choice"::text AS "choice", "organisationId"::text AS "organisationId", "asDeputy", "recordedVia"::text AS "recordedVia",
      "recordedById"::text AS "recordedById", "meetingDate"
    FROM "Ballot" WHERE "proposalId" = ${input.proposalId}::uuid AND "voterId" = ${input.voterId}::uuid FOR UPDATE`;
  if (!current) throw new Error(`The ballot of ${input.voterId} on ${input.proposalId} vanished inside its transaction`);
  const sameHow =
    current.recordedVia === how.recordedVia &&
    current.recordedById === how.recordedById &&
    (current.meetingDate?.getTime() ?? null) === (how.meetingDate?.getTime() ?? null);
  if (sameHow && current.choice === input.choice && current.organisationId === input.organisationId && current.asDeputy === input.asDeputy) {
    return { kind: 'unchanged' };
  }
  await tx.ballot.update({
    where: { proposalId_voterId: key },
    data: { choice: input.choice, organisationId: input.organisationId, asDeputy: input.asDeputy, castAt: input.now, ...how },
  });
  await tx.ballotChange.create({ data: { ...key, organisationId: input.organisationId, choice: input.choice, previous: current.choice, changedAt: input.now, ...how } });
  return { kind: 'changed', previous: current.choice, replacedOnBehalf: current.recordedVia !== 'CLICK' && onBehalf === null };
}

export type OnBehalfChoice = BallotChoiceName | 'INTEREST';

export interface OnBehalfEntry {
  organisationId: string;
  voterId: string;
  asDeputy: boolean;
  choice: OnBehalfChoice;
}

export type OnBehalfResult =
  | { organisationId: string; kind: 'new' | 'changed' | 'unchanged' | 'declared' }
  /** The partner has voted itself with the buttons: its own vote stands and nothing is recorded for it. */
  | { organisationId: string; kind: 'ownVoteStands'; choice: BallotChoiceName | 'INTEREST' };

export type OnBehalfWrite = { kind: 'recorded'; results: OnBehalfResult[] } | { kind: 'refused'; reason: VoteWriteRefusal; status?: ProposalStatusName };

/**
 * Records the votes of a meeting (or one call or email) on the partners' behalf, all in one transaction with
 * their history rows. A partner whose representative or deputy has voted themselves keeps that vote.
 * Recording a partner again replaces what was recorded for it before (a recorded declaration included).
 */
export async function recordOnBehalf(db: DbClient, input: { proposalId: string; now: Date; onBehalf: OnBehalfFields; entries: readonly OnBehalfEntry[] }): Promise<OnBehalfWrite> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenProposal(tx, input.proposalId, input.now);
    if (locked) return refusal(locked);
    const results: OnBehalfResult[] = [];
    for (const entry of input.entries) {
      const own = await tx.ballot.findFirst({
        where: { proposalId: input.proposalId, organisationId: entry.organisationId, recordedVia: 'CLICK' },
        select: { choice: true },
        orderBy: { castAt: 'desc' },
      });
      const ownDeclaration = await tx.declarationOfInterest.findFirst({
        where: { proposalId: input.proposalId, organisationId: entry.organisationId, recordedVia: 'CLICK' },
        select: { id: true },
      });
      if (own || ownDeclaration) {
        results.push({ organisationId: entry.organisationId, kind: 'ownVoteStands', choice: ownDeclaration ? 'INTEREST' : (own?.choice ?? 'ABSTAIN') });
        continue;
      }
      await tx.declarationOfInterest.deleteMany({ where: { proposalId: input.proposalId, organisationId: entry.organisationId, recordedVia: { not: 'CLICK' } } });
      if (entry.choice === 'INTEREST') {
        await tx.ballot.deleteMany({ where: { proposalId: input.proposalId, organisationId: entry.organisationId, recordedVia: { not: 'CLICK' } } });
        await tx.declarationOfInterest.upsert({
          where: { proposalId_personId: { proposalId: input.proposalId, personId: entry.voterId } },
          create: { proposalId: input.proposalId, personId: entry.voterId, organisationId: entry.organisationId, text: null, declaredAt: input.now, ...input.onBehalf },
          update: { organisationId: entry.organisationId, declaredAt: input.now, ...input.onBehalf },
        });
        results.push({ organisationId: entry.organisationId, kind: 'declared' });
        continue;
      }
      // Another voter of the partner recorded before (the deputy, then the representative): only one stands.
      await tx.ballot.deleteMany({ where: { proposalId: input.proposalId, organisationId: entry.organisationId, recordedVia: { not: 'CLICK' }, voterId: { not: entry.voterId } } });
      const written = await writeBallot(tx, { proposalId: input.proposalId, voterId: entry.voterId, organisationId: entry.organisationId, asDeputy: entry.asDeputy, choice: entry.choice, now: input.now }, input.onBehalf);
      results.push({ organisationId: entry.organisationId, kind: written.kind });
    }
    return { kind: 'recorded', results };
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
    await tx.declarationOfInterest.update({ where: { proposalId_personId: key }, data: { text: input.text, organisationId: input.organisationId, ...OWN_VOTE } });
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
