import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/services/closest-match.ts';

describe('closest match', () => {
  it('counts single-character edits', () => {
    expect(editDistance('actions', 'actions')).toBe(0);
    expect(editDistance('actons', 'actions')).toBe(1);
    expect(editDistance('hlep', 'help')).toBe(2);
    expect(editDistance('', 'vote')).toBe(4);
  });

  const commands = ['help', 'home', 'actions', 'update', 'vote', 'link', 'channel'];

  it('suggests the nearest command for a slip of the keyboard', () => {
    expect(closestMatch('actons', commands)).toBe('actions');
    expect(closestMatch('hlep', commands)).toBe('help');
    expect(closestMatch('VOTES', commands)).toBe('vote');
    expect(closestMatch('chanel', commands)).toBe('channel');
  });

  it('suggests a command the typed word starts', () => {
    expect(closestMatch('act', commands)).toBe('actions');
    expect(closestMatch('upd', commands)).toBe('update');
  });

  it('suggests nothing for a word unlike any command', () => {
    expect(closestMatch('indicators', commands)).toBeUndefined();
    expect(closestMatch('x', commands)).toBeUndefined();
    expect(closestMatch('', commands)).toBeUndefined();
  });
});
