// Wakes each job on its cron schedule (node-cron, in the partnership's time zone) and once at start,
// so periods missed while the service was down are caught up. The jobs themselves hold the
// exactly-once guarantee through the job-run ledger; this only decides when to look.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import type { InFlightWork } from '../services/in-flight-work.ts';
import type { Job } from './job.ts';

export interface SchedulerOptions<Deps> {
  jobs: Job<Deps>[];
  deps: Deps;
  timeZone: string;
  logger: Logger;
  clock?: () => Date;
  /** Each job run is in-flight work a shutdown waits for. */
  inFlight?: InFlightWork;
}

export interface Scheduler {
  start(): Promise<void>;
  /** No job starts from now on; resolves when the runs already going have finished. */
  stop(): Promise<void>;
  runNow(jobName: string): Promise<void>;
  readonly jobNames: string[];
}

export function invalidJobSchedules(jobs: Job<unknown>[]): string[] {
  return jobs
    .filter((job) => !cron.validate(job.schedule))
    .map((job) => `job "${job.name}" has an invalid cron schedule "${job.schedule}"`);
}

export function createScheduler<Deps>(options: SchedulerOptions<Deps>): Scheduler {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger.child('scheduler');
  const tasks: ScheduledTask[] = [];
  const running = new Map<string, Promise<void>>();
  let stopping = false;

  const problems = invalidJobSchedules(options.jobs as Job<unknown>[]);
  if (problems.length > 0) throw new Error(problems.join('; '));

  async function execute(job: Job<Deps>, reason: 'startup' | 'scheduled' | 'manual'): Promise<void> {
    if (stopping) return;
    const inFlight = running.get(job.name);
    if (inFlight) {
      logger.debug(`Job ${job.name} is still running; this wake-up is skipped`, { reason });
      return inFlight;
    }
    const started = Date.now();
    const run = async () => {
      try {
        const report = await job.run(options.deps, clock());
        logger.info(`Job ${job.name} finished`, {
          reason,
          ms: Date.now() - started,
          ...(report ? { summary: report.summary } : {}),
        });
      } catch (error) {
        logger.error(`Job ${job.name} failed`, { reason, error });
      } finally {
        running.delete(job.name);
      }
    };
    const execution = options.inFlight ? options.inFlight.track(`${job.name} job`, run) : run();
    running.set(job.name, execution);
    return execution;
  }

  return {
    jobNames: options.jobs.map((job) => job.name),
    async start() {
      for (const job of options.jobs) {
        tasks.push(
          cron.schedule(job.schedule, () => execute(job, 'scheduled'), {
            timezone: options.timeZone,
            name: job.name,
            noOverlap: true,
          }),
        );
      }
      logger.info(`Scheduler started with ${options.jobs.length} job(s) in ${options.timeZone}`, {
        jobs: options.jobs.map((job) => `${job.name} (${job.schedule})`).join(', ') || 'none',
      });
      await Promise.all(options.jobs.map((job) => execute(job, 'startup')));
    },
    async stop() {
      stopping = true;
      await Promise.all(tasks.map((task) => task.destroy()));
      tasks.length = 0;
      await Promise.all(running.values());
    },
    async runNow(jobName) {
      const job = options.jobs.find((candidate) => candidate.name === jobName);
      if (!job) throw new Error(`No job named ${jobName}; known jobs: ${options.jobs.map((j) => j.name).join(', ')}`);
      await execute(job, 'manual');
    },
  };
}
