// The buttons on a vote card (and on a reminder): For, Against, Abstain, Declare an interest, Show votes,
// Close vote and the chair's casting vote. Each checks the person against the group's voting roll; a
// refusal is a polite private reply and goes to the audit log.
import { z } from 'zod';
import { castBallot, declareInterest, withdrawInterest, type BallotWrite, type DeclarationWrite } from '../../db/ballot-store.ts';
import { loadProposalState, refreshVotes } from '../../db/proposal-store.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { canSeeVoteRecord, countsHidden, pairedBallotsFor } from '../../domain/vote-lifecycle.ts';
import { type BallotChoice, type CastingChoice, canCastCastingVote, canVote } from '../../domain/voting.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, FormView, Inline, MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ActionRequest, ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import type { RequestContext } from '../registry.ts';
import { privateReply, privateText, textMessage } from '../replies.ts';
import { closeVote, type CloseVoteOutcome } from './closing.ts';
import { buildProposalModel, type ProposalModel } from './proposal-model.ts';
import { createVoteMessenger, type VoteMessenger } from './vote-messenger.ts';
import {
  ballotReceipt,
  choicePhrase,
  CHOICE_LABELS,
  formatDateTime,
  pairedBallotNotice,
  proposalCard,
  voteRecordView,
} from './vote-views.ts';

const proposalValueSchema = z.object({ p: z.uuid() });

export function proposalIdOf(value: ActionValue | undefined): string {
  const parsed = proposalValueSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError('That button does not say which vote it is for. Please use the buttons on the vote card.');
  return parsed.data.p;
}

export function messengerFor(context: RequestContext): VoteMessenger {
  return createVoteMessenger(context.services);
}

export async function loadModel(context: RequestContext, proposalId: string): Promise<ProposalModel> {
  const state = await loadProposalState(context.services.db, proposalId, context.today);
  if (!state || state.partnershipId !== context.person.partnershipId) throw new NotFoundError('That vote no longer exists.');
  return buildProposalModel(state);
}

export async function refuse(context: RequestContext, action: string, model: ProposalModel, reason: string, text: string | readonly (string | Inline)[]): Promise<ChatResponse> {
  await context.audit({ action, outcome: 'REFUSED', subjectType: 'Proposal', subjectId: model.state.id, reason });
  return [privateText(typeof text === 'string' ? text : rich(...text))];
}

export function closedText(model: ProposalModel): string {
  const { state } = model;
  if (state.status === 'AWAITING_CASTING_VOTE') return `Voting on "${state.title}" has closed and is waiting for the chair's casting vote, so votes can no longer change.`;
  if (state.decision) return `Voting on "${state.title}" has closed: it is decision ${state.decision.number} in the decision log.`;
  return `Voting on "${state.title}" has closed.`;
}

export function refusedWriteText(model: ProposalModel, write: Extract<BallotWrite | DeclarationWrite, { kind: 'refused' }>): string {
  if (write.reason === 'NOT_FOUND') return 'That vote no longer exists.';
  if (write.reason === 'PAST_CLOSING_TIME') return `Voting on "${model.state.title}" closed at ${formatDateTime(model.state.closesAt, model.state.partnership.timeZone)}; nothing was recorded.`;
  return `${closedText(model)} Nothing was recorded.`;
}

function isCardMessage(model: ProposalModel, request: { readonly message?: { readonly id: string } }): boolean {
  return request.message !== undefined && request.message.id === model.state.postMessageId;
}

/**
 * Shows the new state of the card: as the answer to the click when the click was on the card, else by the
 * messenger; a click on a reminder gets the reminder replaced with `receipt`.
 */
async function showCard(context: RequestContext, request: { readonly message?: { readonly id: string } }, model: ProposalModel, card: MessageView, receipt: MessageView): Promise<ChatResponse> {
  if (isCardMessage(model, request)) return [{ type: 'updateMessage', message: card }, privateReply(receipt)];
  if (model.card) await messengerFor(context).updateCard(model.card, card);
  if (request.message && context.conversation.kind === 'personal') return [{ type: 'updateMessage', message: receipt }];
  return [privateReply(receipt)];
}

/** After a ballot or a declaration: when every voting partner has now taken part, the vote closes. */
export async function closeIfEveryoneVoted(context: RequestContext, model: ProposalModel): Promise<CloseVoteOutcome | null> {
  if (!model.tally.everyPartnerHasVoted || model.state.status !== 'OPEN') return null;
  const outcome = await closeVote(
    { services: context.services, messenger: messengerFor(context) },
    { proposalId: model.state.id, timeZone: model.state.partnership.timeZone, trigger: 'ALL_VOTED', closedBy: null, callerUpdatesCard: true },
  );
  return outcome.kind === 'notClosable' ? null : outcome;
}

export function liveCard(model: ProposalModel, closed: CloseVoteOutcome | null): MessageView {
  if (closed && closed.kind !== 'notClosable') return closed.card;
  return proposalCard(model, { kind: 'open' });
}

export async function castVote(context: RequestContext, request: ActionRequest, choice: BallotChoice): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  const { person } = context;
  if (model.state.status !== 'OPEN') return [privateText(closedText(model))];
  const eligibility = canVote(person.id, model.roll);
  if (!eligibility.allowed) {
    return refuse(context, 'vote.cast', model, `not a voter: ${eligibility.reason}`, [
      'Thank you, but your vote cannot be counted on ',
      bold(model.state.title),
      `. ${eligibility.message} Everyone in ${model.state.group.name} is welcome to join the discussion in the thread.`,
    ]);
  }
  const write = await castBallot(context.services.db, {
    proposalId: model.state.id,
    voterId: person.id,
    organisationId: eligibility.organisationId,
    asDeputy: eligibility.role === 'DEPUTY',
    choice,
    now: context.services.now(),
  });
  if (write.kind === 'refused') return [privateText(refusedWriteText(model, write))];
  await context.audit({
    action: 'vote.cast',
    outcome: 'ALLOWED',
    subjectType: 'Proposal',
    subjectId: model.state.id,
    detail: { choice, result: write.kind, previous: write.kind === 'changed' ? write.previous : null, organisationId: eligibility.organisationId, role: eligibility.role },
  });

  const fresh = buildProposalModel(await refreshVotes(context.services.db, model.state));
  const notes: string[] = [];
  const pair = pairedBallotsFor(fresh.tally, person.id);
  if (pair) {
    const isRepresentative = pair.representativeId === person.id;
    notes.push(pairedBallotNotice(pair.organisationName, fresh.people.get(pair.representativeId) ?? 'The representative', isRepresentative));
    if (write.kind === 'new') {
      const otherId = isRepresentative ? pair.deputyId : pair.representativeId;
      const text = pairedBallotNotice(pair.organisationName, fresh.people.get(pair.representativeId) ?? 'The representative', !isRepresentative);
      await messengerFor(context).sendDirect([{ personId: otherId, view: textMessage(rich(bold(fresh.state.title), ': ', text)) }]);
    }
  }
  const closed = await closeIfEveryoneVoted(context, fresh);
  if (closed) notes.push('Every voting partner has now voted, so the vote has closed; the result is in the thread.');
  else notes.push(`You can change your vote until ${formatDateTime(fresh.state.closesAt, fresh.state.partnership.timeZone)}.`);
  const organisation = eligibility.organisationName;
  const replacedOnBehalf =
    (write.kind === 'changed' && write.replacedOnBehalf === true) ||
    (write.kind === 'new' && fresh.tally.ignoredBallots.some((ballot) => ballot.reason === 'SUPERSEDED_BY_OWN_VOTE' && ballot.organisationId === eligibility.organisationId));
  const text: Inline[] = replacedOnBehalf
    ? rich('Your own vote for ', bold(organisation), ' is recorded: ', bold(CHOICE_LABELS[choice]), '. It replaces the vote recorded on its behalf; both stay in the history.')
    : write.kind === 'new'
      ? rich('Your vote for ', bold(organisation), ' is recorded: ', bold(CHOICE_LABELS[choice]), '.')
      : write.kind === 'changed'
        ? rich('You changed your vote for ', bold(organisation), ` from ${choicePhrase(write.previous)} to `, bold(choicePhrase(choice)), '.')
        : rich('Your vote is already recorded as ', bold(CHOICE_LABELS[choice]), '; nothing changed.');
  return showCard(context, request, fresh, liveCard(fresh, closed), ballotReceipt(fresh, text, notes));
}

// ---------------------------------------------------------------- declarations of interest

const KEEP = 'declare';
const WITHDRAW = 'withdraw';

export function declareInterestForm(model: ProposalModel, existing: { text: string | null } | null, values: Readonly<Record<string, string>> = {}): FormView {
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitDeclareInterestForm,
    cancelActionId: ACTION_IDS.cancelForm,
    title: 'Declare an interest',
    submitLabel: 'Record it',
    metadata: { p: model.state.id },
    intro: [
      { type: 'text', text: rich('Vote: ', bold(model.state.title)) },
      {
        type: 'context',
        text: 'A declared interest counts your organisation as present but abstaining, whatever its vote. You can withdraw it until the vote closes; after that it stands in the decision log.',
      },
    ],
    fields: [
      ...(existing
        ? [
            {
              type: 'select' as const,
              id: 'declaration',
              label: 'Your declaration',
              required: true,
              options: [
                { label: 'Keep my declaration', value: KEEP },
                { label: 'Withdraw my declaration', value: WITHDRAW },
              ],
              initialValue: values.declaration ?? KEEP,
            },
          ]
        : []),
      {
        type: 'textInput',
        id: 'interest',
        label: 'The interest (optional)',
        multiline: true,
        maxLength: 1000,
        hint: 'For example: "The funding would go to a charity I am a trustee of."',
        ...((values.interest ?? existing?.text) ? { initialValue: values.interest ?? existing?.text ?? '' } : {}),
      },
    ],
  };
}

export async function openDeclareInterest(context: RequestContext, request: ActionRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  if (model.state.status !== 'OPEN') return [privateText(closedText(model))];
  const eligibility = canVote(context.person.id, model.roll);
  if (!eligibility.allowed) {
    return refuse(context, 'vote.declareInterest', model, `not a voter: ${eligibility.reason}`, [
      'Thank you. Declarations here change how a partner’s vote is counted, so only its representative or deputy can make one. ',
      eligibility.message,
      ' If you have an interest to declare, please tell the chair or the secretariat in the thread.',
    ]);
  }
  const existing = model.state.declarations.find((declaration) => declaration.personId === context.person.id) ?? null;
  return [{ type: 'openForm', form: declareInterestForm(model, existing) }];
}

const declarationFields = z.object({
  declaration: z.enum([KEEP, WITHDRAW]).optional(),
  interest: z.string().trim().max(1000, { error: 'Keep it to 1,000 characters.' }).optional(),
});

export async function submitDeclareInterest(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(submission.metadata));
  const parsed = declarationFields.safeParse(submission.fields);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Check the declaration.');
  const eligibility = canVote(context.person.id, model.roll);
  if (!eligibility.allowed) {
    const [reply] = await refuse(context, 'vote.declareInterest', model, `not a voter: ${eligibility.reason}`, eligibility.message);
    return [{ type: 'closeForm', ...(reply && reply.type === 'privateReply' ? { message: reply.message } : {}) }];
  }
  const now = context.services.now();
  const withdraw = parsed.data.declaration === WITHDRAW;
  const text = parsed.data.interest ? parsed.data.interest : null;
  const write = withdraw
    ? await withdrawInterest(context.services.db, { proposalId: model.state.id, personId: context.person.id, now })
    : await declareInterest(context.services.db, { proposalId: model.state.id, personId: context.person.id, organisationId: eligibility.organisationId, text, now });
  if (write.kind === 'refused') return [{ type: 'closeForm', message: textMessage(refusedWriteText(model, write)) }];
  await context.audit({
    action: withdraw ? 'vote.withdrawInterest' : 'vote.declareInterest',
    outcome: 'ALLOWED',
    subjectType: 'Proposal',
    subjectId: model.state.id,
    detail: { result: write.kind, organisationId: eligibility.organisationId, text },
  });

  const fresh = buildProposalModel(await refreshVotes(context.services.db, model.state));
  const messenger = messengerFor(context);
  const closed = write.kind === 'new' || write.kind === 'updated' ? await closeIfEveryoneVoted(context, fresh) : null;
  if (fresh.card) {
    if (write.kind === 'new' || write.kind === 'withdrawn') {
      const notice = write.kind === 'new' ? ' has declared an interest: it counts as present and abstaining.' : ' has withdrawn its declaration of interest.';
      await messenger.postInThread(fresh.card, textMessage(rich(bold(eligibility.organisationName), notice)));
    }
    if (!closed) await messenger.updateCard(fresh.card, liveCard(fresh, null));
    else await messenger.updateCard(fresh.card, liveCard(fresh, closed));
  }
  const said =
    write.kind === 'new' || write.kind === 'updated'
      ? rich('Your declaration of interest for ', bold(eligibility.organisationName), ' is recorded. ', 'It counts as present but abstaining.')
      : write.kind === 'withdrawn'
        ? rich('Your declaration of interest is withdrawn; your organisation’s vote counts as cast again.')
        : rich('You had no declaration to withdraw; nothing changed.');
  return [{ type: 'closeForm', message: textMessage(said, closed ? 'Every voting partner has now taken part, so the vote has closed.' : undefined) }];
}

// ---------------------------------------------------------------- the chair and the secretariat

export async function showVotes(context: RequestContext, request: ActionRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  if (countsHidden(model.state)) {
    return refuse(
      context,
      'vote.showVotes',
      model,
      'secret vote still open',
      `This is a secret vote until it closes on ${formatDateTime(model.state.closesAt, model.state.partnership.timeZone)}: nobody, not even the chair, can see how partners voted before then. The card shows who has taken part and whether the vote is quorate; the full result appears when it closes.`,
    );
  }
  const closed = model.state.status === 'CLOSED';
  if (!closed && !canSeeVoteRecord(model.rolesOf(context.person.id))) {
    return refuse(
      context,
      'vote.showVotes',
      model,
      'not chair or secretariat of the group',
      `Until the vote closes, only the chair, vice-chair and secretariat of ${model.state.group.name} can see how each person voted. The card shows the count by organisation, and the full record is published when it closes.`,
    );
  }
  await context.audit({ action: 'vote.showVotes', outcome: 'ALLOWED', subjectType: 'Proposal', subjectId: model.state.id });
  return [privateReply(voteRecordView(model, context.services.now()))];
}

export async function chairCloses(context: RequestContext, request: ActionRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  if (model.state.status !== 'OPEN') return [privateText(closedText(model))];
  if (model.roll.chairPersonId !== context.person.id) {
    return refuse(context, 'vote.close', model, 'not the chair', `Only the chair of ${model.state.group.name} can close a vote early. It closes by itself at ${formatDateTime(model.state.closesAt, model.state.partnership.timeZone)}, or when every partner has voted.`);
  }
  const onCard = isCardMessage(model, request);
  const outcome = await closeVote(
    { services: context.services, messenger: messengerFor(context) },
    { proposalId: model.state.id, timeZone: model.state.partnership.timeZone, trigger: 'CHAIR', closedBy: { id: context.person.id, name: context.person.name }, callerUpdatesCard: onCard },
  );
  if (outcome.kind === 'notClosable') return [privateText('The vote had already closed; nothing changed.')];
  const said = outcome.kind === 'decided' ? `You closed the vote: it is decision ${outcome.info.decisionNumber}. The result is in the thread.` : 'You closed the vote. It is tied, so your casting vote is needed: the buttons are on the card and in the thread.';
  return onCard ? [{ type: 'updateMessage', message: outcome.card }, privateText(said)] : [privateText(said)];
}

export async function castingVote(context: RequestContext, request: ActionRequest, choice: CastingChoice): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  const allowed = canCastCastingVote(context.person.id, model.roll, model.state.status === 'AWAITING_CASTING_VOTE' ? model.tally : { outcome: 'CARRIED' });
  if (!allowed.allowed) {
    return refuse(context, 'vote.castingVote', model, allowed.message, model.state.status === 'AWAITING_CASTING_VOTE' ? `${allowed.message} The chair has been asked for it in the thread.` : `${allowed.message} ${closedText(model)}`);
  }
  const onCard = isCardMessage(model, request);
  const outcome = await closeVote(
    { services: context.services, messenger: messengerFor(context) },
    {
      proposalId: model.state.id,
      timeZone: model.state.partnership.timeZone,
      trigger: 'CASTING_VOTE',
      closedBy: { id: context.person.id, name: context.person.name },
      castingVote: choice,
      callerUpdatesCard: onCard,
    },
  );
  if (outcome.kind !== 'decided') return [privateText('The casting vote had already been given; nothing changed.')];
  const said = `Your casting vote ${choice === 'FOR' ? 'for' : 'against'} is recorded: decision ${outcome.info.decisionNumber}, ${outcome.model.tally.outcome === 'CARRIED' ? 'carried' : 'lost'}.`;
  if (onCard) return [{ type: 'updateMessage', message: outcome.card }, privateText(said)];
  if (request.message) return [{ type: 'updateMessage', message: textMessage(rich(bold(`Casting vote given ${choice === 'FOR' ? 'for' : 'against'}`), ` by ${context.person.name}.`)) }, privateText(said)];
  return [privateText(said)];
}
