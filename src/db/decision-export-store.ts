// What the decision-log exports (CSV and the board document) and the secretariat's audit view read.
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';

const exportSelect = {
  id: true,
  number: true,
  decidedAt: true,
  createdAt: true,
  title: true,
  motion: true,
  outcome: true,
  quorate: true,
  quorumRequired: true,
  presentCount: true,
  forCount: true,
  againstCount: true,
  abstainCount: true,
  castingVote: true,
  tally: true,
  declarations: true,
  proposedByName: true,
  correctionReason: true,
  recordedByName: true,
  proposalId: true,
  group: { select: { id: true, key: true, name: true } },
  corrects: { select: { number: true } },
  correctedBy: { select: { number: true } },
} satisfies Prisma.DecisionSelect;

export type DecisionExportRow = Prisma.DecisionGetPayload<{ select: typeof exportSelect }>;

export interface DecisionExportQuery {
  /** Only these groups; absent for all the partnership's groups. */
  readonly groupIds?: readonly string[];
  readonly since?: Date;
}

/** The decisions in log order (oldest first), as a board files them. */
export async function listDecisionsForExport(db: DbClient, partnershipId: string, query: DecisionExportQuery = {}): Promise<DecisionExportRow[]> {
  return db.decision.findMany({
    where: {
      partnershipId,
      ...(query.groupIds ? { groupId: { in: [...query.groupIds] } } : {}),
      ...(query.since ? { decidedAt: { gte: query.since } } : {}),
    },
    select: exportSelect,
    orderBy: { number: 'asc' },
  });
}

const auditSelect = {
  id: true,
  at: true,
  action: true,
  outcome: true,
  actorPlatform: true,
  actorUserId: true,
  subjectType: true,
  subjectId: true,
  reason: true,
  detail: true,
  actorPersonId: true,
} satisfies Prisma.AuditEventSelect;

export type AuditViewRow = Prisma.AuditEventGetPayload<{ select: typeof auditSelect }> & { actorName: string | null };

/**
 * The partnership's refusals and changes, newest first: everything refused or failed, and every allowed
 * event except plain reads (commands and list paging, whose action starts with `command.` or `action.page`).
 */
export async function listAuditEvents(
  db: DbClient,
  partnershipId: string,
  query: { since?: Date; take: number },
): Promise<{ rows: AuditViewRow[]; total: number }> {
  const where: Prisma.AuditEventWhereInput = {
    partnershipId,
    ...(query.since ? { at: { gte: query.since } } : {}),
    OR: [{ outcome: { in: ['REFUSED', 'FAILED'] } }, { NOT: [{ action: { startsWith: 'command.' } }, { action: { startsWith: 'action.page' } }] }],
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, select: auditSelect, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: query.take }),
    db.auditEvent.count({ where }),
  ]);
  const personIds = [...new Set(rows.flatMap((row) => (row.actorPersonId ? [row.actorPersonId] : [])))];
  const people = personIds.length === 0 ? [] : await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } });
  const names = new Map(people.map((person) => [person.id, person.name]));
  return { rows: rows.map((row) => ({ ...row, actorName: row.actorPersonId ? (names.get(row.actorPersonId) ?? null) : null })), total };
}

const partnershipSelect = { id: true, slug: true, name: true, timeZone: true } satisfies Prisma.PartnershipSelect;

/** The person a download link was given to, if they are still in that partnership. */
export async function findExportPerson(db: DbClient, partnershipId: string, personId: string) {
  return db.person.findFirst({ where: { id: personId, partnershipId }, select: { id: true, name: true, partnership: { select: partnershipSelect } } });
}

export async function findExportGroup(db: DbClient, partnershipId: string, groupId: string) {
  return db.group.findFirst({ where: { id: groupId, partnershipId }, select: { id: true, key: true, name: true } });
}

export async function findExportPartnerships(db: DbClient, slug?: string) {
  return db.partnership.findMany({ where: slug ? { slug } : {}, select: partnershipSelect, orderBy: { slug: 'asc' } });
}
