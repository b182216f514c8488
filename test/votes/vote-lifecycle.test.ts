// The pure rules around a vote (src/domain/vote-lifecycle.ts), and the outcome rules of voting.ts checked
// once more in the words of the issue, for the cases the decision log depends on.
import { describe, expect, it } from 'vitest';
import {
  buildDecisionRecord,
  canOpenVote,
  canSeeVoteRecord,
  closeResultOf,
  closingTimeProblem,
  financeAmountProblem,
  isReminderDue,
  pairedBallotsFor,
  quorumRisk,
  reminderTime,
} from '../../src/domain/vote-lifecycle.ts';
import { type BallotChoice, type BallotInput, type VotingRules, buildVotingRoll, tallyVotes } from '../../src/domain/voting.ts';

const organisations = [
  { id: 'police', name: 'Norfolk Constabulary', isStatutory: true },
  { id: 'city', name: 'Norwich City Council', isStatutory: true },
  { id: 'county', name: 'Norfolk County Council', isStatutory: true },
  { id: 'fire', name: 'Norfolk Fire Authority', isStatutory: true },
  { id: 'pct', name: 'Norfolk Primary Care Trust', isStatutory: true },
  { id: 'probation', name: 'Norfolk Probation Area', isStatutory: true },
  { id: 'police-authority', name: 'Norfolk Police Authority', isStatutory: true },
  { id: 'yot', name: 'Norfolk Youth Offending Team', isStatutory: false },
];
const roll = buildVotingRoll(organisations, [
  { personId: 'helen', role: 'CHAIR', organisationId: null },
  { personId: 'helen', role: 'REPRESENTATIVE', organisationId: 'city' },
  { personId: 'sam', role: 'DEPUTY', organisationId: 'city' },
  { personId: 'daniel', role: 'REPRESENTATIVE', organisationId: 'police' },
  { personId: 'thomas', role: 'REPRESENTATIVE', organisationId: 'county' },
  { personId: 'owen', role: 'REPRESENTATIVE', organisationId: 'fire' },
  { personId: 'priya', role: 'REPRESENTATIVE', organisationId: 'pct' },
  { personId: 'gillian', role: 'REPRESENTATIVE', organisationId: 'probation' },
  { personId: 'margaret', role: 'REPRESENTATIVE', organisationId: 'police-authority' },
  { personId: 'marcus', role: 'REPRESENTATIVE', organisationId: 'yot' },
]);
const norwich: VotingRules = { quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

function tally(votes: [string, BallotChoice][], options: { rules?: Partial<VotingRules>; declarations?: string[]; casting?: 'FOR' | 'AGAINST' } = {}) {
  const ballots: BallotInput[] = votes.map(([personId, choice], index) => ({ personId, choice, castAt: at(index) }));
  return tallyVotes({
    roll,
    ballots,
    declarations: (options.declarations ?? []).map((personId) => ({ personId })),
    rules: { ...norwich, ...options.rules },
    castingVote: options.casting ?? null,
  });
}

describe('who may open a vote and see the record', () => {
  it('is the chair, vice-chair or secretariat of the group', () => {
    expect(canOpenVote(['SECRETARIAT'])).toBe(true);
    expect(canOpenVote(['VICE_CHAIR', 'REPRESENTATIVE'])).toBe(true);
    expect(canOpenVote(['REPRESENTATIVE', 'DEPUTY', 'MEMBER'])).toBe(false);
    expect(canSeeVoteRecord(['CHAIR'])).toBe(true);
    expect(canSeeVoteRecord(['REPRESENTATIVE'])).toBe(false);
  });
});

describe('closing time and amounts', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it('needs at least an hour and at most sixty days', () => {
    expect(closingTimeProblem(new Date('2026-11-23T10:59:00Z'), now)).toMatch(/at least 60 minutes/);
    expect(closingTimeProblem(new Date('2026-11-23T11:00:00Z'), now)).toBeNull();
    expect(closingTimeProblem(new Date('2027-01-22T10:00:00Z'), now)).toBeNull();
    expect(closingTimeProblem(new Date('2027-01-22T10:01:00Z'), now)).toMatch(/within 60 days/);
  });

  it('asks for an amount in pounds exactly when finance is committed', () => {
    expect(financeAmountProblem('FINANCE', null)).toMatch(/how much/);
    expect(financeAmountProblem('FINANCE', '12500.50')).toBeNull();
    expect(financeAmountProblem('FINANCE', '12.505')).toMatch(/in pounds/);
    expect(financeAmountProblem('FINANCE', '0')).toMatch(/more than £0/);
    expect(financeAmountProblem('NO_CONSENSUS', '10')).toMatch(/only when the decision commits finance/);
    expect(financeAmountProblem('CHAIR_DISCRETION', null)).toBeNull();
  });
});

describe('the reminder', () => {
  const opens = new Date('2026-11-23T10:00:00Z');
  const closes = new Date('2026-11-30T17:00:00Z');
  it('is due from 24 hours before closing until closing', () => {
    expect(reminderTime(opens, closes, 24)).toEqual(new Date('2026-11-29T17:00:00Z'));
    expect(isReminderDue(opens, closes, 24, new Date('2026-11-29T16:59:59Z'))).toBe(false);
    expect(isReminderDue(opens, closes, 24, new Date('2026-11-29T17:00:00Z'))).toBe(true);
    expect(isReminderDue(opens, closes, 24, closes)).toBe(false);
    expect(reminderTime(opens, closes, 48)).toEqual(new Date('2026-11-28T17:00:00Z'));
  });

  it('is not sent for a vote opened inside the window', () => {
    expect(reminderTime(new Date('2026-11-30T08:00:00Z'), closes, 24)).toBeNull();
    expect(isReminderDue(new Date('2026-11-30T08:00:00Z'), closes, 24, new Date('2026-11-30T09:00:00Z'))).toBe(false);
  });

  it('warns the chair while the quorum is not reached, and says when it cannot be', () => {
    expect(quorumRisk(tally([['helen', 'FOR']]))).toEqual({ atRisk: true, unreachable: false, stillNeeded: 3, stillToVote: 6 });
    expect(quorumRisk(tally([['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'FOR'], ['priya', 'AGAINST']])).atRisk).toBe(false);
    const small: VotingRules = { quorum: 8, majorityRule: 'SIMPLE', chairHasCastingVote: true };
    expect(quorumRisk(tally([['helen', 'FOR']], { rules: small })).unreachable).toBe(true);
  });
});

describe('the outcome rules, as the issue states them', () => {
  it('7 partners, quorum 4, only 3 vote: inquorate, recorded as no decision', () => {
    const result = tally([['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'FOR']]);
    expect(closeResultOf(result)).toEqual({ kind: 'decide', outcome: 'NO_DECISION_INQUORATE', castingVote: null });
  });

  it('4 present split 2–2: waits for the casting vote, which decides; without the rule, lost', () => {
    const votes: [string, BallotChoice][] = [['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'AGAINST'], ['priya', 'AGAINST']];
    expect(closeResultOf(tally(votes))).toEqual({ kind: 'awaitCastingVote' });
    expect(closeResultOf(tally(votes, { casting: 'FOR' }))).toEqual({ kind: 'decide', outcome: 'CARRIED', castingVote: 'FOR' });
    expect(closeResultOf(tally(votes, { casting: 'AGAINST' }))).toEqual({ kind: 'decide', outcome: 'LOST', castingVote: 'AGAINST' });
    expect(closeResultOf(tally(votes, { rules: { chairHasCastingVote: false } }))).toEqual({ kind: 'decide', outcome: 'LOST', castingVote: null });
  });

  it('a deputy and the representative of the same partner give one vote', () => {
    const result = tally([['sam', 'AGAINST'], ['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'AGAINST'], ['priya', 'FOR']]);
    expect(result.presentCount).toBe(4);
    expect([result.forCount, result.againstCount]).toEqual([3, 1]);
  });

  it('a declared interest is present but neither for nor against, under every rule', () => {
    const votes: [string, BallotChoice][] = [['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'FOR'], ['priya', 'AGAINST']];
    const simple = tally(votes, { declarations: ['priya'] });
    expect([simple.presentCount, simple.forCount, simple.againstCount, simple.abstainCount]).toEqual([4, 3, 0, 1]);
    expect(tally(votes, { declarations: ['priya'], rules: { majorityRule: 'UNANIMOUS' } }).outcome).toBe('CARRIED');
    expect(tally(votes, { rules: { majorityRule: 'UNANIMOUS' } }).outcome).toBe('LOST');
    expect(tally([['helen', 'FOR'], ['daniel', 'AGAINST'], ['owen', 'FOR']], { declarations: ['priya'], rules: { majorityRule: 'TWO_THIRDS' } }).outcome).toBe('CARRIED');
  });

  it('a click from a non-statutory partner changes nothing', () => {
    const without = tally([['helen', 'FOR'], ['daniel', 'AGAINST'], ['owen', 'FOR']]);
    const withClick = tally([['helen', 'FOR'], ['daniel', 'AGAINST'], ['owen', 'FOR'], ['marcus', 'AGAINST']]);
    expect([withClick.presentCount, withClick.forCount, withClick.againstCount, withClick.outcome]).toEqual([
      without.presentCount,
      without.forCount,
      without.againstCount,
      without.outcome,
    ]);
  });

  it('two-thirds and unanimity count only votes cast', () => {
    const rules = (majorityRule: VotingRules['majorityRule']) => ({ rules: { majorityRule } });
    const fourToTwo: [string, BallotChoice][] = [['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'FOR'], ['priya', 'FOR'], ['thomas', 'AGAINST'], ['gillian', 'AGAINST']];
    expect(tally(fourToTwo, rules('TWO_THIRDS')).outcome).toBe('CARRIED');
    expect(tally(fourToTwo.slice(1), rules('TWO_THIRDS')).outcome).toBe('LOST');
    expect(tally([['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'ABSTAIN'], ['priya', 'ABSTAIN']], rules('UNANIMOUS')).outcome).toBe('CARRIED');
  });
});

describe('the decision record', () => {
  it('keeps the count by organisation and by person, with names, declarations and how it closed', () => {
    const result = tally([['sam', 'AGAINST'], ['helen', 'FOR'], ['daniel', 'FOR'], ['owen', 'AGAINST'], ['priya', 'FOR'], ['marcus', 'FOR']], {
      declarations: ['priya'],
    });
    const people = new Map([
      ['helen', 'Helen Marsh'],
      ['sam', 'Sam Okafor'],
      ['daniel', 'Daniel Reeve'],
      ['owen', 'Owen Pritchard'],
      ['priya', 'Priya Raman'],
      ['marcus', 'Marcus Bell'],
    ]);
    const record = buildDecisionRecord({
      tally: result,
      ballots: [
        { personId: 'sam', choice: 'AGAINST', castAt: at(0), changes: 0 },
        { personId: 'helen', choice: 'FOR', castAt: at(1), changes: 2 },
        { personId: 'daniel', choice: 'FOR', castAt: at(2), changes: 0 },
        { personId: 'owen', choice: 'AGAINST', castAt: at(3), changes: 0 },
        { personId: 'priya', choice: 'FOR', castAt: at(4), changes: 0 },
        { personId: 'marcus', choice: 'FOR', castAt: at(5), changes: 0 },
      ],
      declarations: [{ personId: 'priya', organisationId: 'pct', text: 'Trustee of the charity', declaredAt: at(6) }],
      people,
      organisations: new Map(organisations.map((o) => [o.id, o.name])),
      trigger: 'CHAIR',
      closedBy: { personId: 'helen', name: 'Helen Marsh' },
      castingVoteBy: { personId: 'helen', name: 'Helen Marsh' },
    });
    const city = record.tally.organisations.find((o) => o.organisationId === 'city');
    expect(city).toMatchObject({ counted: 'FOR', votedBy: { name: 'Helen Marsh', role: 'REPRESENTATIVE' }, deputyNotCounted: { name: 'Sam Okafor', choice: 'AGAINST' } });
    expect(record.tally.organisations.find((o) => o.organisationId === 'pct')).toMatchObject({ counted: 'ABSTAIN', declaredInterest: true });
    expect(record.tally.organisations.find((o) => o.organisationId === 'county')).toMatchObject({ counted: null, votedBy: null, hasVoter: true });
    expect(record.tally.people.map((p) => [p.name, p.counted])).toEqual([
      ['Sam Okafor', false],
      ['Helen Marsh', true],
      ['Daniel Reeve', true],
      ['Owen Pritchard', true],
      ['Priya Raman', false],
      ['Marcus Bell', false],
    ]);
    expect(record.tally.people.find((p) => p.name === 'Helen Marsh')?.changes).toBe(2);
    expect(record.tally.people.find((p) => p.name === 'Marcus Bell')?.note).toMatch(/not a statutory partner/);
    expect(record.tally).toMatchObject({ trigger: 'CHAIR', closedBy: { name: 'Helen Marsh' }, castingVote: null, castingVoteBy: null, quorate: true, presentCount: 4 });
    expect(record.declarations).toEqual([
      { personId: 'priya', name: 'Priya Raman', organisationId: 'pct', organisation: 'Norfolk Primary Care Trust', text: 'Trustee of the charity', declaredAt: at(6).toISOString(), counted: true },
    ]);
  });

  it('names the representative and deputy whose ballots both stand for one partner', () => {
    const result = tally([['sam', 'AGAINST'], ['helen', 'FOR']]);
    const pair = { organisationId: 'city', organisationName: 'Norwich City Council', representativeId: 'helen', deputyId: 'sam' };
    expect(pairedBallotsFor(result, 'sam')).toEqual(pair);
    expect(pairedBallotsFor(result, 'helen')).toEqual(pair);
    expect(pairedBallotsFor(result, 'daniel')).toBeNull();
    expect(pairedBallotsFor(tally([['sam', 'AGAINST']]), 'sam')).toBeNull();
  });
});
