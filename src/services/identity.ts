// Who is this chat user? A chat user acts for a person of a partnership once linked: by the importer,
// automatically by email (the first time they talk to the bot, with the email the platform vouches for:
// ChatActor.lookupEmail), or by the secretariat (`/csp link`).
import { recordAudit } from '../db/audit-store.ts';
import {
  findLinkedPerson,
  findPeopleByEmail,
  findWorkspacePartnership,
  linkChatIdentity,
  recordWorkspace,
  type PersonWithPartnership,
} from '../db/identity-store.ts';
import { listSecretariat } from '../db/membership-store.ts';
import { localDateOf } from '../domain/time-zone.ts';
import type { ChatActor, ChatConversation } from './chat-core.ts';
import { sendStillDue } from './still-due.ts';
import type { CoreServices } from './registry.ts';

type UnlinkedReason = 'NO_EMAIL' | 'NO_MATCH' | 'AMBIGUOUS';

export interface SecretariatContact {
  readonly name: string;
  readonly organisation: string | null;
  readonly email: string | null;
}

export type IdentityResolution =
  | { readonly status: 'linked'; readonly person: PersonWithPartnership; readonly linkedByEmailNow: boolean }
  | {
      readonly status: 'unlinked';
      readonly reason: UnlinkedReason;
      /** The partnership that uses this workspace, when known. */
      readonly partnership: { readonly id: string; readonly name: string } | null;
      readonly secretariat: readonly SecretariatContact[];
    };

/** Today's calendar date in a time zone, as the UTC-midnight Date that @db.Date columns compare with. */
export function dateOnlyIn(now: Date, timeZone: string): Date {
  const { year, month, day } = localDateOf(now, timeZone);
  return new Date(Date.UTC(year, month - 1, day));
}

async function lookupEmailSafely(services: CoreServices, actor: ChatActor): Promise<string | undefined> {
  try {
    const email = (await actor.lookupEmail())?.trim();
    return email ? email : undefined;
  } catch (error) {
    services.logger.warn('Could not look up the chat user\'s email', { platform: actor.platform, userId: actor.userId, error });
    return undefined;
  }
}

export async function secretariatContacts(services: CoreServices, partnershipId: string, timeZone: string): Promise<SecretariatContact[]> {
  const people = await listSecretariat(services.db, partnershipId, dateOnlyIn(services.now(), timeZone));
  return people.map((person) => ({ name: person.name, organisation: person.organisation?.name ?? null, email: person.email }));
}

/**
 * Finds the person behind a chat user, linking them by email when that is unambiguous: within the
 * partnership that uses the workspace, or, for a workspace no partnership has used yet, when exactly one
 * person anywhere has that email (the workspace is then recorded as that partnership's).
 */
export async function resolveIdentity(
  services: CoreServices,
  actor: ChatActor,
  conversation?: ChatConversation,
): Promise<IdentityResolution> {
  const key = { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId };
  const linked = await findLinkedPerson(services.db, key);
  if (linked) return { status: 'linked', person: linked.person, linkedByEmailNow: false };

  const workspace = await findWorkspacePartnership(services.db, actor.platform, actor.workspaceId);
  const email = await lookupEmailSafely(services, actor);
  const candidates = email ? await findPeopleByEmail(services.db, email, workspace?.partnershipId) : [];
  const [match] = candidates;

  if (match && candidates.length === 1) {
    const reference = conversation?.kind === 'personal' ? conversation.conversationReference : undefined;
    await linkChatIdentity(services.db, {
      ...key,
      personId: match.id,
      linkedBy: 'EMAIL',
      displayName: actor.displayName,
      conversationReference: reference,
    });
    if (!workspace) await recordWorkspace(services.db, { platform: actor.platform, workspaceId: actor.workspaceId, partnershipId: match.partnershipId });
    await recordAudit(services.db, {
      action: 'identity.link',
      outcome: 'ALLOWED',
      partnershipId: match.partnershipId,
      actorPersonId: match.id,
      actorPlatform: actor.platform,
      actorUserId: actor.userId,
      subjectType: 'Person',
      subjectId: match.id,
      detail: { method: 'EMAIL', workspaceId: actor.workspaceId, workspaceRecorded: !workspace },
    });
    services.logger.info('Linked a chat user by email', { platform: actor.platform, userId: actor.userId, personKey: match.key });
    await sendStillDue(services, match);
    return { status: 'linked', person: match, linkedByEmailNow: true };
  }

  const reason: UnlinkedReason = !email ? 'NO_EMAIL' : candidates.length === 0 ? 'NO_MATCH' : 'AMBIGUOUS';
  if (!workspace) return { status: 'unlinked', reason, partnership: null, secretariat: [] };
  return {
    status: 'unlinked',
    reason,
    partnership: { id: workspace.partnership.id, name: workspace.partnership.name },
    secretariat: await secretariatContacts(services, workspace.partnershipId, workspace.partnership.timeZone),
  };
}
