// A few hallmark items, with assessments as an import leaves them, for the end-to-end tests' partnership,
// and people to add to it: the adapters' test apps seed the partnership itself.
import type { PrismaClient } from '../../src/db/generated/client.ts';

const IMPORTED_AT = new Date('2026-01-05T09:00:00Z');

interface SeedItem {
  key: string;
  stage: string;
  hallmark: 'ENGAGED_COMMUNITIES' | 'INTELLIGENCE_LED_BUSINESS_PROCESSES' | null;
  kind: 'REQUIREMENT' | 'QUESTION';
  text: string;
  status: 'MET' | 'NOT_MET' | 'AWAITING_EXTERNAL' | null;
  rawStatus: string;
  externalBody?: string;
}

const CHECKLIST: readonly SeedItem[] = [
  {
    key: 'assess-q3',
    stage: 'Assess',
    hallmark: 'ENGAGED_COMMUNITIES',
    kind: 'QUESTION',
    text: 'Does all the information gathered through community consultation feed into your priority-setting activities?',
    status: 'NOT_MET',
    rawStatus: 'Not yet',
  },
  {
    key: 'governing-r1',
    stage: 'Governing Partnership Processes',
    hallmark: null,
    kind: 'REQUIREMENT',
    text: 'The strategy group will prepare information-sharing protocols and will govern the sharing of information between the responsible authorities',
    status: 'AWAITING_EXTERNAL',
    rawStatus: 'Awaits County ISA',
    externalBody: 'County group',
  },
  {
    key: 'plan-r1',
    stage: 'Plan for Action',
    hallmark: null,
    kind: 'REQUIREMENT',
    text: 'This plan has to be a three year plan',
    status: null,
    rawStatus: 'Noted',
  },
  {
    key: 'assess-q1',
    stage: 'Assess',
    hallmark: 'INTELLIGENCE_LED_BUSINESS_PROCESSES',
    kind: 'QUESTION',
    text: 'Do you share all the datasets in Appendix J on a quarterly basis in electronic form?',
    status: 'MET',
    rawStatus: 'Yes',
  },
];

/** Creates the items and their imported assessments; returns item ids by key. */
export async function seedChecklist(prisma: PrismaClient, partnershipId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [position, entry] of CHECKLIST.entries()) {
    const item = await prisma.hallmarkItem.create({
      data: { partnershipId, key: entry.key, stage: entry.stage, hallmark: entry.hallmark, kind: entry.kind, text: entry.text, position },
    });
    await prisma.hallmarkAssessment.create({
      data: {
        itemId: item.id,
        status: entry.status,
        rawStatus: entry.rawStatus,
        needsReview: entry.status === null,
        externalBody: entry.externalBody ?? null,
        source: 'IMPORT',
        assessedAt: IMPORTED_AT,
      },
    });
    ids.set(entry.key, item.id);
  }
  return ids;
}

/** A person with a role in the partnership's strategy board ("board" in both test apps). */
export async function addBoardPerson(
  prisma: PrismaClient,
  partnershipId: string,
  person: { key: string; name: string; email: string; role: 'CHAIR' | 'SECRETARIAT' | 'REPRESENTATIVE' | 'MEMBER' },
): Promise<string> {
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const created = await prisma.person.create({ data: { partnershipId, key: person.key, name: person.name, email: person.email } });
  await prisma.membership.create({ data: { groupId: board.id, personId: created.id, role: person.role } });
  return created.id;
}
