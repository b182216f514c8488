/**
 * Every interactive control's id. The same string is the Slack `action_id` (or modal `callback_id`)
 * and the Teams `Action.Execute` verb, so one handler table serves both platforms.
 */
export const ACTION_IDS = {
  help: 'action.help.open',

  openUpdateForm: 'action.update.open',
  submitUpdateForm: 'action.update.submit',
  snoozeUpdateReminder: 'action.update.snooze',
  /** Shows one action with its history: the "Open" button wherever an action is named. */
  openAction: 'action.item.open',
  /** The chair's overdue summary in full, when the message had room for only some of it. */
  showOverdueActions: 'action.overdue.all',

  voteFor: 'action.vote.for',
  voteAgainst: 'action.vote.against',
  voteAbstain: 'action.vote.abstain',
  openProposal: 'action.vote.proposal.open',
  openDeclareInterestForm: 'action.vote.interest.open',
  submitDeclareInterestForm: 'action.vote.interest.submit',
  openProposeForm: 'action.vote.propose.open',
  submitProposeForm: 'action.vote.propose.submit',
  showVotes: 'action.vote.record.show',
  closeVote: 'action.vote.close',
  castingVoteFor: 'action.vote.casting.for',
  castingVoteAgainst: 'action.vote.casting.against',
  submitDecisionCorrection: 'action.vote.decision.correct.submit',
  /** Shows one decision of the log, for decisions whose vote thread cannot be linked to. */
  openDecision: 'action.vote.decision.open',
  openRecordVotesForm: 'action.vote.onbehalf.open',
  submitRecordVotesForm: 'action.vote.onbehalf.submit',

  openHallmarkItem: 'action.hallmark.item.open',
  editHallmarkItem: 'action.hallmark.item.edit',
  submitHallmarkItem: 'action.hallmark.item.submit',
  filterHallmarks: 'action.hallmark.filter',

  openDigestIndicator: 'action.digest.indicator.open',
  openDigestOverdueActions: 'action.digest.overdue.open',
  acknowledgeDigest: 'action.digest.acknowledge',
  openDigestDecisions: 'action.digest.decisions.open',

  openIndicatorList: 'action.kpi.list.open',
  openReadingForm: 'action.kpi.reading.open',
  submitReadingForm: 'action.kpi.reading.submit',

  pageNext: 'action.page.next',
  pagePrevious: 'action.page.prev',

  cancelForm: 'action.form.cancel',
  /** Teams: the "Open form" button on the reply to a typed command; its value is the command to run again. */
  openCommandForm: 'action.form.command.open',
} as const;

type ActionIdName = keyof typeof ACTION_IDS;
export type ActionId = (typeof ACTION_IDS)[ActionIdName];

const KNOWN_ACTION_IDS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

export function isActionId(candidate: unknown): candidate is ActionId {
  return typeof candidate === 'string' && KNOWN_ACTION_IDS.has(candidate);
}

/**
 * Buttons whose action answers with a form. Teams renders them as dialog launchers (Action.Submit with
 * `msteams.type: task/fetch`) so the form opens over the card, as a Slack modal does; a button that opens a
 * form but is missing here still works, its form arriving as a card in the person's personal chat.
 */
export const DIALOG_OPENERS: ReadonlySet<string> = new Set<ActionId>([
  ACTION_IDS.openUpdateForm,
  ACTION_IDS.openDeclareInterestForm,
  ACTION_IDS.openProposeForm,
  ACTION_IDS.editHallmarkItem,
  ACTION_IDS.openReadingForm,
  ACTION_IDS.openCommandForm,
  ACTION_IDS.openRecordVotesForm,
]);
