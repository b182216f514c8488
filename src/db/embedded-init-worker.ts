// Initialises a new PGlite data directory in a worker thread (see run-in-worker.ts): PGlite runs
// initdb in a WebAssembly instance of its own, which would otherwise stay in the service's memory.
import { parentPort, workerData } from 'node:worker_threads';
import { initialiseDataDir, type InitialiseDataDirInput } from './embedded-postgres.ts';

await initialiseDataDir(workerData as InitialiseDataDirInput);
parentPort!.postMessage(true);
