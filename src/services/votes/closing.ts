// Closing a vote, whoever triggers it (the closing time, the last partner voting, the chair, or the chair's
// casting vote): the decision is written once, then the card, its thread and the channel are told.
import { recordAudit } from '../../db/audit-store.ts';
import { closeProposal, type CloseDecision } from '../../db/decision-store.ts';
import type { ProposalState } from '../../db/proposal-store.ts';
import { buildDecisionRecord, closeResultOf, type CloseTrigger, type ReplacedOnBehalf } from '../../domain/vote-lifecycle.ts';
import type { CastingChoice } from '../../domain/voting.ts';
import type { MessageView } from '../../views/model.ts';
import { dateOnlyIn } from '../identity.ts';
import { mentionsFor } from '../mentions.ts';
import type { CoreServices } from '../registry.ts';
import { commandPrefixFor } from '../replies.ts';
import { buildProposalModel, type ProposalModel } from './proposal-model.ts';
import type { VoteMessenger } from './vote-messenger.ts';
import { castingVoteRequest, onBehalfOf, proposalCard, resultChannelPost, resultThreadPost, type ClosedInfo } from './vote-views.ts';

export interface VoteDeps {
  readonly services: CoreServices;
  readonly messenger: VoteMessenger;
}

export interface CloseVoteInput {
  readonly proposalId: string;
  readonly timeZone: string;
  readonly trigger: CloseTrigger;
  /** The person closing it (the chair), or null for the closing time and the last vote. */
  readonly closedBy: { readonly id: string; readonly name: string } | null;
  readonly castingVote?: CastingChoice;
  /** The caller shows the new card itself (it answers a click on the card); otherwise it is updated here. */
  readonly callerUpdatesCard?: boolean;
  /** When the close happens; the services' clock by default. */
  readonly now?: Date;
}

export type CloseVoteOutcome =
  | { readonly kind: 'decided'; readonly model: ProposalModel; readonly info: ClosedInfo; readonly card: MessageView }
  | { readonly kind: 'awaitingCastingVote'; readonly model: ProposalModel; readonly card: MessageView }
  | { readonly kind: 'notClosable'; readonly status: string | null };

/** Ballots recorded on a partner's behalf whose partner has since voted itself (the history keeps both). */
export function replacedOnBehalf(model: ProposalModel): ReplacedOnBehalf[] {
  const replaced: ReplacedOnBehalf[] = [];
  for (const organisation of model.tally.organisations) {
    if (!organisation.ballot || organisation.ballot.onBehalf) continue;
    for (const row of model.state.onBehalfHistory) {
      const recorded = onBehalfOf(row);
      if (row.organisationId === organisation.organisationId && recorded) replaced.push({ organisation: organisation.organisationName, choice: row.choice, recorded });
    }
  }
  return replaced;
}

function decideFrom(state: ProposalState, input: CloseVoteInput): CloseDecision {
  const model = buildProposalModel(state, input.castingVote ?? null);
  const result = closeResultOf(model.tally);
  if (result.kind === 'awaitCastingVote') return { kind: 'awaitCastingVote' };
  const chairId = model.roll.chairPersonId;
  const record = buildDecisionRecord({
    tally: model.tally,
    ballots: state.ballots.map((ballot) => ({
      personId: ballot.voterId,
      choice: ballot.choice,
      castAt: ballot.castAt,
      changes: Math.max(0, (state.historyCounts.get(ballot.voterId) ?? 1) - 1),
      recorded: onBehalfOf(ballot),
    })),
    declarations: state.declarations.map((declaration) => ({
      personId: declaration.personId,
      organisationId: declaration.organisationId,
      text: declaration.text,
      declaredAt: declaration.declaredAt,
    })),
    people: model.people,
    organisations: model.organisations,
    trigger: input.trigger,
    closedBy: input.closedBy ? { personId: input.closedBy.id, name: input.closedBy.name } : null,
    castingVoteBy: chairId ? { personId: chairId, name: model.people.get(chairId) ?? 'the chair' } : null,
    replacedOnBehalf: replacedOnBehalf(model),
  });
  return {
    kind: 'decide',
    outcome: result.outcome,
    castingVote: result.castingVote,
    quorate: model.tally.quorate,
    quorumRequired: model.rules.quorum,
    presentCount: model.tally.presentCount,
    forCount: model.tally.forCount,
    againstCount: model.tally.againstCount,
    abstainCount: model.tally.abstainCount,
    tally: record.tally,
    declarations: record.declarations,
  };
}

export async function closeVote(deps: VoteDeps, input: CloseVoteInput): Promise<CloseVoteOutcome> {
  const { services, messenger } = deps;
  const now = input.now ?? services.now();
  const written = await closeProposal(services.db, {
    proposalId: input.proposalId,
    from: input.castingVote ? ['AWAITING_CASTING_VOTE'] : ['OPEN'],
    onDate: dateOnlyIn(now, input.timeZone),
    now,
    closedById: input.closedBy?.id ?? null,
    decide: (state) => decideFrom(state, input),
  });
  if (written.kind === 'notClosable') return { kind: 'notClosable', status: written.status };

  const model = buildProposalModel(written.state, input.castingVote ?? null);
  const audit = {
    partnershipId: written.state.partnershipId,
    actorPersonId: input.closedBy?.id ?? null,
    subjectType: 'Proposal',
    subjectId: written.state.id,
  };
  if (written.kind === 'awaitingCastingVote') {
    await recordAudit(services.db, { ...audit, action: 'vote.close', outcome: 'ALLOWED', detail: { trigger: input.trigger, result: 'AWAITING_CASTING_VOTE' } });
    const card = proposalCard(model, { kind: 'awaitingCastingVote' });
    if (model.card) {
      if (!input.callerUpdatesCard) await messenger.updateCard(model.card, card);
      const chairId = model.roll.chairPersonId;
      const chair = chairId ? (await mentionsFor(services, [{ id: chairId, name: model.people.get(chairId) ?? 'Chair' }])).get(chairId) : undefined;
      await messenger.postInThread(model.card, castingVoteRequest(model, chair ?? null));
    }
    return { kind: 'awaitingCastingVote', model, card };
  }

  const info: ClosedInfo = { decisionNumber: written.number, trigger: input.trigger, closedByName: input.closedBy?.name ?? null };
  await recordAudit(services.db, {
    ...audit,
    action: input.castingVote ? 'vote.castingVote' : 'vote.close',
    outcome: 'ALLOWED',
    detail: { trigger: input.trigger, decisionNumber: written.number, outcome: model.tally.outcome, castingVote: input.castingVote ?? null },
  });
  const card = proposalCard(model, { kind: 'closed', info });
  if (model.card) {
    if (!input.callerUpdatesCard) await messenger.updateCard(model.card, card);
    await messenger.postInThread(model.card, resultThreadPost(model, info));
    await messenger.postInChannel(model.card, resultChannelPost(model, info, commandPrefixFor(model.card.platform)));
  }
  return { kind: 'decided', model, info, card };
}
