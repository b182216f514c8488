// Benchmarks print figures; they assert nothing. Each scenario gets a fresh migrated database
// (embedded PGlite in a temporary directory, or BENCH_DATABASE_URL) with a query counter attached.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/database.ts';

interface QueryCounter {
  readonly total: number;
  /** Runs `work` and reports how many SQL statements it sent and how long it took. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; queries: number; wallMs: number }>;
}

export interface BenchContext {
  database: Database;
  queries: QueryCounter;
  log(line: string): void;
}

type BenchFigures = Record<string, string | number>;

/** A scenario run against a fresh database in this process. */
export interface DatabaseBenchScenario {
  kind?: 'database';
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchFigures>;
}

/** A scenario that starts the service itself (in a child process, with its own database). */
export interface ProcessBenchScenario {
  kind: 'process';
  name: string;
  description: string;
  run(context: Pick<BenchContext, 'log'>): Promise<BenchFigures>;
}

export type BenchScenario = DatabaseBenchScenario | ProcessBenchScenario;

export function benchLog(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil(fraction * sortedValues.length) - 1));
  return sortedValues[index]!;
}

export function peakMemoryMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export async function withBenchDatabase<T>(work: (context: BenchContext) => Promise<T>): Promise<T> {
  let total = 0;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'csp-bench-'));
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    dataDir,
    onQuery: () => {
      total += 1;
    },
  });
  try {
    await database.migrate();
    const queries: QueryCounter = {
      get total() {
        return total;
      },
      async measure(run) {
        const before = total;
        const started = performance.now();
        const result = await run();
        return { result, queries: total - before, wallMs: Math.round((performance.now() - started) * 10) / 10 };
      },
    };
    return await work({ database, queries, log: benchLog });
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
