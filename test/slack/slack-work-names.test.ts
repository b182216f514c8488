import { describe, expect, it } from 'vitest';
import { describeSlackRequest } from '../../src/slack/slack-work-names.ts';
import { describeTeamsActivity } from '../../src/teams/teams-work-names.ts';

describe('names of unfinished work at shutdown', () => {
  it('names a Slack request by kind, sub-command, button or form, and sender, without what was typed after the sub-command', () => {
    expect(describeSlackRequest({ command: '/csp', text: 'decision 12 secret notes', user_id: 'U123' })).toBe('slack command /csp decision from U123');
    expect(describeSlackRequest({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'action.vote.for' }] })).toBe(
      'slack click action.vote.for from U1',
    );
    expect(describeSlackRequest({ type: 'view_submission', user: { id: 'U2' }, view: { callback_id: 'action.update.submit' } })).toBe(
      'slack form action.update.submit from U2',
    );
    expect(describeSlackRequest({ type: 'event_callback', event: { type: 'app_mention', user: 'U3' } })).toBe('slack event app_mention from U3');
  });

  it('names a Teams activity by kind, command or verb, and sender', () => {
    const from = { id: '29:abc', aadObjectId: 'aad-1' };
    expect(describeTeamsActivity({ type: 'message', text: '<at>CSP</at> kpi record NI21 2026-Q1 35', from })).toBe('teams command kpi from aad-1');
    expect(describeTeamsActivity({ type: 'message', value: { action: 'x' }, from })).toBe('teams card submit from aad-1');
    expect(describeTeamsActivity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { verb: 'action.vote.for' } }, from })).toBe(
      'teams adaptiveCard/action action.vote.for from aad-1',
    );
    expect(describeTeamsActivity({ type: 'installationUpdate', from })).toBe('teams installationUpdate from aad-1');
  });
});
