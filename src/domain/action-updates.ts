// What makes a progress update on an action valid, who may post one, and which changes the group's
// channel is told about. Pure: callers pass the action as it stands and today's date in the partnership.
import { compareDates, parseIsoDate } from './calendar.ts';
import { ValidationError } from './errors.ts';

export type ActionStatus = 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'CANCELLED';

export const ACTION_STATUSES: readonly ActionStatus[] = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETE', 'CANCELLED'];

/** Statuses of an action still to be done: reminded, escalated, listed as "open". */
const OPEN_ACTION_STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK'] as const satisfies readonly ActionStatus[];

export function isOpenStatus(status: ActionStatus): boolean {
  return (OPEN_ACTION_STATUSES as readonly ActionStatus[]).includes(status);
}

export function isActionStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value);
}

/** Longest text (in characters) each part of an update may hold. */
export const UPDATE_TEXT_LIMITS = {
  done: 2000,
  nextSteps: 2000,
  blockers: 2000,
  cancelReason: 500,
  dueDateReason: 500,
} as const;

type UpdateTextField = keyof typeof UPDATE_TEXT_LIMITS;

/** An update as the person entered it; dates are 'YYYY-MM-DD' in the partnership's calendar. */
export interface ActionUpdateDraft {
  readonly status: ActionStatus;
  readonly progress: number;
  readonly done: string | null;
  readonly nextSteps: string | null;
  readonly blockers: string | null;
  readonly cancelReason: string | null;
  /** The due date the form ends with: the current one unless the person moved it. */
  readonly dueDate: string | null;
  readonly dueDateReason: string | null;
  /** The person confirmed "complete" although progress was under 100%: progress is recorded as 100. */
  readonly confirmComplete: boolean;
}

export interface ActionState {
  readonly status: ActionStatus;
  readonly progress: number;
  readonly dueDate: string | null;
}

export interface CheckedActionUpdate {
  readonly status: ActionStatus;
  readonly progress: number;
  readonly done: string | null;
  readonly nextSteps: string | null;
  readonly blockers: string | null;
  readonly cancelReason: string | null;
  /** Set only when the due date moves (or is set for the first time). */
  readonly dueDateChange: { readonly from: string | null; readonly to: string; readonly reason: string | null } | null;
}

/** `details.reason` of the ValidationError for "complete" with progress under 100%, so a form can ask to confirm. */
export const CONFIRM_COMPLETE_REASON = 'complete-below-100';

export const UPDATE_MESSAGES = {
  progress: 'Enter a whole number from 0 to 100.',
  cancelReason: 'Say why the action is cancelled.',
  dueDatePast: 'The new due date is in the past: choose today or a later date.',
  dueDateReason: 'Say why the due date moves.',
  dueDateCleared: 'An action keeps its due date. To move it, pick the new date.',
  dueDateInvalid: 'Pick a date.',
  tooLong: (limit: number, length: number) => `Keep this to ${limit} characters (it is ${length}).`,
  completeBelow100: (progress: number) =>
    `You marked the action complete but progress is ${progress}%. Set progress to 100, or confirm below that it is complete (progress is then recorded as 100%).`,
} as const;

function isValidDate(text: string): boolean {
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a draft against the action as it is. Field problems come back together as one ValidationError
 * keyed by field name; "complete" below 100% without confirmation is a form-level ValidationError whose
 * details carry CONFIRM_COMPLETE_REASON, raised only once the fields are right.
 */
export function checkActionUpdate(draft: ActionUpdateDraft, current: ActionState, today: string): CheckedActionUpdate {
  const errors: Record<string, string> = {};
  if (!Number.isInteger(draft.progress) || draft.progress < 0 || draft.progress > 100) errors.progress = UPDATE_MESSAGES.progress;

  for (const field of Object.keys(UPDATE_TEXT_LIMITS) as UpdateTextField[]) {
    const value = draft[field];
    const limit = UPDATE_TEXT_LIMITS[field];
    if (value !== null && value.length > limit) errors[field] = UPDATE_MESSAGES.tooLong(limit, value.length);
  }
  if (draft.status === 'CANCELLED' && !draft.cancelReason) errors.cancelReason ??= UPDATE_MESSAGES.cancelReason;

  let dueDateChange: CheckedActionUpdate['dueDateChange'] = null;
  if (draft.dueDate === null) {
    if (current.dueDate !== null) errors.dueDate = UPDATE_MESSAGES.dueDateCleared;
  } else if (!isValidDate(draft.dueDate)) {
    errors.dueDate = UPDATE_MESSAGES.dueDateInvalid;
  } else if (draft.dueDate !== current.dueDate) {
    if (compareDates(parseIsoDate(draft.dueDate), parseIsoDate(today)) < 0) errors.dueDate = UPDATE_MESSAGES.dueDatePast;
    if (current.dueDate !== null && !draft.dueDateReason) errors.dueDateReason ??= UPDATE_MESSAGES.dueDateReason;
    dueDateChange = { from: current.dueDate, to: draft.dueDate, reason: draft.dueDateReason };
  }

  if (Object.keys(errors).length > 0) {
    throw new ValidationError('Some parts of the update need fixing.', { fieldErrors: errors });
  }

  let progress = draft.progress;
  if (draft.status === 'COMPLETE' && progress < 100) {
    if (!draft.confirmComplete) {
      throw new ValidationError(UPDATE_MESSAGES.completeBelow100(progress), { details: { reason: CONFIRM_COMPLETE_REASON, progress } });
    }
    progress = 100;
  }

  return {
    status: draft.status,
    progress,
    done: draft.done,
    nextSteps: draft.nextSteps,
    blockers: draft.blockers,
    cancelReason: draft.status === 'CANCELLED' ? draft.cancelReason : null,
    dueDateChange,
  };
}

export type ChannelNoticeReason = 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'DUE_DATE_MOVED';

/** What the group's channel hears about: becoming at risk, off track or complete, and a due date that moves. */
export function channelNoticeReasons(before: ActionState, after: ActionState): ChannelNoticeReason[] {
  const reasons: ChannelNoticeReason[] = [];
  if (after.status !== before.status && (after.status === 'AT_RISK' || after.status === 'OFF_TRACK' || after.status === 'COMPLETE')) {
    reasons.push(after.status);
  }
  if (before.dueDate !== null && after.dueDate !== before.dueDate) reasons.push('DUE_DATE_MOVED');
  return reasons;
}

export type UpdaterRole = 'OWNER' | 'DEPUTY' | 'CHAIR' | 'SECRETARIAT';

export interface UpdaterMembership {
  readonly role: string;
  readonly organisationId: string | null;
  readonly groupId: string;
}

export interface ActionResponsibility {
  readonly ownerId: string | null;
  /** The owner's organisation; for an action without an owner, its lead organisation. */
  readonly ownerOrganisationId: string | null;
  readonly groupId: string | null;
}

/**
 * Who may post an update: the owner; a nominated deputy of the owner's organisation (a DEPUTY
 * membership standing for it); the chair of the action's group; the secretariat. Memberships must be
 * the person's active ones in the action's partnership. Null when none of these applies.
 */
export function updaterRole(personId: string, memberships: readonly UpdaterMembership[], action: ActionResponsibility): UpdaterRole | null {
  if (action.ownerId !== null && action.ownerId === personId) return 'OWNER';
  if (action.ownerOrganisationId !== null && memberships.some((m) => m.role === 'DEPUTY' && m.organisationId === action.ownerOrganisationId)) {
    return 'DEPUTY';
  }
  if (action.groupId !== null && memberships.some((m) => m.role === 'CHAIR' && m.groupId === action.groupId)) return 'CHAIR';
  if (memberships.some((m) => m.role === 'SECRETARIAT')) return 'SECRETARIAT';
  return null;
}
