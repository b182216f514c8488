// The hallmarks checklist in the database: a partnership's items with their assessment history, when the
// summary card was last posted, and recording a new assessment. Each read is a fixed handful of queries
// whatever the checklist's size.
import type { AssessmentState, ChecklistItem } from '../domain/hallmark-checklist.ts';
import type { HallmarkStatusValue } from '../domain/hallmark-status.ts';
import type { DbClient } from './client.ts';
import type { Prisma } from './generated/client.ts';

const itemSelect = {
  id: true,
  key: true,
  stage: true,
  hallmark: true,
  kind: true,
  text: true,
  position: true,
  ownerId: true,
  retiredAt: true,
  owner: { select: { name: true } },
} satisfies Prisma.HallmarkItemSelect;

type ItemRow = Prisma.HallmarkItemGetPayload<{ select: typeof itemSelect }>;

const assessmentSelect = {
  itemId: true,
  status: true,
  rawStatus: true,
  needsReview: true,
  externalBody: true,
  notApplicableReason: true,
  agreedAction: true,
  evidence: true,
  evidenceLinks: true,
  reviewDate: true,
  assessedAt: true,
  source: true,
  assessedBy: { select: { name: true } },
} satisfies Prisma.HallmarkAssessmentSelect;

type AssessmentRow = Prisma.HallmarkAssessmentGetPayload<{ select: typeof assessmentSelect }>;

function toItem(row: ItemRow): ChecklistItem {
  return {
    id: row.id,
    key: row.key,
    stage: row.stage,
    hallmark: row.hallmark,
    kind: row.kind,
    text: row.text,
    position: row.position,
    ownerId: row.ownerId,
    ownerName: row.owner?.name ?? null,
  };
}

function toAssessment(row: AssessmentRow): AssessmentState {
  return {
    itemId: row.itemId,
    status: row.status,
    rawStatus: row.rawStatus,
    needsReview: row.needsReview,
    externalBody: row.externalBody,
    notApplicableReason: row.notApplicableReason,
    agreedAction: row.agreedAction,
    evidence: row.evidence,
    evidenceLinks: row.evidenceLinks,
    reviewDate: row.reviewDate,
    assessedAt: row.assessedAt,
    assessedByName: row.assessedBy?.name ?? null,
    source: row.source,
  };
}

export interface ChecklistState {
  /** Items in force (not retired), in checklist order. */
  readonly items: readonly ChecklistItem[];
  /** Every assessment of those items, newest first. */
  readonly history: readonly AssessmentState[];
}

/** The partnership's items in force and all their assessments, with owners' and assessors' names. */
export async function loadChecklist(db: DbClient, partnershipId: string): Promise<ChecklistState> {
  const [items, history] = await Promise.all([
    db.hallmarkItem.findMany({ where: { partnershipId, retiredAt: null }, select: itemSelect, orderBy: [{ position: 'asc' }, { key: 'asc' }] }),
    db.hallmarkAssessment.findMany({
      where: { item: { partnershipId, retiredAt: null } },
      select: assessmentSelect,
      orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }],
    }),
  ]);
  return { items: items.map(toItem), history: history.map(toAssessment) };
}

export interface ItemWithHistory {
  readonly item: ChecklistItem;
  readonly retired: boolean;
  /** Newest first. */
  readonly history: readonly AssessmentState[];
}

export async function findItemWithHistory(db: DbClient, partnershipId: string, itemId: string, historyLimit: number): Promise<ItemWithHistory | null> {
  const row = await db.hallmarkItem.findFirst({
    where: { id: itemId, partnershipId },
    select: { ...itemSelect, assessments: { select: assessmentSelect, orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }], take: historyLimit } },
  });
  if (!row) return null;
  return { item: toItem(row), retired: row.retiredAt !== null, history: row.assessments.map(toAssessment) };
}

/** When the summary card was last posted to a channel, or null if never. */
export async function findLastPosting(db: DbClient, partnershipId: string): Promise<Date | null> {
  const row = await db.hallmarkPosting.findFirst({ where: { partnershipId }, orderBy: { postedAt: 'desc' }, select: { postedAt: true } });
  return row?.postedAt ?? null;
}

export async function recordPosting(
  db: DbClient,
  posting: { partnershipId: string; platform: 'SLACK' | 'TEAMS'; channelId: string; postedAt: Date },
): Promise<void> {
  await db.hallmarkPosting.create({ data: posting });
}

export interface PersonOption {
  readonly id: string;
  readonly name: string;
}

/** The partnership's people by name, at most `limit` of them, and how many there are. */
export async function listPeopleForChoice(db: DbClient, partnershipId: string, limit: number): Promise<{ people: PersonOption[]; total: number }> {
  const [people, total] = await Promise.all([
    db.person.findMany({ where: { partnershipId }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { key: 'asc' }], take: limit }),
    db.person.count({ where: { partnershipId } }),
  ]);
  return { people, total };
}

export async function personInPartnership(db: DbClient, partnershipId: string, personId: string): Promise<boolean> {
  return (await db.person.count({ where: { id: personId, partnershipId } })) === 1;
}

export interface NewAssessment {
  readonly status: HallmarkStatusValue;
  readonly externalBody: string | null;
  readonly notApplicableReason: string | null;
  readonly agreedAction: string | null;
  readonly evidence: string | null;
  readonly evidenceLinks: readonly string[];
  readonly reviewDate: Date | null;
}

/**
 * Records a chat assessment as the item's new current state and, when `ownerId` is given, sets the item's
 * owner, together or not at all. Null when the item is not in force in the partnership.
 */
export async function recordAssessment(
  db: DbClient,
  change: { partnershipId: string; itemId: string; assessedById: string; assessedAt: Date; ownerId?: string | null; assessment: NewAssessment },
): Promise<AssessmentState | null> {
  return db.$transaction(async (tx) => {
    const item = await tx.hallmarkItem.findFirst({ where: { id: change.itemId, partnershipId: change.partnershipId, retiredAt: null }, select: { id: true, ownerId: true } });
    if (!item) return null;
    // The latest assessment is the item's state, so a new one must come strictly after every earlier one.
    const previous = await tx.hallmarkAssessment.findFirst({ where: { itemId: item.id }, orderBy: { assessedAt: 'desc' }, select: { assessedAt: true } });
    const assessedAt = previous && previous.assessedAt.getTime() >= change.assessedAt.getTime() ? new Date(previous.assessedAt.getTime() + 1) : change.assessedAt;
    if (change.ownerId !== undefined && change.ownerId !== item.ownerId) {
      await tx.hallmarkItem.update({ where: { id: item.id }, data: { ownerId: change.ownerId } });
    }
    const created = await tx.hallmarkAssessment.create({
      data: {
        itemId: item.id,
        ...change.assessment,
        evidenceLinks: [...change.assessment.evidenceLinks],
        rawStatus: null,
        needsReview: false,
        assessedById: change.assessedById,
        source: 'CHAT',
        assessedAt,
      },
      select: assessmentSelect,
    });
    return toAssessment(created);
  });
}

/** The partnership's time zone, or null when there is no such partnership. */
export async function findPartnershipTimeZone(db: DbClient, partnershipId: string): Promise<string | null> {
  const row = await db.partnership.findUnique({ where: { id: partnershipId }, select: { timeZone: true } });
  return row?.timeZone ?? null;
}
