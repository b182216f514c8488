// The actions feature through the real core on a real database: lists, one action with its history, the
// update form (who may open it, validation, one transaction, channel notices, updates posted meanwhile)
// and the reminder's snooze buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRequest, ChatActor, ChatConversation, ChatResponse, FormSubmitRequest } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { createActionsFeature, type ActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { UPDATE_AUDIT_ACTION } from '../../src/services/actions/post-update.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ActionValue, FormView, MessageView, PagedListBlock } from '../../src/views/model.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { UPDATE_MESSAGES } from '../../src/domain/action-updates.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { capturingLogger, textOf } from '../services/chat-fixtures.ts';
import { DAY_MS, TUESDAY_10AM, linkPeople, recordingNotifier, seedActionPlan, type ActionPlan } from './action-fixtures.ts';

const WORKSPACE = 'T0ACTIONS';

let db: TestDatabase;
let core: RunningChatCore;
let feature: ActionsFeature;
let plan: ActionPlan;
let users: Record<keyof ActionPlan['people'], string>;
const slack = recordingNotifier('SLACK');
let now = TUESDAY_10AM;

function actorFor(role: keyof ActionPlan['people']): ChatActor {
  return { platform: 'SLACK', workspaceId: WORKSPACE, userId: users[role], lookupEmail: async () => undefined };
}

const here: ChatConversation = { platform: 'SLACK', workspaceId: WORKSPACE, channelId: 'D0PERSONAL', kind: 'personal' };

const command = (role: keyof ActionPlan['people'], text: string) => core.handleCommand({ actor: actorFor(role), conversation: here, text });
const press = (role: keyof ActionPlan['people'], actionId: ActionRequest['actionId'], value?: ActionValue) =>
  core.handleAction({ actor: actorFor(role), conversation: here, actionId, ...(value === undefined ? {} : { value }) });
const submit = (role: keyof ActionPlan['people'], form: FormView, fields: Record<string, string>) =>
  core.handleFormSubmit({ actor: actorFor(role), conversation: here, formId: form.submitActionId, fields, ...(form.metadata === undefined ? {} : { metadata: form.metadata }) } satisfies FormSubmitRequest);

function formOf(response: ChatResponse): FormView {
  const result = response.find((entry) => entry.type === 'openForm' || entry.type === 'formErrors');
  if (!result || (result.type !== 'openForm' && result.type !== 'formErrors')) throw new Error(`Expected a form, got ${JSON.stringify(response)}`);
  return result.form;
}

function messageOf(response: ChatResponse): MessageView {
  const result = response[0];
  if (result && (result.type === 'privateReply' || result.type === 'updateMessage' || result.type === 'post')) return result.message;
  if (result?.type === 'closeForm' && result.message) return result.message;
  throw new Error(`Expected a message, got ${JSON.stringify(response)}`);
}

function pagedListOf(view: MessageView): PagedListBlock {
  const block = view.blocks.find((candidate): candidate is PagedListBlock => candidate.type === 'pagedList');
  if (!block) throw new Error('no paged list');
  return block;
}

/** Every field filled as the form would send it back untouched, then overridden. */
function valuesOf(form: FormView, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    if (field.type === 'select' && field.initialValue) values[field.id] = field.initialValue;
    if (field.type === 'numberInput' && field.initialValue !== undefined) values[field.id] = String(field.initialValue);
    if (field.type === 'datePicker' && field.initialDate) values[field.id] = field.initialDate;
  }
  return { ...values, ...overrides };
}

beforeAll(async () => {
  db = await createTestDatabase();
  plan = await seedActionPlan(db.prisma, 'feature', [
    { ref: 'A-1', dueDate: '2026-12-31' },
    { ref: 'A-2', dueDate: '2026-11-01', status: 'AT_RISK', progress: 70, lastUpdateAt: null },
    { ref: 'A-3', owner: 'secondOwner', group: 'rap', dueDate: '2027-03-31' },
    { ref: 'A-4', status: 'COMPLETE', progress: 100 },
    ...Array.from({ length: 11 }, (_, index) => ({ ref: `B-${String(index + 1).padStart(2, '0')}`, owner: 'secondOwner' as const, group: 'rap' as const })),
  ]);
  users = await linkPeople(db.prisma, plan, WORKSPACE);
  await db.prisma.groupChannel.create({ data: { groupId: plan.groups.pog, platform: 'SLACK', workspaceId: WORKSPACE, channelId: 'C0POG' } });
  feature = createActionsFeature();
  core = createChatCore({ db: db.prisma, logger: capturingLogger(), features: [feature], notifiers: { SLACK: slack.notifier }, now: () => now });
});

afterAll(async () => {
  await feature?.idle();
  await db?.close();
});

describe('seeing actions', () => {
  it('lists my open actions with ref, title, priority, due date, status, progress and last update', async () => {
    const view = messageOf(await command('owner', 'actions'));
    const list = pagedListOf(view);
    const text = list.items.map((item) => fallbackText({ kind: 'message', blocks: [{ type: 'list', items: [item] }] })).join('\n');
    expect(list.items).toHaveLength(2);
    expect(text).toContain('A-1 Action A-1');
    expect(text).toContain('On track');
    expect(text).toContain('40%');
    expect(text).toContain('Due 31 Dec 2026');
    expect(text).toContain('Last update 21 Nov 2026');
    expect(text).toContain('Priority: Reduce anti-social behaviour');
    expect(text).toContain('A-2 Action A-2');
    expect(text).toContain('Due 1 Nov 2026 (overdue)');
    expect(text).toContain('No updates yet');
    expect(text).not.toContain('A-4');
    expect(list.items.every((item) => item.button?.actionId === ACTION_IDS.openUpdateForm)).toBe(true);
  });

  it('lists a group\'s actions for a member, a page at a time', async () => {
    const first = pagedListOf(messageOf(await command('member', 'actions rap')));
    expect(first.items).toHaveLength(12);
    expect(first.pageSize).toBe(10);
    expect(first.pagingValue).toMatchObject({ list: 'actions', by: 'group', id: plan.groups.rap });
    const next = await press('member', ACTION_IDS.pageNext, { ...first.pagingValue, page: 1 });
    expect(next[0]?.type).toBe('updateMessage');
    expect(pagedListOf(messageOf(next)).page).toBe(1);
    expect(messageOf(next).blocks[0]).toEqual({ type: 'heading', text: 'Actions of Responsible Authorities Partnership' });
  });

  it('filters by priority and by organisation, and says when a word matches nothing', async () => {
    expect(pagedListOf(messageOf(await command('member', 'actions asb'))).items).toHaveLength(15);
    const byCouncil = pagedListOf(messageOf(await command('member', 'actions "Norwich City Council"')));
    // Every action is led by the police; the council's people own A-3 and the B actions.
    expect(byCouncil.items).toHaveLength(12);
    expect(textOf(await command('member', 'actions nothing-like-this'))).toContain('No group, priority or organisation');
  });

  it('keeps the filtered lists for members of the partnership\'s groups, and audits the refusal', async () => {
    expect(textOf(await command('stranger', 'actions pog'))).toContain('for members of the partnership');
    const refused = await db.prisma.auditEvent.findFirst({ where: { action: 'command.actions', outcome: 'REFUSED', actorPersonId: plan.people.stranger } });
    expect(refused).not.toBeNull();
  });

  it('shows one action with its update history', async () => {
    await db.prisma.actionUpdate.create({
      data: { actionId: plan.actions['A-3']!, authorId: plan.people.secondOwner, status: 'ON_TRACK', progress: 30, done: 'Venues booked', createdAt: new Date('2026-11-10T12:00:00Z') },
    });
    const view = messageOf(await command('member', 'action a-3'));
    const text = fallbackText(view);
    expect(text).toContain('A-3 Action A-3');
    expect(text).toContain('Owner: Sue Second');
    expect(text).toContain('Update history');
    expect(text).toContain('10 Nov 2026 · On track · 30% · by Sue Second');
    expect(text).toContain('Done: Venues booked');
    expect(view.blocks.some((block) => block.type === 'actions')).toBe(false);
    const asOwner = messageOf(await command('secondOwner', 'action A-3'));
    expect(asOwner.blocks.some((block) => block.type === 'actions')).toBe(true);
    expect(textOf(await command('member', 'action Z-9'))).toContain('has no action Z-9');
  });
});

describe('posting an update', () => {
  it('opens the form for the owner from the button, filled with the action as it is', async () => {
    const form = formOf(await press('owner', ACTION_IDS.openUpdateForm, { actionId: plan.actions['A-1']! }));
    expect(form.submitActionId).toBe(ACTION_IDS.submitUpdateForm);
    expect(form.fields.map((field) => field.id)).toEqual(['status', 'progress', 'done', 'nextSteps', 'blockers', 'dueDate', 'dueDateReason', 'cancelReason']);
    expect(valuesOf(form)).toEqual({ status: 'ON_TRACK', progress: '40', dueDate: '2026-12-31' });
    expect(form.metadata).toEqual({ actionId: plan.actions['A-1'], seen: new Date(TUESDAY_10AM.getTime() - 3 * DAY_MS).toISOString() });
  });

  it('saves a valid update and the action\'s new state together, and tells the group channel it is at risk', async () => {
    const form = formOf(await command('owner', 'update A-1'));
    const response = await submit('owner', form, valuesOf(form, { status: 'AT_RISK', progress: '55', done: 'Half the sites visited', blockers: 'Need two more wardens' }));
    expect(response[0]?.type).toBe('closeForm');
    expect(textOf(response)).toContain('Saved your update on A-1: At risk, 55%.');

    const action = await db.prisma.action.findUniqueOrThrow({ where: { id: plan.actions['A-1']! }, include: { updates: true } });
    expect(action).toMatchObject({ status: 'AT_RISK', progress: 55, lastUpdateAt: TUESDAY_10AM });
    expect(action.updates).toEqual([
      expect.objectContaining({ authorId: plan.people.owner, source: 'CHAT', status: 'AT_RISK', progress: 55, done: 'Half the sites visited', blockers: 'Need two more wardens', createdAt: TUESDAY_10AM }),
    ]);
    await feature.idle();
    const notice = slack.channelPosts.at(-1);
    expect(notice?.target).toMatchObject({ channelId: 'C0POG' });
    expect(notice?.text).toContain('A-1 Action A-1 is now at risk (55% done).');
    expect(notice?.text).toContain('Blockers or help needed: Need two more wardens');
    expect(await db.prisma.auditEvent.count({ where: { action: UPDATE_AUDIT_ACTION, outcome: 'ALLOWED', subjectId: plan.actions['A-1']! } })).toBe(1);
  });

  it('shows inline errors and stores nothing when progress, due date or text are wrong', async () => {
    const form = formOf(await press('owner', ACTION_IDS.openUpdateForm, { actionId: plan.actions['A-2']! }));
    const before = await db.prisma.actionUpdate.count();
    const posts = slack.channelPosts.length;

    const badProgress = await submit('owner', form, valuesOf(form, { progress: '140', done: 'Kept when shown again' }));
    expect(badProgress[0]?.type).toBe('formErrors');
    const shown = formOf(badProgress);
    expect(shown.errors?.fields).toEqual({ progress: UPDATE_MESSAGES.progress });
    expect(shown.fields.find((field) => field.id === 'done')).toMatchObject({ initialValue: 'Kept when shown again' });

    const badDate = formOf(await submit('owner', form, valuesOf(form, { dueDate: '2026-11-20', dueDateReason: 'Slipped' })));
    expect(badDate.errors?.fields).toEqual({ dueDate: UPDATE_MESSAGES.dueDatePast });

    const noReason = formOf(await submit('owner', form, valuesOf(form, { dueDate: '2027-01-31' })));
    expect(noReason.errors?.fields).toEqual({ dueDateReason: UPDATE_MESSAGES.dueDateReason });

    const tooLong = formOf(await submit('owner', form, valuesOf(form, { nextSteps: 'n'.repeat(2001) })));
    expect(tooLong.errors?.fields).toEqual({ nextSteps: 'Keep this to 2000 characters (it is 2001).' });

    const noCancelReason = formOf(await submit('owner', form, valuesOf(form, { status: 'CANCELLED' })));
    expect(noCancelReason.errors?.fields).toEqual({ cancelReason: UPDATE_MESSAGES.cancelReason });

    expect(await db.prisma.actionUpdate.count()).toBe(before);
    expect(await db.prisma.action.findUniqueOrThrow({ where: { id: plan.actions['A-2']! } })).toMatchObject({ status: 'AT_RISK', progress: 70, lastUpdateAt: null });
    await feature.idle();
    expect(slack.channelPosts).toHaveLength(posts);
  });

  it('asks to confirm "complete" below 100%, then records it as 100% and tells the channel', async () => {
    const form = formOf(await press('owner', ACTION_IDS.openUpdateForm, { ref: 'A-2' }));
    const asked = formOf(await submit('owner', form, valuesOf(form, { status: 'COMPLETE', progress: '90' })));
    expect(asked.errors).toEqual({ form: UPDATE_MESSAGES.completeBelow100(90) });
    const confirm = asked.fields.find((field) => field.id === 'confirmComplete');
    expect(confirm).toMatchObject({ type: 'select', options: [{ value: 'yes' }] });
    expect(await db.prisma.actionUpdate.count({ where: { actionId: plan.actions['A-2']! } })).toBe(0);

    const saved = await submit('owner', asked, valuesOf(asked, { status: 'COMPLETE', progress: '90', confirmComplete: 'yes', dueDate: '2026-11-01' }));
    expect(textOf(saved)).toContain('Complete, 100%');
    expect(await db.prisma.action.findUniqueOrThrow({ where: { id: plan.actions['A-2']! } })).toMatchObject({ status: 'COMPLETE', progress: 100 });
    await feature.idle();
    expect(slack.channelPosts.at(-1)?.text).toContain('A-2 Action A-2 is complete.');
  });

  it('moves the due date with a reason, keeping the old date in the history and telling the channel', async () => {
    now = new Date(TUESDAY_10AM.getTime() + 60_000);
    const form = formOf(await command('deputy', 'update A-1'));
    await submit('deputy', form, valuesOf(form, { dueDate: '2027-02-28', dueDateReason: 'Wardens start in January' }));
    const latest = await db.prisma.actionUpdate.findFirstOrThrow({ where: { actionId: plan.actions['A-1']! }, orderBy: { createdAt: 'desc' } });
    expect(latest).toMatchObject({ authorId: plan.people.deputy, previousDueDate: new Date('2026-12-31'), newDueDate: new Date('2027-02-28'), dueDateReason: 'Wardens start in January' });
    expect(await db.prisma.action.findUniqueOrThrow({ where: { id: plan.actions['A-1']! } })).toMatchObject({ dueDate: new Date('2027-02-28') });
    await feature.idle();
    expect(slack.channelPosts.at(-1)?.text).toContain('the due date moved from 31 Dec 2026 to 28 Feb 2027: Wardens start in January');
  });

  it('refuses, without saving, an update posted on top of one saved meanwhile, and takes it once checked', async () => {
    now = new Date(TUESDAY_10AM.getTime() + 120_000);
    const mine = formOf(await command('owner', 'update A-1'));
    const chairs = formOf(await command('pogChair', 'update A-1'));
    await submit('pogChair', chairs, valuesOf(chairs, { status: 'OFF_TRACK', done: 'Chair: wardens withdrawn' }));

    now = new Date(TUESDAY_10AM.getTime() + 180_000);
    const refused = formOf(await submit('owner', mine, valuesOf(mine, { progress: '60', done: 'Owner: more visits' })));
    expect(refused.errors?.form).toContain('Another update on A-1 was saved');
    expect(refused.errors?.form).toContain('Off track');
    expect(await db.prisma.actionUpdate.count({ where: { actionId: plan.actions['A-1']!, done: 'Owner: more visits' } })).toBe(0);

    const again = await submit('owner', refused, valuesOf(refused, { status: 'OFF_TRACK', progress: '60', done: 'Owner: more visits', dueDate: '2027-02-28' }));
    expect(again[0]?.type).toBe('closeForm');
    expect(await db.prisma.actionUpdate.count({ where: { actionId: plan.actions['A-1']!, done: 'Owner: more visits' } })).toBe(1);
  });

  it('lets the secretariat update any action, and refuses a member, another organisation\'s deputy and a stranger, audited', async () => {
    const target = { actionId: plan.actions['A-3']! };
    expect(formOf(await press('secretary', ACTION_IDS.openUpdateForm, target)).title).toBe('Update A-3');
    expect(formOf(await press('rapChair', ACTION_IDS.openUpdateForm, target)).title).toBe('Update A-3');
    for (const role of ['member', 'deputy', 'stranger', 'pogChair'] as const) {
      const response = await press(role, ACTION_IDS.openUpdateForm, target);
      expect(response.map((entry) => entry.type)).toEqual(['privateReply']);
      expect(textOf(response)).toContain('you can\'t post updates on A-3');
      expect(textOf(response)).toContain('its owner (Sue Second), a nominated deputy for Norwich City Council, the chair of Responsible Authorities Partnership or the secretariat (Sam Secretary)');
    }
    const refusals = await db.prisma.auditEvent.findMany({ where: { outcome: 'REFUSED', subjectId: plan.actions['A-3']! } });
    expect(refusals).toHaveLength(4);
    expect(refusals[0]).toMatchObject({ action: `action.${ACTION_IDS.openUpdateForm}`, subjectType: 'Action', reason: expect.stringContaining('not the owner') });
  });

  it('refuses a submitted form from someone who may not update, saving nothing', async () => {
    const form = formOf(await press('secondOwner', ACTION_IDS.openUpdateForm, { actionId: plan.actions['A-3']! }));
    const before = await db.prisma.actionUpdate.count({ where: { actionId: plan.actions['A-3']! } });
    const response = await submit('member', form, valuesOf(form, { progress: '99' }));
    expect(response[0]?.type).toBe('closeForm');
    expect(textOf(response)).toContain('you can\'t post updates on A-3');
    expect(await db.prisma.actionUpdate.count({ where: { actionId: plan.actions['A-3']! } })).toBe(before);
    expect(await db.prisma.auditEvent.count({ where: { action: UPDATE_AUDIT_ACTION, outcome: 'REFUSED', actorPersonId: plan.people.member } })).toBe(1);
  });

  it('opens the form at once for someone with one open action, and offers a choice to someone with several', async () => {
    const single = await seedActionPlan(db.prisma, 'feature-single', [{ ref: 'S-1' }]);
    await db.prisma.chatIdentity.create({ data: { personId: single.people.owner, platform: 'SLACK', workspaceId: WORKSPACE, userId: 'U-single-owner', linkedBy: 'IMPORT' } });
    const response = await core.handleCommand({ actor: { platform: 'SLACK', workspaceId: WORKSPACE, userId: 'U-single-owner', lookupEmail: async () => undefined }, conversation: here, text: 'update' });
    expect(formOf(response).title).toBe('Update S-1');

    const choice = messageOf(await press('secondOwner', ACTION_IDS.openUpdateForm, {}));
    expect(choice.blocks[0]).toEqual({ type: 'heading', text: 'Which action is your update for?' });
    expect(pagedListOf(choice).items).toHaveLength(12);
  });
});

describe('snoozing reminders', () => {
  it('snoozes the owner\'s open actions among those named, to the next working time', async () => {
    const response = await press('secondOwner', ACTION_IDS.snoozeUpdateReminder, { refs: ['A-3', 'B-01', 'A-1'], length: 'DAY' });
    expect(textOf(response)).toContain('about A-3, B-01 again from Wed 25 Nov, 10:03');
    const rows = await db.prisma.action.findMany({ where: { ref: { in: ['A-3', 'B-01', 'A-1'] }, partnershipId: plan.partnershipId }, orderBy: { ref: 'asc' } });
    expect(rows.map((row) => [row.ref, row.reminderSnoozedUntil?.toISOString() ?? null])).toEqual([
      ['A-1', null],
      ['A-3', '2026-11-25T10:03:00.000Z'],
      ['B-01', '2026-11-25T10:03:00.000Z'],
    ]);
  });

  it('snoozes past bank holidays: a day from Christmas Eve comes back on Tuesday 29 December at 08:00', async () => {
    now = new Date('2026-12-24T10:03:00Z');
    try {
      const response = await press('secondOwner', ACTION_IDS.snoozeUpdateReminder, { refs: ['A-3'], length: 'DAY' });
      expect(textOf(response)).toContain('about A-3 again from Tue 29 Dec, 08:00');
    } finally {
      now = TUESDAY_10AM;
    }
  });

  it('ends the snooze when an update is posted', async () => {
    const form = formOf(await press('secondOwner', ACTION_IDS.openUpdateForm, { ref: 'B-01' }));
    await submit('secondOwner', form, valuesOf(form, { progress: '45' }));
    const row = await db.prisma.action.findFirstOrThrow({ where: { ref: 'B-01', partnershipId: plan.partnershipId } });
    expect(row.reminderSnoozedUntil).toBeNull();
  });
});
