import type { PrismaClient } from './generated/client.ts';
import type { Prisma } from './generated/client.ts';

export interface AuditEntry {
  action: string;
  outcome: 'ALLOWED' | 'REFUSED' | 'FAILED';
  partnershipId?: string | null;
  actorPersonId?: string | null;
  actorPlatform?: 'SLACK' | 'TEAMS' | null;
  actorUserId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  reason?: string | null;
  detail?: Prisma.InputJsonValue;
  at?: Date;
}

type AuditWriter = Pick<PrismaClient, 'auditEvent'> | Prisma.TransactionClient;

/** The audit log is append-only: this module offers no update or delete. */
export async function recordAudit(prisma: AuditWriter, entry: AuditEntry): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      action: entry.action,
      outcome: entry.outcome,
      partnershipId: entry.partnershipId ?? null,
      actorPersonId: entry.actorPersonId ?? null,
      actorPlatform: entry.actorPlatform ?? null,
      actorUserId: entry.actorUserId ?? null,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail,
      at: entry.at,
    },
  });
}
