// Everything a vote shows in chat, built once as views: the card in the group's channel (live tally by
// organisation while open, the full result once closed), the casting-vote request, the result posts, the
// per-person record for the chair and secretariat, and the reminders.
import type { RecordedOnBehalf } from '../../db/proposal-store.ts';
import { formatIsoDate } from '../../domain/calendar.ts';
import { CLOSE_TRIGGER_LABELS, countsHidden, onBehalfPhrase, VOTE_REASON_LABELS, type CloseTrigger, type OnBehalfRecord, type VoteReason } from '../../domain/vote-lifecycle.ts';
import type { BallotChoice, DecisionOutcome, OrganisationTally } from '../../domain/voting.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionControl, ButtonView, DisplayBlock, Inline, LabelledValue, ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { bold, italic, lineBreak, link, rich } from '../../views/model.ts';
import { organisationWithAbsences, type ProposalModel } from './proposal-model.ts';

export const CHOICE_LABELS: Readonly<Record<BallotChoice, string>> = { FOR: 'For', AGAINST: 'Against', ABSTAIN: 'Abstain' };
const CHOICE_PHRASES: Readonly<Record<BallotChoice, string>> = { FOR: 'for', AGAINST: 'against', ABSTAIN: 'to abstain' };
export const OUTCOME_LABELS: Readonly<Record<DecisionOutcome, string>> = {
  CARRIED: 'Carried',
  LOST: 'Lost',
  NO_DECISION_INQUORATE: 'No decision: not quorate',
};
const ROLE_WORDS = { REPRESENTATIVE: 'representative', DEPUTY: 'deputy' } as const;

export function choicePhrase(choice: BallotChoice): string {
  return CHOICE_PHRASES[choice];
}

/** "Mon 30 Nov 2026, 17:00" in the partnership's time zone. */
export function formatDateTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

export function formatDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(instant);
}

function formatPounds(amount: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(Number(amount));
}

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The value every vote button carries. */
function proposalValue(proposalId: string): { p: string } {
  return { p: proposalId };
}

function reasonText(model: ProposalModel): string {
  const reason = model.state.reason as VoteReason;
  const amount = model.state.financeAmount?.toString();
  return reason === 'FINANCE' && amount ? `${VOTE_REASON_LABELS.FINANCE}: ${formatPounds(amount)}` : VOTE_REASON_LABELS[reason];
}

function detailFacts(model: ProposalModel): LabelledValue[] {
  const { state } = model;
  const timeZone = state.partnership.timeZone;
  const facts: LabelledValue[] = [
    { label: 'Group', value: state.group.name },
    { label: 'Why a vote', value: reasonText(model) },
    { label: 'Proposed by', value: state.proposedBy.name },
    { label: state.status === 'OPEN' ? 'Closes' : 'Closing time', value: formatDateTime(state.closesAt, timeZone) },
  ];
  if (state.papersUrl) facts.push({ label: 'Papers', value: [link(state.papersUrl, 'Read the papers')] });
  if (state.number !== null) facts.push({ label: 'Vote number', value: String(state.number) });
  if (state.secretTally) facts.push({ label: 'Count', value: state.status === 'OPEN' ? 'Secret until the vote closes' : 'Secret until the vote closed' });
  return facts;
}

/** The on-behalf record of a ballot or declaration as read from the database, or null for the voter's own. */
export function onBehalfOf(row: RecordedOnBehalf): OnBehalfRecord | null {
  if (row.recordedVia === 'CLICK' || !row.meetingDate) return null;
  return { byName: row.recordedBy?.name ?? 'Unknown person', via: row.recordedVia, on: formatIsoDate({ year: row.meetingDate.getUTCFullYear(), month: row.meetingDate.getUTCMonth() + 1, day: row.meetingDate.getUTCDate() }) };
}

/** What the card says of how a partner's standing ballot (or declaration) reached the bot, e.g. " (recorded on behalf by …)". */
function onBehalfNote(model: ProposalModel, organisation: OrganisationTally): string {
  const row = organisation.declaredInterest
    ? model.state.declarations.find((declaration) => declaration.organisationId === organisation.organisationId && declaration.recordedVia !== 'CLICK')
    : organisation.ballot
      ? model.state.ballots.find((ballot) => ballot.voterId === organisation.ballot?.personId && ballot.organisationId === organisation.organisationId)
      : undefined;
  const record = row ? onBehalfOf(row) : null;
  return record ? ` (${onBehalfPhrase(record)})` : '';
}

/** Partners that have taken part, with how any ballot recorded on their behalf was given; never what they voted. */
function takenPartLine(model: ProposalModel): string | null {
  const present = model.tally.organisations.filter((organisation) => organisation.present);
  if (present.length === 0) return null;
  return `Taken part: ${names(present.map((organisation) => `${organisation.organisationName}${onBehalfNote(model, organisation)}`))}.`;
}

/** While open: how many partners have voted and how many more the quorum needs. */
function progressLine(model: ProposalModel): Inline[] {
  const { tally, rules } = model;
  const took = `${tally.presentCount} of ${tally.statutoryPartnerCount} statutory partners have taken part`;
  if (tally.quorate) return rich(bold('Quorate. '), `${took} (quorum ${rules.quorum}).`);
  return rich(bold(`${plural(tally.stillNeededForQuorum, 'more partner', 'more partners')} needed for quorum. `), `${took}; the quorum is ${rules.quorum}.`);
}

/** The partners yet to vote, each with its voters who are away. */
function notYetVotedNames(model: ProposalModel): string {
  return names(model.tally.notYetVoted.map((ref) => organisationWithAbsences(model, ref.organisationId, ref.organisationName)));
}

function organisationNames(refs: readonly { organisationName: string }[]): string {
  return names(refs.map((ref) => ref.organisationName));
}

function openCardBlocks(model: ProposalModel): ViewBlock[] {
  const { tally } = model;
  const value = proposalValue(model.state.id);
  const blocks: ViewBlock[] = [{ type: 'text', text: progressLine(model) }];
  const takenPart = takenPartLine(model);
  if (takenPart) blocks.push({ type: 'context', text: takenPart });
  if (tally.notYetVoted.length > 0) blocks.push({ type: 'context', text: `Not yet voted: ${notYetVotedNames(model)}.` });
  const declared = tally.organisations.filter((organisation) => organisation.declaredInterest);
  if (declared.length > 0) blocks.push({ type: 'context', text: `Declared an interest (counted as present, abstaining): ${organisationNames(declared)}.` });
  if (tally.partnersWithoutVoter.length > 0) {
    blocks.push({ type: 'context', text: `No representative or deputy named for: ${organisationNames(tally.partnersWithoutVoter)}.` });
  }
  const voteButtons: ActionControl[] = [
    { type: 'button', actionId: ACTION_IDS.voteFor, label: 'For', value, style: 'primary' },
    { type: 'button', actionId: ACTION_IDS.voteAgainst, label: 'Against', value, style: 'danger' },
    { type: 'button', actionId: ACTION_IDS.voteAbstain, label: 'Abstain', value },
    { type: 'button', actionId: ACTION_IDS.openDeclareInterestForm, label: 'Declare an interest', value },
  ];
  const chairButtons: ActionControl[] = [
    { type: 'button', actionId: ACTION_IDS.showVotes, label: 'Show votes', value },
    { type: 'button', actionId: ACTION_IDS.openRecordVotesForm, label: 'Record votes', value },
    {
      type: 'button',
      actionId: ACTION_IDS.closeVote,
      label: 'Close vote',
      value,
      confirm: {
        title: 'Close this vote now?',
        text: 'The result is worked out from the votes cast so far. Only the chair can close a vote early.',
        confirmLabel: 'Close the vote',
        denyLabel: 'Keep it open',
      },
    },
  ];
  blocks.push({ type: 'actions', controls: voteButtons }, { type: 'actions', controls: chairButtons });
  blocks.push({
    type: 'context',
    text: countsHidden(model.state)
      ? 'Only the representatives and deputies of statutory partners vote, one vote per partner. This is a secret vote: nobody, not even the chair, sees For or Against until it closes; you can change yours until then. Discuss in the thread.'
      : 'Only the representatives and deputies of statutory partners vote, one vote per partner. Votes are shown by organisation until the vote closes; you can change yours until then. Discuss in the thread.',
  });
  return blocks;
}

function castingButtons(proposalId: string): ButtonView[] {
  const value = proposalValue(proposalId);
  const confirm = (choice: string) => ({
    title: `Give a casting vote ${choice}?`,
    text: 'The casting vote decides the tied vote and cannot be changed.',
    confirmLabel: `Cast ${choice}`,
    denyLabel: 'Not yet',
  });
  return [
    { type: 'button', actionId: ACTION_IDS.castingVoteFor, label: 'Casting vote: for', value, style: 'primary', confirm: confirm('for') },
    { type: 'button', actionId: ACTION_IDS.castingVoteAgainst, label: 'Casting vote: against', value, style: 'danger', confirm: confirm('against') },
  ];
}

function awaitingCardBlocks(model: ProposalModel): ViewBlock[] {
  const { tally } = model;
  return [
    { type: 'text', text: rich(bold(`Tied ${tally.forCount}–${tally.againstCount}: waiting for the chair's casting vote.`)) },
    { type: 'context', text: `Voting has closed. ${tally.presentCount} of ${tally.statutoryPartnerCount} statutory partners took part (quorum ${model.rules.quorum}).` },
    { type: 'actions', controls: [...castingButtons(model.state.id), { type: 'button', actionId: ACTION_IDS.showVotes, label: 'Show votes', value: proposalValue(model.state.id) }] },
  ];
}

function organisationResult(model: ProposalModel, organisation: OrganisationTally): string {
  const { people } = model;
  if (organisation.declaredInterest) {
    const who = names(organisation.declaredBy.map((personId) => people.get(personId) ?? 'someone'));
    return `Abstained: interest declared by ${who}${onBehalfNote(model, organisation)}`;
  }
  if (!organisation.ballot) return organisation.hasVoter ? 'Did not vote' : 'No voter named';
  const voter = people.get(organisation.ballot.personId) ?? 'Unknown';
  const base = `${CHOICE_LABELS[organisation.ballot.choice]} (${voter}, ${ROLE_WORDS[organisation.ballot.role]})${onBehalfNote(model, organisation)}`;
  const deputy = organisation.overriddenDeputyBallot;
  return deputy ? `${base}; the deputy's vote (${CHOICE_LABELS[deputy.choice].toLowerCase()}) did not count` : base;
}

function resultFacts(model: ProposalModel): LabelledValue[] {
  return model.tally.organisations.map((organisation) => ({ label: organisation.organisationName, value: organisationResult(model, organisation) }));
}

function declarationBlocks(model: ProposalModel): DisplayBlock[] {
  if (model.state.declarations.length === 0) return [{ type: 'context', text: 'No interests were declared.' }];
  const items: ListItem[] = model.state.declarations.map((declaration) => {
    const organisation = declaration.organisationId ? model.organisations.get(declaration.organisationId) : undefined;
    const recorded = onBehalfOf(declaration);
    const who = `${organisation ? `${declaration.person.name} (${organisation})` : declaration.person.name}${recorded ? `, ${onBehalfPhrase(recorded)}` : ''}`;
    return { text: declaration.text ? rich(bold(who), `: ${declaration.text}`) : rich(bold(who)) };
  });
  return [{ type: 'text', text: rich(bold('Declarations of interest')) }, { type: 'list', items }];
}

export interface ClosedInfo {
  readonly decisionNumber: number;
  readonly trigger: CloseTrigger;
  readonly closedByName: string | null;
}

function outcomeLine(model: ProposalModel, info: ClosedInfo): Inline[] {
  const outcome = model.tally.outcome === 'AWAITING_CASTING_VOTE' ? 'Awaiting the casting vote' : OUTCOME_LABELS[model.tally.outcome];
  return rich(bold(`Decision ${info.decisionNumber}: ${outcome}`));
}

function quorumLine(model: ProposalModel): string {
  const { tally, rules } = model;
  return tally.quorate
    ? `Quorate: ${tally.presentCount} of ${tally.statutoryPartnerCount} statutory partners took part (quorum ${rules.quorum}).`
    : `Not quorate: ${tally.presentCount} of ${tally.statutoryPartnerCount} statutory partners took part; the quorum is ${rules.quorum}. Nothing was decided.`;
}

function closedByLine(info: ClosedInfo): string {
  return info.closedByName && info.trigger === 'CHAIR' ? `${CLOSE_TRIGGER_LABELS.CHAIR} (${info.closedByName}).` : `${CLOSE_TRIGGER_LABELS[info.trigger]}.`;
}

function closedCardBlocks(model: ProposalModel, info: ClosedInfo): ViewBlock[] {
  return [
    { type: 'text', text: outcomeLine(model, info) },
    { type: 'text', text: model.tally.summary },
    { type: 'facts', facts: resultFacts(model) },
    { type: 'context', text: quorumLine(model) },
    ...declarationBlocks(model),
    { type: 'context', text: `${closedByLine(info)} Recorded in the decision log as decision ${info.decisionNumber}.` },
  ];
}

export type CardPhase = { kind: 'open' } | { kind: 'awaitingCastingVote' } | { kind: 'closed'; info: ClosedInfo };

/** The card in the group's channel. */
export function proposalCard(model: ProposalModel, phase: CardPhase): MessageView {
  const { state } = model;
  const heading = phase.kind === 'closed' ? `Decision ${phase.info.decisionNumber}: ${state.title}` : `Vote: ${state.title}`;
  const body =
    phase.kind === 'open' ? openCardBlocks(model) : phase.kind === 'awaitingCastingVote' ? awaitingCardBlocks(model) : closedCardBlocks(model, phase.info);
  return {
    kind: 'message',
    blocks: [{ type: 'heading', text: heading }, { type: 'text', text: state.motion }, { type: 'facts', facts: detailFacts(model) }, { type: 'divider' }, ...body],
    fallbackText: phase.kind === 'closed' ? `Decision ${phase.info.decisionNumber}: ${state.title}` : `Vote: ${state.title}`,
  };
}

/** The result as posted in the card's thread: everything the decision log keeps. */
export function resultThreadPost(model: ProposalModel, info: ClosedInfo): MessageView {
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: `Result: ${model.state.title}` },
      { type: 'text', text: outcomeLine(model, info) },
      { type: 'text', text: model.tally.summary },
      { type: 'facts', facts: resultFacts(model) },
      { type: 'context', text: quorumLine(model) },
      ...declarationBlocks(model),
      { type: 'context', text: closedByLine(info) },
    ],
    fallbackText: `Decision ${info.decisionNumber}: ${model.state.title}`,
  };
}

/** The short notice in the channel itself, for those not following the thread. */
export function resultChannelPost(model: ProposalModel, info: ClosedInfo, prefix: string): MessageView {
  const { tally } = model;
  const declared = tally.organisations.filter((o) => o.declaredInterest).map((o) => o.organisationName);
  return {
    kind: 'message',
    blocks: [
      { type: 'text', text: rich(bold(`Decision ${info.decisionNumber}: ${model.state.title}`), lineBreak(), ...outcomeLine(model, info)) },
      { type: 'text', text: tally.summary },
      { type: 'facts', facts: resultFacts(model) },
      { type: 'context', text: quorumLine(model) },
      { type: 'context', text: declared.length > 0 ? `Interests declared: ${names(declared)}.` : 'No interests were declared.' },
      { type: 'context', text: rich('The full record is in the thread and in ', bold(`${prefix} decisions`), '.') },
    ],
    fallbackText: `Decision ${info.decisionNumber}: ${model.state.title}`,
  };
}

/** Asks the chair, in the thread, for the casting vote. */
export function castingVoteRequest(model: ProposalModel, chair: Inline | null): MessageView {
  const { tally } = model;
  const who: Inline[] = chair ? rich(chair, ': ') : [];
  return {
    kind: 'message',
    blocks: [
      {
        type: 'text',
        text: rich(
          ...who,
          bold(`the vote is tied ${tally.forCount}–${tally.againstCount}.`),
          ' Under the terms of reference the chair has a second, casting vote. The vote stays open until it is given.',
        ),
      },
      { type: 'actions', controls: castingButtons(model.state.id) },
    ],
    fallbackText: `Tied ${tally.forCount}–${tally.againstCount}: the chair's casting vote is needed`,
  };
}

/** The per-person record for the chair and secretariat (and anyone once the vote has closed). */
export function voteRecordView(model: ProposalModel, now: Date): MessageView {
  const { state, tally, people } = model;
  const timeZone = state.partnership.timeZone;
  const ballotOf = new Map(state.ballots.map((ballot) => [ballot.voterId, ballot]));
  const items: ListItem[] = [];
  for (const organisation of tally.organisations) {
    const voters = model.roll.members.filter((member) => member.organisationId === organisation.organisationId);
    const lines: (string | Inline)[] = [bold(organisation.organisationName), ` — counted: ${organisation.effectiveChoice ? CHOICE_LABELS[organisation.effectiveChoice] : 'not yet'}`];
    for (const voter of voters) {
      const ballot = ballotOf.get(voter.personId);
      const changes = Math.max(0, (state.historyCounts.get(voter.personId) ?? 0) - 1);
      const declared = organisation.declaredBy.includes(voter.personId);
      const recorded = ballot ? onBehalfOf(ballot) : null;
      const vote = ballot
        ? `${CHOICE_LABELS[ballot.choice]} at ${formatDateTime(ballot.castAt, timeZone)}${recorded ? `, ${onBehalfPhrase(recorded)}` : ''}${changes > 0 ? ` (changed ${plural(changes, 'time', 'times')})` : ''}`
        : 'has not voted';
      lines.push(lineBreak(), `${people.get(voter.personId) ?? 'Unknown'} (${ROLE_WORDS[voter.role]}): ${vote}${declared ? '; declared an interest' : ''}`);
    }
    if (organisation.overriddenDeputyBallot) lines.push(lineBreak(), italic("The representative's vote stands over the deputy's."));
    items.push({ text: rich(...lines) });
  }
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Votes: ${state.title}` },
    { type: 'context', text: `As at ${formatDateTime(now, timeZone)}. ${tally.summary}` },
    { type: 'list', items },
  ];
  const stray = tally.ignoredBallots.filter((ballot) => ballot.reason !== 'SUPERSEDED_BY_REPRESENTATIVE' && ballot.reason !== 'SUPERSEDED_BY_LATER_BALLOT');
  if (stray.length > 0) {
    blocks.push({
      type: 'context',
      text: `Not counted: ${stray.map((ballot) => `${people.get(ballot.personId) ?? 'Unknown'} (${ballot.message})`).join('; ')}`,
    });
  }
  blocks.push(...declarationBlocks(model));
  return { kind: 'message', blocks, fallbackText: `Votes: ${state.title}` };
}

/** What a voter is told privately after pressing a vote button. */
export function ballotReceipt(model: ProposalModel, text: readonly Inline[], notes: readonly string[]): MessageView {
  return {
    kind: 'message',
    blocks: [
      { type: 'text', text: [...text] },
      ...notes.map((note): DisplayBlock => ({ type: 'context', text: note })),
      { type: 'context', text: `${model.state.title}: ${model.tally.presentCount} of ${model.tally.statutoryPartnerCount} partners have taken part; quorum ${model.rules.quorum}.` },
    ],
  };
}

/** The direct reminder to a voter whose partner has not voted, with the vote buttons. */
export function reminderView(model: ProposalModel, organisationName: string, coverNote?: string): MessageView {
  const { state } = model;
  const value = proposalValue(state.id);
  return {
    kind: 'message',
    blocks: [
      { type: 'text', text: rich('Reminder: ', bold(organisationName), ' has not voted yet on ', bold(state.title), ` (${state.group.name}).`) },
      ...(coverNote ? [{ type: 'context' as const, text: coverNote }] : []),
      { type: 'text', text: state.motion },
      { type: 'context', text: `Voting closes ${formatDateTime(state.closesAt, state.partnership.timeZone)}. ${progressText(model)}` },
      {
        type: 'actions',
        controls: [
          { type: 'button', actionId: ACTION_IDS.voteFor, label: 'For', value, style: 'primary' },
          { type: 'button', actionId: ACTION_IDS.voteAgainst, label: 'Against', value, style: 'danger' },
          { type: 'button', actionId: ACTION_IDS.voteAbstain, label: 'Abstain', value },
          { type: 'button', actionId: ACTION_IDS.openDeclareInterestForm, label: 'Declare an interest', value },
          ...openVoteLink(state),
        ],
      },
    ],
    fallbackText: `Reminder: ${organisationName} has not voted on ${state.title}`,
  };
}

function progressText(model: ProposalModel): string {
  const { tally } = model;
  return tally.quorate
    ? `${tally.presentCount} of ${tally.statutoryPartnerCount} partners have taken part; the vote is quorate.`
    : `${tally.presentCount} of ${tally.statutoryPartnerCount} partners have taken part; ${plural(tally.stillNeededForQuorum, 'more is', 'more are')} needed for quorum.`;
}

/** "Open the vote": the card and its thread in the group's channel, when its link was kept at posting. */
function openVoteLink(state: { readonly postUrl: string | null }): ActionControl[] {
  return state.postUrl ? [{ type: 'linkButton', label: 'Open the vote', url: state.postUrl }] : [];
}

/** To the chair at reminder time, when the quorum has not been reached. */
export function quorumAtRiskView(model: ProposalModel, unreachable: boolean): MessageView {
  const { state, tally } = model;
  const closing = formatDateTime(state.closesAt, state.partnership.timeZone);
  const lines: DisplayBlock[] = [
    { type: 'text', text: rich(bold('Quorum at risk: '), state.title, ` (${state.group.name}) closes ${closing}.`) },
    { type: 'text', text: progressText(model) },
  ];
  if (tally.notYetVoted.length > 0) {
    const anyAway = model.roll.members.some((member) => model.awayText(member.personId) !== null);
    lines.push({ type: 'context', text: `Not yet voted: ${notYetVotedNames(model)}. They have been reminded${anyAway ? ', a deputy in place of anyone away' : ''}.` });
  }
  if (unreachable) {
    lines.push({ type: 'context', text: 'Even if every partner still to vote does so, the quorum cannot be reached: an inquorate vote decides nothing.' });
  }
  const opener = openVoteLink(state);
  return { kind: 'message', blocks: opener.length > 0 ? [...lines, { type: 'actions', controls: opener }] : lines, fallbackText: `Quorum at risk: ${state.title}` };
}

/** Told to both when a partner's representative and deputy have both voted. */
export function pairedBallotNotice(organisationName: string, representativeName: string, forRepresentative: boolean): string {
  return forRepresentative
    ? `Your deputy has also voted for ${organisationName}. Your vote is the one that counts: the representative's vote stands over the deputy's.`
    : `${representativeName}, the representative of ${organisationName}, has also voted, so their vote counts for ${organisationName} and yours does not.`;
}
