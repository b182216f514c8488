// The hallmarks of effective partnership checklist: the six hallmarks, the stages its requirements and
// questions are grouped by, and the summary of a partnership's assessments (counts by status, progress, what
// changed, what needs attention, what waits on other bodies, and the yearly skills check).
//
// Stages: the product's stage list is the nine stages of the hallmarks guidance. A checklist may file its
// items under its own headings; each heading is kept on the item as written (so it can be traced back to the
// source document) and is read into one of the nine stages here. The checklist in test/fixtures/seeds has separate
// "Lead and Guide" and "Governing Partnership Processes" headings: both belong to the first stage. A heading
// that is none of the nine stages is shown as a stage of its own, after them.
import type { HallmarkStatusValue } from './hallmark-status.ts';

export const HALLMARKS = [
  { value: 'EMPOWERED_AND_EFFECTIVE_LEADERSHIP', label: 'Empowered and Effective Leadership' },
  { value: 'INTELLIGENCE_LED_BUSINESS_PROCESSES', label: 'Intelligence-led Business Processes' },
  { value: 'EFFECTIVE_AND_RESPONSIVE_DELIVERY_STRUCTURES', label: 'Effective and Responsive Delivery Structures' },
  { value: 'ENGAGED_COMMUNITIES', label: 'Engaged Communities' },
  { value: 'VISIBLE_AND_CONSTRUCTIVE_ACCOUNTABILITY', label: 'Visible and Constructive Accountability' },
  { value: 'APPROPRIATE_SKILLS_AND_KNOWLEDGE', label: 'Appropriate Skills and Knowledge' },
] as const;

export type HallmarkValue = (typeof HALLMARKS)[number]['value'];

export function hallmarkLabel(value: HallmarkValue): string {
  return HALLMARKS.find((hallmark) => hallmark.value === value)?.label ?? value;
}

export function isHallmarkValue(value: string): value is HallmarkValue {
  return HALLMARKS.some((hallmark) => hallmark.value === value);
}

export interface StageDefinition {
  readonly id: string;
  readonly name: string;
  /** Headings checklists use for this stage, besides its name. */
  readonly headings: readonly string[];
}

export const HALLMARK_STAGES: readonly StageDefinition[] = [
  { id: 'lead-and-guide', name: 'Lead and Guide / Governing Partnership Processes', headings: ['Lead and Guide', 'Governing Partnership Processes'] },
  { id: 'assess', name: 'Assess', headings: [] },
  { id: 'determine-priorities', name: 'Determine Priorities', headings: [] },
  {
    id: 'two-tier',
    name: 'Partnership working in two-tier areas',
    headings: ['Partnership working and two-tier areas', 'Partnership- Working and two-tier areas', 'Two-tier areas'],
  },
  { id: 'plan-for-action', name: 'Plan for Action', headings: ['Plan For Action – Prepare the Plan', 'Prepare the Plan'] },
  { id: 'publish-summary', name: 'Publish Summary', headings: [] },
  { id: 'deliver', name: 'Deliver', headings: [] },
  { id: 'solving-problems', name: 'Solving Problems', headings: [] },
  { id: 'evaluating-impact', name: 'Evaluating Impact', headings: [] },
];

export interface Stage {
  readonly id: string;
  readonly name: string;
  /** False for a heading that is none of the nine stages. */
  readonly standard: boolean;
}

function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const STAGE_BY_HEADING = new Map<string, StageDefinition>(
  HALLMARK_STAGES.flatMap((stage) => [stage.name, ...stage.headings].map((heading) => [words(heading), stage] as const)),
);

/** How the id of a heading that is none of the nine stages starts. */
export const OTHER_STAGE_PREFIX = 'other-';

/** The stage an item's heading belongs to. */
export function stageOf(heading: string): Stage {
  const known = STAGE_BY_HEADING.get(words(heading));
  if (known) return { id: known.id, name: known.name, standard: true };
  return { id: `${OTHER_STAGE_PREFIX}${words(heading).replace(/ /g, '-')}`, name: heading.trim(), standard: false };
}

// ---------------------------------------------------------------- items and their state

type ItemKind = 'REQUIREMENT' | 'QUESTION';

export interface ChecklistItem {
  readonly id: string;
  readonly key: string;
  /** The heading as the checklist gives it; see stageOf. */
  readonly stage: string;
  readonly hallmark: HallmarkValue | null;
  readonly kind: ItemKind;
  readonly text: string;
  readonly position: number;
  readonly ownerId: string | null;
  readonly ownerName: string | null;
}

export interface AssessmentState {
  readonly itemId: string;
  /** Null when an imported status could not be read (see rawStatus). */
  readonly status: HallmarkStatusValue | null;
  readonly rawStatus: string | null;
  readonly needsReview: boolean;
  readonly externalBody: string | null;
  readonly notApplicableReason: string | null;
  readonly agreedAction: string | null;
  readonly evidence: string | null;
  readonly evidenceLinks: readonly string[];
  /** A date at UTC midnight. */
  readonly reviewDate: Date | null;
  readonly assessedAt: Date;
  readonly assessedByName: string | null;
  readonly source: 'CHAT' | 'IMPORT' | 'SYSTEM';
}

/** Where an item stands: its status, or that its imported status awaits review, or that it was never assessed. */
export type Condition = HallmarkStatusValue | 'NEEDS_REVIEW' | 'NOT_ASSESSED';

export const CONDITIONS: readonly Condition[] = ['MET', 'PARTLY_MET', 'NOT_MET', 'AWAITING_EXTERNAL', 'NOT_APPLICABLE', 'NEEDS_REVIEW', 'NOT_ASSESSED'];

export const CONDITION_LABELS: Readonly<Record<Condition, string>> = {
  MET: 'met',
  PARTLY_MET: 'partly met',
  NOT_MET: 'not met',
  AWAITING_EXTERNAL: 'awaiting others',
  NOT_APPLICABLE: 'not applicable',
  NEEDS_REVIEW: 'to review',
  NOT_ASSESSED: 'not assessed',
};

export function conditionOf(assessment: AssessmentState | undefined): Condition {
  if (!assessment) return 'NOT_ASSESSED';
  return assessment.status ?? 'NEEDS_REVIEW';
}

/** Each item's latest assessment made at or before `asOf` (its current one when `asOf` is left out); `history` newest first. */
export function latestAssessments(history: readonly AssessmentState[], asOf?: Date): Map<string, AssessmentState> {
  const latest = new Map<string, AssessmentState>();
  for (const assessment of history) {
    if (asOf && assessment.assessedAt.getTime() > asOf.getTime()) continue;
    if (!latest.has(assessment.itemId)) latest.set(assessment.itemId, assessment);
  }
  return latest;
}

/** A review date before today (a date at UTC midnight in the partnership's time zone). */
export function isOverdueForReview(assessment: AssessmentState | undefined, today: Date): boolean {
  return !!assessment?.reviewDate && assessment.reviewDate.getTime() < today.getTime();
}

// ---------------------------------------------------------------- the yearly skills and knowledge check

const YEARLY = /\bat least (?:once a year|once every year|annually|yearly)\b/i;

/**
 * An item whose duty must be checked at least once a year, in the guidance's and Norwich's words ("At least
 * once a year the group needs to consider whether the partnership has the requisite skills and knowledge";
 * terms of reference: "at least annually test whether … has the necessary skills and knowledge").
 */
export function isYearlyCheck(item: Pick<ChecklistItem, 'text'>): boolean {
  return YEARLY.test(item.text);
}

export const YEARLY_CHECK_MONTHS = 12;

export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export interface YearlyCheck {
  readonly item: ChecklistItem;
  readonly lastAssessedAt: Date | null;
  /** True when never assessed, or last assessed more than twelve months before `now`. */
  readonly due: boolean;
  /** When the next check falls due; null when never assessed. */
  readonly dueBy: Date | null;
}

export function yearlyCheckOf(item: ChecklistItem, assessment: AssessmentState | undefined, now: Date): YearlyCheck {
  if (!assessment) return { item, lastAssessedAt: null, due: true, dueBy: null };
  const dueBy = addMonths(assessment.assessedAt, YEARLY_CHECK_MONTHS);
  return { item, lastAssessedAt: assessment.assessedAt, due: dueBy.getTime() < now.getTime(), dueBy };
}

// ---------------------------------------------------------------- who may update an item

export interface MembershipRole {
  readonly role: string;
  readonly groupKind: string;
}

/** The item's owner, the chair of a strategy board, or the secretariat. */
export function mayUpdateItem(personId: string, item: Pick<ChecklistItem, 'ownerId'>, memberships: readonly MembershipRole[]): boolean {
  if (item.ownerId !== null && item.ownerId === personId) return true;
  return memberships.some((membership) => membership.role === 'SECRETARIAT' || (membership.role === 'CHAIR' && membership.groupKind === 'STRATEGY_BOARD'));
}

// ---------------------------------------------------------------- the summary

type ConditionCounts = Readonly<Record<Condition, number>>;

export interface GroupSummary {
  readonly id: string;
  readonly label: string;
  readonly total: number;
  readonly counts: ConditionCounts;
  /** Items met, of the items that apply (all but "not applicable"). */
  readonly met: number;
  readonly applicable: number;
  /** Count now minus count at the previous posting, for each condition that changed; null with no previous posting. */
  readonly changes: Partial<Record<Condition, number>> | null;
  /** Items whose condition differs from the previous posting. */
  readonly changedItems: number;
}

export interface AttentionItem {
  readonly item: ChecklistItem;
  readonly condition: Condition;
  readonly overdue: boolean;
  readonly reviewDate: Date | null;
}

interface AwaitedBody {
  readonly body: string;
  readonly items: readonly ChecklistItem[];
}

export interface ChecklistSummary {
  readonly overall: GroupSummary;
  /** The six hallmarks, in the guidance's order. */
  readonly hallmarks: readonly GroupSummary[];
  /** The nine stages in order, then any other headings. */
  readonly stages: readonly GroupSummary[];
  /** Items not met or overdue for review: overdue first (oldest review date first), then in checklist order. */
  readonly attention: readonly AttentionItem[];
  readonly awaiting: readonly AwaitedBody[];
  readonly yearlyChecks: readonly YearlyCheck[];
}

export interface SummaryInput {
  /** Items in force (not retired), in checklist order. */
  readonly items: readonly ChecklistItem[];
  readonly current: ReadonlyMap<string, AssessmentState>;
  /** Each item's assessment as it stood at the previous posting; null when there was none. */
  readonly previous: ReadonlyMap<string, AssessmentState> | null;
  /** Today at UTC midnight, in the partnership's time zone. */
  readonly today: Date;
  readonly now: Date;
}

function emptyCounts(): Record<Condition, number> {
  return { MET: 0, PARTLY_MET: 0, NOT_MET: 0, AWAITING_EXTERNAL: 0, NOT_APPLICABLE: 0, NEEDS_REVIEW: 0, NOT_ASSESSED: 0 };
}

function summariseGroup(id: string, label: string, items: readonly ChecklistItem[], input: SummaryInput): GroupSummary {
  const now = emptyCounts();
  const then = emptyCounts();
  let changedItems = 0;
  for (const item of items) {
    const condition = conditionOf(input.current.get(item.id));
    now[condition] += 1;
    if (input.previous) {
      const before = conditionOf(input.previous.get(item.id));
      then[before] += 1;
      if (before !== condition) changedItems += 1;
    }
  }
  const changes: Partial<Record<Condition, number>> = {};
  for (const condition of CONDITIONS) if (now[condition] !== then[condition]) changes[condition] = now[condition] - then[condition];
  return {
    id,
    label,
    total: items.length,
    counts: now,
    met: now.MET,
    applicable: items.length - now.NOT_APPLICABLE,
    changes: input.previous ? changes : null,
    changedItems,
  };
}

function byStageOrder(items: readonly ChecklistItem[]): ChecklistItem[] {
  const order = new Map(HALLMARK_STAGES.map((stage, index) => [stage.id, index]));
  const rank = (item: ChecklistItem) => order.get(stageOf(item.stage).id) ?? HALLMARK_STAGES.length;
  return [...items].sort((a, b) => rank(a) - rank(b) || a.position - b.position || a.key.localeCompare(b.key));
}

export function summariseChecklist(input: SummaryInput): ChecklistSummary {
  const items = byStageOrder(input.items);
  const hallmarks = HALLMARKS.map((hallmark) =>
    summariseGroup(hallmark.value, hallmark.label, items.filter((item) => item.hallmark === hallmark.value), input),
  );

  const stageGroups = new Map<string, { stage: Stage; items: ChecklistItem[] }>();
  for (const definition of HALLMARK_STAGES) stageGroups.set(definition.id, { stage: { id: definition.id, name: definition.name, standard: true }, items: [] });
  for (const item of items) {
    const stage = stageOf(item.stage);
    const group = stageGroups.get(stage.id) ?? { stage, items: [] };
    group.items.push(item);
    stageGroups.set(stage.id, group);
  }
  const stages = [...stageGroups.values()].map((group) => summariseGroup(group.stage.id, group.stage.name, group.items, input));

  const attention: AttentionItem[] = [];
  for (const item of items) {
    const assessment = input.current.get(item.id);
    const condition = conditionOf(assessment);
    const overdue = isOverdueForReview(assessment, input.today);
    if (condition === 'NOT_MET' || overdue) attention.push({ item, condition, overdue, reviewDate: assessment?.reviewDate ?? null });
  }
  attention.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.overdue && b.overdue) return (a.reviewDate?.getTime() ?? 0) - (b.reviewDate?.getTime() ?? 0);
    return 0;
  });

  const awaited = new Map<string, { body: string; items: ChecklistItem[] }>();
  for (const item of items) {
    const assessment = input.current.get(item.id);
    if (conditionOf(assessment) !== 'AWAITING_EXTERNAL') continue;
    const body = assessment?.externalBody?.trim() || 'A body not named';
    const key = words(body);
    const group = awaited.get(key) ?? { body, items: [] };
    group.items.push(item);
    awaited.set(key, group);
  }
  const awaiting = [...awaited.values()].sort((a, b) => b.items.length - a.items.length || a.body.localeCompare(b.body));

  const yearlyChecks = items.filter(isYearlyCheck).map((item) => yearlyCheckOf(item, input.current.get(item.id), input.now));

  return {
    overall: summariseGroup('all', 'All items', items, input),
    hallmarks,
    stages,
    attention,
    awaiting,
    yearlyChecks,
  };
}

/** The filter a card button asks for: one hallmark, one stage, or the items whose imported status needs review. */
export type ChecklistFilter =
  | { readonly hallmark: HallmarkValue }
  | { readonly stage: string }
  | { readonly review: true }
  /** Every item awaiting another body, grouped by the body. */
  | { readonly awaiting: true };

function matchesFilter(item: ChecklistItem, assessment: AssessmentState | undefined, filter: ChecklistFilter): boolean {
  if ('hallmark' in filter) return item.hallmark === filter.hallmark;
  if ('stage' in filter) return stageOf(item.stage).id === filter.stage;
  if ('awaiting' in filter) return conditionOf(assessment) === 'AWAITING_EXTERNAL';
  return conditionOf(assessment) === 'NEEDS_REVIEW' || !!assessment?.needsReview;
}

export function filterItems(items: readonly ChecklistItem[], current: ReadonlyMap<string, AssessmentState>, filter: ChecklistFilter): ChecklistItem[] {
  const matching = byStageOrder(items).filter((item) => matchesFilter(item, current.get(item.id), filter));
  if (!('awaiting' in filter)) return matching;
  const bodyOf = (item: ChecklistItem) => words(current.get(item.id)?.externalBody?.trim() || 'A body not named');
  return matching.sort((a, b) => bodyOf(a).localeCompare(bodyOf(b)));
}
