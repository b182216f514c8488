// Where an indicator stands: its latest reading judged by indicator-status.ts, the recent run of values for a
// trend line, and how many finished reporting periods since then still have no reading.
//
// A stale reading is not a current result. The period being reported on is the last one of the indicator's
// frequency that has ended by `today` (the month, quarter or financial year just gone). When the latest reading
// is for an earlier period, the indicator is NO_DATA ("no reading for <period>") and is never counted green or
// red: its last assessment is kept in `latest` as history, and `stale` says so.
//
// The "latest" period is the most recent one with a reading of the indicator's own frequency (readings of
// another kind are ignored, as assessIndicator does). The trend line shows each period's own amount, so a
// cumulative (year-to-date) indicator does not draw a saw-tooth that drops every April.
import {
  type IndicatorAssessment,
  type IndicatorDefinition,
  type RagStatus,
  type ReadingInput,
  type TargetInput,
  type TrendOptions,
  assessIndicator,
} from './indicator-status.ts';
import { type Period, comparePeriods, lastCompletePeriod, periodKindForFrequency, previousPeriod, shiftPeriod, tryParsePeriod } from './periods.ts';

export interface IndicatorSummary {
  /** The assessment of the latest period with a reading; null when there is none. History when `stale`. */
  latest: IndicatorAssessment | null;
  /** The latest reading's RAG when it is for the period just ended (or later); NO_DATA when stale or unread. */
  status: RagStatus;
  /** The period being reported on: the last of the indicator's frequency that has ended by `today`. */
  currentPeriod: Period;
  /** There is a reading, but only for a period before `currentPeriod`. */
  stale: boolean;
  /** Own amounts of the last `seriesLength` periods up to the latest, oldest first; null where missing. */
  series: (number | null)[];
  /** Periods that have ended by `today` with no reading since the latest one (all ended periods are owed). */
  periodsAwaitingReading: number;
}

export interface SummaryOptions extends TrendOptions {
  /** 'YYYY-MM-DD' in the partnership's calendar. */
  today: string;
  seriesLength?: number;
}

const DEFAULT_SERIES_LENGTH = 12;

export function summariseIndicator(
  definition: IndicatorDefinition,
  readings: readonly ReadingInput[],
  targets: readonly TargetInput[],
  options: SummaryOptions,
): IndicatorSummary {
  const kind = periodKindForFrequency(definition.frequency);
  const own = new Map<string, { period: Period; value: number }>();
  for (const reading of readings) {
    const period = tryParsePeriod(reading.period);
    if (period && period.kind === kind && Number.isFinite(reading.value)) own.set(period.label, { period, value: reading.value });
  }
  const latestPeriod = [...own.values()].map((entry) => entry.period).sort(comparePeriods).at(-1) ?? null;
  const lastEnded = lastCompletePeriod(options.today, kind);
  if (!latestPeriod) {
    return { latest: null, status: 'NO_DATA', currentPeriod: lastEnded, stale: false, series: [], periodsAwaitingReading: 0 };
  }
  const latest = assessIndicator(definition, latestPeriod.label, [...own.values()].map(({ period, value }) => ({ period: period.label, value })), targets, options);
  const valueOf = (period: Period): number | null => own.get(period.label)?.value ?? null;
  const ownAmount = (period: Period): number | null => {
    const total = valueOf(period);
    if (!definition.cumulative || total === null || period.kind === 'FINANCIAL_YEAR') return total;
    const before = previousPeriod(period);
    if (before.financialYearStart !== period.financialYearStart) return total;
    const earlier = valueOf(before);
    return earlier === null ? null : total - earlier;
  };
  const length = options.seriesLength ?? DEFAULT_SERIES_LENGTH;
  const series = Array.from({ length }, (_, index) => ownAmount(shiftPeriod(latestPeriod, index - length + 1)));
  const stale = comparePeriods(latestPeriod, lastEnded) < 0;
  return {
    latest,
    status: stale ? 'NO_DATA' : latest.rag.status,
    currentPeriod: lastEnded,
    stale,
    series,
    periodsAwaitingReading: Math.max(0, periodsBetween(latestPeriod, lastEnded)),
  };
}

function periodsBetween(from: Period, to: Period): number {
  if (comparePeriods(to, from) <= 0) return 0;
  const monthsApart = (to.financialYearStart - from.financialYearStart) * 12 + (to.monthsIntoFinancialYear - from.monthsIntoFinancialYear);
  if (from.kind === 'MONTH') return monthsApart;
  if (from.kind === 'QUARTER') return Math.round(monthsApart / 3);
  return to.financialYearStart - from.financialYearStart;
}
