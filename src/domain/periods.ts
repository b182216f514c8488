// Reporting periods in the UK public-sector financial year, which runs 1 April to 31 March.
//
// Labels (the `period` strings stored with indicator readings and targets):
// - month:          '2010-04'  the calendar month (April 2010).
// - quarter:        '2010-Q1'  a quarter of the financial year that STARTS in the labelled year:
//                   Q1 = Apr–Jun 2010, Q2 = Jul–Sep 2010, Q3 = Oct–Dec 2010, Q4 = Jan–Mar 2011.
//                   So '2010-Q4' is January to March 2011, the last quarter of 2010/11.
// - financial year: '2010/11'  1 April 2010 to 31 March 2011.
//
// Months are counted from April: April is month 1 of the financial year and March is month 12, so a
// period "reaches" month 6 when it ends in September, and a quarter reaches month 3, 6, 9 or 12.
import { type CalendarDate, addMonths, daysInMonth, formatIsoDate, pad2, parseIsoDate } from './calendar.ts';
import { ValidationError } from './errors.ts';

export type PeriodKind = 'MONTH' | 'QUARTER' | 'FINANCIAL_YEAR';
export type ReadingFrequency = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL';

export interface Period {
  kind: PeriodKind;
  label: string;
  /** The calendar year in which the period's financial year starts: 2010 for anything in 2010/11. */
  financialYearStart: number;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day (inclusive), 'YYYY-MM-DD'. */
  end: string;
  /** How many months of the financial year have ended when this period ends (1–12): Sep → 6, Q3 → 9, a year → 12. */
  monthsIntoFinancialYear: number;
}

const MONTH_LABEL = /^(\d{4})-(\d{2})$/;
const QUARTER_LABEL = /^(\d{4})-Q([1-4])$/;
const YEAR_LABEL = /^(\d{4})\/(\d{2})$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function financialYearStartOf(date: CalendarDate): number {
  return date.month >= 4 ? date.year : date.year - 1;
}

/** April = 1 … March = 12. */
function financialMonthIndex(calendarMonth: number): number {
  return ((calendarMonth + 8) % 12) + 1;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}/${pad2((startYear + 1) % 100)}`;
}

export function monthPeriod(year: number, month: number): Period {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new ValidationError(`There is no month ${month} in ${year}.`);
  }
  return {
    kind: 'MONTH',
    label: `${year}-${pad2(month)}`,
    financialYearStart: financialYearStartOf({ year, month, day: 1 }),
    start: formatIsoDate({ year, month, day: 1 }),
    end: formatIsoDate({ year, month, day: daysInMonth(year, month) }),
    monthsIntoFinancialYear: financialMonthIndex(month),
  };
}

export function quarterPeriod(financialYearStart: number, quarter: number): Period {
  if (!Number.isInteger(financialYearStart) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new ValidationError(`There is no quarter ${quarter}; quarters are 1 to 4.`);
  }
  const first = addMonths({ year: financialYearStart, month: 4, day: 1 }, (quarter - 1) * 3);
  const last = addMonths(first, 2);
  return {
    kind: 'QUARTER',
    label: `${financialYearStart}-Q${quarter}`,
    financialYearStart,
    start: formatIsoDate(first),
    end: formatIsoDate({ ...last, day: daysInMonth(last.year, last.month) }),
    monthsIntoFinancialYear: quarter * 3,
  };
}

export function financialYearPeriod(startYear: number): Period {
  if (!Number.isInteger(startYear)) throw new ValidationError(`${startYear} is not a year.`);
  return {
    kind: 'FINANCIAL_YEAR',
    label: financialYearLabel(startYear),
    financialYearStart: startYear,
    start: formatIsoDate({ year: startYear, month: 4, day: 1 }),
    end: formatIsoDate({ year: startYear + 1, month: 3, day: 31 }),
    monthsIntoFinancialYear: 12,
  };
}

export function tryParsePeriod(label: string): Period | null {
  const text = label.trim();
  const month = MONTH_LABEL.exec(text);
  if (month) {
    const value = Number(month[2]);
    return value >= 1 && value <= 12 ? monthPeriod(Number(month[1]), value) : null;
  }
  const quarter = QUARTER_LABEL.exec(text);
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]));
  const year = YEAR_LABEL.exec(text);
  if (year) {
    const start = Number(year[1]);
    return Number(year[2]) === (start + 1) % 100 ? financialYearPeriod(start) : null;
  }
  return null;
}

export function parsePeriod(label: string): Period {
  const period = tryParsePeriod(label);
  if (!period) {
    throw new ValidationError(
      `"${label}" is not a reporting period. Use a month like 2010-04, a financial quarter like 2010-Q1 (April to June 2010) or a financial year like 2010/11.`,
      { fieldErrors: { period: 'Not a reporting period' }, details: { value: label } },
    );
  }
  return period;
}

export function periodKindForFrequency(frequency: ReadingFrequency): PeriodKind {
  if (frequency === 'MONTHLY') return 'MONTH';
  if (frequency === 'QUARTERLY') return 'QUARTER';
  return 'FINANCIAL_YEAR';
}

export function periodContaining(date: CalendarDate | string, kind: PeriodKind): Period {
  const day = typeof date === 'string' ? parseIsoDate(date) : date;
  const financialYearStart = financialYearStartOf(day);
  if (kind === 'MONTH') return monthPeriod(day.year, day.month);
  if (kind === 'QUARTER') return quarterPeriod(financialYearStart, Math.ceil(financialMonthIndex(day.month) / 3));
  return financialYearPeriod(financialYearStart);
}

/** The period `steps` periods of the same kind later (negative: earlier). */
export function shiftPeriod(period: Period, steps: number): Period {
  if (period.kind === 'FINANCIAL_YEAR') return financialYearPeriod(period.financialYearStart + steps);
  const monthsPerPeriod = period.kind === 'MONTH' ? 1 : 3;
  return periodContaining(addMonths(parseIsoDate(period.start), steps * monthsPerPeriod), period.kind);
}

export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

export function nextPeriod(period: Period): Period {
  return shiftPeriod(period, 1);
}

export function samePeriodLastYear(period: Period): Period {
  if (period.kind === 'FINANCIAL_YEAR') return shiftPeriod(period, -1);
  return shiftPeriod(period, period.kind === 'MONTH' ? -12 : -4);
}

/** The financial year a reading period belongs to: the period its annual target is set for. */
export function financialYearOf(period: Period): Period {
  return financialYearPeriod(period.financialYearStart);
}

/** Chronological by start; a longer period sorts after a shorter one starting the same day. */
export function comparePeriods(a: Period, b: Period): number {
  return a.start.localeCompare(b.start) || a.end.localeCompare(b.end);
}

export function periodContains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The latest period of the kind that has fully ended before `today`. */
export function lastCompletePeriod(today: CalendarDate | string, kind: PeriodKind): Period {
  return previousPeriod(periodContaining(today, kind));
}

const SHORT_MONTH = (month: number): string => (MONTH_NAMES[month - 1] ?? '').slice(0, 3);

/** 'April 2010', 'Q4 2010/11 (Jan–Mar 2011)', '2010/11 (April 2010 to March 2011)'. */
export function describePeriod(period: Period): string {
  const start = parseIsoDate(period.start);
  const end = parseIsoDate(period.end);
  if (period.kind === 'MONTH') return `${MONTH_NAMES[start.month - 1]} ${start.year}`;
  if (period.kind === 'QUARTER') {
    const quarter = period.label.slice(-1);
    return `Q${quarter} ${financialYearLabel(period.financialYearStart)} (${SHORT_MONTH(start.month)}–${SHORT_MONTH(end.month)} ${end.year})`;
  }
  return `${period.label} (April ${start.year} to March ${end.year})`;
}
