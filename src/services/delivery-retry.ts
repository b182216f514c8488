// The one retry policy for proactive messages (reminders, escalations, digests, vote cards and their DMs).
// Every other layer is turned off so attempts do not multiply: the Slack WebClient of the notifier runs with
// no retries and rejects rate-limited calls (src/slack/slack-adapter.ts), the Bot Connector client of
// proactive turns has its retry policy removed (src/teams/connector-retries.ts), and jobs do not run again a
// delivery this policy gave up on (they record it as failed; the weekly list of unreachable people and the
// digest's run history show it).
//
// A failure that will never work (channel archived, bot removed, token refused) is not retried. One that
// passes with time (429, 5xx, network) is tried again after the platform's Retry-After when it sent one,
// else after a growing backoff, as long as the wait fits in the delivery's total time budget.
import type { Logger } from '../logger.ts';
import type { Notifier } from './chat-core.ts';
import { classifyDeliveryFailure } from './digest/delivery-failures.ts';

export interface DeliveryRetryPolicy {
  /** Total time one delivery may take, waits included (DELIVERY_BUDGET_SECONDS). */
  readonly budgetMs: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first wait when the platform names none; it doubles after each attempt. */
  readonly baseDelayMs: number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** Milliseconds on a monotonic clock. */
  readonly clock: () => number;
}

export const DEFAULT_DELIVERY_BUDGET_MS = 30_000;

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = {
  budgetMs: DEFAULT_DELIVERY_BUDGET_MS,
  maxAttempts: 3,
  baseDelayMs: 1_000,
  sleep: (milliseconds) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)),
  clock: () => performance.now(),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The wait the platform asked for, read structurally: @slack/web-api's rate-limited error carries
 * `retryAfter` (seconds, from Slack's Retry-After header); the Teams notifier's TeamsDeliveryError carries
 * `retryAfterSeconds` (from the connector's 429/503 Retry-After header).
 */
export function retryAfterMs(error: unknown): number | undefined {
  if (!isRecord(error)) return undefined;
  const seconds = typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : typeof error.retryAfter === 'number' ? error.retryAfter : undefined;
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1_000) : undefined;
}

export interface DeliveryAttempts {
  readonly attempts: number;
  readonly elapsedMs: number;
}

/** Runs `operation` under the policy; throws the last error when it gives up. */
export async function deliverWithRetry<T>(
  operation: () => Promise<T>,
  policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY,
  onGiveUp?: (error: unknown, attempts: DeliveryAttempts) => void,
): Promise<T> {
  const started = policy.clock();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const elapsedMs = policy.clock() - started;
      const failure = classifyDeliveryFailure(error);
      const wait = retryAfterMs(error) ?? policy.baseDelayMs * 2 ** (attempt - 1);
      if (failure.kind === 'permanent' || attempt >= policy.maxAttempts || elapsedMs + wait > policy.budgetMs) {
        if (failure.kind === 'transient') onGiveUp?.(error, { attempts: attempt, elapsedMs: Math.round(elapsedMs) });
        throw error;
      }
      await policy.sleep(wait);
    }
  }
}

/** The notifier with every call under the policy: what the core hands to features and jobs. */
export function retryingNotifier(notifier: Notifier, policy: DeliveryRetryPolicy, logger: Logger): Notifier {
  const gaveUp = (what: string) => (error: unknown, attempts: DeliveryAttempts) =>
    logger.warn(`Gave up ${what}`, { platform: notifier.platform, ...attempts, budgetMs: policy.budgetMs, error });
  return {
    platform: notifier.platform,
    postToChannel: (target, message) => deliverWithRetry(() => notifier.postToChannel(target, message), policy, gaveUp('posting to a channel')),
    sendDirect: (target, message) => deliverWithRetry(() => notifier.sendDirect(target, message), policy, gaveUp('sending a direct message')),
    updateMessage: (target, messageId, message) =>
      deliverWithRetry(() => notifier.updateMessage(target, messageId, message), policy, gaveUp('updating a message')),
  };
}
