import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFormFields } from '../../src/slack/slack-payloads.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { decodeActionValue } from '../../src/views/action-value.ts';
import { renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import type { AcActionSet, AcExecuteAction, AcSubmitAction } from '../../src/views/adaptive-card-types.ts';
import { renderBlockKit, renderSlackModal } from '../../src/views/block-kit.ts';
import { asJsonObject } from '../../src/views/model.ts';
import { requestedPage } from '../../src/views/paging.ts';
import { parseTeamsDialogInvoke, parseTeamsSubmission } from '../../src/views/submitted-values.ts';
import { readTeamsJsonc } from '../support/teams-activities.ts';
import { FIXTURES_URL } from '../support/fixtures.ts';
import { hallmarksChecklist, updateForm, updateReminder } from './sample-views.ts';

function fixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, FIXTURES_URL), 'utf8')) as unknown;
}

describe('parseTeamsSubmission on real Teams activities', () => {
  it('reads an Action.Execute invoke (verb in value.action)', () => {
    expect(parseTeamsSubmission(fixture('teams/invoke.actionExecute.teams-ai-v1-test.json'))).toEqual({
      actionId: 'test',
      value: undefined,
      fields: {},
    });
  });

  it('reads an Action.Submit message (verb in value)', () => {
    expect(parseTeamsSubmission(fixture('teams/message.actionSubmit.teams-ai-v1-test.json'))).toEqual({
      actionId: 'test',
      value: undefined,
      fields: {},
    });
  });

  it('returns null for an Execute without a verb (captured from a card that set none)', () => {
    expect(parseTeamsSubmission(fixture('teams/invoke.adaptiveCard-action.teams-net-captured.json'))).toBeNull();
  });

  it('returns null for typed messages, even when they carry a value', () => {
    expect(parseTeamsSubmission(fixture('teams/message.personal.msteams-docs.json'))).toBeNull();
    const messageBack = readFileSync(new URL('teams/message.messageBack-inbound.msteams-docs.jsonc', FIXTURES_URL), 'utf8');
    const activity = JSON.parse(messageBack.replace(/,(\s*})\s*$/, '$1')) as unknown;
    expect(parseTeamsSubmission(activity)).toBeNull();
  });

  it('reads the same envelope as the captured invoke once the card sets a verb and inputs', () => {
    const captured = fixture('teams/invoke.adaptiveCard-action.teams-net-captured.json') as { value: { action: Record<string, unknown> } };
    const activity = {
      ...captured,
      value: { ...captured.value, action: { ...captured.value.action, verb: ACTION_IDS.submitUpdateForm, data: { verb: ACTION_IDS.submitUpdateForm, payload: { actionId: 'a1b2' }, feedback: 'test invokes', percentComplete: 40 } } },
    };
    expect(parseTeamsSubmission(activity)).toEqual({
      actionId: ACTION_IDS.submitUpdateForm,
      value: { actionId: 'a1b2' },
      fields: { feedback: 'test invokes', percentComplete: '40' },
    });
  });
});

describe('parseTeamsDialogInvoke', () => {
  it('reads nothing from the documented task/fetch request, whose data has no verb', () => {
    expect(parseTeamsDialogInvoke({ type: 'invoke', ...readTeamsJsonc('invoke.task-fetch.msteams-docs.jsonc') })).toBeNull();
  });

  it('reads the verb, payload and merged inputs from a task/submit in the same envelope', () => {
    const documented = readTeamsJsonc('invoke.task-fetch.msteams-docs.jsonc') as { value: Record<string, unknown> };
    const activity = {
      ...documented,
      type: 'invoke',
      name: 'task/submit',
      value: { ...documented.value, data: { verb: ACTION_IDS.submitUpdateForm, payload: { actionId: 'a1b2' }, progress: 40, done: 'Two patrols' } },
    };
    expect(parseTeamsDialogInvoke(activity)).toEqual({
      step: 'task/submit',
      actionId: ACTION_IDS.submitUpdateForm,
      value: { actionId: 'a1b2' },
      fields: { progress: '40', done: 'Two patrols' },
    });
    expect(parseTeamsSubmission(activity)).toBeNull();
  });
});

describe('what the renderers send comes back as the same neutral action on both platforms', () => {
  it('a message button', () => {
    const slackButton = renderBlockKit(updateReminder).blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []))[0];
    // What the Slack adapter reads from a block_actions payload: the action_id and the decoded value.
    const fromSlack = { actionId: slackButton?.action_id, value: decodeActionValue(slackButton?.value ?? ''), fields: {} };
    const teamsButton = renderAdaptiveCard(updateReminder).body.flatMap((element) => (element.type === 'ActionSet' ? element.actions : []))[0] as AcSubmitAction;
    // Teams sends a dialog launcher's data as a task/fetch invoke; a client without dialogs posts it as a message.
    const fromDialog = parseTeamsDialogInvoke({ type: 'invoke', name: 'task/fetch', value: { data: teamsButton.data, context: { theme: 'default' } } });
    const fromSubmit = parseTeamsSubmission({ type: 'message', value: teamsButton.data });
    const expected = { actionId: ACTION_IDS.openUpdateForm, value: { actionId: 'a1b2' }, fields: {} };
    expect(fromSlack).toEqual(expected);
    expect(fromDialog).toEqual({ ...expected, step: 'task/fetch' });
    expect(fromSubmit).toEqual(expected);
    const snooze = renderAdaptiveCard(updateReminder).body.flatMap((element) => (element.type === 'ActionSet' ? element.actions : []))[1] as AcExecuteAction;
    const fromExecute = parseTeamsSubmission({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: snooze.verb, data: snooze.data } } });
    expect(fromExecute).toEqual({ actionId: ACTION_IDS.snoozeUpdateReminder, value: { actionId: 'a1b2', days: 1 }, fields: {} });
  });

  it('a paging button, whose value names the page', () => {
    const slackNext = renderBlockKit(hallmarksChecklist(0)).blocks.flatMap((block) => (block.type === 'actions' ? block.elements : [])).at(-1);
    const parsed = { actionId: slackNext?.action_id, value: decodeActionValue(slackNext?.value ?? '') };
    expect(parsed?.actionId).toBe(ACTION_IDS.pageNext);
    expect(requestedPage(parsed?.value)).toBe(1);
    expect(requestedPage('not a page')).toBeNull();
    expect(requestedPage({ page: -1 })).toBeNull();
    expect(asJsonObject(parsed?.value)).toEqual({ checklist: 'hallmarks-2024', page: 1 });
    expect(asJsonObject(['a'])).toBeUndefined();
  });

  it('a form submit with every kind of input', () => {
    const modal = renderSlackModal(updateForm);
    // What the Slack adapter reads from the view_submission: callback_id, private_metadata and the input values.
    const fromSlack = {
      actionId: modal.callback_id,
      value: decodeActionValue(modal.private_metadata ?? ''),
      fields: readFormFields({
        status: { status: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'At risk' }, value: 'at_risk' } } },
        note: { note: { type: 'plain_text_input', value: 'Partner meeting held.' } },
        percentComplete: { percentComplete: { type: 'number_input', value: '55' } },
        revisedTargetDate: { revisedTargetDate: { type: 'datepicker', selected_date: null } },
      }),
    };
    const card = renderAdaptiveCard(updateForm);
    const submit = card.body
      .filter((element): element is AcActionSet => element.type === 'ActionSet')
      .flatMap((set) => set.actions)
      .find((action): action is AcExecuteAction => action.type === 'Action.Execute' && action.verb === ACTION_IDS.submitUpdateForm);
    const fromTeams = parseTeamsSubmission({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: submit?.verb,
          data: { ...submit?.data, status: 'at_risk', note: 'Partner meeting held.', percentComplete: '55' },
        },
      },
    });
    const expected = {
      actionId: ACTION_IDS.submitUpdateForm,
      value: { actionId: 'a1b2', planId: 'p-2024' },
      fields: { status: 'at_risk', note: 'Partner meeting held.', percentComplete: '55' },
    };
    expect(fromSlack).toEqual(expected);
    expect(fromTeams).toEqual(expected);
  });
});
