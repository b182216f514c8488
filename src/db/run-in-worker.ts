// Runs a one-off WebAssembly-heavy task (Prisma's schema engine, PostgreSQL's initdb) in a worker
// thread: a Wasm instance, once loaded, stays in the process's memory for good, while a worker's is
// freed with the worker's isolate when it exits. The worker module posts its result and is then
// terminated. From TypeScript sources (tests, tsx) a worker could not load the .ts module, so
// `inProcess` runs the task in this thread instead.
import { Worker } from 'node:worker_threads';

export async function runInWorker<T>(workerModule: URL, workerData: unknown, inProcess: () => Promise<T>): Promise<T> {
  if (!workerModule.pathname.endsWith('.js')) return inProcess();
  const worker = new Worker(workerModule, { workerData });
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The worker ${workerModule.pathname} exited (code ${code}) before it finished`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** `./<name>.js` next to the calling module when it is compiled JavaScript, else `./<name>.ts`. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.js') ? '.js' : '.ts'}`, callerUrl);
}
