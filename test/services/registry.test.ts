import { describe, expect, it } from 'vitest';
import { ChatRegistry, RegistryError, isAllowed } from '../../src/services/registry.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';

const noop = async () => [];

describe('chat registry', () => {
  it('finds commands by name or alias and keeps registration order', () => {
    const registry = new ChatRegistry()
      .command({ name: 'actions', aliases: ['mine'], summary: 's', usage: '', example: 'actions', run: noop })
      .command({ name: 'vote', summary: 's', usage: '', example: 'vote', run: noop });
    expect(registry.findCommand('mine')?.name).toBe('actions');
    expect(registry.commands().map((command) => command.name)).toEqual(['actions', 'vote']);
  });

  it('refuses a command, action, form or section registered twice, and badly named commands', () => {
    const registry = new ChatRegistry().command({ name: 'vote', summary: 's', usage: '', example: 'vote', run: noop });
    expect(() => registry.command({ name: 'ballot', aliases: ['vote'], summary: 's', usage: '', example: 'x', run: noop })).toThrow(RegistryError);
    expect(() => registry.command({ name: 'Two Words', summary: 's', usage: '', example: 'x', run: noop })).toThrow('must be one lower-case word');
    registry.action({ actionId: ACTION_IDS.voteFor, run: noop });
    expect(() => registry.action({ actionId: ACTION_IDS.voteFor, run: noop })).toThrow('registered twice');
    registry.homeSection({ id: 'votes', order: 1, build: async () => [] });
    expect(() => registry.homeSection({ id: 'votes', order: 2, build: async () => [] })).toThrow('registered twice');
  });

  it('refuses a home shortcut whose action nobody handles, so no button is dead', () => {
    const registry = new ChatRegistry().homeShortcut({ label: 'Decision log', actionId: ACTION_IDS.openProposal, order: 1 });
    expect(() => registry.validate()).toThrow('Home shortcut "Decision log" uses action "action.vote.proposal.open", which no feature handles');
    registry.action({ actionId: ACTION_IDS.openProposal, run: noop });
    expect(() => registry.validate()).not.toThrow();
  });

  it('orders home sections and shortcuts by their order', () => {
    const registry = new ChatRegistry()
      .homeSection({ id: 'b', order: 20, build: async () => [] })
      .homeSection({ id: 'a', order: 10, build: async () => [] });
    expect(registry.homeSections().map((section) => section.id)).toEqual(['a', 'b']);
  });

  it('allows a definition without roles to anyone, and one with roles to holders of any of them', () => {
    expect(isAllowed({}, new Set())).toBe(true);
    expect(isAllowed({ roles: ['CHAIR', 'SECRETARIAT'] }, new Set(['SECRETARIAT'] as const))).toBe(true);
    expect(isAllowed({ roles: ['SECRETARIAT'] }, new Set(['MEMBER', 'CHAIR'] as const))).toBe(false);
  });
});
