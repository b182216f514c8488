// The working calendar's data: a partnership's closure days and digest holiday rule, and people's working
// patterns. Jobs load one partnership's calendar (and its people's patterns) per run.
import type { IsoWeekday } from '../domain/calendar.ts';
import type { ClosureDay, DigestHolidayRule, PartnershipCalendar, WorkingPattern } from '../domain/working-calendar.ts';
import type { DbClient } from './identity-store.ts';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateColumn(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

function toPattern(row: { workingDays: number[]; startHour: number; endHour: number; timeZone: string | null }): WorkingPattern {
  return { workingDays: row.workingDays.filter((day): day is IsoWeekday => day >= 1 && day <= 7), startHour: row.startHour, endHour: row.endHour, timeZone: row.timeZone };
}

export async function loadPartnershipCalendars(db: DbClient, partnershipIds: readonly string[]): Promise<Map<string, PartnershipCalendar>> {
  if (partnershipIds.length === 0) return new Map();
  const rows = await db.partnership.findMany({
    where: { id: { in: [...new Set(partnershipIds)] } },
    select: { id: true, timeZone: true, digestOnBankHoliday: true, closureDays: { select: { date: true, reason: true }, orderBy: { date: 'asc' } } },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      {
        timeZone: row.timeZone,
        digestOnBankHoliday: row.digestOnBankHoliday,
        closures: row.closureDays.map((closure): ClosureDay => ({ date: isoDay(closure.date), reason: closure.reason })),
      },
    ]),
  );
}

export async function loadPartnershipCalendar(db: DbClient, partnershipId: string): Promise<PartnershipCalendar> {
  const calendar = (await loadPartnershipCalendars(db, [partnershipId])).get(partnershipId);
  if (!calendar) throw new Error(`No partnership ${partnershipId}`);
  return calendar;
}

/** The working patterns people have set, by person id; people without one work the office's hours. */
export async function loadWorkingPatterns(db: DbClient, personIds: readonly string[]): Promise<Map<string, WorkingPattern>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.workingPattern.findMany({ where: { personId: { in: [...new Set(personIds)] } } });
  return new Map(rows.map((row) => [row.personId, toPattern(row)]));
}

export async function findWorkingPattern(db: DbClient, personId: string): Promise<WorkingPattern | undefined> {
  const row = await db.workingPattern.findUnique({ where: { personId } });
  return row ? toPattern(row) : undefined;
}

export async function saveWorkingPattern(db: DbClient, personId: string, pattern: WorkingPattern): Promise<void> {
  const data = { workingDays: [...pattern.workingDays], startHour: pattern.startHour, endHour: pattern.endHour, timeZone: pattern.timeZone };
  await db.workingPattern.upsert({ where: { personId }, create: { personId, ...data }, update: data });
}

/** Adds closure days (those already closed keep their reason unless a new one is given); returns the dates added. */
export async function addClosureDays(db: DbClient, partnershipId: string, dates: readonly string[], reason: string | null): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const existing = new Set(
      (await tx.closureDay.findMany({ where: { partnershipId, date: { in: dates.map(dateColumn) } }, select: { date: true } })).map((row) => isoDay(row.date)),
    );
    const added = dates.filter((date) => !existing.has(date));
    if (added.length > 0) await tx.closureDay.createMany({ data: added.map((date) => ({ partnershipId, date: dateColumn(date), reason })) });
    if (reason !== null && existing.size > 0) {
      await tx.closureDay.updateMany({ where: { partnershipId, date: { in: [...existing].map(dateColumn) } }, data: { reason } });
    }
    return added;
  });
}

/** Removes closure days; returns the dates that were closed. */
export async function removeClosureDays(db: DbClient, partnershipId: string, dates: readonly string[]): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const where = { partnershipId, date: { in: dates.map(dateColumn) } };
    const found = (await tx.closureDay.findMany({ where, select: { date: true } })).map((row) => isoDay(row.date));
    await tx.closureDay.deleteMany({ where });
    return found;
  });
}


export async function setDigestHolidayRule(db: DbClient, partnershipId: string, rule: DigestHolidayRule): Promise<void> {
  await db.partnership.update({ where: { id: partnershipId }, data: { digestOnBankHoliday: rule } });
}

export async function clearWorkingPattern(db: DbClient, personId: string): Promise<boolean> {
  return (await db.workingPattern.deleteMany({ where: { personId } })).count > 0;
}
