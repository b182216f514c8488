// Forms in Teams dialogs, through the real teams-ai/botbuilder adapter over HTTP with activities built from Teams'
// documented payloads, on a partnership built here: a form asked for in a channel (by a typed command or a card
// button) opens as a dialog over the channel with the same fields, inline errors and refusals as the Slack modal,
// and the channel hears about what was saved. Where a dialog cannot open (a client that posts the launcher as a
// plain Action.Submit message), the form still arrives as a card in the person's personal chat.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, formatIsoDate } from '../../src/domain/calendar.ts';
import { UPDATE_MESSAGES } from '../../src/domain/action-updates.ts';
import { localDateOf } from '../../src/domain/time-zone.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { recordDecision } from '../digest/digest-fixtures.ts';
import { seedChecklist } from '../hallmarks/e2e-checklist.ts';
import { actionExecute, actionSubmit, channelMention, dialogInvoke, personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const CHANNEL = '19:northbridgeBoardChannel00000001@thread.tacv2';
const RHEA: TeamsParty = { id: '29:1rheaTeamsUserIdForDialogTests', aadObjectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'Rhea Council' };
const TOM: TeamsParty = { id: '29:1tomTeamsUserIdForDialogTests', aadObjectId: '5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d', name: 'Tom Member' };

const actions = createActionsFeature();
let app: TeamsTestApp;
let actionId: string;
let boardId: string;
let hallmarkItems: Map<string, string>;
let indicatorId: string;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [actions, voteFeature, hallmarksFeature, indicatorFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  const sam = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'sam' } });
  const council = await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'council' } });
  const tom = await prisma.person.create({ data: { partnershipId, key: 'tom', name: TOM.name, email: 'tom@testford.gov.uk' } });
  await prisma.membership.create({ data: { groupId: board.id, personId: tom.id, role: 'MEMBER' } });
  await prisma.chatIdentity.create({ data: { personId: tom.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: TOM.aadObjectId, linkedBy: 'IMPORT' } });
  app.connector.addMember({ id: TOM.id, name: TOM.name, aadObjectId: TOM.aadObjectId, email: 'tom@testford.gov.uk', userPrincipalName: 'tom@testford.gov.uk', tenantId: TENANT_ID, userRole: 'user' });
  const rhea = await prisma.person.create({ data: { partnershipId, key: 'rhea', name: 'Rhea Council', email: 'rhea@testford.gov.uk', organisationId: council.id } });
  await prisma.membership.create({ data: { groupId: board.id, personId: rhea.id, role: 'REPRESENTATIVE', organisationId: council.id } });
  await prisma.chatIdentity.create({ data: { personId: rhea.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: RHEA.aadObjectId, linkedBy: 'IMPORT' } });
  const action = await prisma.action.create({
    data: {
      partnershipId,
      ref: 'NB-7',
      title: 'Street lighting audit in the town centre',
      ownerId: sam.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 10,
      dueDate: new Date('2030-06-30'),
      lastUpdateAt: new Date('2026-11-10T09:00:00Z'),
      cadence: 'MONTHLY',
    },
  });
  actionId = action.id;
  hallmarkItems = await seedChecklist(prisma, partnershipId);
  const indicator = await prisma.indicator.create({
    data: { partnershipId, code: 'NB 1', name: 'Residents who feel safe after dark', unit: 'PERCENT', polarity: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', leadOrganisationId: council.id, groupId: board.id },
  });
  indicatorId = indicator.id;
  expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: CHANNEL, threadId: '1764000000100' }))).status).toBe(200);
  expect(await prisma.groupChannel.count({ where: { groupId: board.id, platform: 'TEAMS', channelId: CHANNEL } })).toBe(1);
});

afterAll(async () => {
  await actions.idle();
  await app?.stop();
});

beforeEach(() => {
  app.connector.clearRequests();
});

function walk(value: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(value)) value.forEach((entry) => walk(entry, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Json);
    Object.values(value).forEach((entry) => walk(entry, visit));
  }
}

function cardsOf(activities: readonly Json[]): Json[] {
  return activities.flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).filter((a) => a.contentType === ADAPTIVE).map((a) => a.content as Json));
}

/** The Action.Submit buttons on a card that open a dialog, by verb. */
function launchers(card: unknown): Json[] {
  const found: Json[] = [];
  walk(card, (node) => {
    const data = node.data as Json | undefined;
    if (node.type === 'Action.Submit' && (data?.msteams as Json | undefined)?.type === 'task/fetch') found.push(data as Json);
  });
  return found;
}

function inputsOf(card: unknown): Json[] {
  const found: Json[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) found.push(node);
  });
  return found;
}

/** The data of the dialog card's Action.Submit buttons: Teams merges the inputs into it on submit. */
function submitData(card: unknown): Json {
  const found: Json[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Submit') found.push(node.data as Json);
  });
  expect(found).toHaveLength(1);
  return found[0] as Json;
}

async function dialogStep(name: 'task/fetch' | 'task/submit', data: Json, user: TeamsParty = SAM, where: 'channel' | 'personal chat' = 'channel'): Promise<{ type: string; value: unknown }> {
  const place = where === 'channel' ? { channelId: CHANNEL, replyToId: '1764000000999' } : {};
  const response = await app.post(dialogInvoke({ ...app.envelope(user), name, data, ...place }));
  expect(response.status).toBe(200);
  const task = (response.body as { task: { type: string; value: unknown } }).task;
  expect(['continue', 'message']).toContain(task.type);
  return task;
}

/** The card a `continue` answer shows in the dialog, checked against Adaptive Cards 1.5 and the Teams rules. */
function dialogCard(task: { type: string; value: unknown }): { title: string; card: Json } {
  expect(task.type).toBe('continue');
  const value = task.value as { title: string; card: { contentType: string; content: Json } };
  expect(value.card.contentType).toBe(ADAPTIVE);
  expect(validateAdaptiveCard(value.card.content)).toEqual([]);
  expect(JSON.stringify(value.card.content)).not.toContain('Action.Execute');
  return { title: value.title, card: value.card.content };
}

async function launcherForCommand(text: string, threadId: string): Promise<Json> {
  expect((await app.post(channelMention({ ...app.envelope(), text, channelId: CHANNEL, threadId }))).status).toBe(200);
  const sent = app.connector.sentActivities();
  const cards = cardsOf(sent);
  expect(cards).toHaveLength(1);
  const card = cards[0] as Json;
  expect(validateAdaptiveCard(card)).toEqual([]);
  expect(inputsOf(card)).toEqual([]);
  expect(app.connector.requestsFor('createConversation')).toHaveLength(0);
  const [launcher] = launchers(card);
  expect(launcher).toMatchObject({ verb: ACTION_IDS.openCommandForm, payload: { command: text.replace(/^csp /, '') } });
  return launcher as Json;
}

describe('the update form as a Teams dialog', () => {
  it('opens from the reply to a typed command in the channel, shows inline errors, saves, and the channel is told', async () => {
    const launcher = await launcherForCommand('csp update NB-7', '1764000000101');

    const opened = dialogCard(await dialogStep('task/fetch', launcher));
    expect(opened.title).toContain('NB-7');
    expect(JSON.stringify(opened.card)).toContain('Street lighting audit in the town centre');
    expect(inputsOf(opened.card).map((input) => input.id)).toEqual(expect.arrayContaining(['status', 'progress', 'done', 'dueDate']));
    const submit = submitData(opened.card);
    expect(submit).toMatchObject({ verb: ACTION_IDS.submitUpdateForm, payload: { actionId, seen: '2026-11-10T09:00:00.000Z' } });

    const fields = { status: 'AT_RISK', progress: '150', done: 'Surveyed the high street', dueDate: '2030-06-30' };
    const invalid = dialogCard(await dialogStep('task/submit', { ...submit, ...fields }));
    expect(JSON.stringify(invalid.card)).toContain(UPDATE_MESSAGES.progress);
    expect(JSON.stringify(invalid.card)).toContain('Surveyed the high street');
    expect(submitData(invalid.card)).toMatchObject({ verb: ACTION_IDS.submitUpdateForm });
    expect(await app.db.prisma.actionUpdate.count({ where: { actionId } })).toBe(0);

    const saved = await dialogStep('task/submit', { ...submit, ...fields, progress: '35' });
    expect(saved.type).toBe('message');
    expect(String(saved.value)).toContain('Saved your update on NB-7: At risk, 35%.');
    const action = await app.db.prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: { updates: true } });
    expect(action).toMatchObject({ status: 'AT_RISK', progress: 35 });
    expect(action.updates).toEqual([expect.objectContaining({ status: 'AT_RISK', progress: 35, done: 'Surveyed the high street' })]);

    await actions.idle();
    const notice = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === CHANNEL);
    expect(JSON.stringify(cardsOf([notice?.body as Json]))).toContain('is now **at risk**');
    expect(app.connector.requestsFor('createConversation')).toHaveLength(0);
  });

  it('shows the refusal in the dialog to someone who may not update the action, and audits it, on opening and on a forged submit', async () => {
    const launcher = await launcherForCommand('csp update NB-7', '1764000000102');
    const refused = await dialogStep('task/fetch', launcher, TOM);
    expect(refused.type).toBe('message');
    expect(String(refused.value)).toContain("Sorry, you can't post updates on NB-7");

    const forged = await dialogStep('task/submit', { verb: ACTION_IDS.submitUpdateForm, payload: { actionId, seen: null }, status: 'COMPLETE', progress: '100' }, TOM);
    expect(forged.type).toBe('message');
    expect(String(forged.value)).toContain("Sorry, you can't post updates on NB-7");
    const audits = await app.db.prisma.auditEvent.findMany({ where: { actorUserId: TOM.aadObjectId, outcome: 'REFUSED', subjectId: actionId } });
    expect(audits.map((audit) => audit.action).sort()).toEqual(['action.update', 'command.update']);
    expect(await app.db.prisma.actionUpdate.count({ where: { actionId, status: 'COMPLETE' } })).toBe(0);
    expect(app.connector.requestsFor('createConversation')).toHaveLength(0);
  });

  it('answers a typed command in a group chat with the launcher in that chat too', async () => {
    const message = personalMessage({ ...app.envelope(), text: 'csp update NB-7' });
    const groupChat = { ...message, conversation: { id: '19:northbridgeGroupChat0001@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID } };
    expect((await app.post(groupChat)).status).toBe(200);
    expect(app.connector.requestsFor('createConversation')).toHaveLength(0);
    const sent = app.connector.sentActivities();
    const replies = [...app.connector.requestsFor('replyToActivity'), ...app.connector.requestsFor('sendToConversation')];
    expect(replies.map((request) => request.conversationId)).toEqual(['19:northbridgeGroupChat0001@thread.v2']);
    const [launcher] = launchers(cardsOf(sent));
    expect(launcher).toMatchObject({ verb: ACTION_IDS.openCommandForm, payload: { command: 'update NB-7' } });
  });

  it('falls back to the form card in the personal chat when a client posts the launcher as a plain Action.Submit', async () => {
    const launcher = await launcherForCommand('csp update NB-7', '1764000000103');
    app.connector.clearRequests();
    const submit = actionSubmit({ ...app.envelope(), data: launcher });
    const inChannel = {
      ...submit,
      conversation: { id: `${CHANNEL};messageid=1764000000103`, isGroup: true, conversationType: 'channel', tenantId: TENANT_ID },
      channelData: { ...(submit.channelData as Json), channel: { id: CHANNEL }, teamsChannelId: CHANNEL },
    };
    expect((await app.post(inChannel)).status).toBe(200);
    expect(app.connector.requestsFor('createConversation')).toHaveLength(1);
    const personal = app.connector.sentActivities().filter((activity) => !JSON.stringify(activity).includes(CHANNEL));
    const form = cardsOf(personal).find((card) => JSON.stringify(card).includes(ACTION_IDS.submitUpdateForm));
    expect(form).toBeDefined();
    expect(validateAdaptiveCard(form)).toEqual([]);
    expect(inputsOf(form).length).toBeGreaterThan(0);
  });
});

describe('the propose form as a Teams dialog', () => {
  it('opens from the channel, refuses a past closing time inline, opens the vote in the channel, and the card declares interests in dialogs', async () => {
    const launcher = await launcherForCommand('csp propose board', '1764000000201');
    const opened = dialogCard(await dialogStep('task/fetch', launcher));
    const group = inputsOf(opened.card).find((input) => input.id === 'group');
    expect(group?.value).toBe(boardId);
    const submit = submitData(opened.card);
    expect(submit.verb).toBe(ACTION_IDS.submitProposeForm);

    const today = localDateOf(new Date(), 'Europe/London');
    const fields = {
      title: 'Fund the street lighting audit',
      motion: 'That the board funds the street lighting audit from the community safety fund.',
      group: boardId,
      reason: 'CHAIR_DISCRETION',
      closesOn: formatIsoDate(addDays(today, -1)),
      closesAt: '17:00',
    };
    const invalid = dialogCard(await dialogStep('task/submit', { ...submit, ...fields }));
    const errors: string[] = [];
    walk(invalid.card, (node) => {
      if (node.type === 'TextBlock' && node.color === 'Attention') errors.push(String(node.text));
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(invalid.card)).toContain('Fund the street lighting audit');
    expect(await app.db.prisma.proposal.count({ where: { title: fields.title } })).toBe(0);

    const opens = await dialogStep('task/submit', { ...submit, ...fields, closesOn: formatIsoDate(addDays(today, 7)) });
    expect(opens.type).toBe('message');
    expect(String(opens.value)).toMatch(/^Your vote Fund the street lighting audit \(vote \d+\) is open in/);
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: fields.title } });
    expect(proposal).toMatchObject({ postPlatform: 'TEAMS', postChannelId: CHANNEL });
    const posted = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === CHANNEL);
    const voteCard = cardsOf([posted?.body as Json])[0];
    expect(JSON.stringify(voteCard)).toContain('Vote: Fund the street lighting audit');
    expect(validateAdaptiveCard(voteCard)).toEqual([]);

    // Sam is not a voter: the card's "Declare an interest" opens a dialog that says why not, and is audited.
    const declare = launchers(voteCard).find((data) => data.verb === ACTION_IDS.openDeclareInterestForm);
    expect(declare).toBeDefined();
    const refused = await dialogStep('task/fetch', declare as Json);
    expect(refused.type).toBe('message');
    expect(String(refused.value)).toContain('only its representative or deputy can make one');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'vote.declareInterest', outcome: 'REFUSED', actorUserId: SAM.aadObjectId } })).toBe(1);

    // Rhea represents the council: the same button opens the declaration form, and the thread hears of it.
    app.connector.clearRequests();
    const form = dialogCard(await dialogStep('task/fetch', declare as Json, RHEA));
    expect(inputsOf(form.card).map((input) => input.id)).toContain('interest');
    const declared = await dialogStep('task/submit', { ...submitData(form.card), interest: 'I am a trustee of the lighting charity.' }, RHEA);
    expect(declared.type).toBe('message');
    expect(String(declared.value)).toContain('Your declaration of interest for Testford Borough Council is recorded.');
    const rhea = await app.db.prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'rhea' } });
    expect(await app.db.prisma.declarationOfInterest.findUnique({ where: { proposalId_personId: { proposalId: proposal.id, personId: rhea.id } } })).toMatchObject({
      text: 'I am a trustee of the lighting charity.',
    });
    const thread = app.connector.sentActivities().filter((activity) => JSON.stringify(activity).includes('has declared an interest'));
    expect(thread.length).toBeGreaterThan(0);

  });

  it('records the votes of a meeting from the vote card in a dialog, with the same checks as the Slack modal', async () => {
    const launcher = await launcherForCommand('csp propose board', '1764000000203');
    const opened = dialogCard(await dialogStep('task/fetch', launcher));
    const closesOn = formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 7));
    app.connector.clearRequests();
    const fields = { title: 'Adopt the night bus safety scheme', motion: 'That the board adopts the night bus safety scheme.', group: boardId, reason: 'CHAIR_DISCRETION', closesOn, closesAt: '17:00' };
    expect((await dialogStep('task/submit', { ...submitData(opened.card), ...fields })).type).toBe('message');
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: fields.title } });
    const posted = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === CHANNEL);
    const voteCard = cardsOf([posted?.body as Json])[0];

    const record = launchers(voteCard).find((data) => data.verb === ACTION_IDS.openRecordVotesForm);
    expect(record).toBeDefined();
    const recordForm = dialogCard(await dialogStep('task/fetch', record as Json));
    const ids = inputsOf(recordForm.card).map((input) => String(input.id));
    expect(ids).toEqual(expect.arrayContaining(['via', 'on']));
    const partner = ids.find((id) => id.startsWith('o-'));
    expect(partner).toBeDefined();
    const meeting = formatIsoDate(localDateOf(new Date(), 'Europe/London'));
    const nobody = dialogCard(await dialogStep('task/submit', { ...submitData(recordForm.card), via: 'MEETING', on: meeting }));
    expect(JSON.stringify(nobody.card)).toContain('every partner is marked not present');
    expect(await app.db.prisma.ballot.count({ where: { proposalId: proposal.id } })).toBe(0);

    const recorded = await dialogStep('task/submit', { ...submitData(recordForm.card), via: 'MEETING', on: meeting, [partner as string]: 'FOR' });
    expect(recorded.type).toBe('message');
    expect(await app.db.prisma.ballot.count({ where: { proposalId: proposal.id, recordedVia: 'MEETING', organisationId: (partner as string).slice(2) } })).toBe(1);
  });

  it('shows the refusal in the dialog to a member who may not propose, and audits it', async () => {
    const launcher = await launcherForCommand('csp propose board', '1764000000202');
    const refused = await dialogStep('task/fetch', launcher, TOM);
    expect(refused.type).toBe('message');
    expect(String(refused.value)).toMatch(/chair|secretariat/i);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'command.propose', outcome: 'REFUSED', actorUserId: TOM.aadObjectId } })).toBe(1);

    const forged = await dialogStep('task/submit', { verb: ACTION_IDS.submitProposeForm, title: 'Sneaky vote', motion: 'That nothing happens.', group: boardId, reason: 'CHAIR_DISCRETION' }, TOM);
    expect(forged.type).toBe('message');
    expect(await app.db.prisma.proposal.count({ where: { title: 'Sneaky vote' } })).toBe(0);
    expect(await app.db.prisma.auditEvent.count({ where: { action: `form.${ACTION_IDS.submitProposeForm}`, outcome: 'REFUSED', actorUserId: TOM.aadObjectId } })).toBe(1);
  });
});

describe('the hallmark item form as a Teams dialog', () => {
  it('opens from the Update button of the item card, shows inline errors, and saves', async () => {
    const itemId = hallmarkItems.get('plan-r1') as string;
    const verb = ACTION_IDS.openHallmarkItem;
    expect((await app.post(actionExecute({ ...app.envelope(), verb, data: { verb, payload: { itemId } }, channelId: CHANNEL }))).status).toBe(200);
    // The item card is Sam's alone, so it comes to the personal chat; its Update button opens a dialog there.
    const itemCard = cardsOf(app.connector.sentActivities()).find((card) => launchers(card).some((data) => data.verb === ACTION_IDS.editHallmarkItem));
    expect(itemCard).toBeDefined();
    const launcher = launchers(itemCard).find((data) => data.verb === ACTION_IDS.editHallmarkItem) as Json;

    const opened = dialogCard(await dialogStep('task/fetch', launcher, SAM, 'personal chat'));
    expect(inputsOf(opened.card).map((input) => input.id)).toEqual(expect.arrayContaining(['status', 'notApplicableReason', 'reviewDate']));
    const submit = submitData(opened.card);
    expect(submit.verb).toBe(ACTION_IDS.submitHallmarkItem);

    const invalid = dialogCard(await dialogStep('task/submit', { ...submit, status: 'NOT_APPLICABLE', notApplicableReason: '', reviewDate: '2020-01-01' }, SAM, 'personal chat'));
    expect(JSON.stringify(invalid.card)).toContain('Give the reason this item does not apply');
    expect(JSON.stringify(invalid.card)).toContain('The review date cannot be in the past');
    expect(await app.db.prisma.hallmarkAssessment.count({ where: { itemId } })).toBe(1);

    const reason = 'A single-tier area has no county plan to align with.';
    const saved = await dialogStep('task/submit', { ...submit, status: 'NOT_APPLICABLE', notApplicableReason: reason, reviewDate: '2099-03-31' }, SAM, 'personal chat');
    expect(saved.type).toBe('message');
    expect(String(saved.value)).toContain('Saved: hallmark item plan-r1 is now not applicable');
    const latest = await app.db.prisma.hallmarkAssessment.findFirstOrThrow({ where: { itemId }, orderBy: { assessedAt: 'desc' } });
    expect(latest).toMatchObject({ status: 'NOT_APPLICABLE', notApplicableReason: reason, source: 'CHAT' });
  });

  it('shows the refusal in the dialog to a member who may not update the item, and audits it', async () => {
    const itemId = hallmarkItems.get('plan-r1') as string;
    const refused = await dialogStep('task/fetch', { verb: ACTION_IDS.editHallmarkItem, payload: { itemId }, msteams: { type: 'task/fetch' } }, TOM);
    expect(refused.type).toBe('message');
    expect(String(refused.value)).toContain('Sorry, only its owner');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'hallmark.update', outcome: 'REFUSED', actorUserId: TOM.aadObjectId, subjectId: itemId } })).toBe(1);
  });
});

describe('the update form reached through a list inside the dialog', () => {
  it('lists my actions in the dialog when I own several, and the one I choose opens its form in the same dialog', async () => {
    const sam = await app.db.prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'sam' } });
    await app.db.prisma.action.create({
      data: { partnershipId: app.partnershipId, ref: 'NB-8', title: 'CCTV coverage review', ownerId: sam.id, groupId: boardId, status: 'NOT_STARTED', progress: 0, cadence: 'MONTHLY' },
    });
    // "Update my actions" on the digest and "Post an update" on the home card carry no action.
    const list = dialogCard(await dialogStep('task/fetch', { verb: ACTION_IDS.openUpdateForm, payload: {}, msteams: { type: 'task/fetch' } }));
    expect(JSON.stringify(list.card)).toContain('NB-7');
    expect(JSON.stringify(list.card)).toContain('NB-8');
    expect(launchers(list.card)).toEqual([]);
    const choices: Json[] = [];
    walk(list.card, (node) => {
      if (node.type === 'Action.Submit' && (node.data as Json).verb === ACTION_IDS.openUpdateForm) choices.push(node.data as Json);
    });
    const nb8 = await app.db.prisma.action.findFirstOrThrow({ where: { partnershipId: app.partnershipId, ref: 'NB-8' } });
    const choice = choices.find((data) => (data.payload as Json).actionId === nb8.id);
    expect(choice).toBeDefined();

    const form = dialogCard(await dialogStep('task/submit', choice as Json));
    expect(form.title).toContain('NB-8');
    expect(submitData(form.card)).toMatchObject({ verb: ACTION_IDS.submitUpdateForm, payload: { actionId: nb8.id } });
  });
});

describe('the reading form as a Teams dialog', () => {
  it('opens from the indicator card, shows a negative value as an inline error, and records the reading', async () => {
    await app.post(personalMessage({ ...app.envelope(), text: 'csp kpi NB 1' }));
    const card = cardsOf(app.connector.sentActivities()).find((candidate) => launchers(candidate).some((data) => data.verb === ACTION_IDS.openReadingForm));
    expect(card).toBeDefined();
    expect(validateAdaptiveCard(card)).toEqual([]);
    const launcher = launchers(card).find((data) => data.verb === ACTION_IDS.openReadingForm) as Json;

    const opened = dialogCard(await dialogStep('task/fetch', launcher, SAM, 'personal chat'));
    const period = inputsOf(opened.card).find((input) => input.id === 'period');
    expect(typeof period?.value).toBe('string');
    const submit = submitData(opened.card);
    expect(submit.verb).toBe(ACTION_IDS.submitReadingForm);

    const invalid = dialogCard(await dialogStep('task/submit', { ...submit, period: period?.value, value: '-3' }, SAM, 'personal chat'));
    expect(JSON.stringify(invalid.card)).toContain('A reading cannot be negative');
    expect(await app.db.prisma.indicatorReading.count({ where: { indicatorId } })).toBe(0);

    const saved = await dialogStep('task/submit', { ...submit, period: period?.value, value: '62.5' }, SAM, 'personal chat');
    expect(saved.type).toBe('message');
    expect(String(saved.value)).toContain('NB 1');
    const reading = await app.db.prisma.indicatorReading.findFirstOrThrow({ where: { indicatorId } });
    expect(reading.value.toNumber()).toBe(62.5);
    expect(reading.period).toBe(period?.value);
  });

  it('shows the refusal in the dialog to someone outside the lead organisation and the secretariat', async () => {
    const refused = await dialogStep('task/fetch', { verb: ACTION_IDS.openReadingForm, payload: { indicatorId }, msteams: { type: 'task/fetch' } }, TOM);
    expect(refused.type).toBe('message');
    expect(String(refused.value)).toContain('Only people from Testford Borough Council (the lead organisation) or the secretariat');
  });
});

describe('the decision correction form as a Teams dialog', () => {
  it('opens from the reply to "csp decision correct", checks the outcome against the quorum inline, and records the correction', async () => {
    await recordDecision(app.db.prisma, { partnershipId: app.partnershipId, groupId: boardId, number: 41, decidedAt: new Date('2026-10-01T17:00:00Z'), title: 'Adopt the lighting strategy' });
    const launcher = await launcherForCommand('csp decision correct 41', '1764000000401');
    const opened = dialogCard(await dialogStep('task/fetch', launcher));
    expect(opened.title).toBe('Correct decision 41');
    expect(inputsOf(opened.card).map((input) => input.id)).toEqual(['outcome', 'forCount', 'againstCount', 'abstainCount', 'reason', 'override']);
    const submit = submitData(opened.card);

    const fields = { forCount: '1', againstCount: '0', abstainCount: '0', reason: 'The council vote was recorded as for; the minutes say against.' };
    const invalid = dialogCard(await dialogStep('task/submit', { ...submit, ...fields, outcome: 'NO_DECISION_INQUORATE' }));
    expect(JSON.stringify(invalid.card)).toContain('under simple majority the vote was carried; it cannot be recorded as no decision (not quorate)');
    expect(await app.db.prisma.decision.count({ where: { partnershipId: app.partnershipId, correctsId: { not: null } } })).toBe(0);

    const saved = await dialogStep('task/submit', { ...submit, ...fields, outcome: 'LOST', forCount: '0', againstCount: '1' });
    expect(saved.type).toBe('message');
    expect(String(saved.value)).toMatch(/^Recorded decision \d+, correcting decision 41\.$/);
    expect(await app.db.prisma.decision.count({ where: { partnershipId: app.partnershipId, correctsId: { not: null }, outcome: 'LOST' } })).toBe(1);
  });
});
