// Initialises a new PGlite data directory in a child process (see run-in-child-process.ts): PGlite
// runs initdb in a WebAssembly instance of its own, which would otherwise stay in the service's memory.
import { runChildTask } from './child-task.ts';
import { initialiseDataDir, type InitialiseDataDirInput } from './embedded-postgres.ts';

await runChildTask(async (input: InitialiseDataDirInput) => {
  await initialiseDataDir(input);
  return true;
});
