// The ledger that makes scheduled work exactly-once: one row per (job, scope, period), claimed by a
// unique insert, so two replicas or a restarted process cannot both do the same period's work.
import type { PrismaClient } from './generated/client.ts';
import { Prisma } from './generated/client.ts';

export interface JobRunKey {
  jobName: string;
  scope: string;
  periodKey: string;
}

export interface JobRunRecord extends JobRunKey {
  id: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  late: boolean;
  attempts: number;
  owner: string | null;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  result: unknown;
  error: string | null;
}

export type ClaimResult =
  | { claimed: true; run: JobRunRecord }
  | { claimed: false; existing: JobRunRecord };

export interface ClaimOptions {
  owner: string;
  now: Date;
  late?: boolean;
  /** A RUNNING claim whose heartbeat is older than this is taken to belong to a dead process. */
  staleAfterMs?: number;
  /** Whether a FAILED run may be claimed again (transient failures). */
  retryFailed?: boolean;
  maxAttempts?: number;
}

const DEFAULT_STALE_AFTER_MS = 15 * 60 * 1000;

export async function claimJobRun(prisma: PrismaClient, key: JobRunKey, options: ClaimOptions): Promise<ClaimResult> {
  const inserted = await prisma.jobRun.createMany({
    data: [{ ...key, owner: options.owner, late: options.late ?? false, startedAt: options.now, heartbeatAt: options.now }],
    skipDuplicates: true,
  });
  const current = await prisma.jobRun.findUniqueOrThrow({ where: { jobName_scope_periodKey: key } });
  if (inserted.count === 1) return { claimed: true, run: current as JobRunRecord };

  const staleBefore = new Date(options.now.getTime() - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
  const maxAttempts = options.maxAttempts ?? 5;
  const reclaimable: Prisma.JobRunWhereInput[] = [{ status: 'RUNNING', heartbeatAt: { lt: staleBefore } }];
  if (options.retryFailed) reclaimable.push({ status: 'FAILED' });

  // A conditional update is atomic: of two processes racing to take over the same stale run, one wins.
  const taken = await prisma.jobRun.updateMany({
    where: { id: current.id, heartbeatAt: current.heartbeatAt, attempts: { lt: maxAttempts }, OR: reclaimable },
    data: {
      status: 'RUNNING',
      owner: options.owner,
      attempts: { increment: 1 },
      heartbeatAt: options.now,
      error: null,
    },
  });
  const after = await prisma.jobRun.findUniqueOrThrow({ where: { id: current.id } });
  return taken.count === 1 ? { claimed: true, run: after as JobRunRecord } : { claimed: false, existing: after as JobRunRecord };
}

export async function heartbeatJobRun(prisma: PrismaClient, id: string, now: Date): Promise<void> {
  await prisma.jobRun.update({ where: { id }, data: { heartbeatAt: now } });
}

export async function completeJobRun(prisma: PrismaClient, id: string, now: Date, result?: Prisma.InputJsonValue): Promise<void> {
  await prisma.jobRun.update({
    where: { id },
    data: { status: 'SUCCEEDED', finishedAt: now, heartbeatAt: now, result: result ?? Prisma.DbNull, error: null },
  });
}

export async function failJobRun(prisma: PrismaClient, id: string, now: Date, error: string): Promise<void> {
  await prisma.jobRun.update({
    where: { id },
    data: { status: 'FAILED', finishedAt: now, heartbeatAt: now, error: error.slice(0, 4000) },
  });
}

export async function findJobRuns(
  prisma: PrismaClient,
  filter: { jobName?: string; scope?: string; limit?: number },
): Promise<JobRunRecord[]> {
  const rows = await prisma.jobRun.findMany({
    where: { jobName: filter.jobName, scope: filter.scope },
    orderBy: { startedAt: 'desc' },
    take: filter.limit ?? 50,
  });
  return rows as JobRunRecord[];
}
