// The action lists, one action with its history, and the short notice a group's channel gets.
import type { ActionDetail, ActionSummary, ActionUpdateEntry } from '../../db/action-store.ts';
import type { ChannelNoticeReason } from '../../domain/action-updates.ts';
import { effectiveCadence, firstUpdateDueOn } from '../../domain/update-reminders.ts';
import type { Inline, JsonObject, LabelledValue, ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { truncatePlain } from '../../views/rich-text.ts';
import { progressBar } from '../../views/text-graphics.ts';
import {
  CADENCE_LABELS,
  actionLine,
  formatDay,
  formatInstant,
  formatInstantDay,
  formatIsoDay,
  isoDay,
  openActionButton,
  postUpdateButton,
  statusLabel,
} from './action-format.ts';

const ACTIONS_PAGE_SIZE = 10;
export const HISTORY_LIMIT = 10;
const NOTE_LENGTH = 600;

export interface ActionListOptions {
  readonly title: string;
  readonly page: number;
  readonly pagingValue: JsonObject;
  readonly today: Date;
  readonly timeZone: string;
  readonly emptyText: string;
  readonly showOwner: boolean;
  readonly withUpdateButtons: boolean;
  readonly footer?: string;
}

export function actionListMessage(actions: readonly ActionSummary[], options: ActionListOptions): MessageView {
  const items: ListItem[] = actions.map((action) => ({
    text: actionLine(action, { today: options.today, timeZone: options.timeZone, showOwner: options.showOwner }),
    ...(options.withUpdateButtons ? { button: postUpdateButton(action) } : {}),
  }));
  const blocks: ViewBlock[] = [
    { type: 'heading', text: options.title },
    {
      type: 'pagedList',
      items,
      page: options.page,
      pageSize: ACTIONS_PAGE_SIZE,
      pagingValue: options.pagingValue,
      emptyText: options.emptyText,
    },
  ];
  if (options.footer) blocks.push({ type: 'context', text: options.footer });
  return { kind: 'message', blocks, fallbackText: `${options.title}: ${actions.length} action${actions.length === 1 ? '' : 's'}` };
}

function updateLines(update: ActionUpdateEntry, timeZone: string): Inline[] {
  const head = [
    formatInstantDay(update.createdAt, timeZone),
    statusLabel(update.status),
    `${update.progress}%`,
    update.author ? `by ${update.author.name}` : update.source === 'IMPORT' ? 'imported' : 'by the system',
  ].join(' · ');
  const lines: Inline[] = [bold(head)];
  const add = (label: string, text: string | null) => {
    if (text) lines.push(lineBreak(), ...rich(`${label}: ${truncatePlain(text, NOTE_LENGTH)}`));
  };
  add('Done', update.done);
  add('Next steps', update.nextSteps);
  add('Blockers', update.blockers);
  add('Cancelled because', update.cancelReason);
  if (update.newDueDate) {
    const from = update.previousDueDate ? `from ${formatDay(update.previousDueDate)} ` : '';
    lines.push(lineBreak(), ...rich(`Due date moved ${from}to ${formatDay(update.newDueDate)}${update.dueDateReason ? `: ${truncatePlain(update.dueDateReason, NOTE_LENGTH)}` : ''}`));
  }
  if (update.correctsId) lines.push(lineBreak(), ...rich('Corrects an earlier update.'));
  return lines;
}

export interface ActionDetailOptions {
  readonly now: Date;
  readonly today: Date;
  readonly timeZone: string;
  readonly canUpdate: boolean;
  /** When the owner is away: "away until 4 Jan" and who is reminded instead. */
  readonly ownerAway?: { readonly away: string; readonly cover: string };
}

export function actionDetailMessage(
  action: ActionDetail,
  history: { readonly updates: readonly ActionUpdateEntry[]; readonly total: number },
  options: ActionDetailOptions,
): MessageView {
  const cadence = effectiveCadence(action.cadence, action.group?.defaultCadence);
  const open = action.status !== 'COMPLETE' && action.status !== 'CANCELLED';
  const overdue = open && action.dueDate !== null && action.dueDate.getTime() < options.today.getTime();
  const facts: LabelledValue[] = [
    { label: 'Status', value: statusLabel(action.status) },
    { label: 'Progress', value: progressBar(action.progress, 100) },
    { label: 'Due date', value: action.dueDate ? `${formatDay(action.dueDate)}${overdue ? ' (overdue)' : ''}` : 'none' },
    { label: 'Owner', value: action.owner ? `${action.owner.name}${options.ownerAway ? ` (${options.ownerAway.away})` : ''}` : 'none yet' },
    ...(options.ownerAway ? [{ label: 'Reminders go to', value: options.ownerAway.cover }] : []),
    { label: 'Lead organisation', value: action.leadOrganisation?.name ?? action.owner?.organisation?.name ?? 'none' },
    { label: 'Group', value: action.group?.name ?? 'none' },
    { label: 'Priority', value: action.priority?.title ?? 'none' },
    { label: 'Updates', value: `${CADENCE_LABELS[cadence]}${action.cadence === null ? ' (the group\'s default)' : ''}` },
    {
      label: 'Last update',
      value: action.lastUpdateAt ? formatInstantDay(action.lastUpdateAt, options.timeZone) : 'none yet',
    },
  ];
  if (open) {
    const nextDue = firstUpdateDueOn({ lastUpdateAt: action.lastUpdateAt, createdAt: action.createdAt, cadence }, options.timeZone);
    const late = nextDue < isoDay(options.today);
    facts.push({ label: late ? 'Update overdue since' : 'Next update due', value: formatIsoDay(nextDue) });
    if (action.reminderSnoozedUntil && action.reminderSnoozedUntil.getTime() > options.now.getTime()) {
      facts.push({ label: 'Reminders snoozed until', value: formatInstant(action.reminderSnoozedUntil, options.timeZone) });
    }
  }
  const blocks: ViewBlock[] = [{ type: 'heading', text: `${action.ref} ${action.title}` }, { type: 'facts', facts }];
  if (action.description) blocks.push({ type: 'text', text: truncatePlain(action.description, NOTE_LENGTH) });
  if (action.notes) blocks.push({ type: 'context', text: `Notes: ${truncatePlain(action.notes, NOTE_LENGTH)}` });
  blocks.push({ type: 'divider' }, { type: 'heading', text: 'Update history' });
  if (history.total === 0) {
    blocks.push({ type: 'context', text: 'No updates yet.' });
  } else {
    blocks.push({ type: 'list', items: history.updates.map((update) => ({ text: updateLines(update, options.timeZone) })) });
    if (history.total > history.updates.length) {
      blocks.push({ type: 'context', text: `Showing the latest ${history.updates.length} of ${history.total} updates.` });
    }
  }
  if (options.canUpdate && open) blocks.push({ type: 'actions', controls: [postUpdateButton(action)] });
  return { kind: 'message', blocks, fallbackText: `${action.ref} ${action.title}: ${statusLabel(action.status)}, ${action.progress}%` };
}

export interface NoticeUpdate {
  readonly status: string;
  readonly progress: number;
  readonly blockers: string | null;
  readonly dueDateChange: { readonly from: string | null; readonly to: string; readonly reason: string | null } | null;
}

/** The short note a group's channel gets when an action turns at risk, off track or complete, or moves. */
export function channelNoticeMessage(
  action: { readonly id: string; readonly ref: string; readonly title: string },
  reasons: readonly ChannelNoticeReason[],
  update: NoticeUpdate,
  authorName: string,
): MessageView {
  const blocks: ViewBlock[] = [];
  const subject = [bold(action.ref), ` ${truncatePlain(action.title, 150)}`];
  const statusReason = reasons.find((reason) => reason !== 'DUE_DATE_MOVED');
  if (statusReason === 'COMPLETE') blocks.push({ type: 'text', text: rich('✅ ', ...subject, ' is ', bold('complete'), '.') });
  else if (statusReason) {
    const marker = statusReason === 'AT_RISK' ? '⚠️ ' : '🔴 ';
    blocks.push({ type: 'text', text: rich(marker, ...subject, ' is now ', bold(statusLabel(statusReason).toLowerCase()), ` (${update.progress}% done).`) });
    if (update.blockers) blocks.push({ type: 'context', text: `Blockers or help needed: ${truncatePlain(update.blockers, 300)}` });
  }
  if (reasons.includes('DUE_DATE_MOVED') && update.dueDateChange) {
    const change = update.dueDateChange;
    const from = change.from ? ` from ${formatIsoDay(change.from)}` : '';
    const lead = statusReason ? rich('📅 Its due date moved') : rich('📅 ', ...subject, ': the due date moved');
    blocks.push({
      type: 'text',
      text: [...lead, ...rich(`${from} to `, bold(formatIsoDay(change.to)), change.reason ? `: ${truncatePlain(change.reason, 300)}` : '.')],
    });
  }
  blocks.push(
    { type: 'context', text: `Update posted by ${authorName}.` },
    { type: 'actions', controls: [openActionButton(action), postUpdateButton(action, 'Post update')] },
  );
  const summary = statusReason ? `${action.ref} is now ${statusLabel(statusReason).toLowerCase()}` : `${action.ref}: due date moved`;
  return { kind: 'message', blocks, fallbackText: summary };
}
