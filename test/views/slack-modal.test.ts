import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderSlackModal, slackResponseActionErrors, slackResponseActionUpdate, type BlockKitBlock } from '../../src/views/block-kit.ts';
import type { FormView } from '../../src/views/model.ts';
import { ViewModelError } from '../../src/views/model.ts';
import { bigSelectForm, formViews, updateForm, updateFormWithErrors } from './sample-views.ts';

type InputBlock = Extract<BlockKitBlock, { type: 'input' }>;

function inputs(blocks: readonly BlockKitBlock[]): InputBlock[] {
  return blocks.filter((block): block is InputBlock => block.type === 'input');
}

describe('renderSlackModal', () => {
  for (const [name, form] of Object.entries(formViews)) {
    it(`${name} stays within modal limits`, () => {
      expect(checkBlockKitLimits(renderSlackModal(form), 'modal')).toEqual([]);
    });
  }

  it('uses the submit action id as callback_id, metadata as private_metadata and cuts the title to 24 characters', () => {
    const modal = renderSlackModal(updateForm);
    expect(modal.type).toBe('modal');
    expect(modal.callback_id).toBe(ACTION_IDS.submitUpdateForm);
    expect(JSON.parse(modal.private_metadata ?? '')).toEqual({ actionId: 'a1b2', planId: 'p-2024' });
    expect(modal.title.text).toBe('Progress update for act…');
    expect(modal.submit?.text).toBe('Save update');
    expect(modal.close?.text).toBe('Cancel');
  });

  it('gives every input a block_id and action_id equal to the field id, with the right element', () => {
    const fields = inputs(renderSlackModal(updateForm).blocks);
    expect(fields.map((block) => [block.block_id, block.element.action_id, block.element.type, block.optional])).toEqual([
      ['status', 'status', 'static_select', false],
      ['note', 'note', 'plain_text_input', false],
      ['percentComplete', 'percentComplete', 'number_input', true],
      ['revisedTargetDate', 'revisedTargetDate', 'datepicker', true],
    ]);
    expect(fields[0]?.element).toMatchObject({ initial_option: { value: 'on_track', text: { text: 'On track' } } });
    expect(fields[1]?.element).toMatchObject({ multiline: true, max_length: 2000, initial_value: 'Referral pathway agreed.' });
    expect(fields[2]?.element).toMatchObject({ is_decimal_allowed: false, min_value: '0', max_value: '100', initial_value: '40' });
    expect(fields[3]?.element).toMatchObject({ initial_date: '2024-06-30' });
    expect(fields[3]?.hint?.text).toBe('Leave empty to keep the current target.');
  });

  it('shows form errors as a banner and field errors right under their inputs', () => {
    const blocks = renderSlackModal(updateFormWithErrors).blocks;
    expect(blocks[0]).toMatchObject({ type: 'section', text: { text: '⚠️ The update was not saved.' } });
    const noteIndex = blocks.findIndex((block) => block.type === 'input' && block.block_id === 'note');
    expect(blocks[noteIndex + 1]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: '⚠️ Please write at least a sentence.', emoji: true }],
    });
  });

  it('keeps a select to 100 options, including the initial one, and caps text input lengths at 3000', () => {
    const [select, evidence] = inputs(renderSlackModal(bigSelectForm).blocks);
    if (select?.element.type !== 'static_select') throw new Error('expected a select');
    expect(select.element.options).toHaveLength(100);
    expect(select.element.options?.at(-1)?.value).toBe('item-140');
    expect(select.element.initial_option?.value).toBe('item-140');
    expect(select.element.options?.[0]?.text.text).toHaveLength(75);
    expect(evidence?.element).toMatchObject({ max_length: 3000 });
    if (evidence?.element.type !== 'plain_text_input') throw new Error('expected a text input');
    expect(evidence.element.initial_value).toHaveLength(3000);
  });

  it('rejects forms no truncation can fix', () => {
    const withFields = (fields: FormView['fields']): FormView => ({ ...updateForm, fields });
    expect(() => renderSlackModal(withFields([{ type: 'textInput', id: 'verb', label: 'Reserved' }]))).toThrow(ViewModelError);
    expect(() =>
      renderSlackModal(withFields([
        { type: 'textInput', id: 'same', label: 'A' },
        { type: 'textInput', id: 'same', label: 'B' },
      ])),
    ).toThrow(/Duplicate/);
    expect(() =>
      renderSlackModal(withFields([{ type: 'select', id: 's', label: 'S', options: [{ label: 'x', value: 'v'.repeat(76) }] }])),
    ).toThrow(/exceeds 75/);
    expect(() => renderSlackModal(withFields([{ type: 'select', id: 's', label: 'S', options: [] }]))).toThrow(/no options/);
    expect(() => renderSlackModal(withFields([{ type: 'datePicker', id: 'd', label: 'D', initialDate: '30/06/2024' }]))).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => renderSlackModal({ ...updateForm, metadata: 'm'.repeat(3000) })).toThrow(/metadata/);
  });
});

describe('view_submission responses', () => {
  it('returns inline errors keyed by block_id, with the form error on the first input', () => {
    expect(
      slackResponseActionErrors(updateForm, {
        form: 'Not saved.',
        fields: { note: 'Too short.', percentComplete: 'Out of range.', unknownField: 'Ignored.' },
      }),
    ).toEqual({
      response_action: 'errors',
      errors: { status: 'Not saved.', note: 'Too short.', percentComplete: 'Out of range.' },
    });
    expect(slackResponseActionErrors(updateForm, { form: 'Not saved.', fields: { status: 'Pick one.' } }).errors).toEqual({
      status: 'Not saved. — Pick one.',
    });
  });

  it('can instead redraw the modal with the errors shown', () => {
    const response = slackResponseActionUpdate(updateForm, { form: 'Not saved.' });
    expect(response.response_action).toBe('update');
    expect(response.view.blocks[0]).toMatchObject({ text: { text: '⚠️ Not saved.' } });
    expect(checkBlockKitLimits(response.view, 'modal')).toEqual([]);
  });
});
