// Direct messages to many people at once, for scheduled jobs: every recipient's chat accounts are read in
// one query (sendToPerson reads them per person), then the messages go out a few at a time.
import { listChatIdentities } from '../../db/identity-store.ts';
import type { NotificationOutcome } from '../../db/action-store.ts';
import { NO_CHAT_ACCOUNT_LINKED } from '../../db/notification-store.ts';
import type { MessageView } from '../../views/model.ts';
import { sendToIdentities, type DeliveryOutcome } from '../delivery.ts';
import type { CoreServices } from '../registry.ts';

export interface DirectMessage {
  readonly personId: string;
  readonly view: MessageView;
}

export interface DirectDelivery {
  readonly personId: string;
  /** One per platform the person is linked on; empty when they are linked on none. */
  readonly outcomes: readonly DeliveryOutcome[];
}

const DEFAULT_CONCURRENCY = 4;

export interface SendDirectOptions {
  /** How many messages are in flight at once. */
  readonly concurrency?: number;
  /** Called after every `everyMessages` messages, e.g. to keep a job's claim alive. */
  readonly progress?: { readonly everyMessages: number; readonly onProgress: () => Promise<void> };
}

export async function sendDirectMessages(
  services: Pick<CoreServices, 'db' | 'notifiers' | 'logger'>,
  messages: readonly DirectMessage[],
  options: SendDirectOptions = {},
): Promise<DirectDelivery[]> {
  if (messages.length === 0) return [];
  const identities = await listChatIdentities(services.db, [...new Set(messages.map((entry) => entry.personId))]);
  const byPerson = new Map<string, typeof identities>();
  for (const identity of identities) byPerson.set(identity.personId, [...(byPerson.get(identity.personId) ?? []), identity]);

  async function deliver(entry: DirectMessage): Promise<DirectDelivery> {
    return { personId: entry.personId, outcomes: await sendToIdentities(services, entry.personId, byPerson.get(entry.personId) ?? [], entry.view) };
  }

  const results: DirectDelivery[] = new Array(messages.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < messages.length) {
      const index = next;
      next += 1;
      results[index] = await deliver(messages[index]!);
      done += 1;
      if (options.progress && done % options.progress.everyMessages === 0) await options.progress.onProgress();
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, messages.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** What to record on a notification row for a delivery: the first platform it reached, or why none. */
export function notificationOutcome(id: string, delivery: DirectDelivery | undefined, sentAt: Date): NotificationOutcome {
  const sent = delivery?.outcomes.find((outcome) => outcome.status === 'sent');
  if (sent && sent.status === 'sent') {
    return { id, sentAt, platform: sent.platform, channelId: sent.posted.channelId, messageId: sent.posted.messageId, error: null };
  }
  const reasons = (delivery?.outcomes ?? []).map((outcome) =>
    outcome.status === 'failed' ? `${outcome.platform}: ${outcome.error}` : `${outcome.platform}: no adapter running`,
  );
  return { id, sentAt: null, platform: null, channelId: null, messageId: null, error: reasons.length > 0 ? reasons.join('; ') : NO_CHAT_ACCOUNT_LINKED };
}
