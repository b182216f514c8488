// The start-up migration, run in a worker thread (run-in-worker.ts) so that the schema engine's
// WebAssembly is released afterwards. The worker reaches the database over the wire protocol like
// any client (embedded PGlite is served by pglite-socket).
import type { MigrationWorkerInput } from './migration-worker.ts';
import { runInWorker, siblingModule } from './run-in-worker.ts';

export function applyStartupMigrations(input: MigrationWorkerInput): Promise<{ applied: string[] }> {
  return runInWorker(siblingModule(import.meta.url, 'migration-worker'), input, async () => {
    const { applyMigrations } = await import('./migrations.ts');
    return applyMigrations(input);
  });
}
