import { describe, expect, it } from 'vitest';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';

const card = (body: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  ...extra,
});

const execute = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Action.Execute',
  title: 'Go',
  verb: 'action.help.open',
  data: { verb: 'action.help.open' },
  fallback: { type: 'Action.Submit', title: 'Go', data: { verb: 'action.help.open' } },
  ...overrides,
});

describe('validateAdaptiveCard (test helper)', () => {
  it('accepts a valid 1.5 card with Universal Actions', () => {
    expect(validateAdaptiveCard(card([{ type: 'TextBlock', text: 'Hi', wrap: true }, { type: 'ActionSet', actions: [execute()] }]))).toEqual([]);
  });

  it('reports what the adaptivecards parser and validator find', () => {
    const errors = validateAdaptiveCard(
      card([
        { type: 'Unknown.Element' },
        { type: 'TextBlock', text: 'x', color: 'Purple' },
        { type: 'Input.Text', id: 'dup', label: 'A' },
        { type: 'Input.Text', id: 'dup', label: 'B', isRequired: true },
        { type: 'ActionSet', actions: Array.from({ length: 6 }, () => execute()) },
      ]),
    );
    expect(errors.some((error) => error.startsWith('parse: UnknownElementType'))).toBe(true);
    expect(errors.some((error) => error.startsWith('parse: InvalidPropertyValue'))).toBe(true);
    expect(errors.some((error) => error.startsWith('validate: DuplicateId'))).toBe(true);
    expect(errors.some((error) => error.startsWith('validate: RequiredInputsShouldHaveErrorMessage'))).toBe(true);
    expect(errors.some((error) => error.startsWith('validate: TooManyActions'))).toBe(true);
  });

  it('reports Teams routing rules: verbs, fallbacks, Submit data, version and size', () => {
    expect(validateAdaptiveCard(card([{ type: 'ActionSet', actions: [execute({ verb: undefined })] }]))).toEqual(
      expect.arrayContaining(['$.body[0].actions[0]: Action.Execute without verb']),
    );
    expect(validateAdaptiveCard(card([{ type: 'ActionSet', actions: [execute({ fallback: undefined })] }]))).toEqual([
      '$.body[0].actions[0]: Action.Execute needs an Action.Submit fallback with data.verb = verb',
    ]);
    expect(validateAdaptiveCard(card([{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Go', data: {} }] }]))).toEqual([
      '$.body[0].actions[0]: Action.Submit without data.verb',
    ]);
    expect(validateAdaptiveCard(card([], { version: '1.6' }))).toContain('version must be "1.5" (got 1.6)');
    expect(validateAdaptiveCard(card([{ type: 'TextBlock', text: 'x'.repeat(40_000) }])).some((error) => error.startsWith('card is'))).toBe(true);
    expect(validateAdaptiveCard([])).toEqual(['card must be a JSON object']);
  });
});
