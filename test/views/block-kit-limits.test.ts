import { describe, expect, it } from 'vitest';
import type { BlockKitPayload, BlockKitSurface } from '../../src/views/block-kit-limits.ts';
import { checkBlockKitLimits, SLACK_LIMITS } from '../../src/views/block-kit-limits.ts';
import { VIEW_LIMITS } from '../../src/views/limits.ts';

const plain = (text: string): Record<string, unknown> => ({ type: 'plain_text', text });
const mrkdwn = (text: string): Record<string, unknown> => ({ type: 'mrkdwn', text });
const button = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'button',
  action_id: 'a',
  text: plain('Go'),
  ...overrides,
});
const option = (text: string, value: string): Record<string, unknown> => ({ text: plain(text), value });
const section = (overrides: Record<string, unknown>): Record<string, unknown> => ({ type: 'section', ...overrides });
const input = (element: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'input',
  block_id: 'b',
  label: plain('Label'),
  element,
  ...overrides,
});
const modal = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'modal',
  callback_id: 'cb',
  title: plain('Title'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [],
  ...overrides,
});

function rules(payload: BlockKitPayload, kind: BlockKitSurface = 'message'): string[] {
  return checkBlockKitLimits(payload, kind).map((violation) => violation.rule);
}

function message(...blocks: Record<string, unknown>[]): BlockKitPayload {
  return { text: 'fallback', blocks };
}

describe('checkBlockKitLimits', () => {
  it('accepts a payload at every limit exactly', () => {
    const atLimits = message(
      { type: 'header', text: plain('h'.repeat(150)) },
      section({ text: mrkdwn('t'.repeat(3000)), accessory: button({ text: plain('b'.repeat(75)), value: 'v'.repeat(2000) }) }),
      section({ fields: Array.from({ length: 10 }, () => mrkdwn('f'.repeat(2000))) }),
      { type: 'actions', elements: Array.from({ length: 25 }, (_, index) => button({ action_id: `a${index}` })) },
      { type: 'context', elements: Array.from({ length: 10 }, () => plain('c')) },
      { type: 'divider', block_id: 'x'.repeat(255) },
    );
    expect(checkBlockKitLimits(atLimits, 'message')).toEqual([]);
  });

  it('counts blocks per surface: 50 in a message, 100 in a modal or Home tab', () => {
    const blocks = (count: number): Record<string, unknown>[] => Array.from({ length: count }, () => ({ type: 'divider' }));
    expect(rules(message(...blocks(50)))).toEqual([]);
    expect(rules(message(...blocks(51)))).toEqual(['blocks.count']);
    expect(rules({ type: 'home', blocks: blocks(100) }, 'home')).toEqual([]);
    expect(rules({ type: 'home', blocks: blocks(101) }, 'home')).toEqual(['blocks.count']);
    expect(rules(modal({ blocks: blocks(101) }), 'modal')).toEqual(['blocks.count']);
    expect(rules({ text: 'no blocks' })).toEqual(['blocks.missing']);
  });

  it('catches section text, field count and field length', () => {
    expect(rules(message(section({ text: mrkdwn('t'.repeat(3001)) })))).toEqual(['section.text.length']);
    expect(rules(message(section({ text: mrkdwn('') })))).toEqual(['section.text.empty']);
    expect(rules(message(section({})))).toEqual(['section.content']);
    expect(rules(message(section({ fields: Array.from({ length: 11 }, () => mrkdwn('f')) })))).toEqual(['section.fields.count']);
    expect(rules(message(section({ fields: [mrkdwn('f'.repeat(2001))] })))).toEqual(['section.field.length']);
  });

  it('catches header length and a header that is not plain text', () => {
    expect(rules(message({ type: 'header', text: plain('h'.repeat(151)) }))).toEqual(['header.text.length']);
    expect(rules(message({ type: 'header', text: mrkdwn('*h*') }))).toEqual(['header.text.type']);
  });

  it('catches button text, value, url, style and confirm limits', () => {
    const withButton = (overrides: Record<string, unknown>): BlockKitPayload => message({ type: 'actions', elements: [button(overrides)] });
    expect(rules(withButton({ text: plain('b'.repeat(76)) }))).toEqual(['button.text.length']);
    expect(rules(withButton({ value: 'v'.repeat(2001) }))).toEqual(['button.value.length']);
    expect(rules(withButton({ url: `https://example.org/${'u'.repeat(3000)}` }))).toEqual(['button.url.length']);
    expect(rules(withButton({ style: 'secondary' }))).toEqual(['button.style']);
    expect(rules(withButton({ action_id: 'a'.repeat(256) }))).toEqual(['action_id.length']);
    expect(
      rules(withButton({ confirm: { title: plain('t'.repeat(101)), text: plain('x'.repeat(301)), confirm: plain('c'.repeat(31)), deny: plain('d'.repeat(31)) } })),
    ).toEqual(['confirm.title.length', 'confirm.text.length', 'confirm.confirm.length', 'confirm.deny.length']);
  });

  it('catches actions blocks with more than 25 elements, none, or a repeated action_id', () => {
    const elements = (count: number): Record<string, unknown>[] => Array.from({ length: count }, (_, index) => button({ action_id: `a${index}` }));
    expect(rules(message({ type: 'actions', elements: elements(26) }))).toEqual(['actions.elements.count']);
    expect(rules(message({ type: 'actions', elements: [] }))).toEqual(['actions.elements.count']);
    expect(rules(message({ type: 'actions', elements: [button(), button()] }))).toEqual(['action_id.duplicate']);
  });

  it('catches context blocks with more than 10 elements or over-long text', () => {
    expect(rules(message({ type: 'context', elements: Array.from({ length: 11 }, () => plain('c')) }))).toEqual(['context.elements.count']);
    expect(rules(message({ type: 'context', elements: [plain('c'.repeat(3001))] }))).toEqual(['context.text.length']);
  });

  it('catches static select option count, option text and value length, and a foreign initial option', () => {
    const select = (options: Record<string, unknown>[], extra: Record<string, unknown> = {}): BlockKitPayload =>
      modal({ blocks: [input({ type: 'static_select', action_id: 's', options, ...extra })] });
    expect(rules(select(Array.from({ length: 101 }, (_, index) => option('o', `${index}`))), 'modal')).toEqual(['select.options.count']);
    expect(rules(select([option('o'.repeat(76), 'v')]), 'modal')).toEqual(['option.text.length']);
    expect(rules(select([option('o', 'v'.repeat(76))]), 'modal')).toEqual(['option.value.length']);
    expect(rules(select([option('o', 'v')], { initial_option: option('x', 'x') }), 'modal')).toEqual(['select.initial_option']);
    expect(rules(select([option('o', 'v')], { placeholder: plain('p'.repeat(151)) }), 'modal')).toEqual(['placeholder.length']);
  });

  it('catches input problems: label, hint, text input max_length and initial value, date format, number input', () => {
    const text = (extra: Record<string, unknown>): Record<string, unknown> => ({ type: 'plain_text_input', action_id: 't', ...extra });
    expect(rules(modal({ blocks: [input(text({}), { label: plain('l'.repeat(2001)) })] }), 'modal')).toEqual(['input.label.length']);
    expect(rules(modal({ blocks: [input(text({}), { hint: plain('h'.repeat(2001)) })] }), 'modal')).toEqual(['input.hint.length']);
    expect(rules(modal({ blocks: [input(text({ max_length: 3001 }))] }), 'modal')).toEqual(['plain_text_input.max_length']);
    expect(rules(modal({ blocks: [input(text({ max_length: 10, initial_value: 'i'.repeat(11) }))] }), 'modal')).toEqual([
      'plain_text_input.initial_value.length',
    ]);
    expect(rules(modal({ blocks: [input({ type: 'datepicker', action_id: 'd', initial_date: '30/06/2024' })] }), 'modal')).toEqual([
      'datepicker.initial_date',
    ]);
    expect(rules(modal({ blocks: [input({ type: 'number_input', action_id: 'n' })] }), 'modal')).toEqual(['number_input.is_decimal_allowed']);
    expect(rules(modal({ blocks: [input(button())] }), 'modal')).toEqual(['input.element.type']);
  });

  it('catches modal title, button, metadata and callback limits, and a missing submit', () => {
    expect(rules(modal({ title: plain('t'.repeat(25)) }), 'modal')).toEqual(['modal.title.length']);
    expect(rules(modal({ submit: plain('s'.repeat(25)), close: plain('c'.repeat(25)) }), 'modal')).toEqual([
      'modal.close.length',
      'modal.submit.length',
    ]);
    expect(rules(modal({ private_metadata: 'm'.repeat(3001) }), 'modal')).toEqual(['modal.private_metadata.length']);
    expect(rules(modal({ callback_id: 'c'.repeat(256) }), 'modal')).toEqual(['modal.callback_id.length']);
    expect(rules(modal({ submit: undefined, blocks: [input({ type: 'plain_text_input', action_id: 't' })] }), 'modal')).toEqual([
      'modal.submit.required',
    ]);
    expect(rules(modal({ type: 'home' }), 'modal')).toEqual(['modal.type']);
    expect(rules({ type: 'modal', blocks: [] }, 'home')).toEqual(['home.type']);
  });

  it('catches block_id length and repeats, and block types it cannot check', () => {
    expect(rules(message({ type: 'divider', block_id: 'b'.repeat(256) }))).toEqual(['block_id.length']);
    expect(rules(message({ type: 'divider', block_id: 'same' }, { type: 'divider', block_id: 'same' }))).toEqual(['block_id.duplicate']);
    expect(rules(message({ type: 'video' }))).toEqual(['block.type']);
  });

  it('reports where each violation is', () => {
    const violations = checkBlockKitLimits(message({ type: 'divider' }, section({ fields: [mrkdwn('ok'), mrkdwn('f'.repeat(2001))] })), 'message');
    expect(violations).toEqual([{ path: 'blocks[1].fields[1]', rule: 'section.field.length', message: '2001 characters; the limit is 2000' }]);
  });
});

describe('the view model\'s limits', () => {
  it('are within Block Kit\'s, so a view that keeps to them renders in Slack uncut', () => {
    const blockKitLimitFor: Record<keyof typeof VIEW_LIMITS, number> = {
      textLength: SLACK_LIMITS.sectionTextLength,
      fieldValueLength: SLACK_LIMITS.sectionFieldLength,
      headingLength: SLACK_LIMITS.headerTextLength,
      buttonLabelLength: SLACK_LIMITS.buttonTextLength,
      actionValueLength: SLACK_LIMITS.buttonValueLength,
      confirmTitleLength: SLACK_LIMITS.confirmTitleLength,
      confirmTextLength: SLACK_LIMITS.confirmTextLength,
      fieldIdLength: Math.min(SLACK_LIMITS.blockIdLength, SLACK_LIMITS.actionIdLength),
      fieldLabelLength: SLACK_LIMITS.inputLabelLength,
      optionLabelLength: SLACK_LIMITS.optionTextLength,
      optionValueLength: SLACK_LIMITS.optionValueLength,
    };
    for (const [name, limit] of Object.entries(VIEW_LIMITS) as [keyof typeof VIEW_LIMITS, number][]) {
      expect(limit, name).toBeLessThanOrEqual(blockKitLimitFor[name]);
    }
  });
});
