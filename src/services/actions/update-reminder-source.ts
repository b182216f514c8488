// The reminder message's "progress updates due" section: every open action whose owner owes an update,
// one notification per action, owner and due period (another after a snooze ends), with a "Post update"
// button per action and snooze buttons for the lot. While an owner is away the reminder goes to their cover
// instead (services/absence/cover.ts), under a key of its own, so the owner's is still owed when they return.
import { listOpenActionsForSchedules, type ScheduledAction } from '../../db/action-store.ts';
import { effectiveCadence, updateReminderDue, type DueReminder } from '../../domain/update-reminders.ts';
import { coverForOwners, coverKey } from '../absence/cover.ts';
import { coverDedupeKey, coverNote, type CoverNote } from '../absence/cover-wording.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, ListItem, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import { VIEW_LIMITS } from '../../views/limits.ts';
import type { SnoozeValue } from './actions-feature.ts';
import { CADENCE_LABELS, formatDay, formatIsoDay, postUpdateButton, statusLabel } from './action-format.ts';
import { reminderDedupeKey, type ReminderItem, type ReminderSection, type ReminderSource } from './reminder-message.ts';

/** Actions listed with their own button; the next ones as text (a Slack message holds 50 blocks). */
export const ACTIONS_WITH_BUTTONS = 15;
/** Actions listed at all; a Teams card must stay under 28 KB. The rest are counted. */
export const ACTIONS_LISTED = 40;
const ACTION_UPDATES_SECTION_ORDER = 10;

export interface DueAction {
  readonly action: ScheduledAction;
  readonly reminder: DueReminder;
  readonly cadence: keyof typeof CADENCE_LABELS;
  /** Set when the reminder goes to someone covering for the owner, who is away. */
  readonly cover?: CoverNote;
}

function actionItem(entry: DueAction, withButton: boolean): ListItem {
  const { action, reminder } = entry;
  const since = reminder.cycle > 1 ? `Update overdue since ${formatIsoDay(reminder.firstDueOn)}` : `Update due ${formatIsoDay(reminder.dueOn)}`;
  const details = [`${statusLabel(action.status)}, ${action.progress}%`, `${since} (${CADENCE_LABELS[entry.cadence]})`];
  if (action.dueDate) details.push(`action due ${formatDay(action.dueDate)}`);
  const cover = entry.cover ? [lineBreak(), entry.cover.text] : [];
  return {
    text: rich(bold(action.ref), ` ${action.title}`, lineBreak(), details.join(' · '), ...cover),
    ...(withButton ? { button: postUpdateButton(action) } : {}),
  };
}

/** Snooze buttons for as many of the refs as a button's value can carry (all of them, in practice). */
function snoozeButtons(refs: readonly string[]): ButtonView[] {
  const fitting: string[] = [];
  for (const ref of refs) {
    const candidate: SnoozeValue = { refs: [...fitting, ref], length: 'WEEK' };
    if (JSON.stringify(candidate).length > VIEW_LIMITS.actionValueLength - 50) break;
    fitting.push(ref);
  }
  const value = (length: SnoozeValue['length']): SnoozeValue => ({ refs: fitting, length });
  return [
    { type: 'button', actionId: ACTION_IDS.snoozeUpdateReminder, label: 'Remind me tomorrow', value: value('DAY') },
    { type: 'button', actionId: ACTION_IDS.snoozeUpdateReminder, label: 'Remind me next week', value: value('WEEK') },
  ];
}

/** The section for one owner's due actions. */
export function actionUpdatesSection(entries: readonly DueAction[]): ReminderSection {
  const ordered = [...entries].sort((a, b) => a.reminder.firstDueOn.localeCompare(b.reminder.firstDueOn) || a.action.ref.localeCompare(b.action.ref));
  const count = ordered.length;
  const blocks: ViewBlock[] = [
    { type: 'text', text: rich(bold(count === 1 ? 'A progress update is due' : `${count} progress updates are due`)) },
    { type: 'list', items: ordered.slice(0, ACTIONS_LISTED).map((entry, index) => actionItem(entry, index < ACTIONS_WITH_BUTTONS)) },
  ];
  if (count > ACTIONS_WITH_BUTTONS) {
    const unlisted = count - Math.min(count, ACTIONS_LISTED);
    blocks.push({
      type: 'context',
      text: `${unlisted > 0 ? `And ${unlisted} more. ` : ''}Post updates on those without a button here with the update command and the action's ref; the actions command lists them all.`,
    });
  }
  // Snoozing is the owner's: someone covering cannot snooze another's reminders.
  const own = ordered.filter((entry) => !entry.cover);
  if (own.length > 0) blocks.push({ type: 'actions', controls: snoozeButtons(own.map((entry) => entry.action.ref)) });
  return { order: ACTION_UPDATES_SECTION_ORDER, blocks, summary: count === 1 ? '1 action update due' : `${count} action updates due` };
}

export const actionUpdateReminderSource: ReminderSource = {
  name: 'action-updates',
  async collect(db, partnership, now, absences) {
    const actions = await listOpenActionsForSchedules(db, partnership.id, { ownedOnly: true });
    const due = new Map<string, DueAction>();
    const items: ReminderItem[] = [];
    const covered: Array<{ entry: DueAction; ownerKey: string }> = [];
    for (const action of actions) {
      if (!action.owner) continue;
      const cadence = effectiveCadence(action.cadence, action.group?.defaultCadence);
      const reminder = updateReminderDue(
        { lastUpdateAt: action.lastUpdateAt, createdAt: action.createdAt, cadence, snoozedUntil: action.reminderSnoozedUntil },
        now,
        partnership.timeZone,
      );
      if (!reminder) continue;
      const base = reminderDedupeKey('ACTION_UPDATE_REMINDER', action.id, action.owner.id, reminder.periodKey);
      const dedupeKey = reminder.afterSnooze ? `${base}:after-snooze:${reminder.afterSnooze.toISOString()}` : base;
      if (absences.absenceOf(action.owner.id)) {
        covered.push({ entry: { action, reminder, cadence }, ownerKey: dedupeKey });
        continue;
      }
      due.set(dedupeKey, { action, reminder, cadence });
      items.push({ recipient: action.owner, kind: 'ACTION_UPDATE_REMINDER', subjectId: action.id, periodKey: reminder.periodKey, dedupeKey });
    }
    if (covered.length > 0) {
      const onDate = new Date(`${absences.day}T00:00:00.000Z`);
      const covers = await coverForOwners(
        db,
        partnership.id,
        covered.map(({ entry }) => ({ ownerId: entry.action.owner!.id, groupId: entry.action.group?.id ?? null })),
        absences,
        onDate,
      );
      for (const { entry, ownerKey } of covered) {
        const owner = entry.action.owner!;
        const cover = covers.get(coverKey(owner.id, entry.action.group?.id ?? null));
        if (!cover) continue;
        const note = coverNote(owner, absences.absenceOf(owner.id)!, cover, absences.day);
        for (const person of cover.people) {
          const dedupeKey = coverDedupeKey(ownerKey, owner.id, person.id);
          due.set(dedupeKey, { ...entry, cover: note });
          items.push({ recipient: person, kind: 'ACTION_UPDATE_REMINDER', subjectId: entry.action.id, periodKey: entry.reminder.periodKey, dedupeKey });
        }
      }
    }
    return {
      items,
      section: (claimed) => actionUpdatesSection(claimed.map((item) => due.get(item.dedupeKey)).filter((entry): entry is DueAction => entry !== undefined)),
    };
  },
};
