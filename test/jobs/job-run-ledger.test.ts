import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobRun, completeJobRun, failJobRun, findJobRuns } from '../../src/db/job-run-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const now = new Date('2026-11-23T09:00:00Z');

describe('job-run ledger', () => {
  it('lets exactly one of many concurrent claimants take a period', async () => {
    const key = { jobName: 'digest', scope: 'group-1', periodKey: '2026-W48' };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => claimJobRun(db.prisma, key, { owner: `replica-${index}`, now })),
    );
    expect(results.filter((result) => result.claimed)).toHaveLength(1);
    const rows = await findJobRuns(db.prisma, { jobName: 'digest', scope: 'group-1' });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('RUNNING');
  });

  it('refuses a period that already succeeded, even long after', async () => {
    const key = { jobName: 'reminders', scope: '*', periodKey: '2026-11-23' };
    const first = await claimJobRun(db.prisma, key, { owner: 'a', now });
    expect(first.claimed).toBe(true);
    if (!first.claimed) return;
    await completeJobRun(db.prisma, first.run.id, now, { sent: 3 });
    const later = new Date(now.getTime() + 24 * 3600_000);
    const again = await claimJobRun(db.prisma, key, { owner: 'b', now: later, retryFailed: true });
    expect(again.claimed).toBe(false);
    if (again.claimed) return;
    expect(again.existing.status).toBe('SUCCEEDED');
    expect(again.existing.result).toEqual({ sent: 3 });
  });

  it('takes over a run whose owner died (stale heartbeat), once', async () => {
    const key = { jobName: 'escalation', scope: 'p1', periodKey: '2026-11-23' };
    expect((await claimJobRun(db.prisma, key, { owner: 'dead', now })).claimed).toBe(true);
    const soon = new Date(now.getTime() + 60_000);
    expect((await claimJobRun(db.prisma, key, { owner: 'b', now: soon, staleAfterMs: 10 * 60_000 })).claimed).toBe(false);

    const later = new Date(now.getTime() + 30 * 60_000);
    const racers = await Promise.all(
      ['b', 'c', 'd'].map((owner) => claimJobRun(db.prisma, key, { owner, now: later, staleAfterMs: 10 * 60_000 })),
    );
    const winners = racers.filter((result) => result.claimed);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.claimed && winners[0].run.attempts).toBe(2);
  });

  it('retries a failed run only when asked, and records the error', async () => {
    const key = { jobName: 'digest', scope: 'group-2', periodKey: '2026-W48' };
    const first = await claimJobRun(db.prisma, key, { owner: 'a', now });
    if (!first.claimed) throw new Error('expected a claim');
    await failJobRun(db.prisma, first.run.id, now, 'HTTP 503 from Slack');
    const withoutRetry = await claimJobRun(db.prisma, key, { owner: 'a', now });
    expect(withoutRetry.claimed).toBe(false);
    if (!withoutRetry.claimed) expect(withoutRetry.existing.error).toBe('HTTP 503 from Slack');
    const retry = await claimJobRun(db.prisma, key, { owner: 'a', now, retryFailed: true });
    expect(retry.claimed).toBe(true);
    if (retry.claimed) expect(retry.run.error).toBeNull();
  });
});
