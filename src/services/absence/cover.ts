// Who is told in place of someone away, worked out for a whole run at once (a handful of queries): an
// action owner's nominated deputy (a DEPUTY of the action's group standing for the owner's organisation),
// else the secretariat; a chair's vice-chair, else the secretariat.
import {
  absencesOnDay,
  listGroupDeputies,
  listGroupViceChairs,
  organisationsOf,
  partnershipAbsencesOnDay,
  type StoredAbsence,
} from '../../db/absence-store.ts';
import type { DbClient } from '../../db/identity-store.ts';
import { listSecretariat } from '../../db/membership-store.ts';
import { awayUntil, chooseCover, type Cover, type CoverCandidate } from '../../domain/absence.ts';

export interface CoverPerson extends CoverCandidate {
  readonly absence: StoredAbsence | null;
}

export interface AbsenceLookup {
  /** Today in the partnership's zone, 'YYYY-MM-DD'. */
  readonly day: string;
  readonly absences: ReadonlyMap<string, StoredAbsence>;
  absenceOf(personId: string): StoredAbsence | null;
  /** "away until 4 Jan" for someone away, else null. */
  awayText(personId: string): string | null;
}

export function absenceLookup(absences: ReadonlyMap<string, StoredAbsence>, day: string): AbsenceLookup {
  return {
    day,
    absences,
    absenceOf: (personId) => absences.get(personId) ?? null,
    awayText: (personId) => {
      const absence = absences.get(personId);
      return absence ? awayUntil(absence, day) : null;
    },
  };
}

/** Everyone in the partnership away on `day`. */
export async function loadPartnershipAbsences(db: DbClient, partnershipId: string, day: string): Promise<AbsenceLookup> {
  return absenceLookup(await partnershipAbsencesOnDay(db, partnershipId, day), day);
}

/** These people's absences on `day`. */
export async function loadAbsences(db: DbClient, personIds: readonly string[], day: string): Promise<AbsenceLookup> {
  return absenceLookup(await absencesOnDay(db, personIds, day), day);
}

function candidate(person: { id: string; name: string }, absences: AbsenceLookup): CoverPerson {
  const absence = absences.absenceOf(person.id);
  return { id: person.id, name: person.name, away: absence !== null, absence };
}

export interface OwnerCoverRequest {
  readonly ownerId: string;
  readonly groupId: string | null;
}

/**
 * `absences` must cover the whole partnership (loadPartnershipAbsences), so deputies and the secretariat
 * who are away themselves are passed over.
 * For each (owner, group) of someone away: their organisation's deputies in that group who are not away,
 * else the secretariat. Keyed by `${ownerId}:${groupId}`.
 */
export async function coverForOwners(
  db: DbClient,
  partnershipId: string,
  requests: readonly OwnerCoverRequest[],
  absences: AbsenceLookup,
  onDate: Date,
): Promise<Map<string, Cover<CoverPerson>>> {
  const result = new Map<string, Cover<CoverPerson>>();
  if (requests.length === 0) return result;
  const organisations = await organisationsOf(db, requests.map((request) => request.ownerId));
  const groupIds = requests.flatMap((request) => (request.groupId ? [request.groupId] : []));
  const deputies = await listGroupDeputies(db, groupIds, onDate);
  let secretariat: CoverPerson[] | undefined;
  for (const request of requests) {
    const key = coverKey(request.ownerId, request.groupId);
    if (result.has(key)) continue;
    const organisationId = organisations.get(request.ownerId) ?? null;
    const theirs = deputies
      .filter((deputy) => deputy.groupId === request.groupId && organisationId !== null && deputy.organisationId === organisationId && deputy.person.id !== request.ownerId)
      .map((deputy) => candidate(deputy.person, absences));
    if (!theirs.some((deputy) => !deputy.away) && secretariat === undefined) {
      secretariat = (await listSecretariat(db, partnershipId, onDate)).map((person) => candidate(person, absences));
    }
    result.set(key, chooseCover(theirs, secretariat ?? []));
  }
  return result;
}

export function coverKey(ownerId: string, groupId: string | null): string {
  return `${ownerId}:${groupId ?? '-'}`;
}

export interface ChairCover {
  readonly chair: CoverPerson;
  readonly cover: Cover<CoverPerson>;
}

/** `absences` as for coverForOwners. For chairs away: their group's vice-chairs not away, else the secretariat. Keyed by `${chairId}:${groupId}`. */
export async function coverForChairs(
  db: DbClient,
  partnershipId: string,
  chairs: readonly { groupId: string; person: { id: string; name: string } }[],
  absences: AbsenceLookup,
  onDate: Date,
): Promise<Map<string, ChairCover>> {
  const away = chairs.filter((chair) => absences.absenceOf(chair.person.id) !== null);
  const result = new Map<string, ChairCover>();
  if (away.length === 0) return result;
  const viceChairs = await listGroupViceChairs(db, away.map((chair) => chair.groupId), onDate);
  let secretariat: CoverPerson[] | undefined;
  for (const chair of away) {
    const vices = viceChairs.filter((vice) => vice.groupId === chair.groupId && vice.person.id !== chair.person.id).map((vice) => candidate(vice.person, absences));
    if (!vices.some((vice) => !vice.away) && secretariat === undefined) {
      secretariat = (await listSecretariat(db, partnershipId, onDate)).map((person) => candidate(person, absences));
    }
    result.set(`${chair.person.id}:${chair.groupId}`, { chair: candidate(chair.person, absences), cover: chooseCover(vices, secretariat ?? []) });
  }
  return result;
}

/**
 * For the action view: whether the owner is away today and who is reminded instead, in words
 * ("Dan Deputy (nominated deputy)", "the secretariat: Sam Secretary (their deputy is away too)"). Null when not away.
 */
export async function describeOwnerCover(
  db: DbClient,
  partnershipId: string,
  owner: { id: string; name: string } | null,
  groupId: string | null,
  onDate: Date,
): Promise<{ away: string; cover: string } | null> {
  if (!owner) return null;
  const day = onDate.toISOString().slice(0, 10);
  const absences = await loadPartnershipAbsences(db, partnershipId, day);
  const away = absences.awayText(owner.id);
  if (!away) return null;
  const cover = (await coverForOwners(db, partnershipId, [{ ownerId: owner.id, groupId }], absences, onDate)).get(coverKey(owner.id, groupId));
  if (!cover || cover.people.length === 0) return { away, cover: 'nobody: there is no deputy and no secretariat' };
  const names = cover.people.map((person) => person.name).join(', ');
  if (cover.by === 'deputy') return { away, cover: `${names} (nominated deputy)` };
  return { away, cover: `the secretariat: ${names} (${cover.why === 'no-deputy' ? 'no nominated deputy for this group' : 'their deputy is away too'})` };
}
