import type { Config } from '../config/config.ts';
import type { DbClient } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { actionUpdateReminderSource } from '../services/actions/update-reminder-source.ts';
import { hallmarkReviewReminderSource } from '../services/hallmarks/review-reminder-source.ts';
import type { CoreServices } from '../services/registry.ts';
import type { ActionId } from '../views/action-ids.ts';
import { actionEscalationJob } from './action-escalation-job.ts';
import { createActionReminderJob } from './action-reminder-job.ts';
import { createDigestJob } from './digest-job.ts';
import type { Job } from './job.ts';
import { voteCloseJob } from './vote-close-job.ts';
import { unreachableReportJob } from './unreachable-report-job.ts';
import { voteReminderJob } from './vote-reminder-job.ts';

export interface JobDeps {
  prisma: DbClient;
  logger: Logger;
  config: Config;
  /** The chat core's services: the database, and the running adapters' notifiers for proactive messages
   * (src/services/delivery.ts postToGroup / sendToPerson). */
  services: CoreServices;
}

export interface AllJobsOptions {
  /** Whether a button's action has a handler in the chat core, so scheduled messages carry no dead buttons. */
  hasAction: (actionId: ActionId) => boolean;
}

/** Every scheduled job the bot runs. Each is exactly-once per period through the job-run ledger. */
export function allJobs(options: AllJobsOptions): Job<JobDeps>[] {
  return [
    // One reminder per person per round, with their due action updates and hallmark reviews folded together.
    createActionReminderJob({ sources: [actionUpdateReminderSource, hallmarkReviewReminderSource] }),
    actionEscalationJob,
    voteCloseJob,
    voteReminderJob,
    createDigestJob({ hasAction: options.hasAction }),
    // Monday mornings: who could not be reached last week, and why, to each partnership's secretariat.
    unreachableReportJob,
  ];
}
