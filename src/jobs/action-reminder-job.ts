// Reminds action owners that a progress update is due: one direct message per person with everything
// they owe (other features add sections through ReminderSource). It wakes every quarter of an hour;
// within working hours (08:00–18:00, Monday to Friday, not a bank holiday or closure day, in each
// partnership's time zone; each person's own working time on top, see working-calendar.ts) it claims the
// local hour in the job-run ledger, so each hour's run happens once across restarts and replicas, and
// each reminder is itself claimed once (Notification.dedupeKey). Whatever fell due while the service was
// down is sent by the first run in working hours after it starts.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { listPartnershipsForSchedules, type SchedulePartnership } from '../db/action-store.ts';
import { loadPartnershipCalendars } from '../db/calendar-store.ts';
import { claimJobRun, completeJobRun, failJobRun, heartbeatJobRun } from '../db/job-run-store.ts';
import { DEFAULT_WORKING_HOURS, isWithinWorkingHours, type WorkingHours } from '../domain/schedule.ts';
import { reminderRunPeriodKey } from '../domain/update-reminders.ts';
import { type PartnershipCalendar, officeHours } from '../domain/working-calendar.ts';
import type { ReminderSource } from '../services/actions/reminder-message.ts';
import { sendPartnershipReminders, type ReminderRunReport } from '../services/actions/send-reminders.ts';
import { actionUpdateReminderSource } from '../services/actions/update-reminder-source.ts';
import type { CoreServices } from '../services/registry.ts';
import type { Job, JobReport } from './job.ts';

/** What the action jobs need: the database, a logger and the running adapters' notifiers (JobDeps has them). */
export interface ActionJobDeps {
  readonly services: Pick<CoreServices, 'db' | 'logger' | 'notifiers'>;
}

export const ACTION_REMINDER_JOB_NAME = 'action-update-reminders';

export interface ActionReminderJobOptions {
  /** The sections of the reminder; action updates by default. Other features add theirs here. */
  readonly sources?: readonly ReminderSource[];
  readonly workingHours?: WorkingHours;
  /** Names this process in the ledger; defaults to host, pid and a random suffix. */
  readonly owner?: string;
}

export function jobOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The run's clock moved on by real elapsed time, so ledger times stay on the clock `now` came from. */
export function elapsedClock(now: Date): () => Date {
  const started = performance.now();
  return () => new Date(now.getTime() + Math.round(performance.now() - started));
}

export interface PartnershipRunOutcome<Report> {
  readonly partnership: SchedulePartnership;
  readonly status: 'outside-hours' | 'already-run' | 'ran' | 'failed';
  readonly report?: Report;
  readonly error?: unknown;
}

/**
 * Claims (job, partnership, period) and runs `work` for each partnership in its working hours: never at a
 * weekend, on a bank holiday or on one of the partnership's closure days (working-calendar.ts). `work` gets the
 * partnership's calendar, to hold back what goes to someone outside their own working time.
 */
export async function runPerPartnership<Report extends object>(
  deps: ActionJobDeps,
  now: Date,
  options: { jobName: string; owner: string; workingHours: WorkingHours; periodKey: (now: Date, timeZone: string) => string },
  work: (partnership: SchedulePartnership, heartbeat: () => Promise<void>, calendar: PartnershipCalendar) => Promise<Report>,
): Promise<Array<PartnershipRunOutcome<Report>>> {
  const { db, logger } = deps.services;
  const clock = elapsedClock(now);
  const outcomes: Array<PartnershipRunOutcome<Report>> = [];
  const partnerships = await listPartnershipsForSchedules(db);
  const calendars = await loadPartnershipCalendars(db, partnerships.map((partnership) => partnership.id));
  for (const partnership of partnerships) {
    const calendar = calendars.get(partnership.id) ?? { timeZone: partnership.timeZone, closures: [], digestOnBankHoliday: 'NEXT_WORKING_DAY' };
    const hours = { ...options.workingHours, nonWorkingDates: [...(options.workingHours.nonWorkingDates ?? []), ...(officeHours(calendar, now).nonWorkingDates ?? [])] };
    if (!isWithinWorkingHours(now, partnership.timeZone, hours)) {
      outcomes.push({ partnership, status: 'outside-hours' });
      continue;
    }
    const key = { jobName: options.jobName, scope: partnership.id, periodKey: options.periodKey(now, partnership.timeZone) };
    const claim = await claimJobRun(db, key, { owner: options.owner, now, retryFailed: true });
    if (!claim.claimed) {
      outcomes.push({ partnership, status: 'already-run' });
      continue;
    }
    try {
      const report = await work(partnership, () => heartbeatJobRun(db, claim.run.id, clock()), calendar);
      await completeJobRun(db, claim.run.id, clock(), { ...report });
      outcomes.push({ partnership, status: 'ran', report });
    } catch (error) {
      logger.error(`Job ${options.jobName} failed for ${partnership.slug}`, { periodKey: key.periodKey, error });
      await failJobRun(db, claim.run.id, clock(), error instanceof Error ? error.message : String(error)).catch((ledgerError: unknown) =>
        logger.error('Could not record a failed job run', { jobName: options.jobName, error: ledgerError }),
      );
      outcomes.push({ partnership, status: 'failed', error });
    }
  }
  return outcomes;
}

export function summarise<Report>(outcomes: ReadonlyArray<PartnershipRunOutcome<Report>>, describe: (report: Report) => string): string {
  if (outcomes.length === 0) return 'no partnerships';
  return outcomes
    .map((outcome) => {
      const label = outcome.partnership.slug;
      switch (outcome.status) {
        case 'outside-hours':
          return `${label}: outside working hours`;
        case 'already-run':
          return `${label}: already done this period`;
        case 'failed':
          return `${label}: failed (${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)})`;
        case 'ran':
          return `${label}: ${outcome.report === undefined ? 'done' : describe(outcome.report)}`;
      }
    })
    .join('; ');
}

/** Throws after every partnership had its turn, so the scheduler logs the failure without starving the rest. */
export function failIfAnyFailed<Report>(jobName: string, outcomes: ReadonlyArray<PartnershipRunOutcome<Report>>): void {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failed.length > 0) {
    throw new AggregateError(failed.map((outcome) => outcome.error), `${jobName} failed for ${failed.map((outcome) => outcome.partnership.slug).join(', ')}`);
  }
}

/** What a run did, counting only what reached someone as sent. */
export function describeReminderRun(report: ReminderRunReport): string {
  return `${report.delivered} reminder(s) sent, ${report.undelivered} undelivered, for ${report.claimed} item(s) due; ${report.due - report.claimed} item(s) skipped (already reminded)`;
}

export function createActionReminderJob(options: ActionReminderJobOptions = {}): Job<ActionJobDeps> {
  const sources = options.sources ?? [actionUpdateReminderSource];
  const owner = options.owner ?? jobOwner();
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    name: ACTION_REMINDER_JOB_NAME,
    schedule: '*/15 * * * *',
    async run(deps, now): Promise<JobReport> {
      const outcomes = await runPerPartnership<ReminderRunReport>(
        deps,
        now,
        { jobName: ACTION_REMINDER_JOB_NAME, owner, workingHours, periodKey: reminderRunPeriodKey },
        (partnership, heartbeat, calendar) => sendPartnershipReminders(deps.services, partnership, now, sources, { heartbeat, calendar }),
      );
      const summary = summarise(outcomes, describeReminderRun);
      failIfAnyFailed(ACTION_REMINDER_JOB_NAME, outcomes);
      return { summary };
    },
  };
}

/** The job as the app schedules it (action updates only, until other sections are added). */
export const actionReminderJob = createActionReminderJob();
