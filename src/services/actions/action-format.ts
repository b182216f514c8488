// Wording shared by every action view: status names, dates, and the one-line summary of an action.
import type { ActionStatus } from '../../domain/action-updates.ts';
import type { UpdateCadence } from '../../domain/schedule.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, Inline } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { progressBar } from '../../views/text-graphics.ts';

export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  NOT_STARTED: 'Not started',
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
  COMPLETE: 'Complete',
  CANCELLED: 'Cancelled',
};

export const CADENCE_LABELS: Readonly<Record<UpdateCadence, string>> = {
  WEEKLY: 'weekly',
  FORTNIGHTLY: 'fortnightly',
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as ActionStatus] ?? status;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are slow to build and a reminder run formats thousands of dates: one per style and zone. */
function formatter(style: 'day' | 'dayTime', timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      style === 'day'
        ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone })
        : new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** A @db.Date value (UTC midnight) as "31 Mar 2011". */
export function formatDay(date: Date): string {
  return formatter('day', 'UTC').format(date);
}

/** 'YYYY-MM-DD' as "31 Mar 2011". */
export function formatIsoDay(day: string): string {
  return formatDay(new Date(`${day}T00:00:00.000Z`));
}

/** An instant's calendar day in the partnership's zone, as "12 Nov 2026". */
export function formatInstantDay(instant: Date, timeZone: string): string {
  return formatter('day', timeZone).format(instant);
}

/** "Wed 25 Nov, 08:00" in the partnership's zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  return formatter('dayTime', timeZone).format(instant);
}

/** 'YYYY-MM-DD' of a @db.Date value. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface ActionLine {
  readonly ref: string;
  readonly title: string;
  readonly status: string;
  readonly progress: number;
  readonly dueDate: Date | null;
  readonly lastUpdateAt: Date | null;
  readonly priority?: { readonly title: string } | null;
  readonly owner?: { readonly name: string } | null;
}

export interface ActionLineOptions {
  /** Today at UTC midnight, to mark overdue due dates. */
  readonly today: Date;
  readonly timeZone: string;
  readonly showOwner?: boolean;
}

/** "AC-02 Criminal damage" then "On track · ██████░░░░ 60% · Due 31 Mar 2011 · Last update 12 Nov 2026". */
export function actionLine(action: ActionLine, options: ActionLineOptions): Inline[] {
  const overdue = action.dueDate !== null && action.dueDate.getTime() < options.today.getTime() && isOpen(action.status);
  const due = action.dueDate ? `Due ${formatDay(action.dueDate)}${overdue ? ' (overdue)' : ''}` : 'No due date';
  const last = action.lastUpdateAt ? `Last update ${formatInstantDay(action.lastUpdateAt, options.timeZone)}` : 'No updates yet';
  const parts = [statusLabel(action.status), progressBar(action.progress, 100, { width: 5 }), due, last];
  const details: string[] = [];
  if (action.priority) details.push(`Priority: ${action.priority.title}`);
  if (options.showOwner) details.push(`Owner: ${action.owner?.name ?? 'none yet'}`);
  return rich(bold(action.ref), ` ${action.title}`, lineBreak(), parts.join(' · '), ...(details.length > 0 ? [lineBreak(), details.join(' · ')] : []));
}

function isOpen(status: string): boolean {
  return status !== 'COMPLETE' && status !== 'CANCELLED';
}

/**
 * The "Post update" button for any action, wherever it is shown (lists, reminders, digests). Its value
 * names the action by id; the handler also accepts `{ ref }`.
 */
export function postUpdateButton(action: { readonly id: string }, label = 'Post update'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.openUpdateForm, label, value: { actionId: action.id }, style: 'primary' };
}

/** The "Open" button for an action wherever it is named: its details and update history, with Post update when allowed. */
export function openActionButton(action: { readonly id: string }, label = 'Open'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.openAction, label, value: { actionId: action.id } };
}
