// A small feature registered with the real core for the Teams end-to-end tests: a card posted to the
// conversation, a button that opens a form, a form that validates, and a button that updates its card.
import { ValidationError } from '../../src/domain/errors.ts';
import type { ChatFeature } from '../../src/services/registry.ts';
import { post, textMessage } from '../../src/services/replies.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ActionValue, FormView, MessageView } from '../../src/views/model.ts';

export const PROBE_REF = 'A-17';
export const PERCENT_ERROR = 'Enter a whole number from 0 to 100.';

function referenceOf(value: ActionValue | undefined): string {
  const action = typeof value === 'object' && value !== null ? (value as { readonly action?: unknown }).action : undefined;
  return typeof action === 'string' ? action : '?';
}

function probeCard(reference: string, status: string): MessageView {
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

function probeForm(reference: string, values: Readonly<Record<string, string>> = {}): FormView {
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitUpdateForm,
    cancelActionId: ACTION_IDS.cancelForm,
    title: `Update ${reference}`,
    submitLabel: 'Save',
    metadata: { action: reference },
    fields: [
      {
        type: 'numberInput',
        id: 'percent',
        label: 'How far along is it (%)?',
        required: true,
        min: 0,
        max: 100,
        ...(values.percent ? { initialValue: Number(values.percent) } : {}),
      },
      { type: 'textInput', id: 'note', label: 'What happened since the last update?', multiline: true, ...(values.note ? { initialValue: values.note } : {}) },
    ],
  };
}

export const teamsProbeFeature: ChatFeature = {
  name: 'teams-e2e-probe',
  register(registry) {
    registry.command({
      name: 'probe',
      summary: 'Posts a progress card (end-to-end tests only).',
      usage: '',
      example: 'probe',
      run: async () => [post(probeCard(PROBE_REF, 'Not started'))],
    });
    registry.action({
      actionId: ACTION_IDS.openUpdateForm,
      run: async (_context, request) => [{ type: 'openForm', form: probeForm(referenceOf(request.value)) }],
    });
    registry.action({
      actionId: ACTION_IDS.snoozeUpdateReminder,
      run: async (_context, request) => [{ type: 'updateMessage', message: probeCard(referenceOf(request.value), 'Reminder snoozed for a week') }],
    });
    registry.action({
      actionId: ACTION_IDS.cancelForm,
      run: async () => [{ type: 'closeForm', message: textMessage('Cancelled: nothing was saved.') }],
    });
    registry.form({
      formId: ACTION_IDS.submitUpdateForm,
      async run(_context, submission) {
        const percent = Number(submission.fields.percent);
        if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
          throw new ValidationError('Check the percentage.', { fieldErrors: { percent: PERCENT_ERROR } });
        }
        return [{ type: 'closeForm', message: textMessage(`Saved: ${referenceOf(submission.metadata)} is ${percent}% done.`) }];
      },
      reopen: (_context, submission) => probeForm(referenceOf(submission.metadata), submission.fields),
    });
  },
};
