// Sorts a failed channel post into "try again later" (rate limits, platform outages, network trouble) and
// "will never work" (channel archived or gone, bot removed, credentials refused), from the errors the two
// notifiers throw, read structurally so nothing here depends on a platform library:
// - Teams: TeamsDeliveryError carries `permanent` (src/teams/connector-errors.ts).
// - Slack: @slack/web-api errors carry `code` ('slack_webapi_platform_error' with `data.error`,
//   'slack_webapi_http_error' with `statusCode`, or 'slack_webapi_rate_limited_error' with `retryAfter`).
// - Anything else with an HTTP `statusCode`: 408, 429 and 5xx pass with time, other 4xx do not.
// Unknown errors count as transient: the delivery retry policy's attempt limit and time budget bound them.

export type FailureKind = 'transient' | 'permanent';

export interface DeliveryFailure {
  kind: FailureKind;
  /** For the secretariat: what went wrong, in words. */
  reason: string;
  /** The platform's own code or status, for the log and the ledger. */
  code: string | null;
}

const SLACK_PERMANENT: Readonly<Record<string, string>> = {
  channel_not_found: 'the channel no longer exists or the bot cannot see it',
  is_archived: 'the channel has been archived',
  not_in_channel: 'the bot is not a member of the channel (it was removed)',
  account_inactive: 'the bot\'s Slack account has been deactivated',
  invalid_auth: 'Slack refused the bot\'s token',
  token_revoked: 'the bot\'s Slack token was revoked (the app was uninstalled)',
  not_authed: 'Slack refused the bot\'s token',
  missing_scope: 'the Slack app lacks a permission it needs (chat:write)',
  restricted_action: 'the workspace does not let the bot post in this channel',
  team_access_not_granted: 'the bot has no access to that workspace',
  invalid_blocks: 'Slack rejected the message layout',
  msg_too_long: 'Slack rejected the message as too long',
};

const SLACK_TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function byStatus(statusCode: number, message: string): DeliveryFailure {
  const transient = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  const reason =
    statusCode === 403 ? 'the platform refused the bot (it was removed from the team or channel, or blocked)'
    : statusCode === 404 ? 'the conversation no longer exists'
    : transient ? `the platform was unavailable (HTTP ${statusCode})`
    : `the platform refused the message (HTTP ${statusCode}: ${message})`;
  return { kind: transient ? 'transient' : 'permanent', reason, code: String(statusCode) };
}

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  const message = messageOf(error);
  if (!isRecord(error)) return { kind: 'transient', reason: message, code: null };
  const statusCode = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  if (typeof error.permanent === 'boolean') {
    const code = typeof error.code === 'string' ? error.code : statusCode !== undefined ? String(statusCode) : null;
    if (statusCode !== undefined) return { ...byStatus(statusCode, message), kind: error.permanent ? 'permanent' : 'transient', code };
    return { kind: error.permanent ? 'permanent' : 'transient', reason: message, code };
  }
  const slackError = isRecord(error.data) && typeof error.data.error === 'string' ? error.data.error : undefined;
  if (slackError !== undefined) {
    const permanent = SLACK_PERMANENT[slackError];
    if (permanent) return { kind: 'permanent', reason: permanent, code: slackError };
    if (SLACK_TRANSIENT.has(slackError)) return { kind: 'transient', reason: `Slack was unavailable (${slackError})`, code: slackError };
    return { kind: 'permanent', reason: `Slack refused the message (${slackError})`, code: slackError };
  }
  if (error.code === 'slack_webapi_rate_limited_error') return { kind: 'transient', reason: 'Slack rate limit', code: 'ratelimited' };
  if (statusCode !== undefined) return byStatus(statusCode, message);
  return { kind: 'transient', reason: message, code: typeof error.code === 'string' ? error.code : null };
}

export type Attempted<T> = { ok: true; value: T } | { ok: false; failure: DeliveryFailure; error: unknown };

/**
 * Runs `post` once and sorts its failure. The notifiers the core hands out already retry under the one
 * delivery retry policy (src/services/delivery-retry.ts); a failure that reaches here is final for this run.
 */
export async function attemptDelivery<T>(post: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await post() };
  } catch (error) {
    return { ok: false, failure: classifyDeliveryFailure(error), error };
  }
}
