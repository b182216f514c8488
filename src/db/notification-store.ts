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

/** People of the partnership whose notifications created in [from, to) were never delivered, with why. */
export async function listUndeliveredNotifications(db: DbClient, partnershipId: string, from: Date, to: Date) {
  return db.notification.findMany({
    where: { sentAt: null, error: { not: null }, createdAt: { gte: from, lt: to }, recipient: { partnershipId } },
    select: {
      kind: true,
      subjectId: true,
      periodKey: true,
      error: true,
      recipient: { select: { id: true, key: true, name: true, email: true } },
    },
    orderBy: [{ createdAt: 'asc' }, { dedupeKey: 'asc' }],
  });
}

export type UndeliveredNotification = Awaited<ReturnType<typeof listUndeliveredNotifications>>[number];

/** What undelivered notifications were about: action refs and titles, proposal titles. */
export async function describeNotificationSubjects(db: DbClient, notifications: readonly Pick<UndeliveredNotification, 'kind' | 'subjectId'>[]) {
  const ids = (kinds: readonly string[]) => [...new Set(notifications.filter((row) => kinds.includes(row.kind)).map((row) => row.subjectId))];
  const actionIds = ids(['ACTION_UPDATE_REMINDER']);
  const proposalIds = ids(['VOTE_REMINDER', 'QUORUM_AT_RISK']);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [actions, proposals] = await Promise.all([
    db.action.findMany({ where: { id: { in: actionIds.filter((id) => uuid.test(id)) } }, select: { id: true, ref: true, title: true } }),
    db.proposal.findMany({ where: { id: { in: proposalIds.filter((id) => uuid.test(id)) } }, select: { id: true, title: true } }),
  ]);
  return {
    actions: new Map(actions.map((action) => [action.id, action])),
    proposals: new Map(proposals.map((proposal) => [proposal.id, proposal])),
  };
}
