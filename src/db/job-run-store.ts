// The ledger that makes scheduled work exactly-once: one row per (job, scope, period), claimed by a
// unique insert, so two replicas or a restarted process cannot both do the same period's work.
//
// A claim is a lease. With `leaseMs`, the heartbeat is written and judged by the DATABASE's clock (now()),
// not the process's: every replica and every restart compares against the same clock, so a live owner that
// refreshes its lease well inside `leaseMs` is never taken over, whatever the machines' clocks say, and a dead
// owner's claim is taken over as soon as its lease has run out (minutes, not a fixed quarter of an hour). A
// lease rather than a session-level advisory lock, because production uses a connection pool and PGlite a
// single shared connection: a session lock would need a connection held for each run.
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
  /** Judge and write the heartbeat by the database's clock, with this lease (overrides `staleAfterMs`). */
  leaseMs?: number;
  /** Whether a FAILED run may be claimed again (transient failures). */
  retryFailed?: boolean;
  maxAttempts?: number;
}

const DEFAULT_STALE_AFTER_MS = 15 * 60 * 1000;

/** The database server's clock: the one clock every replica shares. */
export async function databaseNow(prisma: PrismaClient): Promise<Date> {
  const rows = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  const value = rows[0]?.now;
  return value instanceof Date ? value : new Date(String(value));
}

export async function claimJobRun(prisma: PrismaClient, key: JobRunKey, options: ClaimOptions): Promise<ClaimResult> {
  const clock = options.leaseMs === undefined ? options.now : await databaseNow(prisma);
  const inserted = await prisma.jobRun.createMany({
    data: [{ ...key, owner: options.owner, late: options.late ?? false, startedAt: options.now, heartbeatAt: clock }],
    skipDuplicates: true,
  });
  const current = await prisma.jobRun.findUniqueOrThrow({ where: { jobName_scope_periodKey: key } });
  if (inserted.count === 1) return { claimed: true, run: current as JobRunRecord };

  const staleBefore = new Date(clock.getTime() - (options.leaseMs ?? options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
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
      heartbeatAt: clock,
      error: null,
    },
  });
  const after = await prisma.jobRun.findUniqueOrThrow({ where: { id: current.id } });
  return taken.count === 1 ? { claimed: true, run: after as JobRunRecord } : { claimed: false, existing: after as JobRunRecord };
}

export async function heartbeatJobRun(prisma: PrismaClient, id: string, now: Date): Promise<void> {
  await prisma.jobRun.update({ where: { id }, data: { heartbeatAt: now } });
}

/** Renews a lease taken with `leaseMs`: the heartbeat becomes the database's now(). */
export async function renewJobRunLease(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "JobRun" SET "heartbeatAt" = now() WHERE "id" = ${id}::uuid AND "status" = 'RUNNING'`;
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
