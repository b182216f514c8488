// The life of a vote around the count itself (voting.ts): who may open one, how long it may run, when
// voters are reminded, how a close ends (a decision, or waiting for the chair's casting vote), and the record
// kept in the decision log. Safer Norwich terms of reference: s.13 (only Appendix A members vote; decisions
// recorded clearly), s.18 (chair and vice-chair), s.22 (why a vote is held), s.27 (declarations), s.34
// (the secretariat).
import type { BallotChoice, CastingChoice, DecisionOutcome, MembershipRole, VoteTally, VotingRole } from './voting.ts';

export type VoteReason = 'FINANCE' | 'NO_CONSENSUS' | 'CHAIR_DISCRETION';

/** ToR s.22: a vote is held when a decision commits finance, when consensus cannot be reached, or at the chair's discretion. */
export const VOTE_REASON_LABELS: Readonly<Record<VoteReason, string>> = {
  FINANCE: 'The decision commits finance',
  NO_CONSENSUS: 'Consensus cannot be reached',
  CHAIR_DISCRETION: "At the chair's discretion",
};

const MIN_VOTING_MINUTES = 60;
const MAX_VOTING_DAYS = 60;

/** Roles in a group that may open a vote in it: the chair, the vice-chair and the secretariat. */
export const PROPOSER_ROLES: readonly MembershipRole[] = ['CHAIR', 'VICE_CHAIR', 'SECRETARIAT'];

/** Roles in a group that may see every person's vote before it closes. */
const VOTE_RECORD_VIEWER_ROLES: readonly MembershipRole[] = ['CHAIR', 'VICE_CHAIR', 'SECRETARIAT'];

export function canOpenVote(rolesInGroup: readonly MembershipRole[]): boolean {
  return rolesInGroup.some((role) => PROPOSER_ROLES.includes(role));
}

export function canSeeVoteRecord(rolesInGroup: readonly MembershipRole[]): boolean {
  return rolesInGroup.some((role) => VOTE_RECORD_VIEWER_ROLES.includes(role));
}

/** Roles in a group that may record votes on a partner's behalf (a meeting's show of hands, a phone call, an email). */
export const RECORDER_ROLES: readonly MembershipRole[] = ['CHAIR', 'SECRETARIAT'];

export function canRecordOnBehalf(rolesInGroup: readonly MembershipRole[]): boolean {
  return rolesInGroup.some((role) => RECORDER_ROLES.includes(role));
}

export type RecordedVia = 'MEETING' | 'PHONE' | 'EMAIL';
export type BallotChannelName = 'CLICK' | RecordedVia;

/** A ballot or declaration recorded on a partner's behalf. */
export interface OnBehalfRecord {
  byName: string;
  via: RecordedVia;
  /** YYYY-MM-DD: the meeting, or the day of the call or email. */
  on: string;
}

function formatIsoDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "recorded on behalf by Sue Secretariat at the meeting of 3 Dec 2026" (or "by phone on …", "by email on …"). */
export function onBehalfPhrase(record: OnBehalfRecord): string {
  const when = formatIsoDay(record.on);
  const how = record.via === 'MEETING' ? `at the meeting of ${when}` : record.via === 'PHONE' ? `by phone on ${when}` : `by email on ${when}`;
  return `recorded on behalf by ${record.byName} ${how}`;
}

/** Why a meeting (or call, or email) date cannot be used, or null: not in the future, and not long before the vote opened. */
export function meetingDateProblem(day: string, today: string, opensOn: string): string | null {
  if (day > today) return 'The date cannot be in the future: record a meeting once it has been held.';
  const earliest = new Date(`${opensOn}T00:00:00Z`);
  earliest.setUTCDate(earliest.getUTCDate() - MAX_VOTING_DAYS);
  if (new Date(`${day}T00:00:00Z`).getTime() < earliest.getTime()) return `That is more than ${MAX_VOTING_DAYS} days before the vote opened; check the date.`;
  return null;
}

/** A secret vote shows, while it is open, only who has taken part and whether the quorum is reached. */
export function countsHidden(proposal: { secretTally: boolean; status: string }): boolean {
  return proposal.secretTally && proposal.status === 'OPEN';
}

/** Why a closing time cannot be used, or null when it can. */
export function closingTimeProblem(closesAt: Date, now: Date): string | null {
  const minutes = (closesAt.getTime() - now.getTime()) / 60_000;
  if (minutes < MIN_VOTING_MINUTES) return `Choose a closing time at least ${MIN_VOTING_MINUTES} minutes from now, so partners have time to vote.`;
  if (minutes > MAX_VOTING_DAYS * 24 * 60) return `Choose a closing time within ${MAX_VOTING_DAYS} days.`;
  return null;
}

/** Why a finance amount cannot be used with this reason, or null. Amounts are in pounds with at most two decimals. */
export function financeAmountProblem(reason: VoteReason, amount: string | null): string | null {
  if (reason !== 'FINANCE') return amount === null ? null : 'Give an amount only when the decision commits finance.';
  if (amount === null) return 'Say how much the decision commits, in pounds.';
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount)) return 'Enter the amount in pounds, e.g. 12500 or 12500.50.';
  if (Number(amount) <= 0) return 'The amount must be more than £0.';
  return null;
}

/**
 * When voters who have not voted are reminded: `reminderHours` before closing. A vote opened inside that
 * window gets no reminder (its voters have just been told about it).
 */
export function reminderTime(opensAt: Date, closesAt: Date, reminderHours: number): Date | null {
  const at = new Date(closesAt.getTime() - reminderHours * 3_600_000);
  return at.getTime() > opensAt.getTime() ? at : null;
}

export function isReminderDue(opensAt: Date, closesAt: Date, reminderHours: number, now: Date): boolean {
  const at = reminderTime(opensAt, closesAt, reminderHours);
  return at !== null && now.getTime() >= at.getTime() && now.getTime() < closesAt.getTime();
}

export interface QuorumRisk {
  atRisk: boolean;
  /** Even if every partner still to vote did so, the quorum could not be reached. */
  unreachable: boolean;
  stillNeeded: number;
  stillToVote: number;
}

/** At reminder time the quorum is at risk while it is not yet reached. */
export function quorumRisk(tally: Pick<VoteTally, 'quorate' | 'stillNeededForQuorum' | 'notYetVoted'>): QuorumRisk {
  return {
    atRisk: !tally.quorate,
    unreachable: tally.notYetVoted.length < tally.stillNeededForQuorum,
    stillNeeded: tally.stillNeededForQuorum,
    stillToVote: tally.notYetVoted.length,
  };
}

/** What closing the vote leads to: a decision, or the chair asked for a casting vote while the vote waits. */
export type CloseResult = { kind: 'awaitCastingVote' } | { kind: 'decide'; outcome: DecisionOutcome; castingVote: CastingChoice | null };

export function closeResultOf(tally: Pick<VoteTally, 'outcome' | 'castingVote'>): CloseResult {
  if (tally.outcome === 'AWAITING_CASTING_VOTE') return { kind: 'awaitCastingVote' };
  return { kind: 'decide', outcome: tally.outcome, castingVote: tally.castingVote };
}

export type CloseTrigger = 'DEADLINE' | 'ALL_VOTED' | 'CHAIR' | 'CASTING_VOTE';

export const CLOSE_TRIGGER_LABELS: Readonly<Record<CloseTrigger, string>> = {
  DEADLINE: 'Closed at its closing time',
  ALL_VOTED: 'Closed when every voting partner had voted',
  CHAIR: 'Closed early by the chair',
  CASTING_VOTE: "Decided on the chair's casting vote",
};

interface PersonRef {
  personId: string;
  name: string;
}

interface RecordBallot {
  personId: string;
  choice: BallotChoice;
  castAt: Date;
  /** How many times the person changed their vote after first casting it. */
  changes: number;
  /** Set when the chair or the secretariat recorded it on the partner's behalf. */
  recorded?: OnBehalfRecord | null;
}

interface RecordDeclaration {
  personId: string;
  organisationId: string | null;
  text: string | null;
  declaredAt: Date;
}

export interface DecisionRecordInput {
  tally: VoteTally;
  ballots: readonly RecordBallot[];
  declarations: readonly RecordDeclaration[];
  people: ReadonlyMap<string, string>;
  organisations: ReadonlyMap<string, string>;
  trigger: CloseTrigger;
  closedBy: PersonRef | null;
  castingVoteBy: PersonRef | null;
  /** Ballots recorded on a partner's behalf that the partner's own vote later replaced. */
  replacedOnBehalf?: readonly ReplacedOnBehalf[];
}

export interface ReplacedOnBehalf {
  organisation: string;
  choice: BallotChoice;
  recorded: OnBehalfRecord;
}

interface OrganisationRecord {
  organisationId: string;
  organisation: string;
  /** What was counted for the partner; null when it took no part. */
  counted: BallotChoice | null;
  declaredInterest: boolean;
  votedBy: { personId: string; name: string; role: VotingRole; recorded?: OnBehalfRecord | null } | null;
  /** The deputy's vote, not counted because the representative also voted. */
  deputyNotCounted: { personId: string; name: string; choice: BallotChoice } | null;
  hasVoter: boolean;
}

interface PersonVoteRecord {
  personId: string;
  name: string;
  choice: BallotChoice;
  castAt: string;
  changes: number;
  counted: boolean;
  /** Why it was not counted, in words. */
  note: string | null;
  recorded?: OnBehalfRecord | null;
}

export interface DecisionTallyRecord {
  summary: string;
  rules: VoteTally['rules'];
  statutoryPartnerCount: number;
  votingPartnerCount: number;
  presentCount: number;
  quorate: boolean;
  forCount: number;
  againstCount: number;
  abstainCount: number;
  organisations: OrganisationRecord[];
  people: PersonVoteRecord[];
  trigger: CloseTrigger;
  closedBy: PersonRef | null;
  castingVote: CastingChoice | null;
  castingVoteBy: PersonRef | null;
  replacedOnBehalf?: ReplacedOnBehalf[];
}

export interface DeclarationRecord {
  personId: string;
  name: string;
  organisationId: string | null;
  organisation: string | null;
  text: string | null;
  declaredAt: string;
  /** The declaration made the partner present but abstaining. */
  counted: boolean;
}

/** The tally and declarations as kept in the decision log: by organisation and by person, with names, so the record stands on its own. */
export function buildDecisionRecord(input: DecisionRecordInput): { tally: DecisionTallyRecord; declarations: DeclarationRecord[] } {
  const { tally } = input;
  const nameOf = (personId: string) => input.people.get(personId) ?? 'Unknown person';
  const ignored = new Map(tally.ignoredBallots.map((ballot) => [ballot.personId, ballot]));
  const recordedOf = new Map(input.ballots.map((ballot) => [ballot.personId, ballot.recorded ?? null]));
  const organisations: OrganisationRecord[] = tally.organisations.map((organisation) => ({
    organisationId: organisation.organisationId,
    organisation: organisation.organisationName,
    counted: organisation.effectiveChoice,
    declaredInterest: organisation.declaredInterest,
    votedBy: organisation.ballot
      ? { personId: organisation.ballot.personId, name: nameOf(organisation.ballot.personId), role: organisation.ballot.role, recorded: recordedOf.get(organisation.ballot.personId) ?? null }
      : null,
    deputyNotCounted: organisation.overriddenDeputyBallot
      ? {
          personId: organisation.overriddenDeputyBallot.personId,
          name: nameOf(organisation.overriddenDeputyBallot.personId),
          choice: organisation.overriddenDeputyBallot.choice,
        }
      : null,
    hasVoter: organisation.hasVoter,
  }));
  const declaredOrganisations = new Set(tally.organisations.filter((o) => o.declaredInterest).map((o) => o.organisationId));
  const people: PersonVoteRecord[] = [...input.ballots]
    .sort((a, b) => a.castAt.getTime() - b.castAt.getTime())
    .map((ballot) => {
      const notCounted = ignored.get(ballot.personId);
      const standing = tally.organisations.find((o) => o.ballot?.personId === ballot.personId);
      const declared = standing !== undefined && standing.declaredInterest;
      return {
        personId: ballot.personId,
        name: nameOf(ballot.personId),
        choice: ballot.choice,
        castAt: ballot.castAt.toISOString(),
        changes: ballot.changes,
        counted: !notCounted && !declared,
        note: notCounted ? notCounted.message : declared ? 'An interest was declared for this partner, so it counts as abstaining.' : null,
        recorded: ballot.recorded ?? null,
      };
    });
  const declarations: DeclarationRecord[] = [...input.declarations]
    .sort((a, b) => a.declaredAt.getTime() - b.declaredAt.getTime())
    .map((declaration) => ({
      personId: declaration.personId,
      name: nameOf(declaration.personId),
      organisationId: declaration.organisationId,
      organisation: declaration.organisationId ? (input.organisations.get(declaration.organisationId) ?? null) : null,
      text: declaration.text,
      declaredAt: declaration.declaredAt.toISOString(),
      counted: declaration.organisationId !== null && declaredOrganisations.has(declaration.organisationId),
    }));
  return {
    tally: {
      summary: tally.summary,
      rules: { ...tally.rules },
      statutoryPartnerCount: tally.statutoryPartnerCount,
      votingPartnerCount: tally.votingPartnerCount,
      presentCount: tally.presentCount,
      quorate: tally.quorate,
      forCount: tally.forCount,
      againstCount: tally.againstCount,
      abstainCount: tally.abstainCount,
      organisations,
      people,
      trigger: input.trigger,
      closedBy: input.closedBy,
      castingVote: tally.castingVote,
      castingVoteBy: tally.castingVote ? input.castingVoteBy : null,
      replacedOnBehalf: [...(input.replacedOnBehalf ?? [])],
    },
    declarations,
  };
}

/** For a representative or deputy whose partner now has ballots from both: whose vote counts, for telling both. */
export interface PairedBallots {
  organisationId: string;
  organisationName: string;
  representativeId: string;
  deputyId: string;
}

export function pairedBallotsFor(tally: Pick<VoteTally, 'organisations'>, personId: string): PairedBallots | null {
  for (const organisation of tally.organisations) {
    const representative = organisation.ballot;
    const deputy = organisation.overriddenDeputyBallot;
    if (!representative || !deputy) continue;
    if (representative.personId !== personId && deputy.personId !== personId) continue;
    return {
      organisationId: organisation.organisationId,
      organisationName: organisation.organisationName,
      representativeId: representative.personId,
      deputyId: deputy.personId,
    };
  }
  return null;
}
