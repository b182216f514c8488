// A person's place in the partnership: their group memberships and roles, the secretariat to point
// people to, and what the person's home view lists (their actions, open votes in their groups).
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';

export type MembershipRoleName = 'CHAIR' | 'VICE_CHAIR' | 'REPRESENTATIVE' | 'DEPUTY' | 'MEMBER' | 'SECRETARIAT';

/** Memberships in force on `onDate` (a date at UTC midnight): started (or no start) and not ended. */
function activeOn(onDate: Date): Prisma.MembershipWhereInput {
  return {
    AND: [
      { OR: [{ startsOn: null }, { startsOn: { lte: onDate } }] },
      { OR: [{ endsOn: null }, { endsOn: { gte: onDate } }] },
    ],
  };
}

export async function listActiveMemberships(db: DbClient, personId: string, onDate: Date) {
  return db.membership.findMany({
    where: { personId, ...activeOn(onDate) },
    select: {
      role: true,
      organisationId: true,
      group: { select: { id: true, key: true, name: true, kind: true } },
    },
    orderBy: [{ group: { name: 'asc' } }, { role: 'asc' }],
  });
}

/** The people serving as secretariat of any group of the partnership, each once. */
export async function listSecretariat(db: DbClient, partnershipId: string, onDate: Date) {
  return db.person.findMany({
    where: { partnershipId, memberships: { some: { role: 'SECRETARIAT', ...activeOn(onDate) } } },
    select: { id: true, name: true, email: true, organisation: { select: { name: true } } },
    orderBy: { name: 'asc' },
  });
}

export async function listGroups(db: DbClient, partnershipId: string) {
  return db.group.findMany({ where: { partnershipId }, select: { id: true, key: true, name: true }, orderBy: { key: 'asc' } });
}

/** Groups of the partnership matching `query`: by key or name ignoring case, else by part of the name. */
export async function findGroupsByKeyOrName(db: DbClient, partnershipId: string, query: string) {
  const text = query.trim();
  const select = { id: true, key: true, name: true } satisfies Prisma.GroupSelect;
  const exact = await db.group.findMany({
    where: {
      partnershipId,
      OR: [{ key: { equals: text, mode: 'insensitive' } }, { name: { equals: text, mode: 'insensitive' } }],
    },
    select,
    orderBy: { key: 'asc' },
  });
  if (exact.length > 0) return exact;
  return db.group.findMany({
    where: { partnershipId, name: { contains: text, mode: 'insensitive' } },
    select,
    orderBy: { key: 'asc' },
  });
}

const OPEN_ACTION_STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK'] as const;

/** The person's actions still to do, earliest due first (undated last), and how many there are in all. */
export async function listOpenActionsOwnedBy(db: DbClient, personId: string, limit: number) {
  const where: Prisma.ActionWhereInput = { ownerId: personId, status: { in: [...OPEN_ACTION_STATUSES] } };
  const [actions, total] = await Promise.all([
    db.action.findMany({
      where,
      select: { id: true, ref: true, title: true, dueDate: true, status: true, progress: true },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { ref: 'asc' }],
      take: limit,
    }),
    db.action.count({ where }),
  ]);
  return { actions, total };
}

/** Open proposals in the groups the person is an active member of, closing soonest first. */
export async function listOpenProposalsForMember(db: DbClient, personId: string, onDate: Date, limit: number) {
  const where: Prisma.ProposalWhereInput = {
    status: { in: ['OPEN', 'AWAITING_CASTING_VOTE'] },
    group: { memberships: { some: { personId, ...activeOn(onDate) } } },
  };
  const [proposals, total] = await Promise.all([
    db.proposal.findMany({
      where,
      select: {
        id: true,
        title: true,
        status: true,
        closesAt: true,
        group: { select: { key: true, name: true } },
        ballots: { where: { voterId: personId }, select: { choice: true, recordedVia: true } },
      },
      orderBy: [{ closesAt: 'asc' }, { createdAt: 'asc' }],
      take: limit,
    }),
    db.proposal.count({ where }),
  ]);
  return { proposals, total };
}
