// Closes votes whose closing time has come. Closing is exactly-once in the database (the proposal row is
// locked and only an open proposal can close), so running this often, or on several replicas, is safe.
import type { CoreServices } from '../services/registry.ts';
import { closeDueVotes } from '../services/votes/scheduled.ts';
import { createVoteMessenger, type VoteMessenger } from '../services/votes/vote-messenger.ts';
import type { Job } from './job.ts';

/** What the vote jobs need: the core's services (database, clock, the running adapters' notifiers). */
export interface VoteJobDeps {
  readonly services: CoreServices;
  /** How the jobs post to channels and people; built on `services.notifiers` when absent. */
  readonly voteMessenger?: VoteMessenger;
}

export function voteDepsFrom(deps: VoteJobDeps) {
  return { services: deps.services, messenger: deps.voteMessenger ?? createVoteMessenger(deps.services) };
}

export const voteCloseJob: Job<VoteJobDeps> = {
  name: 'vote-close',
  schedule: '* * * * *',
  async run(deps, now) {
    const summary = await closeDueVotes(voteDepsFrom(deps), now);
    return {
      summary: `${summary.decided} decided, ${summary.awaitingCastingVote} awaiting a casting vote, ${summary.alreadyClosed} already closed, ${summary.failed} failed`,
    };
  },
};
