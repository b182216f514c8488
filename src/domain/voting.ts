// Counting a vote under a board's terms of reference (Safer Norwich RAP, sections 13, 21–23 and 27, Appendix A):
// - Only the named representative or deputy of a statutory partner votes, one vote per partner. When both the
//   representative and the deputy have voted, the representative's vote stands (the deputy stands in only
//   when the representative does not vote). Anyone else's ballot is recorded but changes nothing.
// - A partner is present when its vote is For, Against or Abstain, or when one of its voters has declared an
//   interest. A declared interest makes the partner present but abstaining, whatever its ballot says; a
//   conflict is the organisation's, so its other voter cannot cast the vote instead.
// - Quorate when present partners ≥ the quorum; an inquorate vote decides nothing (never carried or lost).
// - Majorities are counted among votes cast (For + Against); abstentions and declared interests are not votes:
//   SIMPLE: For > Against.
//   TWO_THIRDS: For ≥ two thirds of (For + Against), and at least one For; 2 For to 1 Against carries.
//   UNANIMOUS: no vote Against and at least one For; abstaining does not break unanimity.
//   No vote cast at all (everyone abstains) is LOST under every rule: nothing was agreed.
// - A tie exists only under SIMPLE, when For = Against > 0. With the casting-vote rule the chair's casting vote
//   (For or Against) decides; until given the outcome is AWAITING_CASTING_VOTE. Without the rule a tie is LOST.
//   Under TWO_THIRDS and UNANIMOUS equal votes simply fail the rule (LOST); there is no casting vote.
// - A ballot recorded on a partner's behalf (a show of hands at a meeting, a phone call, an email) counts like
//   the partner's own, under the same rules; but once the partner's representative or deputy votes themselves
//   with the buttons, their own vote replaces any ballot recorded on the partner's behalf.
// The outcome is always "the result if the vote closed now", so the same function serves the live tally.
import { ValidationError } from './errors.ts';

export type BallotChoice = 'FOR' | 'AGAINST' | 'ABSTAIN';
export type CastingChoice = 'FOR' | 'AGAINST';
export type MajorityRule = 'SIMPLE' | 'TWO_THIRDS' | 'UNANIMOUS';
export type VotingRole = 'REPRESENTATIVE' | 'DEPUTY';
export type MembershipRole = 'CHAIR' | 'VICE_CHAIR' | 'REPRESENTATIVE' | 'DEPUTY' | 'MEMBER' | 'SECRETARIAT';
export type DecisionOutcome = 'CARRIED' | 'LOST' | 'NO_DECISION_INQUORATE';
type VoteOutcome = DecisionOutcome | 'AWAITING_CASTING_VOTE';

export interface RollOrganisation {
  id: string;
  name: string;
  isStatutory: boolean;
}

interface RollMember {
  personId: string;
  organisationId: string;
  role: VotingRole;
}

export interface VotingRoll {
  organisations: readonly RollOrganisation[];
  members: readonly RollMember[];
  /** Who chairs the decision and holds the casting vote. */
  chairPersonId: string | null;
}

export interface MembershipInput {
  personId: string;
  role: MembershipRole;
  organisationId: string | null;
}

export interface BallotInput {
  personId: string;
  choice: BallotChoice;
  castAt: Date;
  /** The organisation the voter stood for, when recorded; otherwise worked out from the roll. */
  organisationId?: string | null;
  /** Recorded on the partner's behalf by the chair or the secretariat rather than cast by the voter. */
  onBehalf?: boolean;
}

export interface DeclarationInput {
  personId: string;
  organisationId?: string | null;
}

export interface VotingRules {
  quorum: number;
  majorityRule: MajorityRule;
  chairHasCastingVote: boolean;
}

export interface TallyInput {
  roll: VotingRoll;
  ballots: readonly BallotInput[];
  declarations: readonly DeclarationInput[];
  rules: VotingRules;
  castingVote?: CastingChoice | null;
}

type IneligibleReason =
  | 'NOT_A_VOTING_MEMBER'
  | 'NOT_MEMBER_FOR_ORGANISATION'
  | 'UNKNOWN_ORGANISATION'
  | 'ORGANISATION_NOT_STATUTORY'
  | 'AMBIGUOUS_ORGANISATION';

export type VoteEligibility =
  | { allowed: true; organisationId: string; organisationName: string; role: VotingRole }
  | { allowed: false; reason: IneligibleReason; message: string };

type IgnoredBallotReason = IneligibleReason | 'SUPERSEDED_BY_REPRESENTATIVE' | 'SUPERSEDED_BY_LATER_BALLOT' | 'SUPERSEDED_BY_OWN_VOTE';

interface IgnoredBallot {
  personId: string;
  organisationId: string | null;
  choice: BallotChoice;
  castAt: Date;
  reason: IgnoredBallotReason;
  message: string;
  /** The voter whose ballot counts instead, for the SUPERSEDED_* reasons. */
  supersededBy: string | null;
}

interface IgnoredDeclaration {
  personId: string;
  organisationId: string | null;
  reason: IneligibleReason;
  message: string;
}

interface CountedBallot {
  personId: string;
  role: VotingRole;
  choice: BallotChoice;
  castAt: Date;
  onBehalf: boolean;
}

export interface OrganisationTally {
  organisationId: string;
  organisationName: string;
  /** The roll names a representative or deputy for it. */
  hasVoter: boolean;
  present: boolean;
  declaredInterest: boolean;
  declaredBy: string[];
  /** The ballot that stands for the organisation (it counts as ABSTAIN when an interest was declared). */
  ballot: CountedBallot | null;
  /** What is counted: null when not present. */
  effectiveChoice: BallotChoice | null;
  /** The deputy's ballot, when the representative also voted and so the deputy's does not count. */
  overriddenDeputyBallot: CountedBallot | null;
}

interface OrganisationRef {
  organisationId: string;
  organisationName: string;
}

export interface VoteTally {
  rules: VotingRules;
  statutoryPartnerCount: number;
  /** Statutory partners with a named representative or deputy: the ones that can vote. */
  votingPartnerCount: number;
  presentCount: number;
  /** Partners with a ballot standing (declared-only partners are present but have not voted). */
  votedCount: number;
  stillNeededForQuorum: number;
  quorate: boolean;
  forCount: number;
  againstCount: number;
  /** Abstentions, including partners abstaining because of a declared interest. */
  abstainCount: number;
  declaredCount: number;
  /** Every partner that can vote has voted or declared: the vote may close early. */
  everyPartnerHasVoted: boolean;
  notYetVoted: OrganisationRef[];
  partnersWithoutVoter: OrganisationRef[];
  organisations: OrganisationTally[];
  ignoredBallots: IgnoredBallot[];
  ignoredDeclarations: IgnoredDeclaration[];
  tie: boolean;
  /** The casting vote that decided the outcome, if any. */
  castingVote: CastingChoice | null;
  /** Why a casting vote that was given did not count. */
  castingVoteIgnoredReason: string | null;
  outcome: VoteOutcome;
  summary: string;
}

/** The roll from a group's memberships: representatives and deputies who stand for an organisation, and the chair (the vice-chair when there is no chair). */
export function buildVotingRoll(organisations: readonly RollOrganisation[], memberships: readonly MembershipInput[]): VotingRoll {
  const members: RollMember[] = [];
  for (const membership of memberships) {
    if ((membership.role === 'REPRESENTATIVE' || membership.role === 'DEPUTY') && membership.organisationId) {
      members.push({ personId: membership.personId, organisationId: membership.organisationId, role: membership.role });
    }
  }
  const chair = memberships.find((m) => m.role === 'CHAIR') ?? memberships.find((m) => m.role === 'VICE_CHAIR');
  return { organisations: [...organisations], members, chairPersonId: chair?.personId ?? null };
}

function refuse(reason: IneligibleReason, message: string): VoteEligibility {
  return { allowed: false, reason, message };
}

/**
 * Whether a person may cast their organisation's vote, and for which organisation. When they stand for more
 * than one, pass `organisationId`; without it, the organisation where they are the representative is used.
 */
export function canVote(personId: string, roll: VotingRoll, organisationId?: string | null): VoteEligibility {
  const own = roll.members.filter((member) => member.personId === personId);
  if (own.length === 0) {
    return refuse('NOT_A_VOTING_MEMBER', 'Only the named representative or deputy of a statutory partner can vote, and you are not on the voting list.');
  }
  const forOrganisation = organisationId ? own.filter((member) => member.organisationId === organisationId) : own;
  if (forOrganisation.length === 0) {
    return refuse('NOT_MEMBER_FOR_ORGANISATION', 'You are not the representative or deputy of that organisation.');
  }
  const organisations = new Map(roll.organisations.map((organisation) => [organisation.id, organisation]));
  const known = forOrganisation.filter((member) => organisations.has(member.organisationId));
  if (known.length === 0) return refuse('UNKNOWN_ORGANISATION', 'The organisation you stand for is not a member of this group.');
  const statutory = known.filter((member) => organisations.get(member.organisationId)?.isStatutory);
  if (statutory.length === 0) {
    const name = organisations.get(known[0]?.organisationId ?? '')?.name ?? 'Your organisation';
    return refuse('ORGANISATION_NOT_STATUTORY', `${name} is not a statutory partner, so it takes part without a vote.`);
  }
  const distinct = [...new Set(statutory.map((member) => member.organisationId))];
  let chosen = distinct.length === 1 ? distinct[0] : undefined;
  if (!chosen) {
    const asRepresentative = [...new Set(statutory.filter((m) => m.role === 'REPRESENTATIVE').map((m) => m.organisationId))];
    if (asRepresentative.length === 1) chosen = asRepresentative[0];
  }
  const organisation = chosen ? organisations.get(chosen) : undefined;
  if (!organisation) {
    return refuse('AMBIGUOUS_ORGANISATION', 'You stand for more than one partner here; choose which one you are voting for.');
  }
  const roles = statutory.filter((m) => m.organisationId === organisation.id).map((m) => m.role);
  return {
    allowed: true,
    organisationId: organisation.id,
    organisationName: organisation.name,
    role: roles.includes('REPRESENTATIVE') ? 'REPRESENTATIVE' : 'DEPUTY',
  };
}

function checkRules(rules: VotingRules): void {
  if (!Number.isInteger(rules.quorum) || rules.quorum < 1) {
    throw new ValidationError(`The quorum must be a whole number of partners, at least 1 (not ${rules.quorum}).`, {
      fieldErrors: { quorum: 'Must be a whole number of at least 1' },
    });
  }
}

const SUPERSEDED_BY_REPRESENTATIVE = 'The representative has also voted, so their vote counts for the organisation instead of the deputy’s.';
const SUPERSEDED_BY_LATER = 'A later ballot for the same organisation counts instead.';
const SUPERSEDED_BY_OWN_VOTE = 'The partner has since voted itself, which replaces the ballot recorded on its behalf.';

export function tallyVotes(input: TallyInput): VoteTally {
  const { roll, rules } = input;
  checkRules(rules);
  const statutory = roll.organisations.filter((organisation) => organisation.isStatutory);
  const ignoredBallots: IgnoredBallot[] = [];
  const ballotsByOrganisation = new Map<string, CountedBallot[]>();

  for (const ballot of input.ballots) {
    const eligibility = canVote(ballot.personId, roll, ballot.organisationId);
    if (!eligibility.allowed) {
      ignoredBallots.push({ ...ballotFields(ballot), organisationId: ballot.organisationId ?? null, reason: eligibility.reason, message: eligibility.message, supersededBy: null });
      continue;
    }
    const list = ballotsByOrganisation.get(eligibility.organisationId) ?? [];
    list.push({ personId: ballot.personId, role: eligibility.role, choice: ballot.choice, castAt: ballot.castAt, onBehalf: ballot.onBehalf === true });
    ballotsByOrganisation.set(eligibility.organisationId, list);
  }

  const declaredBy = new Map<string, string[]>();
  const ignoredDeclarations: IgnoredDeclaration[] = [];
  for (const declaration of input.declarations) {
    const organisationIds = declarationOrganisations(declaration, roll);
    if ('reason' in organisationIds) {
      ignoredDeclarations.push({ personId: declaration.personId, organisationId: declaration.organisationId ?? null, ...organisationIds });
      continue;
    }
    for (const organisationId of organisationIds) {
      const people = declaredBy.get(organisationId) ?? [];
      if (!people.includes(declaration.personId)) people.push(declaration.personId);
      declaredBy.set(organisationId, people);
    }
  }

  const organisations: OrganisationTally[] = statutory.map((organisation) => {
    const ballots = [...(ballotsByOrganisation.get(organisation.id) ?? [])].sort((a, b) => a.castAt.getTime() - b.castAt.getTime());
    const own = ballots.filter((b) => !b.onBehalf);
    const candidates = own.length > 0 ? own : ballots;
    const representatives = candidates.filter((b) => b.role === 'REPRESENTATIVE');
    const deputies = candidates.filter((b) => b.role === 'DEPUTY');
    const standing = representatives[representatives.length - 1] ?? deputies[deputies.length - 1] ?? null;
    let overriddenDeputyBallot: CountedBallot | null = null;
    for (const ballot of ballots) {
      if (ballot === standing || !standing) continue;
      const byOwnVote = ballot.onBehalf && !standing.onBehalf;
      const byRepresentative = !byOwnVote && ballot.role === 'DEPUTY' && standing.role === 'REPRESENTATIVE';
      if (byRepresentative) overriddenDeputyBallot = ballot;
      ignoredBallots.push({
        ...ballotFields(ballot),
        organisationId: organisation.id,
        reason: byOwnVote ? 'SUPERSEDED_BY_OWN_VOTE' : byRepresentative ? 'SUPERSEDED_BY_REPRESENTATIVE' : 'SUPERSEDED_BY_LATER_BALLOT',
        message: byOwnVote ? SUPERSEDED_BY_OWN_VOTE : byRepresentative ? SUPERSEDED_BY_REPRESENTATIVE : SUPERSEDED_BY_LATER,
        supersededBy: standing.personId,
      });
    }
    const declarants = declaredBy.get(organisation.id) ?? [];
    const declaredInterest = declarants.length > 0;
    const effectiveChoice: BallotChoice | null = declaredInterest ? 'ABSTAIN' : (standing?.choice ?? null);
    return {
      organisationId: organisation.id,
      organisationName: organisation.name,
      hasVoter: roll.members.some((member) => member.organisationId === organisation.id),
      present: effectiveChoice !== null,
      declaredInterest,
      declaredBy: declarants,
      ballot: standing,
      effectiveChoice,
      overriddenDeputyBallot,
    };
  });

  const count = (choice: BallotChoice): number => organisations.filter((o) => o.effectiveChoice === choice).length;
  const forCount = count('FOR');
  const againstCount = count('AGAINST');
  const abstainCount = count('ABSTAIN');
  const presentCount = organisations.filter((o) => o.present).length;
  const quorate = presentCount >= rules.quorum;
  const ref = (o: OrganisationTally): OrganisationRef => ({ organisationId: o.organisationId, organisationName: o.organisationName });
  const withVoter = organisations.filter((o) => o.hasVoter);
  const tie = rules.majorityRule === 'SIMPLE' && forCount === againstCount && forCount > 0;

  const decided = decide(rules, quorate, forCount, againstCount, tie, input.castingVote ?? null);
  const tally: Omit<VoteTally, 'summary'> = {
    rules: { ...rules },
    statutoryPartnerCount: statutory.length,
    votingPartnerCount: withVoter.length,
    presentCount,
    votedCount: organisations.filter((o) => o.ballot !== null).length,
    stillNeededForQuorum: Math.max(0, rules.quorum - presentCount),
    quorate,
    forCount,
    againstCount,
    abstainCount,
    declaredCount: organisations.filter((o) => o.declaredInterest).length,
    everyPartnerHasVoted: withVoter.length > 0 && withVoter.every((o) => o.present),
    notYetVoted: withVoter.filter((o) => !o.present).map(ref),
    partnersWithoutVoter: organisations.filter((o) => !o.hasVoter).map(ref),
    organisations,
    ignoredBallots,
    ignoredDeclarations,
    tie,
    ...decided,
  };
  return { ...tally, summary: summarise(tally) };
}

function ballotFields(ballot: { personId: string; choice: BallotChoice; castAt: Date }): Pick<IgnoredBallot, 'personId' | 'choice' | 'castAt'> {
  return { personId: ballot.personId, choice: ballot.choice, castAt: ballot.castAt };
}

function declarationOrganisations(declaration: DeclarationInput, roll: VotingRoll): string[] | { reason: IneligibleReason; message: string } {
  if (declaration.organisationId) {
    const eligibility = canVote(declaration.personId, roll, declaration.organisationId);
    return eligibility.allowed ? [eligibility.organisationId] : { reason: eligibility.reason, message: declarationMessage(eligibility.reason) };
  }
  const statutoryIds = new Set(roll.organisations.filter((o) => o.isStatutory).map((o) => o.id));
  const own = [...new Set(roll.members.filter((m) => m.personId === declaration.personId && statutoryIds.has(m.organisationId)).map((m) => m.organisationId))];
  if (own.length > 0) return own;
  const eligibility = canVote(declaration.personId, roll);
  const reason = eligibility.allowed ? 'NOT_A_VOTING_MEMBER' : eligibility.reason;
  return { reason, message: declarationMessage(reason) };
}

function declarationMessage(reason: IneligibleReason): string {
  return reason === 'ORGANISATION_NOT_STATUTORY'
    ? 'Recorded; the declarant’s organisation has no vote, so the count is unchanged.'
    : 'Recorded; the declarant does not cast a partner’s vote, so the count is unchanged.';
}

function decide(
  rules: VotingRules,
  quorate: boolean,
  forCount: number,
  againstCount: number,
  tie: boolean,
  castingVote: CastingChoice | null,
): Pick<VoteTally, 'outcome' | 'castingVote' | 'castingVoteIgnoredReason'> {
  const ignoreCasting = (reason: string) => (castingVote ? reason : null);
  if (!quorate) {
    return { outcome: 'NO_DECISION_INQUORATE', castingVote: null, castingVoteIgnoredReason: ignoreCasting('The vote is not quorate.') };
  }
  if (tie) {
    if (!rules.chairHasCastingVote) {
      return { outcome: 'LOST', castingVote: null, castingVoteIgnoredReason: ignoreCasting('These rules give the chair no casting vote.') };
    }
    if (!castingVote) return { outcome: 'AWAITING_CASTING_VOTE', castingVote: null, castingVoteIgnoredReason: null };
    return { outcome: castingVote === 'FOR' ? 'CARRIED' : 'LOST', castingVote, castingVoteIgnoredReason: null };
  }
  const carried =
    rules.majorityRule === 'SIMPLE' ? forCount > againstCount
    : rules.majorityRule === 'TWO_THIRDS' ? forCount > 0 && 3 * forCount >= 2 * (forCount + againstCount)
    : forCount > 0 && againstCount === 0;
  const reason = rules.majorityRule === 'SIMPLE' ? 'The votes are not tied.' : 'Only a tie under a simple majority takes a casting vote.';
  return { outcome: carried ? 'CARRIED' : 'LOST', castingVote: null, castingVoteIgnoredReason: ignoreCasting(reason) };
}

const RULE_WORDS: Record<MajorityRule, string> = {
  SIMPLE: 'simple majority',
  TWO_THIRDS: 'two-thirds majority',
  UNANIMOUS: 'unanimity',
};

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function summarise(tally: Omit<VoteTally, 'summary'>): string {
  const votes = `${tally.forCount} for, ${tally.againstCount} against, ${plural(tally.abstainCount, 'abstention', 'abstentions')}`;
  const declared = tally.declaredCount > 0 ? ` (${plural(tally.declaredCount, 'partner', 'partners')} declared an interest)` : '';
  const attendance = `${tally.presentCount} of ${tally.statutoryPartnerCount} statutory partners took part; quorum ${tally.rules.quorum}.`;
  switch (tally.outcome) {
    case 'NO_DECISION_INQUORATE':
      return `No decision: not quorate (${tally.presentCount} of the ${tally.rules.quorum} partners needed took part; ${tally.stillNeededForQuorum} more needed). ${votes}${declared}.`;
    case 'AWAITING_CASTING_VOTE':
      return `Tied ${tally.forCount}–${tally.againstCount}: waiting for the chair's casting vote. ${votes}${declared}. ${attendance}`;
    case 'CARRIED':
    case 'LOST': {
      const how = tally.castingVote ? ` on the chair's casting vote (${tally.castingVote === 'FOR' ? 'for' : 'against'})` : ` (${RULE_WORDS[tally.rules.majorityRule]})`;
      return `${tally.outcome === 'CARRIED' ? 'Carried' : 'Lost'}${how}: ${votes}${declared}. ${attendance}`;
    }
  }
}

/** Whether this person may give the casting vote now: only the chair, and only while the vote is tied and waiting. */
export function canCastCastingVote(personId: string, roll: VotingRoll, tally: Pick<VoteTally, 'outcome'>): { allowed: true } | { allowed: false; message: string } {
  if (roll.chairPersonId === null || roll.chairPersonId !== personId) return { allowed: false, message: 'Only the chair can give the casting vote.' };
  if (tally.outcome !== 'AWAITING_CASTING_VOTE') return { allowed: false, message: 'There is no tie waiting for a casting vote.' };
  return { allowed: true };
}

export interface VoteCounts {
  forCount: number;
  againstCount: number;
  /** Abstentions, including partners abstaining because of a declared interest. */
  abstainCount: number;
}

/** What counts of partners give under the rules; on a tie with the casting-vote rule, each casting vote's outcome. */
export function outcomeFromCounts(rules: VotingRules, counts: VoteCounts): { quorate: boolean; presentCount: number; allowed: { outcome: DecisionOutcome; castingVote: CastingChoice | null }[] } {
  checkRules(rules);
  const presentCount = counts.forCount + counts.againstCount + counts.abstainCount;
  const quorate = presentCount >= rules.quorum;
  const tie = rules.majorityRule === 'SIMPLE' && counts.forCount === counts.againstCount && counts.forCount > 0;
  const decided = decide(rules, quorate, counts.forCount, counts.againstCount, tie, null);
  if (decided.outcome === 'AWAITING_CASTING_VOTE') {
    return {
      quorate,
      presentCount,
      allowed: (['FOR', 'AGAINST'] as const).map((castingVote) => ({ outcome: decide(rules, quorate, counts.forCount, counts.againstCount, tie, castingVote).outcome as DecisionOutcome, castingVote })),
    };
  }
  return { quorate, presentCount, allowed: [{ outcome: decided.outcome, castingVote: null }] };
}

const OUTCOME_WORDS: Record<DecisionOutcome, string> = { CARRIED: 'carried', LOST: 'lost', NO_DECISION_INQUORATE: 'no decision (not quorate)' };

export type CorrectionCheck =
  | { consistent: true; quorate: boolean; presentCount: number; castingVote: CastingChoice | null }
  | { consistent: false; quorate: boolean; presentCount: number; expected: DecisionOutcome[]; explanation: string };

/**
 * Whether a corrected outcome follows from the corrected counts under the group's rules. On a tie under the
 * casting-vote rule either outcome follows, decided by the chair's casting vote (for carries, against loses).
 */
export function checkCorrectedOutcome(rules: VotingRules, counts: VoteCounts, outcome: DecisionOutcome): CorrectionCheck {
  const { quorate, presentCount, allowed } = outcomeFromCounts(rules, counts);
  const match = allowed.find((candidate) => candidate.outcome === outcome);
  if (match) return { consistent: true, quorate, presentCount, castingVote: match.castingVote };
  const votes = `${counts.forCount} for, ${counts.againstCount} against and ${plural(counts.abstainCount, 'abstention', 'abstentions')}`;
  const expected = allowed.map((candidate) => candidate.outcome);
  const because = !quorate
    ? `${presentCount} partners present is below the quorum of ${rules.quorum}, so the vote decided nothing`
    : allowed.length > 1
      ? `that is a tie, decided by the chair's casting vote`
      : `under ${RULE_WORDS[rules.majorityRule]} the vote was ${OUTCOME_WORDS[expected[0] ?? 'LOST']}`;
  return {
    consistent: false,
    quorate,
    presentCount,
    expected,
    explanation: `With ${votes}, ${because}; it cannot be recorded as ${OUTCOME_WORDS[outcome]}. Correct the counts, or give the reason the outcome is set otherwise (for example a legal ruling) as an override.`,
  };
}
