import { listChatIdentities } from '../db/identity-store.ts';
import type { ChatUserRef, Inline } from '../views/model.ts';
import { mention } from '../views/model.ts';
import type { CoreServices } from './registry.ts';

/**
 * A mention for each person, carrying every chat account they are linked to, so each renderer can
 * mention them on its own platform (and falls back to "@Name" where they have none).
 */
export async function mentionsFor(
  services: CoreServices,
  people: readonly { readonly id: string; readonly name: string }[],
): Promise<Map<string, Inline>> {
  const identities = await listChatIdentities(services.db, people.map((person) => person.id));
  const byPerson = new Map<string, ChatUserRef[]>();
  for (const identity of identities) {
    const refs = byPerson.get(identity.personId) ?? [];
    refs.push({ platform: identity.platform, userId: identity.userId });
    byPerson.set(identity.personId, refs);
  }
  return new Map(people.map((person) => [person.id, mention(person.name, byPerson.get(person.id) ?? [])]));
}
