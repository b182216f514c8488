import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { AcActionSet, AcColumnSet, AcElement, AcExecuteAction, AcInput, AcTextBlock, AdaptiveCard } from '../../src/views/adaptive-card-types.ts';
import { checkAdaptiveCardSize, renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import { TEAMS_LIMITS } from '../../src/views/limits.ts';
import type { MessageView } from '../../src/views/model.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { formViews, hallmarksChecklist, messageViews, oversized, updateForm, updateFormWithErrors, updateReminder, voteCard, weeklyDigest } from './sample-views.ts';

function elementsOf(card: AdaptiveCard): AcElement[] {
  const all: AcElement[] = [];
  const visit = (elements: readonly AcElement[]): void => {
    for (const element of elements) {
      all.push(element);
      if (element.type === 'ColumnSet') element.columns.forEach((column) => visit(column.items));
    }
  };
  visit(card.body);
  return all;
}

function textBlocks(card: AdaptiveCard): AcTextBlock[] {
  return elementsOf(card).filter((element): element is AcTextBlock => element.type === 'TextBlock');
}

function executeActions(card: AdaptiveCard): AcExecuteAction[] {
  return elementsOf(card)
    .filter((element): element is AcActionSet => element.type === 'ActionSet')
    .flatMap((set) => set.actions)
    .filter((action): action is AcExecuteAction => action.type === 'Action.Execute');
}

describe('renderAdaptiveCard output parses cleanly in the adaptivecards package as 1.5', () => {
  for (const [name, view] of Object.entries({ ...messageViews, ...formViews })) {
    it(name, () => {
      const card = renderAdaptiveCard(view);
      expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.5' });
      expect(validateAdaptiveCard(card)).toEqual([]);
    });
  }
});

describe('renderAdaptiveCard', () => {
  it('makes buttons Action.Execute with the action id as verb, the value as payload, and an Action.Submit fallback', () => {
    const [snooze] = executeActions(renderAdaptiveCard(updateReminder));
    expect(snooze).toEqual({
      type: 'Action.Execute',
      title: 'Remind me tomorrow',
      verb: ACTION_IDS.snoozeUpdateReminder,
      data: { verb: ACTION_IDS.snoozeUpdateReminder, payload: { actionId: 'a1b2', days: 1 } },
      fallback: {
        type: 'Action.Submit',
        title: 'Remind me tomorrow',
        data: { verb: ACTION_IDS.snoozeUpdateReminder, payload: { actionId: 'a1b2', days: 1 } },
      },
    });
  });

  it('makes a button that opens a form a dialog launcher: Action.Submit with msteams task/fetch', () => {
    const actions = elementsOf(renderAdaptiveCard(updateReminder))
      .filter((element): element is AcActionSet => element.type === 'ActionSet')
      .flatMap((set) => set.actions);
    expect(actions[0]).toEqual({
      type: 'Action.Submit',
      title: 'Add update',
      data: { verb: ACTION_IDS.openUpdateForm, payload: { actionId: 'a1b2' }, msteams: { type: 'task/fetch' } },
      style: 'positive',
    });
  });

  it('renders a form for a dialog with Action.Submit buttons, no cancel button and the inline errors', () => {
    const card = renderAdaptiveCard(updateFormWithErrors, { surface: 'dialog' });
    expect(validateAdaptiveCard(card)).toEqual([]);
    const actions = elementsOf(card)
      .filter((element): element is AcActionSet => element.type === 'ActionSet')
      .flatMap((set) => set.actions);
    expect(actions).toEqual([
      expect.objectContaining({ type: 'Action.Submit', data: expect.objectContaining({ verb: ACTION_IDS.submitUpdateForm }) }),
    ]);
    expect(JSON.stringify(actions)).not.toContain('task/fetch');
    const errors = textBlocks(card).filter((block) => block.color === 'Attention');
    expect(errors.length).toBeGreaterThan(0);
    expect(elementsOf(card).filter((element) => element.type.startsWith('Input.')).length).toBe(
      elementsOf(renderAdaptiveCard(updateFormWithErrors)).filter((element) => element.type.startsWith('Input.')).length,
    );
  });

  it('makes every button of a message shown inside a dialog an Action.Submit (links stay links), launchers included', () => {
    const card = renderAdaptiveCard(updateReminder, { surface: 'dialog' });
    expect(validateAdaptiveCard(card)).toEqual([]);
    const types = elementsOf(card)
      .filter((element): element is AcActionSet => element.type === 'ActionSet')
      .flatMap((set) => set.actions.map((action) => action.type));
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Action.Submit', 'Action.OpenUrl']));
    expect(JSON.stringify(card)).not.toContain('task/fetch');
  });

  it('declares a mention entity for each Teams mention and writes markdown for styles and links', () => {
    const card = renderAdaptiveCard(updateReminder);
    expect(card.msteams?.entities).toEqual([
      {
        type: 'mention',
        text: '<at>Megan Bowen</at>',
        mentioned: { id: '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQ', name: 'Megan Bowen' },
      },
    ]);
    const body = textBlocks(card)[1]?.text ?? '';
    expect(body).toContain('Hi <at>Megan Bowen</at>, the board meets on **Thursday 14 March**.\n\nPlease add');
    expect(body).toContain('_Target date: 31 March._');
    expect(body).toContain('[delivery plan](https://example.org/plans/norwich-2024)');
  });

  it('asks for confirmation through a ShowCard holding the real button', () => {
    const actions = elementsOf(renderAdaptiveCard(voteCard))
      .filter((element): element is AcActionSet => element.type === 'ActionSet')
      .flatMap((set) => set.actions);
    const abstain = actions.find((action) => action.title === 'Abstain');
    if (abstain?.type !== 'Action.ShowCard') throw new Error('expected a ShowCard');
    expect(abstain.card.body.map((element) => (element.type === 'TextBlock' ? element.text : ''))).toEqual([
      'Abstain?',
      'Your abstention is recorded in the minutes.',
    ]);
    expect(abstain.card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: ACTION_IDS.voteAbstain, data: { payload: { proposalId: 'p-42' } } });
    expect(actions.find((action) => action.title === 'Against')).toMatchObject({ style: 'destructive' });
  });

  it('renders facts as a FactSet and fields as a two-column grid', () => {
    const facts = renderAdaptiveCard(updateReminder).body.find((element) => element.type === 'FactSet');
    expect(facts).toMatchObject({ facts: [{ title: 'Priority', value: 'Domestic abuse' }, { title: 'Lead agency' }, { title: 'Last update' }] });
    const grids = renderAdaptiveCard(weeklyDigest).body.filter((element): element is AcColumnSet => element.type === 'ColumnSet' && element.columns.length <= 2 && element.columns.every((column) => column.items.length === 2));
    expect(grids.map((grid) => grid.columns.length)).toEqual([2, 2, 2, 2, 2, 2, 1]);
  });

  it('marks the element after a divider with a separator', () => {
    const body = renderAdaptiveCard(voteCard).body;
    const afterDivider = body.find((element) => element.separator === true);
    expect(afterDivider?.type).toBe('ActionSet');
  });

  it('pages a long list with the same page window and paging verbs as Slack', () => {
    const card = renderAdaptiveCard(hallmarksChecklist(6));
    expect(textBlocks(card).some((block) => block.text.startsWith('121\\. **Requirement 121**'))).toBe(true);
    expect(textBlocks(card).some((block) => block.text.startsWith('141\\.'))).toBe(false);
    expect(textBlocks(card).map((block) => block.text)).toContain('Showing 121–140 of 250 · page 7 of 13');
    const paging = executeActions(card).filter((action) => action.verb.startsWith('action.page'));
    expect(paging.map((action) => [action.verb, action.data])).toEqual([
      [ACTION_IDS.pagePrevious, { verb: ACTION_IDS.pagePrevious, payload: { checklist: 'hallmarks-2024', page: 5 } }],
      [ACTION_IDS.pageNext, { verb: ACTION_IDS.pageNext, payload: { checklist: 'hallmarks-2024', page: 7 } }],
    ]);
    const itemButtons = executeActions(card).filter((action) => action.verb === ACTION_IDS.openHallmarkItem);
    expect(itemButtons).toHaveLength(10);
  });

  it('keeps at most five actions per ActionSet', () => {
    const sets = renderAdaptiveCard(oversized).body.filter((element): element is AcActionSet => element.type === 'ActionSet');
    expect(sets.map((set) => set.actions.length)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('keeps a huge card under the Teams bot message budget by dropping content, keeping buttons, and saying so', () => {
    const card = renderAdaptiveCard(oversized);
    expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
    expect(checkAdaptiveCardSize(card).bytes).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    expect(executeActions(card)).toHaveLength(30);
    expect(textBlocks(card).some((block) => /^… \d+ more parts not shown/.test(block.text))).toBe(true);
  });

  it('leaves the base64 of an inline picture out of the size, as Teams does for bot messages', () => {
    const png = new Uint8Array(30_000).fill(7);
    const view: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'Chart' }, { type: 'image', png, altText: 'ASB 1,204', fileName: 'chart.png' }] };
    const card = renderAdaptiveCard(view);
    const image = card.body.find((element) => element.type === 'Image');
    expect(image?.type === 'Image' && image.url).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    const size = checkAdaptiveCardSize(card);
    expect(JSON.stringify(card).length).toBeGreaterThan(40_000);
    expect(size.bytes).toBe(JSON.stringify(card).length - Buffer.from(png).toString('base64').length);
    expect(size.longestDataUrl).toBe(40_022);
    expect(size.withinLimit).toBe(true);
  });

  it('shows a picture whose data: URL is longer than card renderers accept as its alt text', () => {
    const view: MessageView = {
      kind: 'message',
      blocks: [{ type: 'image', png: new Uint8Array(50_000).fill(7), altText: 'ASB incidents, monthly: Oct 2025 1,204', fileName: 'chart.png' }],
    };
    const card = renderAdaptiveCard(view);
    expect(card.body.some((element) => element.type === 'Image')).toBe(false);
    expect(textBlocks(card).map((block) => block.text)).toEqual(['Chart not shown: too large for a Teams card. ASB incidents, monthly: Oct 2025 1,204']);
    expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
  });

  it('truncates long text on Teams as on Slack', () => {
    const view: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'q'.repeat(5000) }] };
    const [text] = textBlocks(renderAdaptiveCard(view));
    expect(text?.text).toHaveLength(3000);
    expect(text?.text.endsWith('q…')).toBe(true);
  });
});

describe('renderAdaptiveCard for forms', () => {
  it('renders inputs with ids, labels, isRequired and errorMessage, and a submit carrying the metadata', () => {
    const card = renderAdaptiveCard(updateForm);
    const inputs = card.body.filter((element): element is AcInput => element.type.startsWith('Input.'));
    expect(inputs.map((input) => [input.type, input.id, input.isRequired ?? false])).toEqual([
      ['Input.ChoiceSet', 'status', true],
      ['Input.Text', 'note', true],
      ['Input.Number', 'percentComplete', false],
      ['Input.Date', 'revisedTargetDate', false],
    ]);
    expect(inputs[0]).toMatchObject({ label: 'Status', errorMessage: 'Status is required', value: 'on_track', style: 'compact' });
    expect(inputs[1]).toMatchObject({ isMultiline: true, maxLength: 2000, value: 'Referral pathway agreed.' });
    expect(inputs[2]).toMatchObject({ min: 0, max: 100, value: 40 });
    expect(inputs[3]).toMatchObject({ value: '2024-06-30' });
    const [submit, cancel] = executeActions(card);
    expect(submit).toMatchObject({
      verb: ACTION_IDS.submitUpdateForm,
      title: 'Save update',
      style: 'positive',
      data: { verb: ACTION_IDS.submitUpdateForm, payload: { actionId: 'a1b2', planId: 'p-2024' } },
    });
    expect(cancel).toMatchObject({
      verb: ACTION_IDS.cancelForm,
      title: 'Cancel',
      associatedInputs: 'none',
      fallback: { type: 'Action.Submit', associatedInputs: 'none' },
    });
    expect(textBlocks(card)[0]).toMatchObject({ text: 'Progress update for action 14 of the delivery plan', style: 'heading' });
  });

  it('shows validation errors as attention-coloured text: the form error on top, field errors right after their input', () => {
    const body = renderAdaptiveCard(updateFormWithErrors).body;
    const formError = body[1];
    expect(formError).toMatchObject({ type: 'TextBlock', text: '⚠️ The update was not saved.', color: 'Attention', weight: 'Bolder' });
    const noteIndex = body.findIndex((element) => element.type === 'Input.Text' && element.id === 'note');
    expect(body[noteIndex + 1]).toMatchObject({ type: 'TextBlock', text: 'Please write at least a sentence.', color: 'Attention' });
    const numberIndex = body.findIndex((element) => element.type === 'Input.Number');
    expect(body[numberIndex + 1]).toMatchObject({ text: 'Must be between 0 and 100.', color: 'Attention' });
  });
});
