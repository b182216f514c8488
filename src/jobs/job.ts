/**
 * A scheduled job. `schedule` is how often the scheduler wakes it (a cron expression in the scheduler's
 * time zone); `run` decides from `now` which periods are due and claims each one in the job-run ledger,
 * so a job is exactly-once per period however often, or on however many replicas, it is woken.
 * Tests call `run` directly with a fixed `now`.
 */
export interface Job<Deps> {
  name: string;
  schedule: string;
  run(deps: Deps, now: Date): Promise<JobReport | void>;
}

export interface JobReport {
  /** Short human summary for the log, e.g. "3 reminders sent, 1 skipped (already sent)". */
  summary: string;
}
