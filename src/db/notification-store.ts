// Notifications that could not be delivered: taking back those owed to someone who has since linked a chat
// account (so they get what is still due, once), and listing a week's undelivered ones for the secretariat.
import type { DbClient } from './client.ts';

/** The error recorded on a notification whose recipient had no chat account on any running platform. */
export const NO_CHAT_ACCOUNT_LINKED = 'no chat account linked';

/**
 * Of the notifications with these keys, claims again those never delivered because the recipient had no
 * chat account linked and who has one now. One conditional UPDATE: of two runs racing, one gets each row.
 */
export async function reclaimForNewlyLinked(db: DbClient, dedupeKeys: readonly string[]): Promise<Array<{ id: string; dedupeKey: string }>> {
  if (dedupeKeys.length === 0) return [];
  return db.notification.updateManyAndReturn({
    where: { dedupeKey: { in: [...dedupeKeys] }, sentAt: null, error: NO_CHAT_ACCOUNT_LINKED, recipient: { chatIdentities: { some: {} } } },
    data: { error: null },
    select: { id: true, dedupeKey: true },
  });
}
