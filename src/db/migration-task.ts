// The start-up migration (`applyMigrations`) as a child process (see run-in-child-process.ts), so
// that Prisma's schema engine and its WebAssembly leave the service's memory when it is done.
import { runChildTask } from './child-task.ts';
import { applyMigrations } from './migrations.ts';

export interface MigrationTaskInput {
  connectionString: string;
  maxConnections?: number;
}

await runChildTask((input: MigrationTaskInput) => applyMigrations(input));
