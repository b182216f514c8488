// Reminds voters whose partner has not voted, once, `voteReminderHours` before a vote closes, and tells the
// chair when the quorum is at risk then. Each message is claimed under a unique Notification key first.
import { sendDueVoteReminders } from '../services/votes/scheduled.ts';
import type { Job } from './job.ts';
import { voteDepsFrom, type VoteJobDeps } from './vote-close-job.ts';

export const voteReminderJob: Job<VoteJobDeps> = {
  name: 'vote-reminders',
  schedule: '*/5 * * * *',
  async run(deps, now) {
    const summary = await sendDueVoteReminders(voteDepsFrom(deps), now);
    return {
      summary: `${summary.proposals} vote(s) due: ${summary.reminded} reminder(s) sent, ${summary.chairsWarned} quorum warning(s) sent, ${summary.failed} undelivered, ${summary.alreadySent} skipped (already sent)`,
    };
  },
};
