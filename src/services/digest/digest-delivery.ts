// Posting a digest to a group's channels with a ledger row per channel: the row is written BEFORE the post
// and marked sent after it, so a later attempt knows what already went out. A row that exists with neither a
// sent time nor an error was left by an attempt that stopped between writing it and finishing (a crash, a
// kill): neither platform can say whether that post arrived, so it is posted again and logged as a possible
// duplicate, rather than silently never sent.
import { recordAudit } from '../../db/audit-store.ts';
import { type DigestChannel, type DigestGroup, markPostFailed, markPostSent, recordPostIntent } from '../../db/digest-store.ts';
import { listSecretariat } from '../../db/membership-store.ts';
import type { MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatPlatform } from '../chat-core.ts';
import { sendToPerson } from '../delivery.ts';
import { dateOnlyIn } from '../identity.ts';
import type { CoreServices } from '../registry.ts';
import { commandPrefixFor, message } from '../replies.ts';
import { type DeliveryFailure, attemptDelivery } from './delivery-failures.ts';

export type ChannelOutcome =
  | { platform: ChatPlatform; channelId: string; status: 'sent'; messageId: string; possibleDuplicate: boolean }
  | { platform: ChatPlatform; channelId: string; status: 'already-sent'; messageId: string | null }
  /** Failed for good in this attempt: the notifier's retry policy already tried again where that could help. */
  | { platform: ChatPlatform; channelId: string; status: 'failed'; failure: DeliveryFailure }
  /** A permanent failure recorded by an earlier attempt: not tried again. */
  | { platform: ChatPlatform; channelId: string; status: 'given-up'; reason: string }
  | { platform: ChatPlatform; channelId: string; status: 'no-notifier' };

const PERMANENT = 'permanent: ';
const TRANSIENT = 'transient: ';

export interface PostDigestInput {
  group: DigestGroup;
  view: MessageView;
  /** What is posted instead when an earlier attempt stopped between posting and recording (says it may repeat). */
  repostView?: MessageView;
  /** The ledger key of this digest: the period for scheduled runs, the minute for one sent by hand. */
  ledgerKey: string;
  now: Date;
  /** Called before each channel post (the job refreshes its claim's heartbeat). */
  beforePost?: () => Promise<void>;
}

export function postKey(groupId: string, ledgerKey: string, platform: ChatPlatform): string {
  return `digest:${groupId}:${ledgerKey}:${platform}`;
}

async function postToChannel(services: CoreServices, input: PostDigestInput, channel: DigestChannel): Promise<ChannelOutcome> {
  const { db, logger } = services;
  const base = { platform: channel.platform, channelId: channel.channelId };
  const intent = await recordPostIntent(
    db,
    { dedupeKey: postKey(input.group.id, input.ledgerKey, channel.platform), groupId: input.group.id, periodKey: input.ledgerKey, platform: channel.platform, channelId: channel.channelId },
    input.now,
  );
  const { row } = intent;
  if (row.sentAt) return { ...base, status: 'already-sent', messageId: row.messageId };
  if (row.error?.startsWith(PERMANENT)) return { ...base, status: 'given-up', reason: row.error.slice(PERMANENT.length) };
  const possibleDuplicate = !intent.created && row.error === null;
  const notifier = services.notifiers[channel.platform];
  if (!notifier) {
    await markPostFailed(db, row.id, `${TRANSIENT}no ${channel.platform} adapter is running`);
    logger.warn('A digest could not go to a channel: its platform is not running here', { groupId: input.group.id, platform: channel.platform });
    return { ...base, status: 'no-notifier' };
  }
  if (possibleDuplicate) {
    logger.warn('Posting a digest whose earlier attempt stopped before it was marked sent: the channel may get it twice', {
      groupId: input.group.id,
      group: input.group.key,
      ledgerKey: input.ledgerKey,
      platform: channel.platform,
      channelId: channel.channelId,
      firstAttemptAt: row.createdAt,
    });
  }
  await input.beforePost?.();
  const target = { workspaceId: channel.workspaceId, channelId: channel.channelId, conversationReference: channel.conversationReference ?? undefined };
  const attempted = await attemptDelivery(() => notifier.postToChannel(target, possibleDuplicate ? (input.repostView ?? input.view) : input.view));
  if (attempted.ok) {
    await markPostSent(db, row.id, attempted.value, services.now());
    return { ...base, status: 'sent', messageId: attempted.value.messageId, possibleDuplicate };
  }
  const { failure } = attempted;
  await markPostFailed(db, row.id, `${failure.kind === 'permanent' ? PERMANENT : TRANSIENT}${failure.reason}`);
  logger.warn('A digest post failed', {
    groupId: input.group.id,
    platform: channel.platform,
    channelId: channel.channelId,
    kind: failure.kind,
    code: failure.code,
    error: attempted.error,
  });
  return { ...base, status: 'failed', failure };
}

/** Posts to each of the group's channels in turn; one channel failing does not stop the others. */
export async function postDigestToChannels(services: CoreServices, input: PostDigestInput): Promise<ChannelOutcome[]> {
  const outcomes: ChannelOutcome[] = [];
  for (const channel of input.group.channels) outcomes.push(await postToChannel(services, input, channel));
  return outcomes;
}

const PLATFORM_NAMES: Readonly<Record<ChatPlatform, string>> = { SLACK: 'Slack', TEAMS: 'Teams' };

export function describeChannel(channel: { platform: ChatPlatform; name?: string | null; channelId: string }): string {
  const name = channel.name ? (channel.platform === 'SLACK' ? `#${channel.name}` : channel.name) : channel.channelId;
  return `${name} on ${PLATFORM_NAMES[channel.platform]}`;
}

/**
 * Tells the partnership's secretariat, once per group, period and channel, that a digest could not be posted
 * and will not be retried, and records it in the audit log.
 */
export async function reportUndeliveredDigest(
  services: CoreServices,
  input: { group: DigestGroup; ledgerKey: string; channel: DigestChannel; reason: string; now: Date; givenUpAfter?: number },
): Promise<number> {
  const { db } = services;
  const { group, channel } = input;
  await recordAudit(db, {
    action: 'digest.post',
    outcome: 'FAILED',
    partnershipId: group.partnershipId,
    subjectType: 'Group',
    subjectId: group.id,
    reason: input.reason,
    detail: { platform: channel.platform, channelId: channel.channelId, ledgerKey: input.ledgerKey, ...(input.givenUpAfter ? { attempts: input.givenUpAfter } : {}) },
    at: input.now,
  });
  const secretariat = await listSecretariat(db, group.partnershipId, dateOnlyIn(input.now, group.partnership.timeZone));
  const prefix = commandPrefixFor(channel.platform);
  const why = input.givenUpAfter ? `it still failed after ${input.givenUpAfter} attempts (${input.reason})` : input.reason;
  const view = message(
    { type: 'text', text: rich('The digest for ', bold(group.name), ` could not be posted to ${describeChannel(channel)}: ${why}.`) },
    {
      type: 'context',
      text: `I will not try that channel again for this digest. Link the group to a channel the bot is in (${prefix} channel ${group.key}), then post it with ${prefix} digest send ${group.key}.`,
    },
  );
  let told = 0;
  for (const person of secretariat) {
    const intent = await recordPostIntent(
      db,
      { dedupeKey: `digest-failure:${group.id}:${input.ledgerKey}:${channel.platform}:${person.id}`, groupId: group.id, periodKey: input.ledgerKey, platform: channel.platform, channelId: channel.channelId, recipientId: person.id },
      input.now,
    );
    if (!intent.created) continue;
    const outcomes = await sendToPerson(services, person.id, view);
    const sent = outcomes.find((outcome) => outcome.status === 'sent');
    if (sent?.status === 'sent') {
      await markPostSent(db, intent.row.id, sent.posted, services.now());
      told += 1;
    } else {
      await markPostFailed(db, intent.row.id, `${PERMANENT}could not reach this person in chat`);
    }
  }
  if (told === 0) services.logger.error('A digest could not be posted and no one in the secretariat could be told', { groupId: group.id, reason: input.reason });
  return told;
}
