// Tells each partnership's secretariat, once a week, who the bot could not reach the week before and why
// (services/unreachable-report.ts). The week is claimed per partnership in the job-run ledger, so the list
// goes once however many replicas wake; it goes with the first run in working hours of the week (Monday
// 08:00 local, or the first working hour after the service comes back).
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../domain/schedule.ts';
import { unreachableWeekOf } from '../domain/unreachable-week.ts';
import { sendUnreachableReport, type UnreachableReportResult } from '../services/unreachable-report.ts';
import { failIfAnyFailed, jobOwner, runPerPartnership, summarise, type ActionJobDeps } from './action-reminder-job.ts';
import type { Job, JobReport } from './job.ts';

export const UNREACHABLE_REPORT_JOB_NAME = 'unreachable-people-weekly';

export interface UnreachableReportJobOptions {
  readonly workingHours?: WorkingHours;
  readonly owner?: string;
}

export function describeUnreachableRun(result: UnreachableReportResult): string {
  if (result.people === 0) return 'everyone was reached last week';
  return `${result.people} unreachable person(s), list sent to ${result.told} of ${result.secretariat} in the secretariat`;
}

export function createUnreachableReportJob(options: UnreachableReportJobOptions = {}): Job<ActionJobDeps> {
  const owner = options.owner ?? jobOwner();
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    name: UNREACHABLE_REPORT_JOB_NAME,
    schedule: '*/30 * * * *',
    async run(deps, now): Promise<JobReport> {
      const outcomes = await runPerPartnership<UnreachableReportResult>(
        deps,
        now,
        { jobName: UNREACHABLE_REPORT_JOB_NAME, owner, workingHours, periodKey: (at, timeZone) => unreachableWeekOf(at, timeZone).periodKey },
        (partnership) => sendUnreachableReport(deps.services, partnership, now),
      );
      const summary = summarise(outcomes, describeUnreachableRun);
      failIfAnyFailed(UNREACHABLE_REPORT_JOB_NAME, outcomes);
      return { summary };
    },
  };
}

export const unreachableReportJob = createUnreachableReportJob();
