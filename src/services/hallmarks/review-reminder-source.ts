// The reminder job's "hallmark items to review" section (src/services/actions/reminder-message.ts): each
// owner's items past their review date, folded into the same direct message as their action updates.
// Each item is reminded at most once a week (the notification key carries the ISO week), so an item left
// overdue comes back in the next week's round, never more often. A review is the owner's own judgement, so
// nobody covers it: while the owner is away it waits, and comes on their first working day back.
import { weekKeyAt } from '../../domain/schedule.ts';
import { reminderDedupeKey, type ReminderItem, type ReminderSource } from '../actions/reminder-message.ts';
import { hallmarkItemsDueForReview, type DueForReviewItem } from './review-reminders.ts';
import { hallmarkReviewSection } from './hallmark-views.ts';

/** After the action updates (10). */
const HALLMARK_REVIEW_SECTION_ORDER = 20;

export const hallmarkReviewReminderSource: ReminderSource = {
  name: 'hallmark-reviews',
  async collect(db, partnership, now, absences) {
    const periodKey = weekKeyAt(now, partnership.timeZone);
    const due = await hallmarkItemsDueForReview(db, partnership.id, now);
    const byKey = new Map<string, DueForReviewItem>();
    const items: ReminderItem[] = [];
    for (const entry of due) {
      if (entry.ownerId === null || absences.absenceOf(entry.ownerId)) continue;
      const dedupeKey = reminderDedupeKey('HALLMARK_REVIEW_REMINDER', entry.itemId, entry.ownerId, periodKey);
      byKey.set(dedupeKey, entry);
      items.push({
        recipient: { id: entry.ownerId, name: entry.ownerName ?? '' },
        kind: 'HALLMARK_REVIEW_REMINDER',
        subjectId: entry.itemId,
        periodKey,
        dedupeKey,
      });
    }
    return {
      items,
      section(claimed) {
        const entries = claimed.map((item) => byKey.get(item.dedupeKey)).filter((entry): entry is DueForReviewItem => entry !== undefined);
        return {
          order: HALLMARK_REVIEW_SECTION_ORDER,
          blocks: hallmarkReviewSection(entries),
          summary: entries.length === 1 ? '1 hallmark item to review' : `${entries.length} hallmark items to review`,
        };
      },
    };
  },
};
