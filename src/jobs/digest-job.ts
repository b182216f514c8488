// The weekly digest: for each group with a linked channel, at its scheduled time (Group.digestCron, else the
// partnership's default, Monday 09:00, in the partnership's time zone), post the digest to each channel.
// When that day is a bank holiday or closure day and the partnership's digestOnBankHoliday is
// NEXT_WORKING_DAY (the default), it is posted on the next working day at the same time, as the same period.
//
// Exactly once per group and period:
// - The job wakes every minute (and once at start), so a custom schedule posts within a minute of its time,
//   and a run more than 2 minutes after its time says how late it is; for each group it works out the latest scheduled time
//   at or before now and that time's period ('2026-W44'). A run is claimed in the job-run ledger (JobRun,
//   unique per job, group and period) BEFORE anything is posted; a second wake, a restarted process or another
//   replica finds the claim and posts nothing. The claim is a lease on the database's clock (job-run-store.ts):
//   a live run renews it every 30 seconds while it posts, and a claim whose process died is taken over at the
//   next start once its lease (2 minutes) has run out; a live replica's claim is never taken over.
// - Each channel post is written to the Notification ledger before posting and marked sent after
//   (services/digest/digest-delivery.ts), so a run that is retried skips channels already done.
// - Crash between posting and marking: neither Slack nor Teams lets the bot ask reliably whether a message
//   arrived, so the run that takes over posts again with a warning log line ("may get it twice"). One possible
//   duplicate, logged, is preferred to a digest silently never sent.
// - A run missed while the service was down is caught up once at the next wake (the scheduler wakes every job
//   at start), marked late, and says so in the message, only for groups whose channel was already linked at
//   the scheduled time. After an outage of more than one period, ONE catch-up digest covers the whole gap back
//   to the last run in the ledger (at most MAX_CATCH_UP_SLOTS periods), labelled as a catch-up, with a line
//   per missed period's events: a board reads one message rather than a burst of stale weekly ones. It is
//   recorded under the latest period, with the periods it also covers in the run's result (digest history).
// - A repost after a crash between posting and recording says "this may repeat an earlier post (the bot
//   stopped while posting)" in the channel, and the digest history says the same.
// - Failures: a post is retried only by the notifier's delivery retry policy (src/services/delivery-retry.ts:
//   Retry-After honoured, within a time budget). A post that still failed, for good (channel archived or
//   gone, bot removed, token refused) or because the policy gave up, is recorded, reported to the
//   secretariat and not run again for that period, so attempts never multiply. A run that stopped on an
//   error of its own (the database, a bug) is tried again by later wakes with growing gaps, up to `maxRuns`.
//   A channel on a platform this deployment does not run (no adapter) is skipped with a warning: retrying
//   cannot help until the service is reconfigured.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { loadPartnershipCalendars } from '../db/calendar-store.ts';
import { DIGEST_JOB_NAME, type DigestGroup, findDigestRuns, listDigestGroups } from '../db/digest-store.ts';
import { claimJobRun, completeJobRun, databaseNow, failJobRun, renewJobRunLease } from '../db/job-run-store.ts';
import type { CronSchedule } from '../domain/cron.ts';
import { type DigestSlot, digestScheduleOf, digestSlotsBefore, isLateRun, latestDigestSlot } from '../domain/digest-schedule.ts';
import { type PartnershipCalendar, digestPostTime } from '../domain/working-calendar.ts';
import type { Logger } from '../logger.ts';
import { buildDigests } from '../services/digest/digest-builder.ts';
import { type DigestChartCache, digestChart } from '../services/digest/digest-chart.ts';
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
  /** How often the scheduler wakes the job (cron, scheduler's zone); default every minute, so any schedule posts within a minute of its time. */
  wakeSchedule?: string;
  /** A run starting later than this after its scheduled time is marked late and says how late; default 2 minutes. */
  lateAfterMs?: number;
  /** A claim whose lease (renewed on the database's clock) is older than this belongs to a dead process and is taken over; default 2 minutes. */
  staleAfterMs?: number;
  /** How often a run in progress renews its claim while posting (platform retries can take minutes); default 30 seconds. */
  heartbeatEveryMs?: number;
  /** Runs (wakes) that may try a period whose run stopped on an error of its own; default 5. */
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
  schedule: CronSchedule;
  /** When it is posted: the scheduled time, or the next working day's when that is a bank holiday or closure day. */
  postAt: Date;
  late: boolean;
  /** Scheduled runs missed before this one (oldest first) that this run's digest also covers. */
  missed: DigestSlot[];
}

function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function isPermanentRunFailure(error: string | null): boolean {
  return error !== null && (error.startsWith('permanent:') || error.startsWith('gave up:'));
}

export function createDigestJob(options: DigestJobOptions = {}): Job<DigestJobDeps> {
  const owner = options.owner ?? defaultOwner();
  const lateAfterMs = options.lateAfterMs ?? 2 * MINUTE;
  const staleAfterMs = options.staleAfterMs ?? 2 * MINUTE;
  const maxRuns = options.maxRuns ?? 5;
  const rerunBackoffMs = options.rerunBackoffMs ?? 5 * MINUTE;
  const hasAction = options.hasAction ?? (() => false);
  const heartbeatEveryMs = options.heartbeatEveryMs ?? MINUTE / 2;

  function dueRuns(groups: readonly DigestGroup[], now: Date, logger: Logger, calendars: ReadonlyMap<string, PartnershipCalendar>): DueRun[] {
    const due: DueRun[] = [];
    for (const group of groups) {
      let slot: DigestSlot | null;
      let schedule: CronSchedule;
      try {
        schedule = digestScheduleOf(group.digestCron, group.partnership.defaultDigestCron);
        slot = latestDigestSlot(schedule, now, group.partnership.timeZone);
      } catch (error) {
        logger.error('A group\'s digest schedule is not valid; its digest is not sent until it is fixed', { group: group.key, groupId: group.id, error });
        continue;
      }
      if (!slot) continue;
      const linkedInTime = group.channels.some((channel) => channel.linkedAt.getTime() <= slot.scheduledAt.getTime());
      if (!linkedInTime) continue;
      // Moved off a bank holiday or closure day, it stays the same period's digest (the ledger key is the slot's).
      const calendar = calendars.get(group.partnershipId);
      const postAt = calendar ? digestPostTime(calendar, slot.scheduledAt) : slot.scheduledAt;
      if (postAt.getTime() > now.getTime()) continue;
      due.push({ group, slot, schedule, postAt, late: isLateRun(postAt, now, lateAfterMs), missed: [] });
    }
    return due;
  }

  return {
    name: DIGEST_JOB_NAME,
    schedule: options.wakeSchedule ?? '* * * * *',
    async run(deps, now): Promise<JobReport> {
      const { services } = deps;
      const logger = deps.logger.child('digest');
      const db = services.db;
      const groups = await listDigestGroups(db);
      const calendars = await loadPartnershipCalendars(db, groups.map((group) => group.partnershipId));
      const due = dueRuns(groups, now, logger, calendars);
      const runs = await findDigestRuns(db, due.map((run) => ({ scope: run.group.id, periodKey: run.slot.periodKey })));
      const runOf = new Map(runs.map((run) => [`${run.scope}|${run.periodKey}`, run]));
      const leaseClock = runs.some((run) => run.status === 'RUNNING') ? await databaseNow(db) : now;
      await findMissedRuns(db, due.filter((run) => run.late && !runOf.has(`${run.group.id}|${run.slot.periodKey}`)));

      const claimed: { due: DueRun; runId: string }[] = [];
      let skipped = 0;
      for (const run of due) {
        const existing = runOf.get(`${run.group.id}|${run.slot.periodKey}`);
        let retryFailed = false;
        if (existing) {
          if (existing.status === 'SUCCEEDED' || isPermanentRunFailure(existing.error)) {
            skipped += 1;
            continue;
          }
          if (existing.status === 'RUNNING' && leaseClock.getTime() - existing.heartbeatAt.getTime() < staleAfterMs) {
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
          { owner, now, late: run.late, leaseMs: staleAfterMs, retryFailed, maxAttempts: maxRuns },
        );
        if (!claim.claimed) {
          skipped += 1;
          continue;
        }
        claimed.push({ due: run, runId: claim.run.id });
      }
      if (claimed.length === 0) return { summary: `no digests due (${skipped} already handled or in hand)` };

      const built = await buildDigests(
        services,
        claimed.map(({ due: run }) => ({ group: run.group, window: { from: (run.missed[0] ?? run.slot).coversFrom, to: run.slot.scheduledAt } })),
        now,
      );
      const counts = { sent: 0, failed: 0, late: 0 };
      const charts: DigestChartCache = new Map();
      for (const { due: run, runId } of claimed) {
        const digest = built.get(run.group.id);
        const beat = () => renewJobRunLease(db, runId);
        // Fire and forget: a missed renewal is logged here and only shortens the lease; the post carries on.
        const heartbeat = setInterval(() => void beat().catch((error: unknown) => logger.warn('Could not refresh a digest run\'s claim', { runId, error })), heartbeatEveryMs);
        heartbeat.unref();
        try {
          if (!digest) throw new Error(`No digest was built for group ${run.group.key}`);
          const chart = await digestChart(digest.content, charts).catch((error: unknown) => {
            logger.warn('The digest\'s chart could not be drawn; the digest goes without it', { group: run.group.key, error });
            return undefined;
          });
          const viewOptions = {
            ...(chart ? { chart } : {}),
            mentions: digest.mentions,
            canOpenUpdateForm: hasAction(ACTION_IDS.openUpdateForm),
            ...(run.late ? { late: { scheduledAt: run.postAt, sentAt: now } } : {}),
            ...(run.missed.length > 0 ? { catchUp: { periods: [...run.missed, run.slot].map((slot) => ({ from: slot.coversFrom, to: slot.scheduledAt })) } } : {}),
          };
          const outcomes = await postDigestToChannels(services, {
            group: run.group,
            view: digestView(digest.content, viewOptions),
            repostView: digestView(digest.content, { ...viewOptions, repost: true }),
            ledgerKey: run.slot.periodKey,
            now,
            beforePost: beat,
          });
          const result = await settleRun(services, run, runId, outcomes, now);
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

/**
 * Fills in each late run's missed scheduled runs: walking back from its slot, the slots with no run in the
 * ledger, up to the last one that has a run. When no earlier run is found (the group's first digest, or a gap
 * longer than MAX_CATCH_UP_SLOTS), nothing is caught up beyond the latest slot. One query for all groups.
 */
async function findMissedRuns(db: CoreServices['db'], late: readonly DueRun[]): Promise<void> {
  const candidates = late.map((run) => {
    const linkedAt = new Date(Math.min(...run.group.channels.map((channel) => channel.linkedAt.getTime())));
    return { run, earlier: digestSlotsBefore(run.schedule, run.slot, run.group.partnership.timeZone, { notBefore: linkedAt }) };
  });
  const keys = candidates.flatMap(({ run, earlier }) => earlier.map((slot) => ({ scope: run.group.id, periodKey: slot.periodKey })));
  if (keys.length === 0) return;
  const recorded = new Set((await findDigestRuns(db, keys)).map((row) => `${row.scope}|${row.periodKey}`));
  for (const { run, earlier } of candidates) {
    const lastRecorded = earlier.findIndex((slot) => recorded.has(`${run.group.id}|${slot.periodKey}`));
    if (lastRecorded > 0) run.missed = earlier.slice(0, lastRecorded).reverse();
  }
}

function outcomeSummary(outcome: ChannelOutcome) {
  const base = { platform: outcome.platform, channelId: outcome.channelId, status: outcome.status };
  switch (outcome.status) {
    case 'sent':
      return { ...base, messageId: outcome.messageId, possibleDuplicate: outcome.possibleDuplicate };
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
 * Records how the run went: SUCCEEDED when every channel has it; otherwise FAILED for good, with the
 * secretariat told of each channel that did not get it: the delivery policy already retried what could pass
 * with time, so running the period again would only multiply attempts.
 */
async function settleRun(
  services: CoreServices,
  run: DueRun,
  runId: string,
  outcomes: readonly ChannelOutcome[],
  now: Date,
): Promise<'sent' | 'failed'> {
  const { db } = services;
  const result = { late: run.late, ...(run.missed.length > 0 ? { caughtUp: run.missed.map((slot) => slot.periodKey) } : {}), channels: outcomes.map(outcomeSummary) };
  const channelOf = (outcome: ChannelOutcome) => run.group.channels.find((channel) => channel.platform === outcome.platform && channel.channelId === outcome.channelId);
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  for (const outcome of failed) {
    const channel = channelOf(outcome);
    if (!channel || outcome.status !== 'failed') continue;
    const reason = outcome.failure.kind === 'transient' ? `${outcome.failure.reason}, and retrying did not help` : outcome.failure.reason;
    await reportUndeliveredDigest(services, { group: run.group, ledgerKey: run.slot.periodKey, channel, reason, now });
  }
  if (failed.length > 0 || outcomes.some((outcome) => outcome.status === 'given-up')) {
    const delivered = outcomes.some((outcome) => outcome.status === 'sent' || outcome.status === 'already-sent');
    const gaveUp = failed.some((outcome) => outcome.status === 'failed' && outcome.failure.kind === 'transient');
    await failJobRun(db, runId, services.now(), `${gaveUp ? 'gave up' : 'permanent'}: ${JSON.stringify(result)}`);
    return delivered ? 'sent' : 'failed';
  }
  await completeJobRun(db, runId, services.now(), result);
  return 'sent';
}
