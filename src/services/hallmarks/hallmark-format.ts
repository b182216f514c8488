// Wording shared by the hallmarks views: dates, statuses, counts and one-line item summaries.
import {
  CONDITION_LABELS,
  CONDITIONS,
  conditionOf,
  hallmarkLabel,
  stageOf,
  type AssessmentState,
  type ChecklistItem,
  type Condition,
  type GroupSummary,
} from '../../domain/hallmark-checklist.ts';
import { HALLMARK_STATUS_LABELS, isPlainStatusWording, readStatusText } from '../../domain/hallmark-status.ts';
import type { Inline } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { truncatePlain } from '../../views/rich-text.ts';

/** An original wording shown beside its status is cut to this many characters. */
const WORDING_LENGTH = 80;

/** A @db.Date value (UTC midnight) as "31 Mar 2011". */
export function formatDay(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** An instant's calendar day in the partnership's zone, as "12 Nov 2026". */
export function formatInstantDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(instant);
}

/** 'YYYY-MM-DD' of a @db.Date value. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** What an awaited item's original wording said of it meanwhile ("possibly met"), when it was read as awaiting that body. */
function meanwhile(assessment: AssessmentState): string | undefined {
  if (assessment.status !== 'AWAITING_EXTERNAL' || !assessment.rawStatus) return undefined;
  const reading = readStatusText(assessment.rawStatus);
  return reading.kind === 'mapped' && reading.status === 'AWAITING_EXTERNAL' && reading.externalBody === assessment.externalBody ? reading.meanwhile : undefined;
}

function statusLabel(assessment: AssessmentState | undefined): string {
  const condition = conditionOf(assessment);
  switch (condition) {
    case 'AWAITING_EXTERNAL': {
      const label = assessment?.externalBody ? `Awaiting ${assessment.externalBody}` : HALLMARK_STATUS_LABELS.AWAITING_EXTERNAL;
      const also = assessment ? meanwhile(assessment) : undefined;
      return also ? `${label} (${also})` : label;
    }
    case 'NOT_APPLICABLE':
      return assessment?.notApplicableReason ? `Not applicable: ${assessment.notApplicableReason}` : HALLMARK_STATUS_LABELS.NOT_APPLICABLE;
    case 'NEEDS_REVIEW':
      return assessment?.rawStatus ? `To review (imported as "${truncatePlain(assessment.rawStatus, WORDING_LENGTH)}")` : 'To review';
    case 'NOT_ASSESSED':
      return 'Not assessed';
    default:
      return HALLMARK_STATUS_LABELS[condition];
  }
}

/**
 * "Met", "Awaiting County group (possibly met) — recorded as “Probably – awaits County”", "Not applicable: …",
 * "To review (imported as "TOR")", "Not assessed". A status read from a wording other than a bare status word
 * shows that wording beside it, so nobody has to trust the reading.
 */
export function describeState(assessment: AssessmentState | undefined): string {
  const label = statusLabel(assessment);
  if (!assessment?.rawStatus || assessment.status === null || isPlainStatusWording(assessment.rawStatus)) return label;
  return `${label} — recorded as “${truncatePlain(assessment.rawStatus.trim(), WORDING_LENGTH)}”`;
}

/** "3 met · 1 partly met · 2 not met"; only the conditions with items. */
export function countsLine(counts: Readonly<Record<Condition, number>>): string {
  const parts = CONDITIONS.filter((condition) => counts[condition] > 0).map((condition) => `${counts[condition]} ${CONDITION_LABELS[condition]}`);
  return parts.length > 0 ? parts.join(' · ') : 'No items';
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : `−${Math.abs(value)}`;
}

/** "Since 3 Jan 2011: +2 met, −2 not met", "No change since 3 Jan 2011", or '' with nothing to compare. */
export function changesLine(group: GroupSummary, since: string | null): string {
  if (group.changes === null || since === null) return '';
  const parts = CONDITIONS.filter((condition) => group.changes?.[condition] !== undefined).map(
    (condition) => `${signed(group.changes?.[condition] ?? 0)} ${CONDITION_LABELS[condition]}`,
  );
  if (parts.length === 0 && group.changedItems === 0) return `No change since ${since}`;
  const moved = group.changedItems === 1 ? '1 item changed' : `${group.changedItems} items changed`;
  return `Since ${since}: ${[moved, ...parts].join(', ')}`;
}

/** Where the item sits: "Assess · Intelligence-led Business Processes · question". */
export function placeLine(item: ChecklistItem): string {
  const stage = stageOf(item.stage);
  const heading = stage.standard && stage.name !== item.stage ? `${stage.name} (${item.stage})` : stage.name;
  return [heading, item.hallmark ? hallmarkLabel(item.hallmark) : null, item.kind === 'QUESTION' ? 'question' : 'requirement']
    .filter((part): part is string => part !== null)
    .join(' · ');
}

export interface ItemLineOptions {
  readonly textLength?: number;
  readonly overdue?: boolean;
}

/** "*assess-q2* Do you have …" and, below, its state, owner and review date. */
export function itemLine(item: ChecklistItem, assessment: AssessmentState | undefined, options: ItemLineOptions = {}): Inline[] {
  const details = [describeState(assessment), `Owner: ${item.ownerName ?? 'nobody yet'}`];
  if (assessment?.reviewDate) {
    details.push(options.overdue ? `Review was due ${formatDay(assessment.reviewDate)}` : `Review by ${formatDay(assessment.reviewDate)}`);
  }
  return rich(bold(item.key), ` ${truncatePlain(item.text, options.textLength ?? 160)}`, lineBreak(), details.join(' · '));
}
