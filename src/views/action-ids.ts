/**
 * Every interactive control's id. The same string is the Slack `action_id` (or modal `callback_id`)
 * and the Teams `Action.Execute` verb, so one handler table serves both platforms.
 */
export const ACTION_IDS = {
  help: 'action.help.open',

  openUpdateForm: 'action.update.open',
  submitUpdateForm: 'action.update.submit',
  snoozeUpdateReminder: 'action.update.snooze',

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
} as const;

type ActionIdName = keyof typeof ACTION_IDS;
export type ActionId = (typeof ACTION_IDS)[ActionIdName];

const KNOWN_ACTION_IDS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

export function isActionId(candidate: unknown): candidate is ActionId {
  return typeof candidate === 'string' && KNOWN_ACTION_IDS.has(candidate);
}
