// Reporting periods as people write them in spreadsheets, turned into the labels the rest of the bot uses
// (src/domain/periods.ts): '2010/11' for a financial year, '2010-Q1' for its first quarter (April to June
// 2010) and '2010-04' for a month. The label is the key of a target or reading: a reading for "April 2010"
// replaces an earlier reading for "2010-04".
import { financialYearPeriod, monthPeriod, quarterPeriod, tryParsePeriod, type Period } from '../domain/periods.ts';
import { monthFromName, quote, type Read } from './values.ts';

export interface PeriodSpan {
  period: string;
  periodStart: string;
  periodEnd: string;
}

const PERIOD_EXAMPLES = '2010/11 (a financial year), 2010/11 Q1 or 2010-Q1 (April to June 2010), or 2010-04 (a month)';

const FINANCIAL_YEAR = /^(\d{4})\s*\/\s*(\d{2}|\d{4})$/;
const FINANCIAL_QUARTER = /^(?:(\d{4})\s*\/\s*(\d{2}|\d{4})\s*[-\s]\s*q([1-4])|q([1-4])\s*[-\s]?\s*(\d{4})\s*\/\s*(\d{2}|\d{4}))$/i;
const BARE_QUARTER = /^q([1-4])\s*[-\s]?\s*(\d{4})$/i;
const NAMED_MONTH = /^([A-Za-z]+\.?)\s*[-\s]\s*(\d{4})$/;
const NUMERIC_MONTH = /^(\d{1,2})\/(\d{4})$/;
const SHORT_MONTH = /^(\d{4})-(\d{1})$/;

function financialYearStart(first: string, second: string): number | undefined {
  const start = Number(first);
  const end = Number(second);
  return end === start + 1 || (second.length === 2 && end === (start + 1) % 100) ? start : undefined;
}

function span(period: Period): Read<PeriodSpan> {
  return { ok: true, value: { period: period.label, periodStart: period.start, periodEnd: period.end } };
}

export function readPeriod(input: unknown): Read<PeriodSpan> {
  const failure: Read<PeriodSpan> = { ok: false, message: `expected a period like ${PERIOD_EXAMPLES}, got ${quote(input)}` };
  if (typeof input !== 'string') return failure;
  const text = input.trim();

  const canonical = tryParsePeriod(text);
  if (canonical) return span(canonical);

  let match = FINANCIAL_QUARTER.exec(text);
  if (match) {
    const start = financialYearStart(match[1] ?? match[5]!, match[2] ?? match[6]!);
    return start === undefined ? failure : span(quarterPeriod(start, Number(match[3] ?? match[4])));
  }
  match = FINANCIAL_YEAR.exec(text);
  if (match) {
    const start = financialYearStart(match[1]!, match[2]!);
    return start === undefined ? failure : span(financialYearPeriod(start));
  }
  match = BARE_QUARTER.exec(text);
  if (match) {
    const [quarter, year] = [Number(match[1]), Number(match[2])];
    return {
      ok: false,
      message:
        `${quote(input)} could mean a calendar or a financial quarter: write ${year}/${String((year + 1) % 100).padStart(2, '0')} Q${quarter} ` +
        `for the financial year's quarter ${quarter}, or the month range it covers`,
    };
  }
  let year: number | undefined;
  let month: number | undefined;
  if ((match = NUMERIC_MONTH.exec(text))) [year, month] = [Number(match[2]), Number(match[1])];
  else if ((match = SHORT_MONTH.exec(text))) [year, month] = [Number(match[1]), Number(match[2])];
  else if ((match = NAMED_MONTH.exec(text))) [year, month] = [Number(match[2]), monthFromName(match[1]!)];
  if (year !== undefined && month !== undefined && month >= 1 && month <= 12) return span(monthPeriod(year, month));
  return failure;
}
