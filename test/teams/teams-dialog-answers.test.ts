// What a Teams dialog shows for each kind of core result, and what it shows when something goes wrong: the
// dialog always gets an answer Teams can display, never an empty wait or a raw error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatCore, ChatResponse } from '../../src/services/chat-core.ts';
import { FRIENDLY_ERROR_TEXT } from '../../src/teams/teams-adapter.ts';
import { dialogResults } from '../../src/teams/teams-dialogs.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { FormView, MessageView } from '../../src/views/model.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { dialogInvoke } from '../support/teams-activities.ts';
import { startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

const FORM: FormView = {
  kind: 'form',
  submitActionId: ACTION_IDS.submitUpdateForm,
  cancelActionId: ACTION_IDS.cancelForm,
  title: 'Update NB-7',
  submitLabel: 'Save update',
  metadata: { actionId: 'a1' },
  fields: [{ type: 'numberInput', id: 'progress', label: 'Progress (%)', required: true }],
};
const WELCOME: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'Welcome! I have linked you to Sam Okafor.' }] };
const SAVED: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'Saved your update on NB-7: At risk, 35%.' }] };
const LIST: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'text', text: 'Which action?' },
    { type: 'actions', controls: [{ type: 'button', actionId: ACTION_IDS.openUpdateForm, label: 'NB-7', value: { actionId: 'a1' } }] },
  ],
};

describe('dialogResults', () => {
  it('shows the form and sends a welcome note elsewhere', () => {
    const { answer, elsewhere } = dialogResults([{ type: 'privateReply', message: WELCOME }, { type: 'openForm', form: FORM }]);
    expect(answer?.task.type).toBe('continue');
    const value = answer?.task.value as { title: string; card: { contentType: string; content: unknown } };
    expect(value).toMatchObject({ title: 'Update NB-7', width: 'large', height: 'large' });
    expect(validateAdaptiveCard(value.card.content)).toEqual([]);
    expect(JSON.stringify(value.card.content)).not.toContain(ACTION_IDS.cancelForm);
    expect(elsewhere).toEqual([{ type: 'privateReply', message: WELCOME }]);
  });

  it('shows the outcome of a submit as text and leaves the channel post to be sent', () => {
    const post = { type: 'post', message: SAVED } as const;
    const { answer, elsewhere } = dialogResults([post, { type: 'closeForm', message: SAVED }]);
    expect(answer).toEqual({ task: { type: 'message', value: 'Saved your update on NB-7: At risk, 35%.' } });
    expect(elsewhere).toEqual([post]);
  });

  it('keeps a message with buttons as a card in the dialog, its buttons submitting within it', () => {
    const { answer } = dialogResults([{ type: 'privateReply', message: LIST }]);
    expect(answer?.task.type).toBe('continue');
    const card = JSON.stringify((answer?.task.value as { card: { content: unknown } }).card.content);
    expect(card).toContain('"type":"Action.Submit"');
    expect(card).not.toContain('task/fetch');
    expect(card).not.toContain('Action.Execute');
  });

  it('closes the dialog when the form closes with nothing to say, and shows the last of several private notes', () => {
    expect(dialogResults([{ type: 'closeForm' }]).answer).toBeUndefined();
    const { answer, elsewhere } = dialogResults([{ type: 'privateReply', message: WELCOME }, { type: 'privateReply', message: SAVED }]);
    expect(answer).toEqual({ task: { type: 'message', value: 'Saved your update on NB-7: At risk, 35%.' } });
    expect(elsewhere).toEqual([{ type: 'privateReply', message: WELCOME }]);
  });
});

describe('Teams dialog invokes when something goes wrong', () => {
  let app: TeamsTestApp;
  const broken = { action: false };

  beforeAll(async () => {
    const breakable = (core: ChatCore): ChatCore => ({
      ...core,
      handleAction: (request): Promise<ChatResponse> => (broken.action ? Promise.reject(new Error('database exploded: password=hunter2')) : core.handleAction(request)),
    });
    app = await startTeamsTestApp({ wrapCore: breakable });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers a failed task/fetch with a message that quotes a reference and hides the error', async () => {
    broken.action = true;
    const response = await app.post(dialogInvoke({ ...app.envelope(), name: 'task/fetch', data: { verb: ACTION_IDS.openUpdateForm, payload: {}, msteams: { type: 'task/fetch' } } }));
    broken.action = false;
    expect(response.status).toBe(200);
    const task = (response.body as { task: { type: string; value: string } }).task;
    expect(task.type).toBe('message');
    expect(task.value).toContain(FRIENDLY_ERROR_TEXT);
    expect(task.value).toMatch(/reference [0-9a-f]{8}\.$/);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });

  it('answers data without a verb (another app’s dialog, an old card) with a message, not silence', async () => {
    const response = await app.post(dialogInvoke({ ...app.envelope(), name: 'task/fetch', data: { msteams: { type: 'task/fetch' } } }));
    expect(response.status).toBe(200);
    const task = (response.body as { task: { type: string; value: string } }).task;
    expect(task).toEqual({ type: 'message', value: expect.stringContaining('older version of the bot') });
  });
});
