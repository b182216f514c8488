// The start-up migration, run in a child process (run-in-child-process.ts) so that the schema
// engine's WebAssembly is released afterwards. The child reaches the database over the wire protocol like
// any client (embedded PGlite is served by pglite-socket).
import type { MigrationTaskInput } from './migration-task.ts';
import { runInChildProcess, siblingModule } from './run-in-child-process.ts';

export function applyStartupMigrations(input: MigrationTaskInput): Promise<{ applied: string[] }> {
  return runInChildProcess(siblingModule(import.meta.url, 'migration-task'), input, async () => {
    const { applyMigrations } = await import('./migrations.ts');
    return applyMigrations(input);
  });
}
