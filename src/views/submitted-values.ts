import { z } from 'zod';
import { decodeActionValue } from './action-value.ts';
import type { ActionValue, JsonValue } from './model.ts';

/** What any button press or form submit means, whichever platform it came from. */
export interface SubmittedAction {
  /** Slack action_id / modal callback_id, Teams verb: compare with ACTION_IDS (see isActionId). */
  readonly actionId: string;
  /** The button's value or the form's metadata; undefined when the control carried none. */
  readonly value: ActionValue | undefined;
  /** Input values by field id; empty inputs are "" and unselected selects/dates are left out. */
  readonly fields: Readonly<Record<string, string>>;
}

const slackStateValue = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_date: z.string().nullish(),
  })
  .loose();

const slackState = z.object({ values: z.record(z.string(), z.record(z.string(), slackStateValue)) }).loose();

const slackBlockActions = z
  .object({
    type: z.literal('block_actions'),
    actions: z
      .array(
        z
          .object({
            action_id: z.string(),
            value: z.string().optional(),
            selected_option: z.object({ value: z.string() }).nullish(),
            selected_date: z.string().nullish(),
          })
          .loose(),
      )
      .min(1),
    state: slackState.optional(),
  })
  .loose();

const slackViewSubmission = z
  .object({
    type: z.literal('view_submission'),
    view: z
      .object({
        callback_id: z.string().min(1),
        private_metadata: z.string().optional(),
        state: slackState,
      })
      .loose(),
  })
  .loose();

const slackInteraction = z.discriminatedUnion('type', [slackBlockActions, slackViewSubmission]);

function slackFields(state: z.infer<typeof slackState> | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const block of Object.values(state?.values ?? {})) {
    for (const [actionId, entry] of Object.entries(block)) {
      if (entry.selected_option !== undefined) {
        if (entry.selected_option !== null) fields[actionId] = entry.selected_option.value;
      } else if (entry.selected_date !== undefined) {
        if (entry.selected_date !== null) fields[actionId] = entry.selected_date;
      } else if (entry.value !== undefined) {
        fields[actionId] = entry.value ?? '';
      }
    }
  }
  return fields;
}

/**
 * Reads a Slack `block_actions` (first action) or `view_submission` payload, the JSON inside the `payload`
 * form field. Inputs are keyed by action_id, which our modals set equal to the field id. Null when the
 * payload is neither.
 */
export function parseSlackSubmission(payload: unknown): SubmittedAction | null {
  const parsed = slackInteraction.safeParse(payload);
  if (!parsed.success) return null;
  const body = parsed.data;
  if (body.type === 'view_submission') {
    const metadata = body.view.private_metadata;
    return {
      actionId: body.view.callback_id,
      value: metadata ? decodeActionValue(metadata) : undefined,
      fields: slackFields(body.view.state),
    };
  }
  const [action] = body.actions;
  if (!action) return null;
  const fields = slackFields(body.state);
  if (action.selected_option) fields[action.action_id] = action.selected_option.value;
  if (action.selected_date) fields[action.action_id] = action.selected_date;
  return {
    actionId: action.action_id,
    value: action.value !== undefined ? decodeActionValue(action.value) : undefined,
    fields,
  };
}

const jsonRecord = z.record(z.string(), z.unknown());

const teamsExecute = z
  .object({
    type: z.literal('invoke'),
    name: z.literal('adaptiveCard/action'),
    value: z
      .object({
        action: z
          .object({ type: z.literal('Action.Execute'), verb: z.string().min(1).optional(), data: jsonRecord.optional() })
          .loose(),
      })
      .loose(),
  })
  .loose();

const teamsSubmit = z
  .object({
    type: z.literal('message'),
    text: z.string().optional(),
    value: jsonRecord,
  })
  .loose();

const RESERVED = new Set(['verb', 'payload', 'msteams']);

function teamsAction(verb: unknown, data: Record<string, unknown>): SubmittedAction | null {
  if (typeof verb !== 'string' || verb.length === 0) return null;
  const fields: Record<string, string> = {};
  for (const [key, entry] of Object.entries(data)) {
    if (RESERVED.has(key)) continue;
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') fields[key] = String(entry);
  }
  return { actionId: verb, value: data.payload as JsonValue | undefined, fields };
}

/**
 * Reads a Teams card action: an `adaptiveCard/action` invoke (Action.Execute: verb and data in
 * `value.action`) or a message whose `value` is Action.Submit data (verb in `value.verb`, no text).
 * Input values arrive merged into the data. Null for anything else, including actions without a verb.
 */
export function parseTeamsSubmission(activity: unknown): SubmittedAction | null {
  const execute = teamsExecute.safeParse(activity);
  if (execute.success) {
    const { verb, data } = execute.data.value.action;
    return teamsAction(verb, data ?? {});
  }
  const submit = teamsSubmit.safeParse(activity);
  if (submit.success && !submit.data.text?.trim()) {
    return teamsAction(submit.data.value.verb, submit.data.value);
  }
  return null;
}
