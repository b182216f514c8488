// The child's side of run-in-child-process.ts: reads the input, runs the task, sends the outcome,
// and lets the process end.
export type ChildTaskMessage<T> = { ok: true; result: T } | { ok: false; error: string };

export async function runChildTask<I, T>(task: (input: I) => Promise<T>): Promise<void> {
  let message: ChildTaskMessage<T>;
  try {
    message = { ok: true, result: await task(JSON.parse(process.argv[2] ?? 'null') as I) };
  } catch (error) {
    message = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.send!(message, () => process.disconnect());
}
