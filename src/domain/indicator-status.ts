// Red/amber/green status and trend of a performance indicator.
//
// RAG: GREEN when the target is met for the indicator's polarity (met exactly counts as met); AMBER when it is
// missed by no more than the tolerance, a percentage of the target (5% unless the indicator says otherwise);
// RED beyond that. NO_DATA when there is no reading for the period (whether or not a target exists, because the
// missing figure is what someone has to chase); NO_TARGET when there is a reading but no target, or the target
// is "to be established".
//
// Cumulative (year-to-date) indicators are judged against the annual target pro rata: a reading for a period
// that ends in month m of the financial year (April = 1 … March = 12, see periods.ts) is compared with
// annual target × m / 12, and the tolerance is a percentage of that pro-rata target.
// Non-cumulative indicators are judged against the target as it stands (a rate or a percentage, or a count
// whose readings cover the whole target period).
//
// Trend: the arrow shows which way the number moved (↑ up, ↓ down, → unchanged or stable); the direction says whether
// that is good given the polarity (crime going ↓ is IMPROVING). For cumulative indicators the comparison with
// the previous period uses each period's own amount (this year-to-date minus the previous one), since
// year-to-date totals only ever grow within a year; the comparison with the same period last year compares
// year-to-date with year-to-date.
import {
  type Period,
  type ReadingFrequency,
  financialYearOf,
  parsePeriod,
  periodKindForFrequency,
  previousPeriod,
  samePeriodLastYear,
} from './periods.ts';
import { ValidationError } from './errors.ts';

export type Polarity = 'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER';
export type RagStatus = 'GREEN' | 'AMBER' | 'RED' | 'NO_TARGET' | 'NO_DATA';
type TrendDirection = 'IMPROVING' | 'WORSENING' | 'STABLE' | 'NO_COMPARISON';
type TrendArrow = '↑' | '↓' | '→';

export const DEFAULT_AMBER_TOLERANCE_PCT = 5;

export interface RagInput {
  value: number | null | undefined;
  target: number | null | undefined;
  polarity: Polarity;
  /** Percentage of the target; null or undefined means the default of 5%. */
  amberTolerancePct?: number | null;
}

export interface RagResult {
  status: RagStatus;
  value: number | null;
  target: number | null;
  /** The worst value that is still amber (for LOWER_IS_BETTER the highest, otherwise the lowest). */
  amberLimit: number | null;
  tolerancePct: number;
  /** value − target. */
  difference: number | null;
  /** (value − target) as a percentage of the target; null when the target is 0. */
  differencePct: number | null;
}

const PRECISION = 1e-9;

function round(value: number): number {
  return Number(value.toFixed(10));
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function atMost(value: number, limit: number): boolean {
  return value <= limit + PRECISION * Math.max(1, Math.abs(limit));
}

function atLeast(value: number, limit: number): boolean {
  return value >= limit - PRECISION * Math.max(1, Math.abs(limit));
}

export function assessRag(input: RagInput): RagResult {
  const tolerancePct = input.amberTolerancePct ?? DEFAULT_AMBER_TOLERANCE_PCT;
  if (!Number.isFinite(tolerancePct) || tolerancePct < 0) {
    throw new ValidationError(`The amber tolerance must be a percentage of 0 or more, not ${tolerancePct}.`, {
      fieldErrors: { amberTolerancePct: 'Must be 0 or more' },
    });
  }
  const value = isNumber(input.value) ? input.value : null;
  const target = isNumber(input.target) ? input.target : null;
  if (value === null || target === null) {
    return {
      status: value === null ? 'NO_DATA' : 'NO_TARGET',
      value,
      target,
      amberLimit: null,
      tolerancePct,
      difference: null,
      differencePct: null,
    };
  }
  const tolerance = (Math.abs(target) * tolerancePct) / 100;
  const lowerIsBetter = input.polarity === 'LOWER_IS_BETTER';
  const amberLimit = round(lowerIsBetter ? target + tolerance : target - tolerance);
  const met = lowerIsBetter ? atMost(value, target) : atLeast(value, target);
  const withinTolerance = lowerIsBetter ? atMost(value, amberLimit) : atLeast(value, amberLimit);
  return {
    status: met ? 'GREEN' : withinTolerance ? 'AMBER' : 'RED',
    value,
    target,
    amberLimit,
    tolerancePct,
    difference: round(value - target),
    differencePct: target === 0 ? null : round(((value - target) / Math.abs(target)) * 100),
  };
}

/** Annual target × months of the financial year elapsed at the end of the period ÷ 12. */
export function proRataTarget(annualTarget: number, period: Period): number {
  return round((annualTarget * period.monthsIntoFinancialYear) / 12);
}

export interface TargetInput {
  /** '2010/11' for a financial-year target; a month or quarter label for a target set for that period only. */
  period: string;
  /** null: "to be established". */
  value: number | null;
}

export interface ResolvedTarget {
  /** The label of the target row that applies. */
  targetPeriod: string;
  /** The target as recorded; null when "to be established". */
  recordedValue: number | null;
  /** The value the reading is judged against (pro rata for a cumulative indicator part-way through the year). */
  value: number | null;
  /** Months elapsed when a pro-rata share of an annual target applies. */
  proRataMonths: number | null;
}

/**
 * The target that applies to a reading period: a target set for exactly that period wins; otherwise the target
 * of the financial year the period falls in (pro rata when the indicator is cumulative). Null when neither exists.
 */
export function targetForPeriod(period: Period, targets: readonly TargetInput[], cumulative: boolean): ResolvedTarget | null {
  const exact = targets.find((target) => normalisedLabel(target.period) === period.label);
  if (exact) return { targetPeriod: period.label, recordedValue: exact.value, value: exact.value, proRataMonths: null };
  const year = financialYearOf(period);
  const annual = targets.find((target) => normalisedLabel(target.period) === year.label);
  if (!annual) return null;
  const proRata = cumulative && period.kind !== 'FINANCIAL_YEAR' && annual.value !== null;
  return {
    targetPeriod: year.label,
    recordedValue: annual.value,
    value: proRata && annual.value !== null ? proRataTarget(annual.value, period) : annual.value,
    proRataMonths: proRata ? period.monthsIntoFinancialYear : null,
  };
}

function normalisedLabel(label: string): string | null {
  try {
    return parsePeriod(label).label;
  } catch {
    return null;
  }
}

export interface Trend {
  direction: TrendDirection;
  arrow: TrendArrow | null;
  /** The period compared with. */
  comparedWith: string;
  current: number | null;
  previous: number | null;
  change: number | null;
  /** Change as a percentage of the previous value; null when the previous value is 0 or missing. */
  changePct: number | null;
}

export interface TrendOptions {
  /** A change no bigger than this percentage of the previous value counts as STABLE (default 0: any change counts). */
  stableWithinPct?: number;
}

export function trendBetween(
  current: number | null | undefined,
  previous: number | null | undefined,
  polarity: Polarity,
  comparedWith: string,
  options: TrendOptions = {},
): Trend {
  if (!isNumber(current) || !isNumber(previous)) {
    return {
      direction: 'NO_COMPARISON',
      arrow: null,
      comparedWith,
      current: isNumber(current) ? current : null,
      previous: isNumber(previous) ? previous : null,
      change: null,
      changePct: null,
    };
  }
  const change = round(current - previous);
  const changePct = previous === 0 ? null : round((change / Math.abs(previous)) * 100);
  const stableWithinPct = options.stableWithinPct ?? 0;
  const stable = change === 0 || (changePct !== null && Math.abs(changePct) <= stableWithinPct);
  const wentDown = change < 0;
  const improved = polarity === 'LOWER_IS_BETTER' ? wentDown : !wentDown;
  return {
    direction: stable ? 'STABLE' : improved ? 'IMPROVING' : 'WORSENING',
    arrow: stable ? '→' : wentDown ? '↓' : '↑',
    comparedWith,
    current,
    previous,
    change,
    changePct,
  };
}

export interface IndicatorDefinition {
  polarity: Polarity;
  frequency: ReadingFrequency;
  cumulative: boolean;
  amberTolerancePct?: number | null;
}

export interface ReadingInput {
  period: string;
  value: number;
}

export interface IndicatorAssessment {
  period: Period;
  value: number | null;
  target: ResolvedTarget | null;
  rag: RagResult;
  vsPreviousPeriod: Trend;
  vsSamePeriodLastYear: Trend;
}

/** Status and both trends of one indicator for one reading period. Readings of another frequency are ignored. */
export function assessIndicator(
  definition: IndicatorDefinition,
  periodLabel: string,
  readings: readonly ReadingInput[],
  targets: readonly TargetInput[],
  trendOptions: TrendOptions = {},
): IndicatorAssessment {
  const period = parsePeriod(periodLabel);
  const kind = periodKindForFrequency(definition.frequency);
  if (period.kind !== kind) {
    throw new ValidationError(
      `Period ${period.label} does not match the indicator's ${definition.frequency.toLowerCase()} readings.`,
      { fieldErrors: { period: 'Wrong kind of period for this indicator' }, details: { period: period.label, frequency: definition.frequency } },
    );
  }
  const byLabel = new Map<string, number>();
  for (const reading of readings) {
    const label = normalisedLabel(reading.period);
    if (label !== null && isNumber(reading.value)) byLabel.set(label, reading.value);
  }
  const valueOf = (p: Period): number | null => byLabel.get(p.label) ?? null;
  const ownAmount = (p: Period): number | null => {
    const total = valueOf(p);
    if (!definition.cumulative || total === null || p.kind === 'FINANCIAL_YEAR') return total;
    const before = previousPeriod(p);
    if (before.financialYearStart !== p.financialYearStart) return total;
    const earlier = valueOf(before);
    return earlier === null ? null : round(total - earlier);
  };

  const value = valueOf(period);
  const target = targetForPeriod(period, targets, definition.cumulative);
  const previous = previousPeriod(period);
  const lastYear = samePeriodLastYear(period);
  return {
    period,
    value,
    target,
    rag: assessRag({ value, target: target?.value ?? null, polarity: definition.polarity, amberTolerancePct: definition.amberTolerancePct }),
    vsPreviousPeriod: trendBetween(ownAmount(period), ownAmount(previous), definition.polarity, previous.label, trendOptions),
    vsSamePeriodLastYear: trendBetween(value, valueOf(lastYear), definition.polarity, lastYear.label, trendOptions),
  };
}
