// The start-up migration, run where its schema engine can be released afterwards: in a worker
// thread (migration-worker.ts) when running compiled JavaScript. The worker reaches the database
// over the wire protocol like any client (embedded PGlite is served by pglite-socket).
// From TypeScript sources (tests, tsx) a worker could not load the .ts module, so the migration
// runs in this thread there.
import { Worker } from 'node:worker_threads';
import type { MigrationWorkerInput } from './migration-worker.ts';

export async function applyStartupMigrations(input: MigrationWorkerInput): Promise<{ applied: string[] }> {
  const workerUrl = new URL(import.meta.url.endsWith('.js') ? './migration-worker.js' : './migration-worker.ts', import.meta.url);
  if (!workerUrl.pathname.endsWith('.js')) {
    const { applyMigrations } = await import('./migrations.ts');
    return applyMigrations(input);
  }
  const worker = new Worker(workerUrl, { workerData: input });
  try {
    return await new Promise<{ applied: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The migration worker exited (code ${code}) before it finished`)));
    });
  } finally {
    await worker.terminate();
  }
}
