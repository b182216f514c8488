// Bot Connector failures sorted into "try again later" and "will never work". The connector client
// (botframework-connector, Azure core pipeline) already retries 5xx and 429 with Retry-After three times
// before it throws; what reaches here is what is left.
// Codes: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
// (403 ConversationBlockedByUser / BotNotInConversationRoster / BotDisabledByAdmin, 404 ConversationNotFound,
// 412 PreconditionFailed, 413 MessageSizeTooBig, 429 Throttled).

export interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  message: string;
  /** Seconds from a Retry-After header, when the service sent one. */
  retryAfterSeconds?: number;
}

/** Thrown by the Teams notifier. `permanent` failures must not be retried: the target is gone or refuses the bot. */
export class TeamsDeliveryError extends Error {
  override readonly name = 'TeamsDeliveryError';
  readonly permanent: boolean;
  readonly statusCode?: number;
  readonly code?: string;

  constructor(message: string, options: { permanent: boolean; statusCode?: number; code?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.permanent = options.permanent;
    this.statusCode = options.statusCode;
    this.code = options.code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  if (typeof headers.get === 'function') {
    const value: unknown = (headers.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function describeConnectorError(error: unknown): ConnectorFailure {
  if (!isRecord(error)) return { message: String(error) };
  const statusCode = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const details = isRecord(error.details) && isRecord(error.details.error) ? error.details.error : undefined;
  const code = typeof details?.code === 'string' ? details.code : typeof error.code === 'string' ? error.code : undefined;
  const message = typeof details?.message === 'string' ? details.message : typeof error.message === 'string' ? error.message : String(error);
  const retryAfter = Number(headerValue(isRecord(error.response) ? error.response.headers : undefined, 'retry-after'));
  return {
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(code !== undefined ? { code } : {}),
    message,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

const NETWORK_ERROR_CODES = new Set(['REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** A failure to reach the service at all, as opposed to a bug in the caller. */
export function isNetworkError(error: unknown): boolean {
  return isRecord(error) && typeof error.code === 'string' && NETWORK_ERROR_CODES.has(error.code);
}

/** 429 and 412 (another operation on the same conversation) pass with time; so do 5xx and network errors. */
export function isRetryable(failure: ConnectorFailure): boolean {
  const status = failure.statusCode;
  if (status === undefined) return true;
  return status === 408 || status === 412 || status === 429 || status >= 500;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000 };

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Runs `operation`, retrying retryable connector failures with exponential backoff and jitter (Retry-After
 * wins when present), as Teams' rate-limit guidance asks. Throws a TeamsDeliveryError.
 */
export async function withConnectorRetry<T>(what: string, operation: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof TeamsDeliveryError) throw error;
      if (!(isRecord(error) && typeof error.statusCode === 'number') && !isNetworkError(error)) throw error;
      const failure = describeConnectorError(error);
      const retryable = isRetryable(failure);
      const detail = `${failure.statusCode ?? 'no status'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`;
      if (!retryable || attempt >= options.maxAttempts) {
        throw new TeamsDeliveryError(
          retryable ? `${what} failed after ${attempt} attempts (${detail})` : `${what} was refused (${detail})`,
          { permanent: !retryable, statusCode: failure.statusCode, code: failure.code, cause: error },
        );
      }
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = failure.retryAfterSeconds !== undefined
        ? Math.min(options.maxDelayMs, failure.retryAfterSeconds * 1_000)
        : Math.round(backoff / 2 + random() * (backoff / 2));
      await sleep(delay);
    }
  }
}
