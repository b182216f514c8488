// A decision log of our own for the export tests: Safer Testford's board and its reducing-reoffending group,
// with a carried decision (a declared interest and a vote the secretariat recorded on a partner's behalf by
// phone), a tie settled by the chair's casting vote whose title would run as a spreadsheet formula, an
// inquorate vote in the other group, and a correction of the first decision made through the real store.
import type { Prisma, PrismaClient } from '../../src/db/generated/client.ts';
import { createDecisionCorrection } from '../../src/db/decision-store.ts';

export interface SeededLog {
  readonly boardId: string;
  readonly rapId: string;
  /** The member who is in no group any more (ended membership): refused exports. */
  readonly formerMemberId: string;
}

function organisationVote(organisation: string, counted: 'FOR' | 'AGAINST' | 'ABSTAIN' | null, voter: string | null, role = 'REPRESENTATIVE', declaredInterest = false) {
  return {
    organisationId: `org-${organisation}`,
    organisation,
    counted,
    declaredInterest,
    votedBy: voter ? { personId: `person-${voter}`, name: voter, role } : null,
    deputyNotCounted: null,
    hasVoter: true,
  };
}

function personVote(name: string, choice: 'FOR' | 'AGAINST' | 'ABSTAIN', extra: Record<string, unknown> = {}) {
  return { personId: `person-${name}`, name, choice, castAt: '2026-02-10T10:00:00.000Z', changes: 0, counted: true, note: null, ...extra };
}

function tally(options: { forCount: number; againstCount: number; abstainCount: number; presentCount: number; quorate: boolean; organisations: Prisma.InputJsonValue[]; people: Prisma.InputJsonValue[]; castingVote?: 'FOR' | 'AGAINST'; castingVoteBy?: string }) {
  return {
    summary: `${options.forCount} for, ${options.againstCount} against`,
    rules: { quorum: 3, majority: 'SIMPLE', chairHasCastingVote: true },
    statutoryPartnerCount: 4,
    votingPartnerCount: 4,
    presentCount: options.presentCount,
    quorate: options.quorate,
    forCount: options.forCount,
    againstCount: options.againstCount,
    abstainCount: options.abstainCount,
    organisations: options.organisations,
    people: options.people,
    trigger: options.castingVote ? 'CASTING_VOTE' : 'DEADLINE',
    closedBy: null,
    castingVote: options.castingVote ?? null,
    castingVoteBy: options.castingVoteBy ? { personId: `person-${options.castingVoteBy}`, name: options.castingVoteBy } : null,
  };
}

export async function seedDecisionLog(prisma: PrismaClient, partnershipId: string): Promise<SeededLog> {
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const rap = await prisma.group.create({ data: { partnershipId, key: 'rap', name: 'Reducing Reoffending Group', kind: 'THEMATIC_GROUP' } });
  const former = await prisma.person.create({ data: { partnershipId, key: 'flo', name: 'Flo Former', email: 'flo.former@testford.gov.uk' } });
  await prisma.membership.create({ data: { groupId: rap.id, personId: former.id, role: 'MEMBER', endsOn: new Date('2025-12-31T00:00:00Z') } });

  const base = { partnershipId, proposedByName: 'Sue Secretariat', quorumRequired: 3 };
  await prisma.decision.create({
    data: {
      ...base,
      number: 1,
      groupId: board.id,
      decidedAt: new Date('2026-02-10T17:00:00Z'),
      title: 'Adopt the 2026/27 partnership plan',
      motion: 'That the board adopts the partnership plan 2026/27 as circulated, with £12,000 for "Safer Streets".',
      outcome: 'CARRIED',
      quorate: true,
      presentCount: 4,
      forCount: 2,
      againstCount: 1,
      abstainCount: 1,
      tally: tally({
        forCount: 2,
        againstCount: 1,
        abstainCount: 1,
        presentCount: 4,
        quorate: true,
        organisations: [
          organisationVote('Testford Borough Council', 'FOR', 'Bea Council'),
          organisationVote('Testford Fire and Rescue', 'AGAINST', 'Cal Fire', 'DEPUTY'),
          organisationVote('Testford Health', 'FOR', 'Dee Health'),
          organisationVote('Testford Probation Service', 'ABSTAIN', null, 'REPRESENTATIVE', true),
        ],
        people: [
          personVote('Bea Council', 'FOR'),
          personVote('Cal Fire', 'AGAINST'),
          personVote('Dee Health', 'FOR', { organisation: 'Testford Health', recorded: { byName: 'Sue Secretariat', via: 'PHONE', on: '2026-02-09' } }),
        ],
      }),
      declarations: [
        { personId: 'person-eve', name: 'Eve Probation', organisationId: 'org-probation', organisation: 'Testford Probation Service', text: 'Our service delivers the plan\'s programme', declaredAt: '2026-02-09T09:00:00.000Z', counted: true },
      ],
    },
  });
  await prisma.decision.create({
    data: {
      ...base,
      number: 2,
      groupId: board.id,
      decidedAt: new Date('2026-03-05T12:00:00Z'),
      title: '=HYPERLINK("http://evil.example","Fund CCTV")',
      motion: '+ That the board funds two CCTV cameras.',
      outcome: 'CARRIED',
      quorate: true,
      presentCount: 4,
      forCount: 2,
      againstCount: 2,
      abstainCount: 0,
      castingVote: 'FOR',
      tally: tally({
        forCount: 2,
        againstCount: 2,
        abstainCount: 0,
        presentCount: 4,
        quorate: true,
        castingVote: 'FOR',
        castingVoteBy: 'Pat Police',
        organisations: [
          organisationVote('Testford Borough Council', 'FOR', 'Bea Council'),
          organisationVote('Testford Fire and Rescue', 'AGAINST', 'Cal Fire'),
          organisationVote('Testford Health', 'AGAINST', 'Dee Health'),
          organisationVote('Testford Probation Service', 'FOR', 'Eve Probation'),
        ],
        people: [personVote('Bea Council', 'FOR'), personVote('Cal Fire', 'AGAINST'), personVote('Dee Health', 'AGAINST'), personVote('Eve Probation', 'FOR')],
      }),
      declarations: [],
    },
  });
  await prisma.decision.create({
    data: {
      ...base,
      number: 3,
      groupId: rap.id,
      decidedAt: new Date('2026-03-20T12:00:00Z'),
      title: 'Commission a mentoring scheme',
      motion: 'That the group commissions a mentoring scheme for prison leavers.',
      outcome: 'NO_DECISION_INQUORATE',
      quorate: false,
      presentCount: 1,
      forCount: 1,
      againstCount: 0,
      abstainCount: 0,
      tally: tally({
        forCount: 1,
        againstCount: 0,
        abstainCount: 0,
        presentCount: 1,
        quorate: false,
        organisations: [organisationVote('Testford Probation Service', 'FOR', 'Eve Probation'), organisationVote('Testford Health', null, null)],
        people: [personVote('Eve Probation', 'FOR')],
      }),
      declarations: [],
    },
  });
  const correction = await createDecisionCorrection(prisma, {
    partnershipId,
    correctsNumber: 1,
    outcome: 'CARRIED',
    quorate: true,
    presentCount: 4,
    forCount: 3,
    againstCount: 0,
    abstainCount: 1,
    castingVote: null,
    reason: 'Fire\'s vote was for, as the minutes of 10 Feb record',
    outcomeOverrideReason: null,
    recordedByName: 'Sue Secretariat',
    now: new Date('2026-04-02T09:00:00Z'),
  });
  if (correction.kind !== 'created') throw new Error(`The correction was not recorded: ${correction.kind}`);
  return { boardId: board.id, rapId: rap.id, formerMemberId: former.id };
}
