// A small feature registered with the real core for the Slack end-to-end tests: a card posted to the
// channel, a button that opens a form, a form that validates, and a button that updates the card in place.
import { ValidationError } from '../../src/domain/errors.ts';
import type { ChatFeature } from '../../src/services/registry.ts';
import { post, privateText, textMessage } from '../../src/services/replies.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ActionValue, FormView, MessageView } from '../../src/views/model.ts';

export const PROBE_ACTION_REF = 'A-17';
export const PERCENT_ERROR = 'Enter a whole number from 0 to 100.';
export const NUDGE_TEXT = 'Your update on A-17 is due on Friday.';
export const FORM_LEVEL_ERROR = 'This action was closed while you were typing.';

function referenceOf(value: ActionValue | undefined): string {
  const action = typeof value === 'object' && value !== null ? (value as { readonly action?: unknown }).action : undefined;
  return typeof action === 'string' ? action : '?';
}

function progressCard(reference: string, status: string): MessageView {
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: `Action ${reference}` },
      { type: 'text', text: `Status: ${status}` },
      {
        type: 'actions',
        controls: [
          { type: 'button', actionId: ACTION_IDS.openUpdateForm, label: 'Post an update', value: { action: reference }, style: 'primary' },
          { type: 'button', actionId: ACTION_IDS.snoozeUpdateReminder, label: 'Remind me next week', value: { action: reference } },
        ],
      },
    ],
  };
}

function progressForm(reference: string, values: Readonly<Record<string, string>> = {}): FormView {
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitUpdateForm,
    title: `Update ${reference}`,
    submitLabel: 'Save',
    metadata: { action: reference },
    fields: [
      { type: 'numberInput', id: 'percent', label: 'How far along is it (%)?', required: true, min: 0, max: 100, ...(values.percent ? { initialValue: Number(values.percent) } : {}) },
      { type: 'textInput', id: 'note', label: 'What happened since the last update?', multiline: true, ...(values.note ? { initialValue: values.note } : {}) },
    ],
  };
}

export const progressProbeFeature: ChatFeature = {
  name: 'slack-e2e-progress-probe',
  register(registry) {
    registry.command({
      name: 'probe',
      summary: 'Posts a progress card (end-to-end tests only).',
      usage: '',
      example: 'probe',
      run: async () => [post(progressCard(PROBE_ACTION_REF, 'Not started'))],
    });
    registry.command({
      name: 'nudge',
      summary: 'Sends you a direct message through the notifier (end-to-end tests only).',
      usage: '',
      example: 'nudge',
      async run(context) {
        const notifier = context.services.notifiers[context.actor.platform];
        if (!notifier) throw new Error(`No notifier for ${context.actor.platform}`);
        const sent = await notifier.sendDirect({ workspaceId: context.actor.workspaceId, userId: context.actor.userId }, textMessage(NUDGE_TEXT));
        return [privateText(`Sent to ${sent.channelId}`)];
      },
    });
    registry.action({
      actionId: ACTION_IDS.openUpdateForm,
      run: async (_context, request) => [{ type: 'openForm', form: progressForm(referenceOf(request.value)) }],
    });
    registry.action({
      actionId: ACTION_IDS.snoozeUpdateReminder,
      run: async (_context, request) => [{ type: 'updateMessage', message: progressCard(referenceOf(request.value), 'Reminder snoozed for a week') }],
    });
    registry.form({
      formId: ACTION_IDS.submitUpdateForm,
      async run(_context, submission) {
        const percent = Number(submission.fields.percent);
        if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
          throw new ValidationError('Check the percentage.', { fieldErrors: { percent: PERCENT_ERROR } });
        }
        if (submission.fields.note === 'closed') throw new ValidationError(FORM_LEVEL_ERROR);
        return [{ type: 'closeForm', message: textMessage(`Saved: ${referenceOf(submission.metadata)} is ${percent}% done.`) }];
      },
      reopen: (_context, submission) => progressForm(referenceOf(submission.metadata), submission.fields),
    });
  },
};
