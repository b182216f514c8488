// The hallmarks views: the summary card, a filtered list, one item with its history, the update form, and
// the section folded into a person's weekly reminder. Built once here; the adapters render them.
import {
  CONDITION_LABELS,
  HALLMARK_STAGES,
  hallmarkLabel,
  isHallmarkValue,
  isOverdueForReview,
  OTHER_STAGE_PREFIX,
  stageOf,
  YEARLY_CHECK_MONTHS,
  type AssessmentState,
  type AttentionItem,
  type ChecklistFilter,
  type ChecklistItem,
  type ChecklistSummary,
  type GroupSummary,
  type YearlyCheck,
} from '../../domain/hallmark-checklist.ts';
import { HALLMARK_STATUS_LABELS, HALLMARK_STATUSES } from '../../domain/hallmark-status.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, DisplayBlock, FormView, Inline, JsonObject, ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { bold, italic, lineBreak, link, rich } from '../../views/model.ts';
import { truncatePlain } from '../../views/rich-text.ts';
import { progressBar } from '../../views/text-graphics.ts';
import { changesLine, countsLine, describeState, formatDay, formatInstantDay, isoDay, itemLine, placeLine } from './hallmark-format.ts';

export const HALLMARKS_LIST_ID = 'hallmarks';
export const HALLMARKS_FILTER_LIST_ID = 'hallmarks-filter';
const ATTENTION_PAGE_SIZE = 5;
const FILTER_PAGE_SIZE = 8;
export const HISTORY_LIMIT = 5;
/** Caps that keep the card within Slack's 50 blocks and Teams' card size whatever a partnership's checklist holds. */
const AWAITED_BODIES_SHOWN = 8;
const AWAITED_ITEMS_SHOWN = 6;
const YEARLY_CHECKS_SHOWN = 3;
const OTHER_STAGES_SHOWN = 3;

function describeCondition(condition: AttentionItem['condition']): string {
  const label = CONDITION_LABELS[condition];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function openButton(item: ChecklistItem, label = 'Open'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.openHallmarkItem, label, value: { itemId: item.id } };
}

function filterButton(filter: ChecklistFilter, label = 'Show items'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.filterHallmarks, label, value: { ...filter } };
}

// ---------------------------------------------------------------- the summary card

export interface SummaryCardOptions {
  readonly partnershipName: string;
  readonly timeZone: string;
  /** When the card was previously posted: what "changed since" compares with. */
  readonly previousPostedAt: Date | null;
  readonly page: number;
  /** Carried by the paging buttons, so another page compares with the same posting. */
  readonly pagingValue: JsonObject;
  readonly commandPrefix: string;
  /** Items whose imported status awaits review. */
  readonly toReview: number;
}

function groupRow(group: GroupSummary, filter: ChecklistFilter, since: string | null): DisplayBlock {
  const changes = changesLine(group, since);
  const text = rich(
    bold(group.label),
    `  ${progressBar(group.met, group.applicable)} met`,
    lineBreak(),
    countsLine(group.counts),
    ...(changes ? [lineBreak(), italic(changes)] : []),
  );
  return group.total > 0 ? { type: 'text', text, accessory: filterButton(filter) } : { type: 'text', text };
}

function yearlyBlock(check: YearlyCheck, timeZone: string): DisplayBlock {
  const item = rich(bold(check.item.key), ` ${truncatePlain(check.item.text, 140)}`);
  if (!check.due) {
    return {
      type: 'context',
      text: rich(
        `Yearly skills and knowledge check: last assessed ${formatInstantDay(check.lastAssessedAt ?? new Date(0), timeZone)}; `,
        `next due by ${formatInstantDay(check.dueBy ?? new Date(0), timeZone)} (`,
        ...item,
        ').',
      ),
    };
  }
  const when = check.lastAssessedAt
    ? `It was last assessed on ${formatInstantDay(check.lastAssessedAt, timeZone)}, more than ${YEARLY_CHECK_MONTHS} months ago.`
    : 'It has never been assessed.';
  return {
    type: 'text',
    text: rich('⚠️ ', bold('Yearly check due: '), ...item, lineBreak(), `${when} Owner: ${check.item.ownerName ?? 'nobody yet'}.`),
    accessory: openButton(check.item),
  };
}

function awaitingBlocks(summary: ChecklistSummary): ViewBlock[] {
  if (summary.awaiting.length === 0) return [];
  const items: ListItem[] = summary.awaiting.slice(0, AWAITED_BODIES_SHOWN).map((group) => {
    const shown = group.items.slice(0, AWAITED_ITEMS_SHOWN).map((item) => `${item.key} (${truncatePlain(item.text, 50)})`);
    const more = group.items.length > shown.length ? `; and ${group.items.length - shown.length} more` : '';
    return { text: rich(bold(truncatePlain(group.body, 80)), ` — ${group.items.length} item${group.items.length === 1 ? '' : 's'}: `, `${shown.join('; ')}${more}`) };
  });
  const otherBodies = summary.awaiting.length - items.length;
  const itemsCut = summary.awaiting.slice(0, AWAITED_BODIES_SHOWN).some((group) => group.items.length > AWAITED_ITEMS_SHOWN);
  const total = summary.awaiting.reduce((sum, group) => sum + group.items.length, 0);
  const heading = rich(bold('Awaiting other bodies'));
  return [
    otherBodies > 0 || itemsCut
      ? { type: 'text', text: heading, accessory: filterButton({ awaiting: true }, `Show all ${total}`) }
      : { type: 'text', text: heading },
    { type: 'list', items },
    ...(otherBodies > 0 ? [{ type: 'context' as const, text: `And ${otherBodies} more ${otherBodies === 1 ? 'body' : 'bodies'}.` }] : []),
  ];
}

export function summaryCard(summary: ChecklistSummary, options: SummaryCardOptions): MessageView {
  const since = options.previousPostedAt ? formatInstantDay(options.previousPostedAt, options.timeZone) : null;
  const overall = summary.overall;
  const comparison = since
    ? changesLine(overall, since)
    : 'First posting: the next one will show what changed since this one.';
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Hallmarks of effective partnership — ${options.partnershipName}` },
    {
      type: 'text',
      text: rich(bold(`${overall.total} items`), `  ${progressBar(overall.met, overall.applicable)} met`, lineBreak(), countsLine(overall.counts)),
    },
    { type: 'context', text: comparison },
  ];
  const yearly = [...summary.yearlyChecks].sort((a, b) => Number(b.due) - Number(a.due)).slice(0, YEARLY_CHECKS_SHOWN);
  for (const check of yearly) blocks.push(yearlyBlock(check, options.timeZone));
  if (options.toReview > 0) {
    blocks.push({
      type: 'text',
      text: rich(
        bold(`${options.toReview} item${options.toReview === 1 ? '' : 's'} to review: `),
        'their imported status could not be read, so it was kept as written. Open one to set its status.',
      ),
      accessory: filterButton({ review: true }),
    });
  }

  blocks.push({ type: 'heading', text: 'By hallmark' });
  for (const group of summary.hallmarks) {
    if (isHallmarkValue(group.id)) blocks.push(groupRow(group, { hallmark: group.id }, since));
  }
  const withoutHallmark = overall.total - summary.hallmarks.reduce((sum, group) => sum + group.total, 0);
  if (withoutHallmark > 0) {
    blocks.push({ type: 'context', text: `${withoutHallmark} ${withoutHallmark === 1 ? 'item belongs' : 'items belong'} to no hallmark; they are counted under their stage.` });
  }
  blocks.push({ type: 'heading', text: 'By stage' });
  const standardStages = summary.stages.filter((group) => !group.id.startsWith(OTHER_STAGE_PREFIX));
  const otherStages = summary.stages.filter((group) => group.id.startsWith(OTHER_STAGE_PREFIX));
  for (const group of [...standardStages, ...otherStages.slice(0, OTHER_STAGES_SHOWN)]) blocks.push(groupRow(group, { stage: group.id }, since));
  if (otherStages.length > OTHER_STAGES_SHOWN) {
    const rest = otherStages.slice(OTHER_STAGES_SHOWN);
    blocks.push({ type: 'context', text: `Also: ${rest.map((group) => `${group.label} (${group.total})`).join(', ')}.` });
  }

  blocks.push({
    type: 'pagedList',
    title: `Not met or overdue for review (${summary.attention.length})`,
    items: summary.attention.map((entry) => ({ text: attentionLine(entry), button: openButton(entry.item) })),
    page: options.page,
    pageSize: ATTENTION_PAGE_SIZE,
    pagingValue: { ...options.pagingValue, list: HALLMARKS_LIST_ID },
    emptyText: 'Nothing is unmet or overdue for review.',
  });
  blocks.push(...awaitingBlocks(summary));
  blocks.push({ type: 'context', text: rich(`Type ${options.commandPrefix} hallmarks --me to see this card only yourself.`) });
  return { kind: 'message', blocks, fallbackText: `Hallmarks of effective partnership: ${overall.met} of ${overall.applicable} items met, ${summary.attention.length} not met or overdue for review.` };
}

function attentionLine(entry: AttentionItem): Inline[] {
  const details = [describeCondition(entry.condition)];
  if (entry.overdue && entry.reviewDate) details.push(`review was due ${formatDay(entry.reviewDate)}`);
  details.push(`owner: ${entry.item.ownerName ?? 'nobody yet'}`);
  return rich(bold(entry.item.key), ` ${truncatePlain(entry.item.text, 120)}`, lineBreak(), details.join(' · '));
}

// ---------------------------------------------------------------- one hallmark, stage, or the items to review

function describeFilter(filter: ChecklistFilter): string {
  if ('hallmark' in filter) return `Hallmark: ${hallmarkLabel(filter.hallmark)}`;
  if ('stage' in filter) return `Stage: ${HALLMARK_STAGES.find((stage) => stage.id === filter.stage)?.name ?? filter.stage}`;
  if ('awaiting' in filter) return 'Items awaiting other bodies';
  return 'Items whose imported status needs review';
}

export function filteredCard(
  filter: ChecklistFilter,
  items: readonly ChecklistItem[],
  current: ReadonlyMap<string, AssessmentState>,
  options: { readonly page: number; readonly today: Date; readonly stageName?: string },
): MessageView {
  const title = 'stage' in filter && options.stageName ? `Stage: ${options.stageName}` : describeFilter(filter);
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: title },
      {
        type: 'pagedList',
        items: items.map((item) => {
          const assessment = current.get(item.id);
          return { text: itemLine(item, assessment, { overdue: isOverdueForReview(assessment, options.today) }), button: openButton(item) };
        }),
        page: options.page,
        pageSize: FILTER_PAGE_SIZE,
        pagingValue: { list: HALLMARKS_FILTER_LIST_ID, filter: { ...filter } },
        emptyText: 'No items here.',
      },
    ],
  };
}

// ---------------------------------------------------------------- one item

export interface ItemCardOptions {
  readonly timeZone: string;
  readonly today: Date;
  /** Whether the person may update it; otherwise the card says who can. */
  readonly mayUpdate: boolean;
}

function evidenceLinks(links: readonly string[]): Inline[] {
  return links.flatMap((url, index) => [...(index > 0 ? [lineBreak()] : []), link(url, truncatePlain(url, 80))]);
}

function historyLine(assessment: AssessmentState, timeZone: string): string {
  const by = assessment.assessedByName ? ` by ${assessment.assessedByName}` : '';
  const how = assessment.source === 'IMPORT' ? ' (imported)' : '';
  return `${formatInstantDay(assessment.assessedAt, timeZone)}: ${describeState(assessment)}${by}${how}`;
}

export function itemCard(item: ChecklistItem, history: readonly AssessmentState[], options: ItemCardOptions): MessageView {
  const current = history[0];
  const overdue = isOverdueForReview(current, options.today);
  const facts = [
    { label: 'Status', value: describeState(current) },
    { label: 'Owner', value: item.ownerName ?? 'Nobody yet' },
    { label: 'Agreed action', value: current?.agreedAction ?? '—' },
    { label: 'Evidence', value: current?.evidence ?? '—' },
    ...(current && current.evidenceLinks.length > 0 ? [{ label: 'Links', value: evidenceLinks(current.evidenceLinks) }] : []),
    {
      label: 'Review date',
      value: current?.reviewDate ? `${formatDay(current.reviewDate)}${overdue ? ' (overdue)' : ''}` : 'None set',
    },
  ];
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Hallmark item ${item.key}` },
    { type: 'text', text: item.text },
    { type: 'context', text: placeLine(item) },
    { type: 'facts', facts },
  ];
  if (current?.needsReview && current.rawStatus) {
    blocks.push({ type: 'context', text: `Imported as "${current.rawStatus}", which could not be read as a status: please review it.` });
  }
  if (history.length > 0) {
    blocks.push({ type: 'text', text: rich(bold('History')) }, { type: 'list', items: history.map((entry) => ({ text: historyLine(entry, options.timeZone) })) });
  } else {
    blocks.push({ type: 'context', text: 'Not assessed yet.' });
  }
  if (options.mayUpdate) {
    blocks.push({ type: 'actions', controls: [{ type: 'button', actionId: ACTION_IDS.editHallmarkItem, label: 'Update', style: 'primary', value: { itemId: item.id } }] });
  } else {
    blocks.push({ type: 'context', text: `Only its owner (${item.ownerName ?? 'nobody yet'}), the board's chair or the secretariat can update this item.` });
  }
  return { kind: 'message', blocks };
}

// ---------------------------------------------------------------- the update form

export const FORM_FIELDS = {
  status: 'status',
  externalBody: 'externalBody',
  notApplicableReason: 'notApplicableReason',
  agreedAction: 'agreedAction',
  owner: 'owner',
  evidence: 'evidence',
  evidenceLinks: 'evidenceLinks',
  reviewDate: 'reviewDate',
} as const;

export const NO_OWNER = 'none';

export interface FormOptions {
  /** People to choose the owner from; absent when the partnership has too many for one list. */
  readonly people?: readonly { readonly id: string; readonly name: string }[];
  /** Values to show instead of the current ones (the form sent back with errors). */
  readonly values?: Readonly<Record<string, string>>;
}

export function itemForm(item: ChecklistItem, current: AssessmentState | undefined, options: FormOptions = {}): FormView {
  const values = options.values;
  const initial = (field: string, fallback: string | null | undefined): string | undefined => {
    const value = values ? values[field] : (fallback ?? undefined);
    return value === undefined || value === '' ? undefined : value;
  };
  const owner = initial(FORM_FIELDS.owner, item.ownerId ?? NO_OWNER);
  const reviewDate = initial(FORM_FIELDS.reviewDate, current?.reviewDate ? isoDay(current.reviewDate) : undefined);
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitHallmarkItem,
    title: 'Hallmark item',
    submitLabel: 'Save',
    metadata: { itemId: item.id },
    intro: [
      { type: 'text', text: rich(bold(item.key), ` ${truncatePlain(item.text, 600)}`) },
      { type: 'context', text: `Now: ${describeState(current)}` },
    ],
    fields: [
      {
        type: 'select',
        id: FORM_FIELDS.status,
        label: 'Status',
        required: true,
        options: HALLMARK_STATUSES.map((status) => ({ label: HALLMARK_STATUS_LABELS[status], value: status })),
        ...withValue('initialValue', initial(FORM_FIELDS.status, current?.status)),
      },
      {
        type: 'textInput',
        id: FORM_FIELDS.externalBody,
        label: 'Which body you are waiting for',
        hint: 'Needed when the status is "Awaiting an external body", for example County group.',
        maxLength: 200,
        ...withValue('initialValue', initial(FORM_FIELDS.externalBody, current?.externalBody)),
      },
      {
        type: 'textInput',
        id: FORM_FIELDS.notApplicableReason,
        label: 'Why it does not apply',
        hint: 'Needed when the status is "Not applicable".',
        maxLength: 1000,
        ...withValue('initialValue', initial(FORM_FIELDS.notApplicableReason, current?.notApplicableReason)),
      },
      {
        type: 'textInput',
        id: FORM_FIELDS.agreedAction,
        label: 'Agreed action',
        multiline: true,
        maxLength: 2000,
        ...withValue('initialValue', initial(FORM_FIELDS.agreedAction, current?.agreedAction)),
      },
      ...(options.people
        ? [
            {
              type: 'select' as const,
              id: FORM_FIELDS.owner,
              label: 'Owner',
              options: [{ label: 'Nobody yet', value: NO_OWNER }, ...options.people.map((person) => ({ label: person.name, value: person.id }))],
              ...withValue('initialValue', owner),
            },
          ]
        : []),
      {
        type: 'textInput',
        id: FORM_FIELDS.evidence,
        label: 'Evidence',
        multiline: true,
        maxLength: 2000,
        ...withValue('initialValue', initial(FORM_FIELDS.evidence, current?.evidence)),
      },
      {
        type: 'textInput',
        id: FORM_FIELDS.evidenceLinks,
        label: 'Evidence links',
        hint: 'One web address per line, each starting with https:// or http://.',
        multiline: true,
        maxLength: 2000,
        ...withValue('initialValue', initial(FORM_FIELDS.evidenceLinks, current?.evidenceLinks.join('\n'))),
      },
      {
        type: 'datePicker',
        id: FORM_FIELDS.reviewDate,
        label: 'Review date',
        hint: 'When it should next be looked at: today or later.',
        ...withValue('initialDate', reviewDate),
      },
    ],
  };
}

function withValue<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

// ---------------------------------------------------------------- the weekly reminder section

export interface ReviewReminderOptions {
  /** At most this many items get their own line and button; the rest are counted. */
  readonly limit?: number;
}

/**
 * "Hallmark items to review": one person's items past their review date, for the weekly reminder that also
 * lists their actions. Each line has a button that opens the item. No blocks when there is nothing due.
 */
export function hallmarkReviewSection(items: readonly DueForReviewLine[], options: ReviewReminderOptions = {}): ViewBlock[] {
  if (items.length === 0) return [];
  const limit = options.limit ?? 5;
  const shown = items.slice(0, limit);
  const blocks: ViewBlock[] = [
    { type: 'text', text: rich(bold('Hallmark items to review')) },
    {
      type: 'list',
      items: shown.map((entry) => ({
        text: rich(
          bold(entry.key),
          ` ${truncatePlain(entry.text, 140)}`,
          lineBreak(),
          `${stageOf(entry.stage).name} · ${describeState(entry.assessment)} · review was due ${formatDay(entry.reviewDate)}`,
        ),
        button: { type: 'button', actionId: ACTION_IDS.openHallmarkItem, label: 'Review', value: { itemId: entry.itemId } },
      })),
    },
  ];
  if (items.length > shown.length) {
    blocks.push({ type: 'context', text: `And ${items.length - shown.length} more hallmark items past their review date.` });
  }
  return blocks;
}

export interface DueForReviewLine {
  readonly itemId: string;
  readonly key: string;
  readonly text: string;
  readonly stage: string;
  readonly reviewDate: Date;
  readonly assessment: AssessmentState;
}
