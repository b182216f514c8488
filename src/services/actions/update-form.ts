// The progress update form (a Slack modal, a Teams card) and the reading of what comes back from it.
import { z } from 'zod';
import { ACTION_STATUSES, UPDATE_TEXT_LIMITS, isActionStatus, type ActionUpdateDraft } from '../../domain/action-updates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, DisplayBlock, FormField, FormView } from '../../views/model.ts';
import { asJsonObject, bold, rich } from '../../views/model.ts';
import type { FormFieldValues } from '../chat-core.ts';
import { STATUS_LABELS, formatDay, formatInstantDay, isoDay } from './action-format.ts';

const UPDATE_FIELD = {
  status: 'status',
  progress: 'progress',
  done: 'done',
  nextSteps: 'nextSteps',
  blockers: 'blockers',
  dueDate: 'dueDate',
  dueDateReason: 'dueDateReason',
  cancelReason: 'cancelReason',
  confirmComplete: 'confirmComplete',
} as const;

const CONFIRM_COMPLETE_VALUE = 'yes';

export interface UpdateFormAction {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly status: string;
  readonly progress: number;
  readonly dueDate: Date | null;
  readonly lastUpdateAt: Date | null;
}

/** What the form carries back on submit: which action, and the last update the person saw. */
export interface UpdateFormMetadata {
  readonly actionId: string;
  /** ISO instant of the action's lastUpdateAt when the form was built; null when it had none. */
  readonly seen: string | null;
}

const metadataSchema = z.object({ actionId: z.uuid(), seen: z.iso.datetime().nullable() });

export function readUpdateFormMetadata(value: ActionValue | undefined): UpdateFormMetadata | null {
  const parsed = metadataSchema.safeParse(asJsonObject(value));
  return parsed.success ? parsed.data : null;
}

export interface UpdateFormOptions {
  readonly timeZone: string;
  /** The values typed so far, when the form comes back with errors. */
  readonly values?: FormFieldValues;
  /** Adds the "yes, it is complete" confirmation (status complete with progress under 100%). */
  readonly askToConfirmComplete?: boolean;
}

function typedNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function validProgress(text: string | undefined): number | undefined {
  const value = typedNumber(text);
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 100 ? value : undefined;
}

function validDate(text: string | undefined): string | undefined {
  return text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
}

function initialText(values: FormFieldValues | undefined, id: string): { initialValue?: string } {
  const value = values?.[id];
  return value ? { initialValue: value } : {};
}

/** The form for an update on `action`, filled with its current state (or with `values`). */
export function buildUpdateForm(action: UpdateFormAction, options: UpdateFormOptions): FormView {
  const values = options.values;
  const status = values?.[UPDATE_FIELD.status] && isActionStatus(values[UPDATE_FIELD.status] ?? '') ? values[UPDATE_FIELD.status] : action.status;
  const progress = values ? typedNumber(values[UPDATE_FIELD.progress]) : action.progress;
  const dueDate = values ? validDate(values[UPDATE_FIELD.dueDate]) : action.dueDate ? isoDay(action.dueDate) : undefined;
  const now = [
    `Now: ${STATUS_LABELS[action.status as keyof typeof STATUS_LABELS] ?? action.status}, ${action.progress}%`,
    action.dueDate ? `due ${formatDay(action.dueDate)}` : 'no due date',
    action.lastUpdateAt ? `last update ${formatInstantDay(action.lastUpdateAt, options.timeZone)}` : 'no updates yet',
  ].join(' · ');
  const intro: DisplayBlock[] = [
    { type: 'text', text: rich(bold(action.ref), ` ${action.title}`) },
    { type: 'context', text: now },
  ];

  const fields: FormField[] = [
    {
      type: 'select',
      id: UPDATE_FIELD.status,
      label: 'Status',
      required: true,
      options: ACTION_STATUSES.map((value) => ({ label: STATUS_LABELS[value], value })),
      ...(status ? { initialValue: status } : {}),
    },
    {
      type: 'numberInput',
      id: UPDATE_FIELD.progress,
      label: 'Progress (%)',
      hint: 'A whole number from 0 to 100.',
      required: true,
      requiredMessage: 'Enter the progress, from 0 to 100',
      ...(progress !== undefined ? { initialValue: progress } : {}),
    },
    {
      type: 'textInput',
      id: UPDATE_FIELD.done,
      label: 'What was done since the last update?',
      multiline: true,
      maxLength: UPDATE_TEXT_LIMITS.done,
      ...initialText(values, UPDATE_FIELD.done),
    },
    {
      type: 'textInput',
      id: UPDATE_FIELD.nextSteps,
      label: 'Next steps',
      multiline: true,
      maxLength: UPDATE_TEXT_LIMITS.nextSteps,
      ...initialText(values, UPDATE_FIELD.nextSteps),
    },
    {
      type: 'textInput',
      id: UPDATE_FIELD.blockers,
      label: 'Blockers or help needed',
      multiline: true,
      maxLength: UPDATE_TEXT_LIMITS.blockers,
      ...initialText(values, UPDATE_FIELD.blockers),
    },
    {
      type: 'datePicker',
      id: UPDATE_FIELD.dueDate,
      label: 'Due date',
      hint: 'Change it only if the date moves, and say why below.',
      ...(dueDate ? { initialDate: dueDate } : {}),
    },
    {
      type: 'textInput',
      id: UPDATE_FIELD.dueDateReason,
      label: 'If the due date moves: why?',
      maxLength: UPDATE_TEXT_LIMITS.dueDateReason,
      ...initialText(values, UPDATE_FIELD.dueDateReason),
    },
    {
      type: 'textInput',
      id: UPDATE_FIELD.cancelReason,
      label: 'If cancelled: why?',
      maxLength: UPDATE_TEXT_LIMITS.cancelReason,
      ...initialText(values, UPDATE_FIELD.cancelReason),
    },
  ];
  if (options.askToConfirmComplete) {
    fields.splice(2, 0, {
      type: 'select',
      id: UPDATE_FIELD.confirmComplete,
      label: 'Complete with progress under 100%?',
      options: [{ label: 'Yes, it is complete: record 100%', value: CONFIRM_COMPLETE_VALUE }],
      ...(values?.[UPDATE_FIELD.confirmComplete] === CONFIRM_COMPLETE_VALUE ? { initialValue: CONFIRM_COMPLETE_VALUE } : {}),
    });
  }

  const metadata: UpdateFormMetadata = { actionId: action.id, seen: action.lastUpdateAt ? action.lastUpdateAt.toISOString() : null };
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitUpdateForm,
    title: `Update ${action.ref}`,
    submitLabel: 'Save update',
    metadata: { ...metadata },
    intro,
    fields,
  };
}

/** Whether the submitted values are "complete" with a valid progress under 100%. */
export function isCompleteBelow100(values: FormFieldValues): boolean {
  const progress = validProgress(values[UPDATE_FIELD.progress]);
  return values[UPDATE_FIELD.status] === 'COMPLETE' && progress !== undefined && progress < 100;
}

const fieldsSchema = z.record(z.string(), z.string());

function textOrNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The draft the person submitted. Values out of range are left for checkActionUpdate to report. */
export function readUpdateSubmission(fields: FormFieldValues): ActionUpdateDraft {
  const values = fieldsSchema.parse(fields);
  const status = values[UPDATE_FIELD.status] ?? '';
  if (!isActionStatus(status)) throw new ValidationError('Choose a status.', { fieldErrors: { [UPDATE_FIELD.status]: 'Choose a status.' } });
  const progressText = values[UPDATE_FIELD.progress]?.trim() ?? '';
  return {
    status,
    progress: progressText === '' ? Number.NaN : Number(progressText),
    done: textOrNull(values[UPDATE_FIELD.done]),
    nextSteps: textOrNull(values[UPDATE_FIELD.nextSteps]),
    blockers: textOrNull(values[UPDATE_FIELD.blockers]),
    cancelReason: textOrNull(values[UPDATE_FIELD.cancelReason]),
    dueDate: textOrNull(values[UPDATE_FIELD.dueDate]),
    dueDateReason: textOrNull(values[UPDATE_FIELD.dueDateReason]),
    confirmComplete: values[UPDATE_FIELD.confirmComplete] === CONFIRM_COMPLETE_VALUE,
  };
}
