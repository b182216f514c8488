// Performance indicators, their targets and readings. Lists load in a fixed number of queries (indicators,
// then all their targets, then all their readings since a date), whatever the number of indicators.
import type { Prisma } from './generated/client.ts';
import type { DbClient } from './identity-store.ts';

export type IndicatorUnitName = 'COUNT' | 'PERCENT' | 'RATE_PER_1000' | 'RATE_PER_100000';
export type PolarityName = 'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER';
type ReadingFrequencyName = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL';
type RecordSourceName = 'CHAT' | 'IMPORT' | 'SYSTEM';

export interface IndicatorRecord {
  id: string;
  partnershipId: string;
  code: string;
  name: string;
  unit: IndicatorUnitName;
  polarity: PolarityName;
  amberTolerancePct: number | null;
  frequency: ReadingFrequencyName;
  cumulative: boolean;
  headline: boolean;
  leadOrganisation: { id: string; name: string } | null;
  group: { id: string; key: string; name: string } | null;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targets: { period: string; value: number | null }[];
  readings: { period: string; value: number }[];
}

export interface IndicatorFilter {
  partnershipIds?: readonly string[];
  groupIds?: readonly string[];
  ids?: readonly string[];
  headlineOnly?: boolean;
}

const indicatorSelect = {
  id: true,
  partnershipId: true,
  code: true,
  name: true,
  unit: true,
  polarity: true,
  amberTolerancePct: true,
  frequency: true,
  cumulative: true,
  headline: true,
  baselineValue: true,
  baselinePeriod: true,
  leadOrganisation: { select: { id: true, name: true } },
  group: { select: { id: true, key: true, name: true } },
} satisfies Prisma.IndicatorSelect;

const toNumber = (value: Prisma.Decimal): number => value.toNumber();
const toNumberOrNull = (value: Prisma.Decimal | null): number | null => (value === null ? null : value.toNumber());

/**
 * Indicators matching the filter, ordered by code, with every target and the readings of periods starting on
 * or after `readingsFrom` (all readings when null). Three queries.
 */
export async function loadIndicators(db: DbClient, filter: IndicatorFilter, readingsFrom: Date | null): Promise<IndicatorRecord[]> {
  const where: Prisma.IndicatorWhereInput = {
    ...(filter.partnershipIds ? { partnershipId: { in: [...filter.partnershipIds] } } : {}),
    ...(filter.groupIds ? { groupId: { in: [...filter.groupIds] } } : {}),
    ...(filter.ids ? { id: { in: [...filter.ids] } } : {}),
    ...(filter.headlineOnly ? { headline: true } : {}),
  };
  const rows = await db.indicator.findMany({ where, select: indicatorSelect, orderBy: [{ code: 'asc' }] });
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [targets, readings] = await Promise.all([
    db.indicatorTarget.findMany({
      where: { indicatorId: { in: ids } },
      select: { indicatorId: true, period: true, value: true },
      orderBy: [{ periodStart: 'asc' }],
    }),
    db.indicatorReading.findMany({
      where: { indicatorId: { in: ids }, ...(readingsFrom ? { periodStart: { gte: readingsFrom } } : {}) },
      select: { indicatorId: true, period: true, value: true },
      orderBy: [{ periodStart: 'asc' }],
    }),
  ]);
  const targetsOf = groupBy(targets, (row) => row.indicatorId);
  const readingsOf = groupBy(readings, (row) => row.indicatorId);
  return rows.map((row) => ({
    ...row,
    amberTolerancePct: toNumberOrNull(row.amberTolerancePct),
    baselineValue: toNumberOrNull(row.baselineValue),
    targets: (targetsOf.get(row.id) ?? []).map((target) => ({ period: target.period, value: toNumberOrNull(target.value) })),
    readings: (readingsOf.get(row.id) ?? []).map((reading) => ({ period: reading.period, value: toNumber(reading.value) })),
  }));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** Every indicator code of the partnership, for matching what someone typed. */
export async function listIndicatorCodes(db: DbClient, partnershipId: string) {
  return db.indicator.findMany({ where: { partnershipId }, select: { id: true, code: true, name: true }, orderBy: { code: 'asc' } });
}

/** The organisation the person works for, if any. */
export async function findPersonOrganisationId(db: DbClient, personId: string): Promise<string | null> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { organisationId: true } });
  return person?.organisationId ?? null;
}

export interface RecordReadingInput {
  indicatorId: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  value: number;
  recordedById: string | null;
  source: RecordSourceName;
  at: Date;
}

export type RecordReadingOutcome =
  | { outcome: 'created'; readingId: string }
  | { outcome: 'corrected'; readingId: string; previousValue: number }
  | { outcome: 'unchanged'; readingId: string };

/**
 * Records the value for a period: a new reading, or a correction that replaces the value. Either way a
 * revision keeps who recorded what and when, and what it replaced. Concurrent recordings of the same period
 * are serialised by a row lock, so each revision names the value it really replaced.
 */
export async function recordReading(db: DbClient, input: RecordReadingInput): Promise<RecordReadingOutcome> {
  return db.$transaction(async (tx) => {
    const inserted = await tx.indicatorReading.createMany({
      data: [
        {
          indicatorId: input.indicatorId,
          period: input.period,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          value: input.value,
          source: input.source,
          recordedAt: input.at,
        },
      ],
      skipDuplicates: true,
    });
    const [row] = await tx.$queryRaw<{ id: string; value: string }[]>`
      SELECT id::text AS id, value::text AS value FROM "IndicatorReading"
      WHERE "indicatorId" = ${input.indicatorId}::uuid AND period = ${input.period}
      FOR UPDATE`;
    if (!row) throw new Error(`The reading for ${input.period} vanished while it was being recorded`);
    const revision = { readingId: row.id, value: input.value, recordedById: input.recordedById, source: input.source, recordedAt: input.at };
    if (inserted.count === 1) {
      await tx.indicatorReadingRevision.create({ data: { ...revision, previousValue: null } });
      return { outcome: 'created', readingId: row.id };
    }
    const previousValue = Number(row.value);
    if (previousValue === input.value) return { outcome: 'unchanged', readingId: row.id };
    await tx.indicatorReading.update({ where: { id: row.id }, data: { value: input.value, source: input.source, recordedAt: input.at } });
    await tx.indicatorReadingRevision.create({ data: { ...revision, previousValue: row.value } });
    return { outcome: 'corrected', readingId: row.id, previousValue };
  });
}

/** The latest changes to an indicator's readings, newest first, with who made them. */
export async function listReadingRevisions(db: DbClient, indicatorId: string, limit: number) {
  const rows = await db.indicatorReadingRevision.findMany({
    where: { reading: { indicatorId } },
    select: {
      value: true,
      previousValue: true,
      source: true,
      recordedAt: true,
      recordedBy: { select: { name: true } },
      reading: { select: { period: true } },
    },
    orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((row) => ({
    period: row.reading.period,
    value: toNumber(row.value),
    previousValue: toNumberOrNull(row.previousValue),
    source: row.source,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy?.name ?? null,
  }));
}
