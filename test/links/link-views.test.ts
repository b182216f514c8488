// The links and Open / Post update / Show all buttons as views, rendered to Block Kit and Adaptive Cards: within
// each platform's limits however long the list, with every button naming the thing it opens.
import { describe, expect, it } from 'vitest';
import type { ScheduledAction } from '../../src/db/action-store.ts';
import { channelNoticeMessage } from '../../src/services/actions/action-views.ts';
import {
  ESCALATION_ITEMS_SHOWN,
  ESCALATION_ITEMS_WITH_BUTTONS,
  escalationSummaryMessage,
  overdueListMessage,
  type EscalatedAction,
} from '../../src/services/actions/send-escalations.ts';
import { teamsMessageLink } from '../../src/teams/teams-links.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkAdaptiveCardSize, renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import { link, rich, type MessageView } from '../../src/views/model.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';

function overdue(count: number, groups = 3): EscalatedAction[] {
  return Array.from({ length: count }, (_, index) => {
    const action: ScheduledAction = {
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      ref: `HB-${String(index + 1).padStart(3, '0')}`,
      title: `Harbour safety task number ${index + 1} with a long enough title to fill a line`,
      status: 'AT_RISK',
      progress: 35,
      dueDate: new Date('2026-10-31'),
      cadence: null,
      lastUpdateAt: new Date('2026-09-01T10:00:00Z'),
      createdAt: new Date('2026-04-01T09:00:00Z'),
      reminderSnoozedUntil: null,
      owner: { id: 'owner', name: 'Omar Owner' },
      group: { id: `group-${index % groups}`, key: `g${index % groups}`, name: `Harbour group ${index % groups}`, defaultCadence: 'MONTHLY' },
    };
    return { action, escalation: { updateOverdueDays: 30, pastDueDate: '2026-10-31' } };
  });
}

/** Every Slack element and Teams Action.Execute with this id, as the value each carries. */
function slackValues(view: MessageView, actionId: string): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.action_id === actionId) found.push(record.value === undefined ? undefined : JSON.parse(String(record.value)));
      Object.values(record).forEach(visit);
    }
  };
  visit(renderBlockKit(view).blocks);
  return found;
}

function teamsValues(view: MessageView, verb: string): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && record.verb === verb) found.push((record.data as { payload?: unknown }).payload);
      // A button that opens a form is a dialog launcher in Teams: an Action.Submit whose data asks for task/fetch.
      const data = record.data as { verb?: unknown; payload?: unknown; msteams?: { type?: unknown } } | undefined;
      if (record.type === 'Action.Submit' && data?.verb === verb && data.msteams?.type === 'task/fetch') found.push(data.payload);
      Object.values(record).forEach(visit);
    }
  };
  visit(renderAdaptiveCard(view));
  return found;
}

function withinBothLimits(view: MessageView): void {
  expect(checkBlockKitLimits(renderBlockKit(view) as unknown as Record<string, unknown>, 'message')).toEqual([]);
  const card = renderAdaptiveCard(view);
  expect(validateAdaptiveCard(card)).toEqual([]);
  expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
}

describe("the chair's overdue summary", () => {
  it('gives the first actions Open and Post update, lists the rest, and ends with Show all, within both limits', () => {
    for (const groups of [1, 6]) {
      const items = overdue(60, groups);
      const view = escalationSummaryMessage({ person: { id: 'chair', name: 'Cleo Chair' }, asSecretariat: false, items }, 'Safer Harbour', new Date('2026-12-01'));
      withinBothLimits(view);
      for (const values of [slackValues(view, ACTION_IDS.openAction), teamsValues(view, ACTION_IDS.openAction)]) {
        expect(values).toHaveLength(ESCALATION_ITEMS_WITH_BUTTONS);
      }
      expect(slackValues(view, ACTION_IDS.openUpdateForm)).toHaveLength(ESCALATION_ITEMS_WITH_BUTTONS);
      expect(teamsValues(view, ACTION_IDS.openUpdateForm)).toHaveLength(ESCALATION_ITEMS_WITH_BUTTONS);
      expect(slackValues(view, ACTION_IDS.showOverdueActions)).toEqual([{ page: 0 }]);
      expect(teamsValues(view, ACTION_IDS.showOverdueActions)).toEqual([{ page: 0 }]);
      const text = JSON.stringify(renderBlockKit(view));
      expect(text).toContain(`And ${60 - ESCALATION_ITEMS_SHOWN} more.`);
      expect(text).toContain('Show all 60');
    }
  });

  it('names each action by id on its own buttons, and has no Show all when every action has buttons', () => {
    const items = overdue(3);
    const view = escalationSummaryMessage({ person: { id: 'chair', name: 'Cleo Chair' }, asSecretariat: false, items }, 'Safer Harbour', new Date('2026-12-01'));
    withinBothLimits(view);
    const ids = items.map((item) => ({ actionId: item.action.id })).sort((a, b) => a.actionId.localeCompare(b.actionId));
    const sorted = (values: unknown[]) => [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(slackValues(view, ACTION_IDS.openAction))).toEqual(ids);
    expect(sorted(teamsValues(view, ACTION_IDS.openUpdateForm))).toEqual(ids);
    expect(slackValues(view, ACTION_IDS.showOverdueActions)).toEqual([]);
  });

  it('pages the full list with an Open button per action', () => {
    const items = overdue(23);
    const view = overdueListMessage({ person: { id: 'chair', name: 'Cleo Chair' }, asSecretariat: false, items }, 'Safer Harbour', new Date('2026-12-01'), 2);
    withinBothLimits(view);
    expect(slackValues(view, ACTION_IDS.openAction)).toHaveLength(3);
    expect(teamsValues(view, ACTION_IDS.pagePrevious)).toEqual([{ list: 'overdue-actions', page: 1 }]);
    const empty = overdueListMessage({ person: { id: 'chair', name: 'Cleo Chair' }, asSecretariat: false, items: [] }, 'Safer Harbour', new Date('2026-12-01'), 0);
    expect(JSON.stringify(renderAdaptiveCard(empty))).toContain('Nothing is overdue in the groups you chair now.');
  });
});

describe('the at-risk notice', () => {
  it('carries Open and Post update for the action on both platforms', () => {
    const action = { id: '11111111-2222-4333-8444-555555555555', ref: 'HB-2', title: 'North quay survey' };
    const view = channelNoticeMessage(action, ['AT_RISK'], { status: 'AT_RISK', progress: 25, blockers: 'Harbour master away', dueDateChange: null }, 'Omar Owner');
    withinBothLimits(view);
    expect(slackValues(view, ACTION_IDS.openAction)).toEqual([{ actionId: action.id }]);
    expect(slackValues(view, ACTION_IDS.openUpdateForm)).toEqual([{ actionId: action.id }]);
    expect(teamsValues(view, ACTION_IDS.openAction)).toEqual([{ actionId: action.id }]);
    expect(teamsValues(view, ACTION_IDS.openUpdateForm)).toEqual([{ actionId: action.id }]);
  });
});

describe('links to a message', () => {
  it('render as a Slack mrkdwn link and a Teams markdown link, and a link button as a URL button and Action.OpenUrl', () => {
    const url = 'https://csp-test.slack.com/archives/C0HARBOUR1/p1764000000000100';
    const view: MessageView = {
      kind: 'message',
      blocks: [
        { type: 'list', items: [{ text: rich('#42 Fund harbour CCTV · ', link(url, 'Open the vote thread')) }] },
        { type: 'actions', controls: [{ type: 'linkButton', label: 'Open the vote thread', url }] },
      ],
    };
    withinBothLimits(view);
    const slack = JSON.stringify(renderBlockKit(view));
    expect(slack).toContain(`<${url}|Open the vote thread>`);
    expect(slack).toContain(JSON.stringify({ type: 'button', text: { type: 'plain_text', text: 'Open the vote thread', emoji: true }, url }).slice(1, -1));
    const teams = JSON.stringify(renderAdaptiveCard(view));
    expect(teams).toContain(`[Open the vote thread](${url})`);
    expect(teams).toContain(JSON.stringify({ type: 'Action.OpenUrl', title: 'Open the vote thread', url }).slice(1, -1));
  });

  it('builds a Teams deep link to a channel post with its thread and team, and to a message in a chat', () => {
    const channel = new URL(teamsMessageLink({ conversationId: '19:abc@thread.tacv2;messageid=1764000000123', messageId: '1764000000456', tenantId: 'tenant-1', groupId: 'group-1' }));
    expect(channel.pathname).toBe(`/l/message/${encodeURIComponent('19:abc@thread.tacv2')}/1764000000456`);
    expect(Object.fromEntries(channel.searchParams)).toEqual({ tenantId: 'tenant-1', groupId: 'group-1', parentMessageId: '1764000000456', createdTime: '1764000000456' });

    const chat = new URL(teamsMessageLink({ conversationId: 'a:1personalChatId', messageId: '1764000000789', tenantId: 'tenant-1' }));
    expect(chat.pathname).toBe('/l/message/a%3A1personalChatId/1764000000789');
    expect(JSON.parse(chat.searchParams.get('context') ?? '{}')).toEqual({ contextType: 'chat' });
    expect(chat.searchParams.get('parentMessageId')).toBeNull();
  });
});
