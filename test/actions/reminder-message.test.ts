import { describe, expect, it } from 'vitest';
import type { ScheduledAction } from '../../src/db/action-store.ts';
import { buildReminderMessage } from '../../src/services/actions/reminder-message.ts';
import { ACTIONS_LISTED, ACTIONS_WITH_BUTTONS, actionUpdatesSection, type DueAction } from '../../src/services/actions/update-reminder-source.ts';
import { checkAdaptiveCardSize, renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import type { ListBlock } from '../../src/views/model.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';

function due(count: number): DueAction[] {
  return Array.from({ length: count }, (_, index) => {
    const ref = `ASB-${String(index + 1).padStart(3, '0')}`;
    const action: ScheduledAction = {
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      ref,
      title: `Review the introduction of powers under the Clean Neighbourhoods Act, part ${index + 1}`,
      status: 'ON_TRACK',
      progress: 40,
      dueDate: new Date('2027-03-31'),
      cadence: null,
      lastUpdateAt: new Date('2026-11-02T10:00:00Z'),
      createdAt: new Date('2026-04-01T09:00:00Z'),
      reminderSnoozedUntil: null,
      owner: { id: 'owner', name: 'Olly Owner' },
      group: { id: 'group', key: 'pog', name: 'Partnership Operations Group', defaultCadence: 'WEEKLY' },
    };
    return { action, cadence: 'WEEKLY', reminder: { firstDueOn: '2026-11-09', dueOn: '2026-11-23', periodKey: '2026-W48', cycle: 3, afterSnooze: null } };
  });
}

describe('the reminder message', () => {
  it('stays within Slack\'s and Teams\' limits however many actions are due, with every snooze button kept', () => {
    const section = actionUpdatesSection(due(120));
    const view = buildReminderMessage({ id: 'owner', name: 'Olly Owner' }, 'Safer Norwich', [section]);
    const list = view.blocks.find((block): block is ListBlock => block.type === 'list');
    expect(list?.items).toHaveLength(ACTIONS_LISTED);
    expect(list?.items.filter((item) => item.button)).toHaveLength(ACTIONS_WITH_BUTTONS);
    expect(fallbackText(view)).toContain('And 80 more.');
    expect(fallbackText(view)).toContain('Update overdue since 9 Nov 2026 (weekly)');

    const slack = renderBlockKit(view);
    expect(checkBlockKitLimits(slack as unknown as Record<string, unknown>, 'message')).toEqual([]);
    expect(JSON.stringify(slack)).not.toContain('not shown');
    const snooze = JSON.stringify(slack.blocks.at(-1));
    expect(snooze).toContain('ASB-120');

    const card = renderAdaptiveCard(view);
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
    expect(JSON.stringify(card)).not.toContain('not shown');
  });

  it('puts sections in their order under one greeting, and previews them all', () => {
    const view = buildReminderMessage({ id: 'owner', name: 'Olly Owner' }, 'Safer Norwich', [
      { order: 20, blocks: [{ type: 'text', text: 'Hallmark items to review' }], summary: '2 hallmark reviews due' },
      actionUpdatesSection(due(1)),
    ]);
    const text = fallbackText(view);
    expect(text.startsWith('Your reminders\nHello Olly Owner. Safer Norwich is waiting on these from you:\nA progress update is due')).toBe(true);
    expect(text.indexOf('Hallmark items to review')).toBeGreaterThan(text.indexOf('ASB-001'));
    expect(view.fallbackText).toBe('Reminder: 1 action update due; 2 hallmark reviews due');
  });
});
