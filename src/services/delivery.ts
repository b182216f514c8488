// Proactive messages for features (reminders, digests, vote cards): to a group's linked channels and to
// a person's chat accounts, through whichever adapters' notifiers are running. One platform failing
// does not stop the others; each outcome is returned so the caller can record it.
import { findGroupChannel, listChatIdentities } from '../db/identity-store.ts';
import type { MessageView } from '../views/model.ts';
import type { ChatPlatform, PostedMessage } from './chat-core.ts';
import type { CoreServices } from './registry.ts';

export type DeliveryOutcome =
  | { readonly platform: ChatPlatform; readonly status: 'sent'; readonly posted: PostedMessage }
  | { readonly platform: ChatPlatform; readonly status: 'failed'; readonly error: string }
  /** The person or group is reachable on this platform, but no adapter for it is running. */
  | { readonly platform: ChatPlatform; readonly status: 'no-notifier' };

const PLATFORMS: readonly ChatPlatform[] = ['SLACK', 'TEAMS'];

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Posts to the group's channel on each platform it has one; none linked means an empty list. */
export async function postToGroup(services: CoreServices, groupId: string, view: MessageView): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const platform of PLATFORMS) {
    const channel = await findGroupChannel(services.db, groupId, platform);
    if (!channel) continue;
    const notifier = services.notifiers[platform];
    if (!notifier) {
      outcomes.push({ platform, status: 'no-notifier' });
      continue;
    }
    try {
      const posted = await notifier.postToChannel(
        { workspaceId: channel.workspaceId, channelId: channel.channelId, conversationReference: channel.conversationReference ?? undefined },
        view,
      );
      outcomes.push({ platform, status: 'sent', posted });
    } catch (error) {
      services.logger.warn('Could not post to a group channel', { platform, groupId, channelId: channel.channelId, error });
      outcomes.push({ platform, status: 'failed', error: describeError(error) });
    }
  }
  return outcomes;
}

type LinkedIdentity = Awaited<ReturnType<typeof listChatIdentities>>[number];

/** Sends the view to one person on each platform among `identities` (theirs, already loaded). */
export async function sendToIdentities(
  services: Pick<CoreServices, 'notifiers' | 'logger'>,
  personId: string,
  identities: readonly LinkedIdentity[],
  view: MessageView,
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const platform of PLATFORMS) {
    const identity = identities.find((candidate) => candidate.platform === platform);
    if (!identity) continue;
    const notifier = services.notifiers[platform];
    if (!notifier) {
      outcomes.push({ platform, status: 'no-notifier' });
      continue;
    }
    try {
      const posted = await notifier.sendDirect(
        { workspaceId: identity.workspaceId, userId: identity.userId, conversationReference: identity.conversationReference ?? undefined },
        view,
      );
      outcomes.push({ platform, status: 'sent', posted });
    } catch (error) {
      services.logger.warn('Could not send a direct message', { platform, personId, error });
      outcomes.push({ platform, status: 'failed', error: describeError(error) });
    }
  }
  return outcomes;
}

/** Sends a direct message to the person once per platform they are linked on; none linked means an empty list. */
export async function sendToPerson(services: CoreServices, personId: string, view: MessageView): Promise<DeliveryOutcome[]> {
  return sendToIdentities(services, personId, await listChatIdentities(services.db, [personId]), view);
}
