// Hallmark items past their review date, for the weekly reminder round. They are not sent on their own: the
// reminder job folds each owner's items into the same message as their actions (hallmarkReviewSection).
import type { DbClient } from '../../db/client.ts';
import { findPartnershipTimeZone, loadChecklist } from '../../db/hallmark-store.ts';
import { isOverdueForReview, latestAssessments } from '../../domain/hallmark-checklist.ts';
import { dateOnlyIn } from '../identity.ts';
import type { DueForReviewLine } from './hallmark-views.ts';

export { hallmarkReviewSection } from './hallmark-views.ts';

export interface DueForReviewItem extends DueForReviewLine {
  /** Who the reminder goes to; null when the item has no owner yet. */
  readonly ownerId: string | null;
  readonly ownerName: string | null;
}

/**
 * The partnership's items in force whose current assessment's review date is before today (in the
 * partnership's time zone), oldest review date first. A fixed handful of queries whatever the checklist's
 * size; an unknown partnership has none.
 */
export async function hallmarkItemsDueForReview(db: DbClient, partnershipId: string, now: Date): Promise<DueForReviewItem[]> {
  const timeZone = await findPartnershipTimeZone(db, partnershipId);
  if (timeZone === null) return [];
  const today = dateOnlyIn(now, timeZone);
  const checklist = await loadChecklist(db, partnershipId);
  const current = latestAssessments(checklist.history);
  const due: DueForReviewItem[] = [];
  for (const item of checklist.items) {
    const assessment = current.get(item.id);
    if (!assessment?.reviewDate || !isOverdueForReview(assessment, today)) continue;
    due.push({
      itemId: item.id,
      key: item.key,
      text: item.text,
      stage: item.stage,
      reviewDate: assessment.reviewDate,
      assessment,
      ownerId: item.ownerId,
      ownerName: item.ownerName,
    });
  }
  return due.sort((a, b) => a.reviewDate.getTime() - b.reviewDate.getTime() || a.key.localeCompare(b.key));
}

/** Due items by owner, for folding into each owner's reminder; items without an owner are left out. */
export function dueForReviewByOwner(items: readonly DueForReviewItem[]): Map<string, DueForReviewItem[]> {
  const byOwner = new Map<string, DueForReviewItem[]>();
  for (const item of items) {
    if (item.ownerId === null) continue;
    const list = byOwner.get(item.ownerId) ?? [];
    list.push(item);
    byOwner.set(item.ownerId, list);
  }
  return byOwner;
}
