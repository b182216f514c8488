// Runs the start-up migration (`applyMigrations`) in a worker thread. Prisma's schema engine is a
// WebAssembly module of several megabytes whose instance, once loaded, stays in the process for
// good; in a worker it lives in the worker's own isolate and is freed when the worker exits.
import { parentPort, workerData } from 'node:worker_threads';
import { applyMigrations } from './migrations.ts';

export interface MigrationWorkerInput {
  connectionString: string;
  maxConnections?: number;
}

const input = workerData as MigrationWorkerInput;
const result = await applyMigrations(input);
parentPort!.postMessage(result);
