import { z } from 'zod';
import type { ActionValue, JsonValue } from './model.ts';

/** What a Teams card action means (the Slack adapter reads Slack's payloads in src/slack/slack-payloads.ts). */
export interface SubmittedAction {
  /** The Teams verb (a Slack action_id or modal callback_id on the other platform): compare with ACTION_IDS (see isActionId). */
  readonly actionId: string;
  /** The button's value or the form's metadata; undefined when the control carried none. */
  readonly value: ActionValue | undefined;
  /** Input values by field id; empty inputs are "" and unselected selects/dates are left out. */
  readonly fields: Readonly<Record<string, string>>;
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

const teamsTask = z
  .object({
    type: z.literal('invoke'),
    name: z.enum(['task/fetch', 'task/submit']),
    value: z.object({ data: jsonRecord }).loose(),
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

/** Which step of a Teams dialog an invoke is: opening it (`task/fetch`) or submitting its card (`task/submit`). */
export type TeamsDialogStep = 'task/fetch' | 'task/submit';

/**
 * Reads a Teams dialog invoke: the clicked Action.Submit's `data` arrives in `value.data` (verb in `data.verb`,
 * the dialog card's input values merged in on submit). Null for other activities and data without a verb.
 */
export function parseTeamsDialogInvoke(activity: unknown): (SubmittedAction & { step: TeamsDialogStep }) | null {
  const task = teamsTask.safeParse(activity);
  if (!task.success) return null;
  const action = teamsAction(task.data.value.data.verb, task.data.value.data);
  return action ? { ...action, step: task.data.name } : null;
}
