// Indicator views: one line per indicator (lists and the digest), the paged list, the indicator card and the
// form for recording a reading. Views only; the chat handlers are in indicator-feature.ts.
import type { IndicatorRecord } from '../../db/indicator-store.ts';
import { DEFAULT_AMBER_TOLERANCE_PCT, type IndicatorAssessment, type ResolvedTarget, targetForPeriod } from '../../domain/indicator-status.ts';
import { type Period, describePeriod, financialYearLabel, parsePeriod } from '../../domain/periods.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, FormView, ImageBlock, Inline, JsonObject, LabelledValue, ListItem, MessageView, SelectOption, ViewBlock } from '../../views/model.ts';
import { bold, italic, lineBreak, rich } from '../../views/model.ts';
import { sparkline } from '../../views/text-graphics.ts';
import { describePeriodLabel, describeUnit, formatChange, formatTarget, formatValue, ragBadge, ragIcon, ragWord, trendWords } from './indicator-format.ts';
import { type IndicatorStatusRow, countByStatus } from './indicator-statuses.ts';
import { READING_FIELDS } from './record-reading.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Apr 2026", "Q1 2026/27", "2026/27". */
export function shortPeriod(period: Period): string {
  if (period.kind === 'MONTH') return `${MONTHS[Number(period.start.slice(5, 7)) - 1]} ${period.start.slice(0, 4)}`;
  if (period.kind === 'QUARTER') return `Q${period.label.slice(-1)} ${financialYearLabel(period.financialYearStart)}`;
  return period.label;
}

function targetText(indicator: IndicatorRecord, assessment: IndicatorAssessment): string {
  const target = assessment.target;
  if (!target) return 'no target set';
  if (target.value === null || target.recordedValue === null) return `target for ${target.targetPeriod} to be established`;
  const text = `target ${formatTarget(target.value, indicator.unit, indicator.polarity)}`;
  if (target.proRataMonths === null) return text;
  return `${text} by now (${target.proRataMonths}/12 of ${formatValue(target.recordedValue, indicator.unit)} for ${target.targetPeriod})`;
}

/** The figures under an indicator's name: value, target, trend arrow and the small trend line. */
function statusLine(row: IndicatorStatusRow): string {
  const { indicator, summary } = row;
  const latest = summary.latest;
  if (!latest || latest.value === null) return `No readings yet · none for ${shortPeriod(summary.currentPeriod)}`;
  if (summary.stale) {
    return `No reading for ${shortPeriod(summary.currentPeriod)} · last: ${formatValue(latest.value, indicator.unit)} in ${shortPeriod(latest.period)}${indicator.cumulative ? ' (year to date)' : ''}`;
  }
  const parts = [
    `${formatValue(latest.value, indicator.unit)} in ${shortPeriod(latest.period)}${indicator.cumulative ? ' (year to date)' : ''}`,
    targetText(indicator, latest),
  ];
  const trends = trendsText(latest);
  if (trends) parts.push(trends);
  const trendLine = trendLineOf(summary.series);
  return `${parts.join(' · ')}${trendLine ? `  ${trendLine}` : ''}`;
}

/** "↓ improving vs Q1 2026/27 · ↑ worse vs Q2 2025/26": against the previous period and the same period last year. */
export function trendsText(latest: IndicatorAssessment): string {
  return [latest.vsPreviousPeriod, latest.vsSamePeriodLastYear]
    .filter((trend) => trend.direction !== 'NO_COMPARISON')
    .map((trend) => `${trendWords(trend)} vs ${shortPeriod(parsePeriod(trend.comparedWith))}`)
    .join(' · ');
}

/**
 * The plan's own terms: "baseline 55,686 in 2007/08; target for 2010/11 a 12.5% reduction, to at most 48,749".
 * The change is worked out from the baseline when both are known; empty when neither is recorded.
 */
export function planTerms(indicator: IndicatorRecord, target: ResolvedTarget | null): string {
  const parts: string[] = [];
  if (indicator.baselineValue !== null) {
    parts.push(`baseline ${formatValue(indicator.baselineValue, indicator.unit)}${indicator.baselinePeriod ? ` in ${indicator.baselinePeriod}` : ''}`);
  }
  if (target && target.recordedValue !== null) {
    const goal = formatTarget(target.recordedValue, indicator.unit, indicator.polarity);
    const baseline = indicator.baselineValue;
    if (baseline !== null && baseline !== 0 && target.recordedValue !== baseline) {
      const changePct = ((target.recordedValue - baseline) / Math.abs(baseline)) * 100;
      const size = indicator.unit === 'PERCENT'
        ? `${formatChange(target.recordedValue - baseline, 'PERCENT').slice(1)} ${changePct < 0 ? 'reduction' : 'increase'}`
        : `${ONE_DECIMAL.format(Math.abs(changePct))}% ${changePct < 0 ? 'reduction' : 'increase'}`;
      parts.push(`target for ${target.targetPeriod} a ${size}, to ${goal}`);
    } else {
      parts.push(`target for ${target.targetPeriod} ${goal}`);
    }
  } else if (target) {
    parts.push(`target for ${target.targetPeriod} to be established`);
  }
  return parts.join('; ');
}

const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** The plan's terms for the period being reported on (the latest reading's, or the period awaiting one). */
export function planTermsOf(row: IndicatorStatusRow): string {
  const { indicator, summary } = row;
  const period = summary.latest && !summary.stale ? summary.latest.period : summary.currentPeriod;
  return planTerms(indicator, targetForPeriod(period, indicator.targets, indicator.cumulative));
}

/** An indicator in the digest: its line, then the plan's baseline and target. */
export function headlineIndicatorLine(row: IndicatorStatusRow): Inline[] {
  const plan = planTermsOf(row);
  return [...indicatorLine(row), ...(plan ? [lineBreak(), italic(`Plan: ${plan}`)] : [])];
}

/** "ALL CRIME 12,000": a green indicator named briefly, with its value. */
export function briefIndicator(row: IndicatorStatusRow): string {
  const latest = row.summary.latest;
  return latest && latest.value !== null ? `${row.indicator.code} ${formatValue(latest.value, row.indicator.unit)}` : row.indicator.code;
}

/** Who provides the indicator's readings: "from Norfolk Constabulary", or that no one is named. */
export function leadText(indicator: IndicatorRecord): string {
  return indicator.leadOrganisation ? `from ${indicator.leadOrganisation.name}` : 'no lead organisation named';
}

/** A trend line needs at least this many readings to show a trend. */
export const MIN_TREND_READINGS = 3;

/** The trend line from the first period with a value on; '' with fewer than three readings. */
export function trendLineOf(series: readonly (number | null)[]): string {
  const first = series.findIndex((value) => value !== null);
  if (series.filter((value) => value !== null).length < MIN_TREND_READINGS) return '';
  return sparkline(series.slice(first));
}

export function indicatorLine(row: IndicatorStatusRow): Inline[] {
  const { indicator, summary } = row;
  const awaiting = summary.status === 'NO_DATA' ? [lineBreak(), italic(`Awaiting a reading ${leadText(indicator)}`)] : [];
  return rich(`${ragIcon(summary.status)} `, bold(indicator.code), ` ${indicator.name}`, lineBreak(), statusLine(row), ...awaiting);
}

function openIndicatorButton(indicatorId: string, label = 'Details'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.openDigestIndicator, label, value: { indicatorId } };
}

export const INDICATOR_LIST_ID = 'kpi-list';
const INDICATOR_PAGE_SIZE = 8;

export function ragSummaryText(rows: readonly IndicatorStatusRow[]): string {
  const counts = countByStatus(rows);
  const parts = [`🔴 ${counts.RED} red`, `🟠 ${counts.AMBER} amber`, `🟢 ${counts.GREEN} green`];
  if (counts.NO_TARGET > 0) parts.push(`⚪ ${counts.NO_TARGET} without a target`);
  if (counts.NO_DATA > 0) parts.push(`⚫ ${counts.NO_DATA} awaiting a reading`);
  return parts.join(' · ');
}

export function indicatorListMessage(options: {
  title: string;
  rows: readonly IndicatorStatusRow[];
  page: number;
  pagingValue: JsonObject;
}): MessageView {
  const items: ListItem[] = options.rows.map((row) => ({ text: indicatorLine(row), button: openIndicatorButton(row.indicator.id) }));
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: options.title },
      { type: 'context', text: ragSummaryText(options.rows) },
      {
        type: 'pagedList',
        items,
        page: options.page,
        pageSize: INDICATOR_PAGE_SIZE,
        pagingValue: { ...options.pagingValue, list: INDICATOR_LIST_ID },
        emptyText: 'There are no indicators here yet. The secretariat can import them (csp import-csv).',
      },
    ],
  };
}

export interface RevisionLine {
  period: string;
  value: number;
  previousValue: number | null;
  recordedAt: Date;
  recordedBy: string | null;
  source: string;
}

function revisionText(indicator: IndicatorRecord, revision: RevisionLine, timeZone: string): string {
  const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(revision.recordedAt);
  const who = revision.recordedBy ?? (revision.source === 'IMPORT' ? 'an import' : 'the system');
  const what = revision.previousValue === null
    ? `${formatValue(revision.value, indicator.unit)} recorded`
    : `corrected from ${formatValue(revision.previousValue, indicator.unit)} to ${formatValue(revision.value, indicator.unit)}`;
  return `${describePeriodLabel(revision.period)}: ${what} by ${who}, ${when}`;
}

export function indicatorCard(options: {
  row: IndicatorStatusRow;
  revisions: readonly RevisionLine[];
  canRecord: boolean;
  timeZone: string;
  /** The readings against the target, drawn for a red or amber indicator (indicator-feature.ts). */
  chart?: ImageBlock;
}): MessageView {
  const { indicator, summary } = options.row;
  const latest = summary.latest;
  const blocks: ViewBlock[] = [{ type: 'heading', text: `${indicator.code} · ${indicator.name}` }];
  if (latest && latest.value !== null && summary.stale) {
    blocks.push({
      type: 'text',
      text: rich(
        bold(`${ragIcon('NO_DATA')} No reading for ${describePeriod(summary.currentPeriod)}`),
        ` — awaited ${leadText(indicator)}.`,
      ),
    });
    blocks.push({
      type: 'context',
      text: `History: the last reading was ${formatValue(latest.value, indicator.unit)} in ${describePeriod(latest.period)}${indicator.cumulative ? ' (year to date)' : ''} (${ragWord(latest.rag.status)} then; ${targetText(indicator, latest)}). ${summary.periodsAwaitingReading} period${summary.periodsAwaitingReading === 1 ? ' has' : 's have'} ended since without a reading.`,
    });
  } else if (latest && latest.value !== null) {
    blocks.push({
      type: 'text',
      text: rich(
        bold(ragBadge(summary.status)),
        ` — ${formatValue(latest.value, indicator.unit)} in ${describePeriod(latest.period)}${indicator.cumulative ? ' (year to date)' : ''}; ${targetText(indicator, latest)}.`,
      ),
    });
    const comparisons = [latest.vsPreviousPeriod, latest.vsSamePeriodLastYear]
      .map((trend) => trend.change === null
        ? `vs ${describePeriodLabel(trend.comparedWith)}: no reading to compare with`
        : `vs ${describePeriodLabel(trend.comparedWith)}: ${formatChange(trend.change, indicator.unit)} (${trendWords(trend)})`);
    if (comparisons.length > 0) blocks.push({ type: 'text', text: comparisons.join('\n') });
    const trendLine = trendLineOf(summary.series);
    if (trendLine) {
      const noun = indicator.frequency === 'MONTHLY' ? 'months' : indicator.frequency === 'QUARTERLY' ? 'quarters' : 'years';
      blocks.push({ type: 'context', text: `Trend over the last ${trendLine.length} ${noun}${indicator.cumulative ? ' (each period\'s own amount)' : ''}: ${trendLine}` });
    }
  } else {
    blocks.push({ type: 'text', text: rich(bold(`${ragIcon('NO_DATA')} No reading for ${describePeriod(summary.currentPeriod)}`), ` — no readings have been recorded yet; awaited ${leadText(indicator)}.`) });
  }
  if (options.chart) blocks.push(options.chart);
  const hasTarget = indicator.targets.some((target) => target.value !== null);
  const plan = planTermsOf(options.row);
  const facts: LabelledValue[] = [
    ...(plan ? [{ label: 'Plan', value: plan }] : []),
    { label: 'Targets', value: indicator.targets.length === 0 ? 'None set' : indicator.targets.map((target) => `${target.period}: ${target.value === null ? 'to be established' : formatTarget(target.value, indicator.unit, indicator.polarity)}`).join('\n') },
    { label: 'Baseline', value: indicator.baselineValue === null ? 'None recorded' : `${formatValue(indicator.baselineValue, indicator.unit)}${indicator.baselinePeriod ? ` (${indicator.baselinePeriod})` : ''}` },
    { label: 'Measure', value: `${describeUnit(indicator.unit)}, ${indicator.polarity === 'LOWER_IS_BETTER' ? 'lower is better' : 'higher is better'}; ${indicator.frequency.toLowerCase()} readings${indicator.cumulative ? ', year to date' : ''}` },
    ...(hasTarget ? [{ label: 'Amber within', value: `${indicator.amberTolerancePct ?? DEFAULT_AMBER_TOLERANCE_PCT}% of the target` }] : []),
    { label: 'Lead', value: indicator.leadOrganisation?.name ?? 'No lead organisation' },
    { label: 'Group', value: indicator.group?.name ?? 'No group' },
  ];
  blocks.push({ type: 'facts', facts });
  if (options.revisions.length > 0) {
    blocks.push({ type: 'context', text: `Recent entries: ${options.revisions.map((revision) => revisionText(indicator, revision, options.timeZone)).join('; ')}.` });
  }
  const controls: ButtonView[] = [];
  if (options.canRecord) controls.push({ type: 'button', actionId: ACTION_IDS.openReadingForm, label: 'Record a reading', value: { indicatorId: indicator.id }, style: 'primary' });
  controls.push({ type: 'button', actionId: ACTION_IDS.openIndicatorList, label: 'All indicators', value: indicator.group ? { groupId: indicator.group.id } : {} });
  blocks.push({ type: 'actions', controls });
  return { kind: 'message', blocks };
}

export function readingForm(options: {
  indicator: IndicatorRecord;
  periods: readonly Period[];
  initialPeriod?: string;
  initialValue?: number;
}): FormView {
  const { indicator } = options;
  const periodOptions: SelectOption[] = options.periods.map((period) => ({ label: describePeriod(period).slice(0, 75), value: period.label }));
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitReadingForm,
    title: 'Record a reading',
    submitLabel: 'Save',
    metadata: { indicatorId: indicator.id },
    intro: [
      { type: 'text', text: rich(bold(indicator.code), ` ${indicator.name}`) },
      {
        type: 'context',
        text: `${describeUnit(indicator.unit)}, ${indicator.polarity === 'LOWER_IS_BETTER' ? 'lower is better' : 'higher is better'}${indicator.cumulative ? '; enter the total for the year so far' : ''}. A period that already has a value is corrected, and the old value is kept in the history.`,
      },
    ],
    fields: [
      {
        type: 'select',
        id: READING_FIELDS.period,
        label: 'Period',
        required: true,
        options: periodOptions,
        ...(options.initialPeriod ? { initialValue: options.initialPeriod } : {}),
      },
      {
        type: 'numberInput',
        id: READING_FIELDS.value,
        label: indicator.unit === 'PERCENT' ? 'Value (%)' : 'Value',
        required: true,
        allowDecimal: true,
        min: 0,
        ...(indicator.unit === 'PERCENT' ? { max: 100 } : {}),
        ...(options.initialValue !== undefined ? { initialValue: options.initialValue } : {}),
      },
    ],
  };
}
