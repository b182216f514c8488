import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  type BallotChoice,
  type BallotInput,
  type DeclarationInput,
  type MembershipInput,
  type VotingRoll,
  type VotingRules,
  buildVotingRoll,
  canCastCastingVote,
  canVote,
  tallyVotes,
} from '../../src/domain/voting.ts';

// The Safer Norwich RAP of Appendix A: seven statutory partners (Norfolk County Council has no named
// representative), and SNP-only members whose organisations have no vote.
const organisations = [
  { id: 'probation', name: 'Norfolk Probationary Area', isStatutory: true },
  { id: 'police', name: 'Norfolk Constabulary', isStatutory: true },
  { id: 'fire', name: 'Norfolk Fire and Rescue Service', isStatutory: true },
  { id: 'city', name: 'Norwich City Council', isStatutory: true },
  { id: 'police-authority', name: 'Norfolk Police Authority', isStatutory: true },
  { id: 'pct', name: 'Norfolk Primary Care Trust', isStatutory: true },
  { id: 'county', name: 'Norfolk County Council', isStatutory: true },
  { id: 'yot', name: 'Norfolk Youth Offending Team', isStatutory: false },
  { id: 'go-east', name: 'GO East safer communities team', isStatutory: false },
];

const memberships: MembershipInput[] = [
  { personId: 'judith-blackman', role: 'REPRESENTATIVE', organisationId: 'probation' },
  { personId: 'nick-dean', role: 'REPRESENTATIVE', organisationId: 'police' },
  { personId: 'nick-dean', role: 'CHAIR', organisationId: null },
  { personId: 'police-deputy', role: 'DEPUTY', organisationId: 'police' },
  { personId: 'richard-herrell', role: 'REPRESENTATIVE', organisationId: 'fire' },
  { personId: 'laura-mcgillivray', role: 'REPRESENTATIVE', organisationId: 'city' },
  { personId: 'laura-mcgillivray', role: 'VICE_CHAIR', organisationId: null },
  { personId: 'jenny-mckibben', role: 'REPRESENTATIVE', organisationId: 'police-authority' },
  { personId: 'richard-price', role: 'REPRESENTATIVE', organisationId: 'pct' },
  { personId: 'simon-arthur', role: 'REPRESENTATIVE', organisationId: 'yot' },
  { personId: 'gavin-tempest', role: 'DEPUTY', organisationId: 'yot' },
  { personId: 'bert-bremner', role: 'MEMBER', organisationId: 'city' },
  { personId: 'karen-hillen', role: 'MEMBER', organisationId: 'go-east' },
  { personId: 'secretariat', role: 'SECRETARIAT', organisationId: 'city' },
];

const roll: VotingRoll = buildVotingRoll(organisations, memberships);
const norwichRules: VotingRules = { quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true };

let minute = 0;
function ballot(personId: string, choice: BallotChoice, extra: Partial<BallotInput> = {}): BallotInput {
  minute += 1;
  return { personId, choice, castAt: new Date(Date.UTC(2026, 10, 23, 10, minute)), ...extra };
}

function tally(ballots: BallotInput[], options: { rules?: Partial<VotingRules>; declarations?: DeclarationInput[]; castingVote?: 'FOR' | 'AGAINST' | null } = {}) {
  return tallyVotes({
    roll,
    ballots,
    declarations: options.declarations ?? [],
    rules: { ...norwichRules, ...options.rules },
    castingVote: options.castingVote ?? null,
  });
}

describe('buildVotingRoll', () => {
  it('keeps representatives and deputies who stand for an organisation, and the chair', () => {
    expect(roll.chairPersonId).toBe('nick-dean');
    expect(roll.members).toHaveLength(9);
    expect(roll.members.map((m) => m.personId)).not.toContain('bert-bremner');
    expect(roll.members.map((m) => m.personId)).not.toContain('secretariat');
    expect(roll.members).toContainEqual({ personId: 'police-deputy', organisationId: 'police', role: 'DEPUTY' });
  });

  it('falls back to the vice-chair when the group has no chair', () => {
    const withoutChair = buildVotingRoll(organisations, memberships.filter((m) => m.role !== 'CHAIR'));
    expect(withoutChair.chairPersonId).toBe('laura-mcgillivray');
    expect(buildVotingRoll(organisations, []).chairPersonId).toBeNull();
  });
});

describe('quorum', () => {
  it('is inquorate when only 3 of 7 partners vote with a quorum of 4, even if all are for', () => {
    const result = tally([ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'FOR'), ballot('richard-herrell', 'FOR')]);
    expect(result.statutoryPartnerCount).toBe(7);
    expect(result.presentCount).toBe(3);
    expect(result.quorate).toBe(false);
    expect(result.stillNeededForQuorum).toBe(1);
    expect(result.outcome).toBe('NO_DECISION_INQUORATE');
    expect(result.forCount).toBe(3);
    expect(result.summary).toMatch(/^No decision: not quorate/);
  });

  it('becomes quorate at exactly the quorum', () => {
    const result = tally([
      ballot('judith-blackman', 'FOR'),
      ballot('nick-dean', 'FOR'),
      ballot('richard-herrell', 'AGAINST'),
      ballot('laura-mcgillivray', 'ABSTAIN'),
    ]);
    expect(result.presentCount).toBe(4);
    expect(result.quorate).toBe(true);
    expect(result.stillNeededForQuorum).toBe(0);
    expect(result.outcome).toBe('CARRIED');
  });

  it('counts the quorum from configuration, not a fixed four', () => {
    const ballots = [ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'FOR'), ballot('richard-herrell', 'FOR')];
    expect(tally(ballots, { rules: { quorum: 3 } }).outcome).toBe('CARRIED');
    expect(tally(ballots, { rules: { quorum: 5 } }).stillNeededForQuorum).toBe(2);
  });

  it('ignores a casting vote given while inquorate and says why', () => {
    const result = tally([ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'AGAINST')], { castingVote: 'FOR' });
    expect(result.outcome).toBe('NO_DECISION_INQUORATE');
    expect(result.castingVote).toBeNull();
    expect(result.castingVoteIgnoredReason).toMatch(/not quorate/);
  });

  it('refuses a quorum that is not a positive whole number', () => {
    expect(() => tally([], { rules: { quorum: 0 } })).toThrow(ValidationError);
    expect(() => tally([], { rules: { quorum: 2.5 } })).toThrow(ValidationError);
  });
});

describe('a tie under a simple majority', () => {
  const twoAll = [
    ballot('judith-blackman', 'FOR'),
    ballot('nick-dean', 'FOR'),
    ballot('richard-herrell', 'AGAINST'),
    ballot('laura-mcgillivray', 'AGAINST'),
  ];

  it('waits for the chair when 4 present split 2–2', () => {
    const result = tally(twoAll);
    expect(result.quorate).toBe(true);
    expect(result.tie).toBe(true);
    expect(result.outcome).toBe('AWAITING_CASTING_VOTE');
    expect(result.summary).toMatch(/^Tied 2–2: waiting for the chair's casting vote/);
  });

  it('is decided by the casting vote', () => {
    const carried = tally(twoAll, { castingVote: 'FOR' });
    expect(carried.outcome).toBe('CARRIED');
    expect(carried.castingVote).toBe('FOR');
    expect(carried.forCount).toBe(2);
    expect(carried.summary).toMatch(/^Carried on the chair's casting vote \(for\)/);
    const lost = tally(twoAll, { castingVote: 'AGAINST' });
    expect(lost.outcome).toBe('LOST');
    expect(lost.castingVote).toBe('AGAINST');
  });

  it('is lost when the rules give the chair no casting vote', () => {
    const result = tally(twoAll, { rules: { chairHasCastingVote: false } });
    expect(result.tie).toBe(true);
    expect(result.outcome).toBe('LOST');
    const withCasting = tally(twoAll, { rules: { chairHasCastingVote: false }, castingVote: 'FOR' });
    expect(withCasting.outcome).toBe('LOST');
    expect(withCasting.castingVote).toBeNull();
    expect(withCasting.castingVoteIgnoredReason).toMatch(/no casting vote/);
  });

  it('ignores a casting vote once the tie is broken by a later ballot', () => {
    const result = tally([...twoAll, ballot('richard-price', 'FOR')], { castingVote: 'AGAINST' });
    expect(result.outcome).toBe('CARRIED');
    expect(result.castingVote).toBeNull();
    expect(result.castingVoteIgnoredReason).toMatch(/not tied/);
  });

  it('lets only the chair give the casting vote, and only while tied', () => {
    const waiting = tally(twoAll);
    expect(canCastCastingVote('nick-dean', roll, waiting)).toEqual({ allowed: true });
    expect(canCastCastingVote('judith-blackman', roll, waiting)).toMatchObject({ allowed: false, message: 'Only the chair can give the casting vote.' });
    expect(canCastCastingVote('nick-dean', roll, tally([...twoAll, ballot('richard-price', 'FOR')]))).toMatchObject({ allowed: false });
  });
});

describe('one vote per statutory partner', () => {
  it("counts the representative's vote when the deputy voted too, whichever came first", () => {
    const deputyFirst = tally([ballot('police-deputy', 'AGAINST'), ballot('nick-dean', 'FOR')]);
    const representativeFirst = tally([ballot('nick-dean', 'FOR'), ballot('police-deputy', 'AGAINST')]);
    for (const result of [deputyFirst, representativeFirst]) {
      const police = result.organisations.find((o) => o.organisationId === 'police');
      expect(police?.effectiveChoice).toBe('FOR');
      expect(police?.ballot?.personId).toBe('nick-dean');
      expect(police?.overriddenDeputyBallot).toMatchObject({ personId: 'police-deputy', choice: 'AGAINST' });
      expect(result.presentCount).toBe(1);
      expect(result.forCount).toBe(1);
      expect(result.againstCount).toBe(0);
      expect(result.ignoredBallots).toEqual([
        expect.objectContaining({ personId: 'police-deputy', organisationId: 'police', reason: 'SUPERSEDED_BY_REPRESENTATIVE', supersededBy: 'nick-dean' }),
      ]);
    }
  });

  it("counts the deputy's vote when the representative has not voted", () => {
    const result = tally([ballot('police-deputy', 'AGAINST')]);
    const police = result.organisations.find((o) => o.organisationId === 'police');
    expect(police?.effectiveChoice).toBe('AGAINST');
    expect(police?.ballot).toMatchObject({ personId: 'police-deputy', role: 'DEPUTY' });
    expect(police?.overriddenDeputyBallot).toBeNull();
    expect(result.ignoredBallots).toEqual([]);
  });

  it('counts only the latest of two ballots from the same voter', () => {
    const result = tally([ballot('nick-dean', 'FOR'), ballot('nick-dean', 'AGAINST')]);
    expect(result.forCount).toBe(0);
    expect(result.againstCount).toBe(1);
    expect(result.ignoredBallots).toEqual([expect.objectContaining({ choice: 'FOR', reason: 'SUPERSEDED_BY_LATER_BALLOT', supersededBy: 'nick-dean' })]);
  });
});

describe('ballots that change nothing', () => {
  const base = [ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'FOR'), ballot('richard-herrell', 'AGAINST')];

  it('records a non-statutory representative’s click without changing the count', () => {
    const without = tally(base);
    const withClick = tally([...base, ballot('simon-arthur', 'AGAINST'), ballot('gavin-tempest', 'AGAINST')]);
    expect(withClick.forCount).toBe(without.forCount);
    expect(withClick.againstCount).toBe(without.againstCount);
    expect(withClick.presentCount).toBe(3);
    expect(withClick.outcome).toBe('NO_DECISION_INQUORATE');
    expect(withClick.ignoredBallots.map((b) => [b.personId, b.reason])).toEqual([
      ['simon-arthur', 'ORGANISATION_NOT_STATUTORY'],
      ['gavin-tempest', 'ORGANISATION_NOT_STATUTORY'],
    ]);
    expect(withClick.ignoredBallots[0]?.message).toBe('Norfolk Youth Offending Team is not a statutory partner, so it takes part without a vote.');
  });

  it('records a vote from a member who is not a representative or deputy without counting it', () => {
    const result = tally([...base, ballot('bert-bremner', 'FOR'), ballot('stranger', 'FOR')]);
    expect(result.forCount).toBe(2);
    expect(result.ignoredBallots.map((b) => [b.personId, b.reason])).toEqual([
      ['bert-bremner', 'NOT_A_VOTING_MEMBER'],
      ['stranger', 'NOT_A_VOTING_MEMBER'],
    ]);
  });

  it('refuses a ballot recorded for an organisation the voter does not stand for', () => {
    const result = tally([ballot('nick-dean', 'FOR', { organisationId: 'fire' })]);
    expect(result.presentCount).toBe(0);
    expect(result.ignoredBallots[0]).toMatchObject({ reason: 'NOT_MEMBER_FOR_ORGANISATION', organisationId: 'fire' });
  });
});

describe('declarations of interest', () => {
  it('make the partner present but abstaining, even when its ballot is For', () => {
    const result = tally(
      [ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'FOR'), ballot('richard-herrell', 'AGAINST'), ballot('laura-mcgillivray', 'FOR')],
      { declarations: [{ personId: 'laura-mcgillivray' }] },
    );
    const city = result.organisations.find((o) => o.organisationId === 'city');
    expect(city).toMatchObject({ present: true, declaredInterest: true, effectiveChoice: 'ABSTAIN', declaredBy: ['laura-mcgillivray'] });
    expect(city?.ballot?.choice).toBe('FOR');
    expect(result.forCount).toBe(2);
    expect(result.againstCount).toBe(1);
    expect(result.abstainCount).toBe(1);
    expect(result.declaredCount).toBe(1);
    expect(result.presentCount).toBe(4);
    expect(result.outcome).toBe('CARRIED');
    expect(result.summary).toContain('1 partner declared an interest');
  });

  it('count towards the quorum without a ballot', () => {
    const result = tally([ballot('judith-blackman', 'FOR'), ballot('nick-dean', 'FOR'), ballot('richard-herrell', 'AGAINST')], {
      declarations: [{ personId: 'richard-price' }],
    });
    expect(result.presentCount).toBe(4);
    expect(result.votedCount).toBe(3);
    expect(result.quorate).toBe(true);
    expect(result.outcome).toBe('CARRIED');
  });

  it("bind the organisation: a deputy's declaration stops the representative's vote counting", () => {
    const result = tally([ballot('nick-dean', 'AGAINST')], { declarations: [{ personId: 'police-deputy' }] });
    expect(result.organisations.find((o) => o.organisationId === 'police')?.effectiveChoice).toBe('ABSTAIN');
    expect(result.againstCount).toBe(0);
  });

  it('by someone without a vote are recorded but change nothing', () => {
    const result = tally([ballot('nick-dean', 'FOR')], {
      declarations: [{ personId: 'bert-bremner', organisationId: 'city' }, { personId: 'simon-arthur' }],
    });
    expect(result.declaredCount).toBe(0);
    expect(result.forCount).toBe(1);
    expect(result.ignoredDeclarations.map((d) => [d.personId, d.reason])).toEqual([
      ['bert-bremner', 'NOT_A_VOTING_MEMBER'],
      ['simon-arthur', 'ORGANISATION_NOT_STATUTORY'],
    ]);
  });
});

describe('majority rules', () => {
  const six = ['judith-blackman', 'nick-dean', 'richard-herrell', 'laura-mcgillivray', 'jenny-mckibben', 'richard-price'];
  const cast = (...choices: BallotChoice[]) => choices.map((choice, index) => ballot(six[index] ?? 'nobody', choice));

  it('simple: more for than against carries; fewer loses; all abstaining loses', () => {
    expect(tally(cast('FOR', 'FOR', 'FOR', 'AGAINST', 'AGAINST')).outcome).toBe('CARRIED');
    expect(tally(cast('FOR', 'FOR', 'AGAINST', 'AGAINST', 'AGAINST')).outcome).toBe('LOST');
    const allAbstain = tally(cast('ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'));
    expect(allAbstain.tie).toBe(false);
    expect(allAbstain.outcome).toBe('LOST');
  });

  it('two-thirds: exactly two thirds of votes cast carries, abstentions do not count, ties are simply lost', () => {
    const rules = { majorityRule: 'TWO_THIRDS' as const };
    expect(tally(cast('FOR', 'FOR', 'FOR', 'FOR', 'AGAINST', 'AGAINST'), { rules }).outcome).toBe('CARRIED');
    expect(tally(cast('FOR', 'FOR', 'FOR', 'AGAINST', 'AGAINST'), { rules }).outcome).toBe('LOST');
    expect(tally(cast('FOR', 'FOR', 'AGAINST', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'), { rules }).outcome).toBe('CARRIED');
    expect(tally(cast('ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'), { rules }).outcome).toBe('LOST');
    const tied = tally(cast('FOR', 'FOR', 'AGAINST', 'AGAINST'), { rules, castingVote: 'FOR' });
    expect(tied.tie).toBe(false);
    expect(tied.outcome).toBe('LOST');
    expect(tied.castingVoteIgnoredReason).toMatch(/simple majority/);
    expect(tally(cast('FOR', 'FOR', 'FOR', 'FOR', 'AGAINST', 'AGAINST'), { rules }).summary).toContain('two-thirds majority');
  });

  it('unanimous: no vote against and at least one for; abstentions do not break it', () => {
    const rules = { majorityRule: 'UNANIMOUS' as const };
    expect(tally(cast('FOR', 'FOR', 'FOR', 'FOR', 'FOR', 'ABSTAIN'), { rules }).outcome).toBe('CARRIED');
    expect(tally(cast('FOR', 'FOR', 'FOR', 'FOR', 'FOR', 'AGAINST'), { rules }).outcome).toBe('LOST');
    expect(tally(cast('ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'), { rules }).outcome).toBe('LOST');
  });
});

describe('live tally', () => {
  it('lists who has not voted, partners with no voter, and says when everyone has voted', () => {
    const partial = tally([ballot('judith-blackman', 'FOR'), ballot('police-deputy', 'FOR')]);
    expect(partial.votingPartnerCount).toBe(6);
    expect(partial.notYetVoted.map((o) => o.organisationId)).toEqual(['fire', 'city', 'police-authority', 'pct']);
    expect(partial.partnersWithoutVoter).toEqual([{ organisationId: 'county', organisationName: 'Norfolk County Council' }]);
    expect(partial.everyPartnerHasVoted).toBe(false);
    expect(partial.organisations.map((o) => o.effectiveChoice)).toEqual(['FOR', 'FOR', null, null, null, null, null]);

    const complete = tally(
      [
        ballot('judith-blackman', 'FOR'),
        ballot('nick-dean', 'FOR'),
        ballot('richard-herrell', 'AGAINST'),
        ballot('laura-mcgillivray', 'ABSTAIN'),
        ballot('jenny-mckibben', 'FOR'),
      ],
      { declarations: [{ personId: 'richard-price' }] },
    );
    expect(complete.notYetVoted).toEqual([]);
    expect(complete.everyPartnerHasVoted).toBe(true);
    expect(complete.summary).toBe(
      'Carried (simple majority): 3 for, 1 against, 2 abstentions (1 partner declared an interest). 6 of 7 statutory partners took part; quorum 4.',
    );
  });
});

describe('canVote', () => {
  it('allows a representative or a deputy of a statutory partner', () => {
    expect(canVote('nick-dean', roll)).toEqual({ allowed: true, organisationId: 'police', organisationName: 'Norfolk Constabulary', role: 'REPRESENTATIVE' });
    expect(canVote('police-deputy', roll)).toMatchObject({ allowed: true, organisationId: 'police', role: 'DEPUTY' });
  });

  it('refuses everyone else with a reason', () => {
    expect(canVote('simon-arthur', roll)).toMatchObject({ allowed: false, reason: 'ORGANISATION_NOT_STATUTORY' });
    expect(canVote('bert-bremner', roll)).toMatchObject({ allowed: false, reason: 'NOT_A_VOTING_MEMBER' });
    expect(canVote('secretariat', roll)).toMatchObject({ allowed: false, reason: 'NOT_A_VOTING_MEMBER' });
    expect(canVote('nick-dean', roll, 'fire')).toMatchObject({ allowed: false, reason: 'NOT_MEMBER_FOR_ORGANISATION' });
    const orphan: VotingRoll = { ...roll, members: [{ personId: 'x', organisationId: 'gone', role: 'REPRESENTATIVE' }] };
    expect(canVote('x', orphan)).toMatchObject({ allowed: false, reason: 'UNKNOWN_ORGANISATION' });
  });

  it('asks which partner when a person is deputy for two, and picks the one they represent otherwise', () => {
    const twoDeputy: VotingRoll = {
      ...roll,
      members: [...roll.members, { personId: 'shared', organisationId: 'fire', role: 'DEPUTY' }, { personId: 'shared', organisationId: 'pct', role: 'DEPUTY' }],
    };
    expect(canVote('shared', twoDeputy)).toMatchObject({ allowed: false, reason: 'AMBIGUOUS_ORGANISATION' });
    expect(canVote('shared', twoDeputy, 'pct')).toMatchObject({ allowed: true, organisationId: 'pct', role: 'DEPUTY' });
    const representsOne: VotingRoll = { ...roll, members: [...roll.members, { personId: 'nick-dean', organisationId: 'fire', role: 'DEPUTY' }] };
    expect(canVote('nick-dean', representsOne)).toMatchObject({ allowed: true, organisationId: 'police', role: 'REPRESENTATIVE' });
  });
});
