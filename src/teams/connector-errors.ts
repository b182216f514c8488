// Bot Connector failures sorted into "try again later" and "will never work", with the Retry-After Teams
// sent. Nothing is retried here: the connector client's own retries are off for proactive turns
// (connector-retries.ts) and the one delivery retry policy (src/services/delivery-retry.ts) decides.
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
  /** From the Retry-After header of a 429 or 503, when Teams sent one. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, options: { permanent: boolean; statusCode?: number; code?: string; retryAfterSeconds?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.permanent = options.permanent;
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.retryAfterSeconds = options.retryAfterSeconds;
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

/**
 * Runs one connector call; a connector or network failure comes out as a TeamsDeliveryError that says
 * whether trying again could help and how long Teams asked to wait. Programming errors pass untouched.
 */
export async function callConnector<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof TeamsDeliveryError) throw error;
    if (!(isRecord(error) && typeof error.statusCode === 'number') && !isNetworkError(error)) throw error;
    const failure = describeConnectorError(error);
    const retryable = isRetryable(failure);
    const detail = `${failure.statusCode ?? 'no status'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`;
    throw new TeamsDeliveryError(retryable ? `${what} failed (${detail})` : `${what} was refused (${detail})`, {
      permanent: !retryable,
      statusCode: failure.statusCode,
      code: failure.code,
      ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
      cause: error,
    });
  }
}
