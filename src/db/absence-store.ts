// Absences as stored: set, ended and listed, and the few reads the reminder, escalation and vote jobs
// need to route around people who are away (one query per run, never one per person).
import type { AbsencePeriod } from '../domain/absence.ts';
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';

export interface StoredAbsence extends AbsencePeriod {
  readonly id: string;
  readonly personId: string;
  readonly reason: string | null;
  readonly setById: string | null;
}

const absenceSelect = { id: true, personId: true, fromDate: true, untilDate: true, reason: true, setById: true } satisfies Prisma.AbsenceSelect;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dayDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function toStored(row: Prisma.AbsenceGetPayload<{ select: typeof absenceSelect }>): StoredAbsence {
  return { ...row, fromDate: isoDay(row.fromDate), untilDate: row.untilDate ? isoDay(row.untilDate) : null };
}

/** The person's absences that have not ended before `fromDay`, withdrawn ones included, earliest first. */
export async function listAbsencesOf(db: DbClient, personId: string, fromDay: string): Promise<StoredAbsence[]> {
  const rows = await db.absence.findMany({
    where: { personId, OR: [{ untilDate: null }, { untilDate: { gte: dayDate(fromDay) } }] },
    select: absenceSelect,
    orderBy: { fromDate: 'asc' },
  });
  return rows.map(toStored);
}

/** Absences in force on `day` for any of these people, by person. */
export async function absencesOnDay(db: DbClient | Prisma.TransactionClient, personIds: readonly string[], day: string): Promise<Map<string, StoredAbsence>> {
  if (personIds.length === 0) return new Map();
  const date = dayDate(day);
  const rows = await db.absence.findMany({
    where: {
      personId: { in: [...new Set(personIds)] },
      fromDate: { lte: date },
      OR: [{ untilDate: null }, { untilDate: { gte: date } }],
    },
    select: absenceSelect,
    orderBy: { fromDate: 'asc' },
  });
  return new Map(rows.map((row) => [row.personId, toStored(row)]));
}

/** Absences in force on `day` for anyone in the partnership, by person. */
export async function partnershipAbsencesOnDay(db: DbClient, partnershipId: string, day: string): Promise<Map<string, StoredAbsence>> {
  const date = dayDate(day);
  const rows = await db.absence.findMany({
    where: { person: { partnershipId }, fromDate: { lte: date }, OR: [{ untilDate: null }, { untilDate: { gte: date } }] },
    select: absenceSelect,
    orderBy: { fromDate: 'asc' },
  });
  return new Map(rows.map((row) => [row.personId, toStored(row)]));
}

export interface NewAbsence {
  readonly personId: string;
  readonly fromDate: string;
  readonly untilDate: string | null;
  readonly reason: string | null;
  readonly setById: string | null;
  readonly source?: 'CHAT' | 'IMPORT';
}

/**
 * Adds an absence after `check` has seen the person's others, in one transaction that first locks the
 * person's row, so two requests at once cannot both add overlapping absences.
 */
export async function addAbsence(
  db: DbClient,
  input: NewAbsence,
  check: (existing: readonly StoredAbsence[]) => void,
): Promise<StoredAbsence> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${input.personId}::uuid FOR UPDATE`;
    const existing = (await tx.absence.findMany({ where: { personId: input.personId }, select: absenceSelect })).map(toStored);
    check(existing);
    const row = await tx.absence.create({
      data: {
        personId: input.personId,
        fromDate: dayDate(input.fromDate),
        untilDate: input.untilDate ? dayDate(input.untilDate) : null,
        reason: input.reason,
        setById: input.setById,
        source: input.source ?? 'CHAT',
      },
      select: absenceSelect,
    });
    return toStored(row);
  });
}

/** Ends an absence early: its last day becomes `untilDate`. Returns false when it was already ended by then. */
export async function endAbsence(db: DbClient, input: { id: string; untilDate: string; endedById: string | null; endedAt: Date }): Promise<boolean> {
  const until = dayDate(input.untilDate);
  const { count } = await db.absence.updateMany({
    where: { id: input.id, OR: [{ untilDate: null }, { untilDate: { gt: until } }] },
    data: { untilDate: until, endedAt: input.endedAt, endedById: input.endedById },
  });
  return count === 1;
}

/** People of the partnership whose name, key or email matches `query` (ignoring case), for "away for <name>". */
export async function findPeopleByNameKeyOrEmail(db: DbClient, partnershipId: string, query: string) {
  const text = query.trim();
  const select = { id: true, key: true, name: true, email: true } satisfies Prisma.PersonSelect;
  const exact = await db.person.findMany({
    where: {
      partnershipId,
      OR: [
        { key: { equals: text, mode: 'insensitive' } },
        { email: { equals: text, mode: 'insensitive' } },
        { name: { equals: text, mode: 'insensitive' } },
      ],
    },
    select,
    orderBy: { key: 'asc' },
  });
  if (exact.length > 0) return exact;
  return db.person.findMany({ where: { partnershipId, name: { contains: text, mode: 'insensitive' } }, select, orderBy: { key: 'asc' } });
}

/** The person a chat user is linked to, in this partnership. */
export async function findPersonByChatUser(db: DbClient, partnershipId: string, key: { platform: 'SLACK' | 'TEAMS'; workspaceId: string; userId: string }) {
  const identity = await db.chatIdentity.findUnique({
    where: { platform_workspaceId_userId: key },
    select: { person: { select: { id: true, key: true, name: true, email: true, partnershipId: true } } },
  });
  return identity && identity.person.partnershipId === partnershipId ? identity.person : null;
}

/**
 * The active DEPUTY memberships of these groups, with the organisation each stands for: the nominated
 * deputies who cover for someone of that organisation in that group.
 */
export async function listGroupDeputies(db: DbClient, groupIds: readonly string[], onDate: Date) {
  if (groupIds.length === 0) return [];
  return db.membership.findMany({
    where: {
      groupId: { in: [...new Set(groupIds)] },
      role: 'DEPUTY',
      organisationId: { not: null },
      AND: [{ OR: [{ startsOn: null }, { startsOn: { lte: onDate } }] }, { OR: [{ endsOn: null }, { endsOn: { gte: onDate } }] }],
    },
    select: { groupId: true, organisationId: true, person: { select: { id: true, name: true } } },
    orderBy: { person: { name: 'asc' } },
  });
}

/** Active vice-chairs of these groups. */
export async function listGroupViceChairs(db: DbClient, groupIds: readonly string[], onDate: Date) {
  if (groupIds.length === 0) return [];
  return db.membership.findMany({
    where: {
      groupId: { in: [...new Set(groupIds)] },
      role: 'VICE_CHAIR',
      AND: [{ OR: [{ startsOn: null }, { startsOn: { lte: onDate } }] }, { OR: [{ endsOn: null }, { endsOn: { gte: onDate } }] }],
    },
    select: { groupId: true, person: { select: { id: true, name: true } } },
    orderBy: { person: { name: 'asc' } },
  });
}

/** The organisation each of these people belongs to. */
export async function organisationsOf(db: DbClient, personIds: readonly string[]): Promise<Map<string, string | null>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.person.findMany({ where: { id: { in: [...new Set(personIds)] } }, select: { id: true, organisationId: true } });
  return new Map(rows.map((row) => [row.id, row.organisationId]));
}
