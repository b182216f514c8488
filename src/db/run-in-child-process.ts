// Runs a one-off WebAssembly-heavy task (Prisma's schema engine, PostgreSQL's initdb) in a child
// process. A Wasm instance, once loaded, stays in the process for good, and even in a worker thread
// the task's native allocations (file buffers, compilation) stay behind as fragmented malloc arenas
// (64 MB resident after initdb); a child process gives every page back when it exits.
// The child module (see child-task.ts) gets its input as JSON in argv and sends back its result.
// From TypeScript sources (tests, tsx) node could not run the .ts module, so `inProcess` runs the
// task in this process instead.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildTaskMessage } from './child-task.ts';

/** V8 flags the child keeps: no optimising recompilation of the Wasm (see README "Memory"). */
const INHERITED_FLAGS = new Set(['--liftoff-only']);

export async function runInChildProcess<T>(taskModule: URL, input: unknown, inProcess: () => Promise<T>): Promise<T> {
  if (!taskModule.pathname.endsWith('.js')) return inProcess();
  const child = fork(fileURLToPath(taskModule), [JSON.stringify(input)], {
    execArgv: process.execArgv.filter((flag) => INHERITED_FLAGS.has(flag)),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      child.once('message', (message: ChildTaskMessage<T>) => {
        if (message.ok) resolve(message.result);
        else reject(new Error(message.error));
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${taskModule.pathname} exited (${signal ?? `code ${code}`}) before it finished`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

/** `./<name>.js` next to the calling module when it is compiled JavaScript, else `./<name>.ts`. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.js') ? '.js' : '.ts'}`, callerUrl);
}
