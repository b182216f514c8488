import { recordAudit } from '../db/audit-store.ts';
import type { PersonWithPartnership } from '../db/identity-store.ts';
import { listActiveMemberships } from '../db/membership-store.ts';
import type { ChatActor, ChatConversation } from './chat-core.ts';
import { dateOnlyIn } from './identity.ts';
import type { CoreServices, PersonContext, RequestContext } from './registry.ts';
import { commandPrefixFor } from './replies.ts';

export async function buildPersonContext(services: CoreServices, actor: ChatActor, person: PersonWithPartnership): Promise<PersonContext> {
  const today = dateOnlyIn(services.now(), person.partnership.timeZone);
  const memberships = await listActiveMemberships(services.db, person.id, today);
  const roles = new Set(memberships.map((membership) => membership.role));
  return {
    actor,
    person,
    memberships,
    roles,
    today,
    services,
    commandPrefix: commandPrefixFor(actor.platform),
    hasAnyRole: (wanted) => wanted.some((role) => roles.has(role)),
    audit: (entry) =>
      recordAudit(services.db, {
        ...entry,
        partnershipId: person.partnershipId,
        actorPersonId: person.id,
        actorPlatform: actor.platform,
        actorUserId: actor.userId,
      }),
  };
}

export function withConversation(context: PersonContext, conversation: ChatConversation): RequestContext {
  return { ...context, conversation };
}
