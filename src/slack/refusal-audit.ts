// Refused Slack requests (bad, missing or stale signatures) are security events and go to the audit log.
// A flood of forged requests must not flood the table: at most `maxPerMinute` rows a minute are written and
// the next row written says how many were left out.
import { recordAudit } from '../db/audit-store.ts';
import type { Logger } from '../logger.ts';
import type { RefusedSlackRequest } from './slack-http-receiver.ts';

export type AuditWriter = Parameters<typeof recordAudit>[0];

export const SLACK_REQUEST_REFUSED = 'slack.request.refused';

export function createRefusalAuditor(options: {
  prisma: AuditWriter;
  logger: Logger;
  maxPerMinute?: number;
  now?: () => number;
}): (refusal: RefusedSlackRequest) => Promise<void> {
  const maxPerMinute = options.maxPerMinute ?? 60;
  const now = options.now ?? Date.now;
  let windowStart = Number.NEGATIVE_INFINITY;
  let writtenInWindow = 0;
  let leftOut = 0;

  return async (refusal) => {
    options.logger.warn('Refused a Slack request', {
      reason: refusal.reason,
      path: refusal.path,
      remoteAddress: refusal.remoteAddress,
    });
    const at = now();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      writtenInWindow = 0;
    }
    if (writtenInWindow >= maxPerMinute) {
      leftOut += 1;
      return;
    }
    writtenInWindow += 1;
    const detail = {
      path: refusal.path,
      signaturePresent: refusal.signaturePresent,
      ...(refusal.requestTimestamp !== undefined ? { requestTimestamp: refusal.requestTimestamp } : {}),
      ...(refusal.remoteAddress !== undefined ? { remoteAddress: refusal.remoteAddress } : {}),
      ...(refusal.userAgent !== undefined ? { userAgent: refusal.userAgent.slice(0, 200) } : {}),
      ...(leftOut > 0 ? { refusalsNotRecordedBefore: leftOut } : {}),
    };
    leftOut = 0;
    try {
      await recordAudit(options.prisma, {
        action: SLACK_REQUEST_REFUSED,
        outcome: 'REFUSED',
        actorPlatform: 'SLACK',
        reason: refusal.reason,
        detail,
      });
    } catch (error) {
      options.logger.error('Could not write the audit entry for a refused Slack request', { error });
    }
  };
}
