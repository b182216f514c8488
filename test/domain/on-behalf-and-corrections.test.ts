// Issue 13 in the domain core: ballots recorded on a partner's behalf count under the same rules and give way
// to the partner's own vote; a secret vote hides its count only while open; a corrected outcome must follow
// from the corrected counts under the group's rules.
import { describe, expect, it } from 'vitest';
import { canRecordOnBehalf, countsHidden, meetingDateProblem, onBehalfPhrase } from '../../src/domain/vote-lifecycle.ts';
import { type BallotInput, type VotingRules, buildVotingRoll, checkCorrectedOutcome, tallyVotes } from '../../src/domain/voting.ts';

const roll = buildVotingRoll(
  [
    { id: 'police', name: 'Wexbury Police', isStatutory: true },
    { id: 'council', name: 'Wexbury Council', isStatutory: true },
    { id: 'fire', name: 'Wexbury Fire', isStatutory: true },
    { id: 'health', name: 'Wexbury Health', isStatutory: true },
  ],
  [
    { personId: 'chair', role: 'CHAIR', organisationId: null },
    { personId: 'pam', role: 'REPRESENTATIVE', organisationId: 'police' },
    { personId: 'pete', role: 'DEPUTY', organisationId: 'police' },
    { personId: 'cora', role: 'REPRESENTATIVE', organisationId: 'council' },
    { personId: 'fin', role: 'REPRESENTATIVE', organisationId: 'fire' },
    { personId: 'hal', role: 'REPRESENTATIVE', organisationId: 'health' },
  ],
);
const simple: VotingRules = { quorum: 3, majorityRule: 'SIMPLE', chairHasCastingVote: true };
const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute));

function ballot(personId: string, choice: BallotInput['choice'], minute: number, onBehalf = false): BallotInput {
  return { personId, choice, castAt: at(minute), onBehalf };
}

describe('ballots recorded on behalf', () => {
  it('count like the partner’s own under the quorum and majority rules', () => {
    const tally = tallyVotes({ roll, rules: simple, declarations: [], ballots: [ballot('pam', 'FOR', 1, true), ballot('cora', 'FOR', 1, true), ballot('fin', 'AGAINST', 1, true)] });
    expect(tally).toMatchObject({ quorate: true, forCount: 2, againstCount: 1, outcome: 'CARRIED' });
    expect(tally.organisations.find((o) => o.organisationId === 'police')?.ballot).toMatchObject({ personId: 'pam', onBehalf: true });
  });

  it('give way to the partner’s own later vote, even the deputy’s over the representative recorded at the meeting', () => {
    const tally = tallyVotes({ roll, rules: simple, declarations: [], ballots: [ballot('pam', 'AGAINST', 1, true), ballot('pete', 'FOR', 5)] });
    const police = tally.organisations.find((o) => o.organisationId === 'police');
    expect(police?.ballot).toMatchObject({ personId: 'pete', onBehalf: false, choice: 'FOR' });
    expect(police?.overriddenDeputyBallot).toBeNull();
    expect(tally.ignoredBallots).toEqual([expect.objectContaining({ personId: 'pam', reason: 'SUPERSEDED_BY_OWN_VOTE' })]);
  });

  it('keep the representative over the deputy when both are recorded on behalf', () => {
    const tally = tallyVotes({ roll, rules: simple, declarations: [], ballots: [ballot('pam', 'AGAINST', 1, true), ballot('pete', 'FOR', 2, true)] });
    expect(tally.organisations.find((o) => o.organisationId === 'police')?.ballot).toMatchObject({ personId: 'pam', choice: 'AGAINST' });
  });

  it('leave a tie to the chair’s casting vote', () => {
    const ballots = [ballot('pam', 'FOR', 1, true), ballot('cora', 'AGAINST', 1, true), ballot('fin', 'ABSTAIN', 1, true)];
    expect(tallyVotes({ roll, rules: simple, declarations: [], ballots }).outcome).toBe('AWAITING_CASTING_VOTE');
    expect(tallyVotes({ roll, rules: simple, declarations: [], ballots, castingVote: 'AGAINST' }).outcome).toBe('LOST');
  });

  it('are described by who recorded them, how and when', () => {
    expect(onBehalfPhrase({ byName: 'Sue Clerk', via: 'MEETING', on: '2026-12-03' })).toBe('recorded on behalf by Sue Clerk at the meeting of 3 Dec 2026');
    expect(onBehalfPhrase({ byName: 'Sue Clerk', via: 'PHONE', on: '2026-12-04' })).toBe('recorded on behalf by Sue Clerk by phone on 4 Dec 2026');
    expect(onBehalfPhrase({ byName: 'Sue Clerk', via: 'EMAIL', on: '2026-12-04' })).toBe('recorded on behalf by Sue Clerk by email on 4 Dec 2026');
  });

  it('are recorded only by the chair or the secretariat, for a date already past', () => {
    expect(canRecordOnBehalf(['SECRETARIAT'])).toBe(true);
    expect(canRecordOnBehalf(['CHAIR'])).toBe(true);
    expect(canRecordOnBehalf(['VICE_CHAIR', 'REPRESENTATIVE'])).toBe(false);
    expect(meetingDateProblem('2026-12-03', '2026-12-03', '2026-12-01')).toBeNull();
    expect(meetingDateProblem('2026-12-04', '2026-12-03', '2026-12-01')).toContain('cannot be in the future');
    expect(meetingDateProblem('2026-08-01', '2026-12-03', '2026-12-01')).toContain('more than 60 days before');
  });
});

describe('a secret tally', () => {
  it('is hidden only while the vote is open', () => {
    expect(countsHidden({ secretTally: true, status: 'OPEN' })).toBe(true);
    expect(countsHidden({ secretTally: true, status: 'CLOSED' })).toBe(false);
    expect(countsHidden({ secretTally: true, status: 'AWAITING_CASTING_VOTE' })).toBe(false);
    expect(countsHidden({ secretTally: false, status: 'OPEN' })).toBe(false);
  });
});

describe('a corrected outcome', () => {
  it('must follow from the corrected counts', () => {
    const check = checkCorrectedOutcome({ quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true }, { forCount: 1, againstCount: 3, abstainCount: 0 }, 'CARRIED');
    expect(check).toMatchObject({ consistent: false, expected: ['LOST'], presentCount: 4, quorate: true });
    if (!check.consistent) expect(check.explanation).toBe('With 1 for, 3 against and 0 abstentions, under simple majority the vote was lost; it cannot be recorded as carried. Correct the counts, or give the reason the outcome is set otherwise (for example a legal ruling) as an override.');
    expect(checkCorrectedOutcome({ quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true }, { forCount: 1, againstCount: 3, abstainCount: 0 }, 'LOST')).toMatchObject({ consistent: true, castingVote: null });
  });

  it('is no decision when the counts are below the quorum', () => {
    const rules: VotingRules = { quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true };
    expect(checkCorrectedOutcome(rules, { forCount: 2, againstCount: 0, abstainCount: 1 }, 'NO_DECISION_INQUORATE')).toMatchObject({ consistent: true });
    const carried = checkCorrectedOutcome(rules, { forCount: 2, againstCount: 0, abstainCount: 1 }, 'CARRIED');
    expect(carried.consistent).toBe(false);
    if (!carried.consistent) expect(carried.explanation).toContain('3 partners present is below the quorum of 4');
  });

  it('follows the group’s majority rule and the casting vote on a tie', () => {
    const twoThirds: VotingRules = { quorum: 3, majorityRule: 'TWO_THIRDS', chairHasCastingVote: false };
    expect(checkCorrectedOutcome(twoThirds, { forCount: 3, againstCount: 2, abstainCount: 0 }, 'CARRIED').consistent).toBe(false);
    expect(checkCorrectedOutcome(twoThirds, { forCount: 4, againstCount: 2, abstainCount: 0 }, 'CARRIED').consistent).toBe(true);
    const tie = { forCount: 2, againstCount: 2, abstainCount: 0 };
    expect(checkCorrectedOutcome({ quorum: 3, majorityRule: 'SIMPLE', chairHasCastingVote: true }, tie, 'CARRIED')).toMatchObject({ consistent: true, castingVote: 'FOR' });
    expect(checkCorrectedOutcome({ quorum: 3, majorityRule: 'SIMPLE', chairHasCastingVote: true }, tie, 'LOST')).toMatchObject({ consistent: true, castingVote: 'AGAINST' });
    expect(checkCorrectedOutcome({ quorum: 3, majorityRule: 'SIMPLE', chairHasCastingVote: false }, tie, 'CARRIED').consistent).toBe(false);
  });
});
