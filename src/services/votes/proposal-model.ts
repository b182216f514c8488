// A proposal as read from the database, turned into the domain's terms: the voting roll of its group, the
// ballots and declarations, the partnership's rules, and the tally they give now.
import type { ProposalState } from '../../db/proposal-store.ts';
import {
  type CastingChoice,
  type MembershipRole,
  type VoteTally,
  type VotingRoll,
  type VotingRules,
  buildVotingRoll,
  tallyVotes,
} from '../../domain/voting.ts';
import { awayUntil } from '../../domain/absence.ts';
import type { CardLocation } from './vote-messenger.ts';

export interface ProposalModel {
  readonly state: ProposalState;
  readonly roll: VotingRoll;
  readonly rules: VotingRules;
  readonly tally: VoteTally;
  /** Names of everyone the proposal mentions: members, voters, declarants and the proposer. */
  readonly people: ReadonlyMap<string, string>;
  readonly organisations: ReadonlyMap<string, string>;
  /** Where the card is, once posted. */
  readonly card: CardLocation | null;
  rolesOf(personId: string): MembershipRole[];
  /** "away until 4 Jan" for a member away on the day the proposal was read for, else null. */
  awayText(personId: string): string | null;
}

function rulesOf(state: ProposalState): VotingRules {
  return { quorum: state.partnership.quorum, majorityRule: state.partnership.majorityRule, chairHasCastingVote: state.partnership.chairHasCastingVote };
}

function cardLocationOf(state: ProposalState): CardLocation | null {
  if (!state.postPlatform || !state.postChannelId || !state.postMessageId) return null;
  const channel = state.group.channels.find((candidate) => candidate.platform === state.postPlatform);
  const reference = state.postConversationReference ?? (channel?.channelId === state.postChannelId ? channel.conversationReference : null);
  return {
    platform: state.postPlatform,
    workspaceId: channel?.workspaceId ?? '',
    channelId: state.postChannelId,
    messageId: state.postMessageId,
    ...(reference !== null && reference !== undefined ? { conversationReference: reference } : {}),
  };
}

export function buildProposalModel(state: ProposalState, castingVote: CastingChoice | null = null): ProposalModel {
  const organisations = state.group.partnership.organisations;
  const roll = buildVotingRoll(
    organisations,
    state.group.memberships.map((membership) => ({ personId: membership.personId, role: membership.role, organisationId: membership.organisationId })),
  );
  const rules = rulesOf(state);
  const recordedCasting = state.castingVote === 'FOR' || state.castingVote === 'AGAINST' ? state.castingVote : null;
  const tally = tallyVotes({
    roll,
    rules,
    ballots: state.ballots.map((ballot) => ({
      personId: ballot.voterId,
      choice: ballot.choice,
      castAt: ballot.castAt,
      organisationId: ballot.organisationId,
      onBehalf: ballot.recordedVia !== 'CLICK',
    })),
    declarations: state.declarations.map((declaration) => ({ personId: declaration.personId, organisationId: declaration.organisationId })),
    castingVote: castingVote ?? recordedCasting,
  });
  const people = new Map<string, string>();
  for (const membership of state.group.memberships) people.set(membership.personId, membership.person.name);
  for (const ballot of state.ballots) people.set(ballot.voterId, ballot.voter.name);
  for (const declaration of state.declarations) people.set(declaration.personId, declaration.person.name);
  people.set(state.proposedBy.id, state.proposedBy.name);
  return {
    state,
    roll,
    rules,
    tally,
    people,
    organisations: new Map(organisations.map((organisation) => [organisation.id, organisation.name])),
    card: cardLocationOf(state),
    awayText: (personId) => {
      const absence = state.absences?.byPerson.get(personId);
      return absence && state.absences ? awayUntil(absence, state.absences.day) : null;
    },
    rolesOf: (personId) => state.group.memberships.filter((membership) => membership.personId === personId).map((membership) => membership.role),
  };
}

/** "Testford Constabulary (Alex Morgan away until 4 Jan)": an organisation yet to vote, with its voters who are away. */
export function organisationWithAbsences(model: ProposalModel, organisationId: string, organisationName: string): string {
  const away = model.roll.members
    .filter((member) => member.organisationId === organisationId)
    .flatMap((member) => {
      const text = model.awayText(member.personId);
      return text ? [`${model.people.get(member.personId) ?? 'a voter'} ${text}`] : [];
    });
  return away.length > 0 ? `${organisationName} (${[...new Set(away)].join('; ')})` : organisationName;
}
