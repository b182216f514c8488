// The weekly digest: for each group with a linked channel, at its scheduled time (Group.digestCron, else the
// partnership's default, Monday 09:00, in the partnership's time zone), post the digest to each channel.
//
// Exactly once per group and period:
// - The job wakes every few minutes (and once at start); for each group it works out the latest scheduled time
//   at or before now and that time's period ('2026-W44'). A run is claimed in the job-run ledger (JobRun,
//   unique per job, group and period) BEFORE anything is posted; a second wake, a restarted process or another
//   replica finds the claim and posts nothing. A live run refreshes its claim every minute while it posts; a
//   claim whose process died is taken over once its heartbeat is older than `staleAfterMs` (15 minutes).
// - Each channel post is written to the Notification ledger before posting and marked sent after
//   (services/digest/digest-delivery.ts), so a run that is retried skips channels already done.
// - Crash between posting and marking: neither Slack nor Teams lets the bot ask reliably whether a message
//   arrived, so the run that takes over posts again with a warning log line ("may get it twice"). One possible
//   duplicate, logged, is preferred to a digest silently never sent.
// - A run missed while the service was down is caught up once at the next wake (the scheduler wakes every job
//   at start), marked late, and says so in the message; only the latest missed period is sent, and only to
//   groups whose channel was already linked at the scheduled time.
// - Failures: 429 and 5xx are retried with backoff within the run (after the platform clients' own retries),
//   then by later wakes with growing gaps, up to `maxRuns` attempts. A permanent failure (channel archived or
//   gone, bot removed, token refused) is recorded, reported to the secretariat and never retried; nor is a
//   run that used up its attempts. A channel on a platform this deployment does not run (no adapter) is
//   skipped with a warning: retrying cannot help until the service is reconfigured.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DIGEST_JOB_NAME, type DigestGroup, findDigestRuns, listDigestGroups } from '../db/digest-store.ts';
import { claimJobRun, completeJobRun, failJobRun, heartbeatJobRun } from '../db/job-run-store.ts';
import { type DigestSlot, digestScheduleOf, isLateRun, latestDigestSlot } from '../domain/digest-schedule.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_POST_RETRY, type RetryPolicy } from '../services/digest/delivery-failures.ts';
import { buildDigests } from '../services/digest/digest-builder.ts';
import { type ChannelOutcome, postDigestToChannels, reportUndeliveredDigest } from '../services/digest/digest-delivery.ts';
import { digestView } from '../services/digest/digest-view.ts';
import type { CoreServices } from '../services/registry.ts';
import { ACTION_IDS, type ActionId } from '../views/action-ids.ts';
import type { Job, JobReport } from './job.ts';

export { DIGEST_JOB_NAME } from '../db/digest-store.ts';

/** What the digest job needs; the scheduler's JobDeps provides it. */
export interface DigestJobDeps {
  logger: Logger;
  /** The chat core's services: the database and the running adapters' notifiers (Notifier.postToChannel / sendDirect). */
  services: CoreServices;
}

export interface DigestJobOptions {
  /** Identifies this process in the ledger; default host:pid:random. */
  owner?: string;
  /** How often the scheduler wakes the job (cron, scheduler's zone); default every 5 minutes. */
  wakeSchedule?: string;
  /** A run starting later than this after its scheduled time is marked late; default 15 minutes. */
  lateAfterMs?: number;
  /** A claim whose heartbeat is older than this belongs to a dead process and is taken over; default 15 minutes. */
  staleAfterMs?: number;
  /** How often a run in progress refreshes its claim while posting (platform retries can take minutes); default 1 minute. */
  heartbeatEveryMs?: number;
  /** Attempts per channel within one run for 429/5xx; default 3 with 2 s, 4 s backoff. */
  postRetry?: RetryPolicy;
  /** Runs (wakes) that may try one period before it is given up; default 5. */
  maxRuns?: number;
  /** The gap before a failed run is tried again doubles from this; default 5 minutes. */
  rerunBackoffMs?: number;
  /** Whether a button's action has a handler (the chat core's registry.hasAction); buttons without one are left out. */
  hasAction?: (actionId: ActionId) => boolean;
}

const MINUTE = 60_000;

interface DueRun {
  group: DigestGroup;
  slot: DigestSlot;
  late: boolean;
}

function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function isPermanentRunFailure(error: string | null): boolean {
  return error !== null && (error.startsWith('permanent:') || error.startsWith('gave up:'));
}

export function createDigestJob(options: DigestJobOptions = {}): Job<DigestJobDeps> {
  const owner = options.owner ?? defaultOwner();
  const lateAfterMs = options.lateAfterMs ?? 15 * MINUTE;
  const staleAfterMs = options.staleAfterMs ?? 15 * MINUTE;
  const maxRuns = options.maxRuns ?? 5;
  const rerunBackoffMs = options.rerunBackoffMs ?? 5 * MINUTE;
  const hasAction = options.hasAction ?? (() => false);
  const heartbeatEveryMs = options.heartbeatEveryMs ?? MINUTE;

  function dueRuns(groups: readonly DigestGroup[], now: Date, logger: Logger): DueRun[] {
    const due: DueRun[] = [];
    for (const group of groups) {
      let slot: DigestSlot | null;
      try {
        slot = latestDigestSlot(digestScheduleOf(group.digestCron, group.partnership.defaultDigestCron), now, group.partnership.timeZone);
      } catch (error) {
        logger.error('A group\'s digest schedule is not valid; its digest is not sent until it is fixed', { group: group.key, groupId: group.id, error });
        continue;
      }
      if (!slot) continue;
      const linkedInTime = group.channels.some((channel) => channel.linkedAt.getTime() <= slot.scheduledAt.getTime());
      if (!linkedInTime) continue;
      due.push({ group, slot, late: isLateRun(slot.scheduledAt, now, lateAfterMs) });
    }
    return due;
  }

  return {
    name: DIGEST_JOB_NAME,
    schedule: options.wakeSchedule ?? '*/5 * * * *',
    async run(deps, now): Promise<JobReport> {
      const { services } = deps;
      const logger = deps.logger.child('digest');
      const db = services.db;
      const groups = await listDigestGroups(db);
      const due = dueRuns(groups, now, logger);
      const runs = await findDigestRuns(db, due.map((run) => ({ scope: run.group.id, periodKey: run.slot.periodKey })));
      const runOf = new Map(runs.map((run) => [`${run.scope}|${run.periodKey}`, run]));

      const claimed: { due: DueRun; runId: string; attempts: number }[] = [];
      let skipped = 0;
      for (const run of due) {
        const existing = runOf.get(`${run.group.id}|${run.slot.periodKey}`);
        let retryFailed = false;
        if (existing) {
          if (existing.status === 'SUCCEEDED' || isPermanentRunFailure(existing.error)) {
            skipped += 1;
            continue;
          }
          if (existing.status === 'RUNNING' && now.getTime() - existing.heartbeatAt.getTime() < staleAfterMs) {
            skipped += 1;
            continue;
          }
          if (existing.status === 'FAILED') {
            const waitMs = Math.min(60 * MINUTE, rerunBackoffMs * 2 ** Math.max(0, existing.attempts - 1));
            if (existing.attempts >= maxRuns || now.getTime() < (existing.finishedAt ?? existing.heartbeatAt).getTime() + waitMs) {
              skipped += 1;
              continue;
            }
            retryFailed = true;
          }
        }
        const claim = await claimJobRun(
          db,
          { jobName: DIGEST_JOB_NAME, scope: run.group.id, periodKey: run.slot.periodKey },
          { owner, now, late: run.late, staleAfterMs, retryFailed, maxAttempts: maxRuns },
        );
        if (!claim.claimed) {
          skipped += 1;
          continue;
        }
        claimed.push({ due: run, runId: claim.run.id, attempts: claim.run.attempts });
      }
      if (claimed.length === 0) return { summary: `no digests due (${skipped} already handled or in hand)` };

      const built = await buildDigests(
        services,
        claimed.map(({ due: run }) => ({ group: run.group, window: { from: run.slot.coversFrom, to: run.slot.scheduledAt } })),
        now,
      );
      const counts = { sent: 0, failed: 0, late: 0 };
      for (const { due: run, runId, attempts } of claimed) {
        const digest = built.get(run.group.id);
        const beat = () => heartbeatJobRun(db, runId, services.now());
        // Fire and forget: a missed heartbeat is logged here and only shortens the claim; the post carries on.
        const heartbeat = setInterval(() => void beat().catch((error: unknown) => logger.warn('Could not refresh a digest run\'s claim', { runId, error })), heartbeatEveryMs);
        heartbeat.unref();
        try {
          if (!digest) throw new Error(`No digest was built for group ${run.group.key}`);
          const view = digestView(digest.content, { mentions: digest.mentions, canOpenUpdateForm: hasAction(ACTION_IDS.openUpdateForm), late: run.late });
          const outcomes = await postDigestToChannels(services, {
            group: run.group,
            view,
            ledgerKey: run.slot.periodKey,
            now,
            retry: options.postRetry ?? DEFAULT_POST_RETRY,
            beforePost: beat,
          });
          const result = await settleRun(services, run, runId, attempts, outcomes, now, maxRuns, logger);
          if (result === 'sent') counts.sent += 1;
          else counts.failed += 1;
          if (run.late) counts.late += 1;
        } catch (error) {
          counts.failed += 1;
          logger.error('A digest run failed', { group: run.group.key, periodKey: run.slot.periodKey, error });
          await failJobRun(db, runId, services.now(), `transient: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          clearInterval(heartbeat);
        }
      }
      return { summary: `${counts.sent} digest(s) posted (${counts.late} late), ${counts.failed} not fully delivered, ${skipped} already handled or in hand` };
    },
  };
}

function outcomeSummary(outcome: ChannelOutcome) {
  const base = { platform: outcome.platform, channelId: outcome.channelId, status: outcome.status };
  switch (outcome.status) {
    case 'sent':
      return { ...base, messageId: outcome.messageId, possibleDuplicate: outcome.possibleDuplicate, attempts: outcome.attempts };
    case 'already-sent':
      return { ...base, messageId: outcome.messageId };
    case 'failed':
      return { ...base, kind: outcome.failure.kind, reason: outcome.failure.reason, code: outcome.failure.code };
    case 'given-up':
      return { ...base, reason: outcome.reason };
    case 'no-notifier':
      return base;
  }
}

/**
 * Records how the run went: SUCCEEDED when every channel has it; FAILED and retried later when a channel
 * failed for a reason that passes; FAILED for good (and the secretariat told) when a channel will never take
 * it, or when the last allowed attempt failed.
 */
async function settleRun(
  services: CoreServices,
  run: DueRun,
  runId: string,
  attempts: number,
  outcomes: readonly ChannelOutcome[],
  now: Date,
  maxRuns: number,
  logger: Logger,
): Promise<'sent' | 'failed'> {
  const { db } = services;
  const result = { late: run.late, channels: outcomes.map(outcomeSummary) };
  const channelOf = (outcome: ChannelOutcome) => run.group.channels.find((channel) => channel.platform === outcome.platform && channel.channelId === outcome.channelId);
  const permanent = outcomes.filter((outcome) => outcome.status === 'failed' && outcome.failure.kind === 'permanent');
  const retryable = outcomes.filter((outcome) => outcome.status === 'failed' && outcome.failure.kind === 'transient');
  for (const outcome of permanent) {
    const channel = channelOf(outcome);
    if (channel && outcome.status === 'failed') {
      await reportUndeliveredDigest(services, { group: run.group, ledgerKey: run.slot.periodKey, channel, reason: outcome.failure.reason, now });
    }
  }
  if (retryable.length > 0) {
    if (attempts >= maxRuns) {
      for (const outcome of retryable) {
        const channel = channelOf(outcome);
        const reason = outcome.status === 'failed' ? outcome.failure.reason : 'unknown';
        if (channel) await reportUndeliveredDigest(services, { group: run.group, ledgerKey: run.slot.periodKey, channel, reason, now, givenUpAfter: attempts });
      }
      await failJobRun(db, runId, services.now(), `gave up: after ${attempts} runs; ${JSON.stringify(result)}`);
    } else {
      logger.warn('A digest will be tried again', { group: run.group.key, periodKey: run.slot.periodKey, attempt: attempts });
      await failJobRun(db, runId, services.now(), `transient: ${JSON.stringify(result)}`);
    }
    return 'failed';
  }
  if (permanent.length > 0 || outcomes.some((outcome) => outcome.status === 'given-up')) {
    const delivered = outcomes.some((outcome) => outcome.status === 'sent' || outcome.status === 'already-sent');
    await failJobRun(db, runId, services.now(), `permanent: ${JSON.stringify(result)}`);
    return delivered ? 'sent' : 'failed';
  }
  await completeJobRun(db, runId, services.now(), result);
  return 'sent';
}
