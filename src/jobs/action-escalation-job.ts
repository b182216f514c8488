// Tells group chairs, once a working day, which actions in their groups are overdue (an update overdue by
// the partnership's escalationAfterDays, or a due date passed). The day is claimed per partnership in the
// job-run ledger by the local hour (so a chair who starts work later in the day is still reached that day) and
// each summary per chair and day in Notification, so it goes once however many replicas wake; a day missed
// while the service was down is caught up by its first run in working hours. Never at a weekend, on a bank
// holiday or closure day, nor outside the chair's own working time.
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../domain/schedule.ts';
import { reminderRunPeriodKey } from '../domain/update-reminders.ts';
import { sendPartnershipEscalations, type EscalationRunReport } from '../services/actions/send-escalations.ts';
import { failIfAnyFailed, jobOwner, runPerPartnership, summarise, type ActionJobDeps } from './action-reminder-job.ts';
import type { Job, JobReport } from './job.ts';

export const ACTION_ESCALATION_JOB_NAME = 'action-escalations';

export interface ActionEscalationJobOptions {
  readonly workingHours?: WorkingHours;
  readonly owner?: string;
}

/** What a run did, counting only what reached someone as sent. */
export function describeEscalationRun(report: EscalationRunReport): string {
  return `${report.escalated} overdue action(s): ${report.delivered} summary(ies) sent, ${report.undelivered} undelivered, ${report.recipients - report.claimed} skipped (already sent today)`;
}

export function createActionEscalationJob(options: ActionEscalationJobOptions = {}): Job<ActionJobDeps> {
  const owner = options.owner ?? jobOwner();
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    name: ACTION_ESCALATION_JOB_NAME,
    schedule: '*/30 * * * *',
    async run(deps, now): Promise<JobReport> {
      const outcomes = await runPerPartnership<EscalationRunReport>(
        deps,
        now,
        { jobName: ACTION_ESCALATION_JOB_NAME, owner, workingHours, periodKey: reminderRunPeriodKey },
        (partnership, _heartbeat, calendar) => sendPartnershipEscalations(deps.services, partnership, now, { calendar }),
      );
      const summary = summarise(outcomes, describeEscalationRun);
      failIfAnyFailed(ACTION_ESCALATION_JOB_NAME, outcomes);
      return { summary };
    },
  };
}

export const actionEscalationJob = createActionEscalationJob();
