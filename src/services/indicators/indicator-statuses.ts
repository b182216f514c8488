// Loads indicators with the readings their status needs and judges each one (domain indicator-summary.ts).
import type { DbClient } from '../../db/identity-store.ts';
import { type IndicatorFilter, type IndicatorRecord, loadIndicators } from '../../db/indicator-store.ts';
import { addMonths, formatIsoDate, parseIsoDate } from '../../domain/calendar.ts';
import type { RagStatus } from '../../domain/indicator-status.ts';
import { type IndicatorSummary, summariseIndicator } from '../../domain/indicator-summary.ts';
import { localDateOf } from '../../domain/time-zone.ts';

export interface IndicatorStatusRow {
  readonly indicator: IndicatorRecord;
  readonly summary: IndicatorSummary;
}

/**
 * How far back readings are loaded for lists and digests: the latest reading, the same period a year before
 * it and a year of trend line fit in 26 months unless an indicator has gone more than a year without data.
 */
const READING_MONTHS = 26;
const SERIES_LENGTH = 12;

export function todayIn(now: Date, timeZone: string): string {
  return formatIsoDate(localDateOf(now, timeZone));
}

export function readingsWindowStart(today: string): Date {
  const start = addMonths({ ...parseIsoDate(today), day: 1 }, -READING_MONTHS);
  return new Date(`${formatIsoDate(start)}T00:00:00Z`);
}

export function summariseIndicators(records: readonly IndicatorRecord[], today: string): IndicatorStatusRow[] {
  return records.map((indicator) => ({
    indicator,
    summary: summariseIndicator(
      {
        polarity: indicator.polarity,
        frequency: indicator.frequency,
        cumulative: indicator.cumulative,
        amberTolerancePct: indicator.amberTolerancePct,
      },
      indicator.readings,
      indicator.targets,
      { today, seriesLength: SERIES_LENGTH },
    ),
  }));
}

/** Loads and judges the indicators matching the filter. Three queries. */
export async function loadIndicatorStatuses(db: DbClient, filter: IndicatorFilter, today: string): Promise<IndicatorStatusRow[]> {
  return summariseIndicators(await loadIndicators(db, filter, readingsWindowStart(today)), today);
}

const RAG_ORDER: readonly RagStatus[] = ['RED', 'AMBER', 'GREEN', 'NO_TARGET', 'NO_DATA'];

export function countByStatus(rows: readonly IndicatorStatusRow[]): Record<RagStatus, number> {
  const counts: Record<RagStatus, number> = { RED: 0, AMBER: 0, GREEN: 0, NO_TARGET: 0, NO_DATA: 0 };
  for (const row of rows) counts[row.summary.status] += 1;
  return counts;
}

/** Reds first, then ambers and so on; by code within a status. */
export function byUrgency(a: IndicatorStatusRow, b: IndicatorStatusRow): number {
  return RAG_ORDER.indexOf(a.summary.status) - RAG_ORDER.indexOf(b.summary.status) || a.indicator.code.localeCompare(b.indicator.code);
}
