import { describe, expect, it } from 'vitest';
import { createScheduler, invalidJobSchedules } from '../../src/jobs/scheduler.ts';
import type { Job } from '../../src/jobs/job.ts';
import { createLogger } from '../../src/logger.ts';
import { InFlightWork } from '../../src/services/in-flight-work.ts';

const silent = createLogger({ level: 'error', write: () => {} });

describe('scheduler', () => {
  it('wakes every job once at start with the injected clock, so missed periods are caught up', async () => {
    const fixed = new Date('2026-11-23T09:00:00Z');
    const seen: Array<{ name: string; now: Date; deps: string }> = [];
    const jobs: Job<string>[] = ['a', 'b'].map((name) => ({
      name,
      schedule: '*/5 * * * *',
      async run(deps, now) {
        seen.push({ name, now, deps });
      },
    }));
    const scheduler = createScheduler({ jobs, deps: 'deps', timeZone: 'Europe/London', logger: silent, clock: () => fixed });
    await scheduler.start();
    await scheduler.stop();
    expect(seen.map((entry) => entry.name).sort()).toEqual(['a', 'b']);
    expect(seen.every((entry) => entry.now === fixed && entry.deps === 'deps')).toBe(true);
  });

  it('never runs the same job twice at once in one process, and stop waits for the running one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    let finished = false;
    const job: Job<null> = {
      name: 'slow',
      schedule: '0 9 * * 1',
      async run() {
        runs += 1;
        await gate;
        finished = true;
      },
    };
    const scheduler = createScheduler({ jobs: [job], deps: null, timeZone: 'Europe/London', logger: silent });
    const started = scheduler.start();
    const second = scheduler.runNow('slow');
    expect(runs).toBe(1);
    const stopping = scheduler.stop();
    release();
    await Promise.all([started, second, stopping]);
    expect(finished).toBe(true);
    expect(runs).toBe(1);
  });

  it('makes each job run a named unit of in-flight work, so a shutdown waits for it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job: Job<null> = { name: 'weekly-digest', schedule: '0 9 * * 1', run: () => gate };
    const inFlight = new InFlightWork();
    const scheduler = createScheduler({ jobs: [job], deps: null, timeZone: 'Europe/London', logger: silent, inFlight });
    const started = scheduler.start();
    expect(inFlight.names()).toEqual(['weekly-digest job']);
    const stopped = scheduler.stop();
    release();
    await Promise.all([started, stopped]);
    expect(inFlight.size).toBe(0);
  });

  it('keeps going when a job throws, and logs it', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    const job: Job<null> = { name: 'broken', schedule: '* * * * *', run: async () => { throw new Error('boom'); } };
    const scheduler = createScheduler({ jobs: [job], deps: null, timeZone: 'Europe/London', logger });
    await scheduler.start();
    await scheduler.stop();
    expect(lines.some((line) => line.includes('Job broken failed') && line.includes('boom'))).toBe(true);
  });

  it('refuses an invalid cron schedule with a message naming the job', () => {
    const job: Job<null> = { name: 'digest', schedule: '61 9 * * 1', run: async () => {} };
    expect(invalidJobSchedules([job])).toEqual(['job "digest" has an invalid cron schedule "61 9 * * 1"']);
    expect(() => createScheduler({ jobs: [job], deps: null, timeZone: 'Europe/London', logger: silent })).toThrow(/digest/);
  });

  it('refuses to run a job it does not know', async () => {
    const scheduler = createScheduler({ jobs: [], deps: null, timeZone: 'Europe/London', logger: silent });
    await expect(scheduler.runNow('nope')).rejects.toThrow(/No job named nope/);
  });
});
