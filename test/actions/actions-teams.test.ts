// Teams end to end: activities built from Teams' real payloads go over HTTP through the real adapter to the
// real core with the actions feature, on a real database; replies are read back from the fake Bot Connector.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { UPDATE_MESSAGES } from '../../src/domain/action-updates.ts';
import { conversationOf } from '../../src/teams/teams-activity.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, channelMention, personalMessage } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const BOARD_CHANNEL = '19:boardchannel0000000000000000001@thread.tacv2';
const TOM = { id: '29:1tomTeamsUserIdForActionTests', aadObjectId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', name: 'Tom Member' } as const;

const feature = createActionsFeature();
let app: TeamsTestApp;
let actionId: string;

function cardOf(response: { body: unknown }): Json {
  const body = response.body as Json;
  expect(body.type).toBe(ADAPTIVE);
  const card = body.value as Json;
  expect(validateAdaptiveCard(card)).toEqual([]);
  return card;
}

function execute(verb: string, data: Json, user: typeof SAM | typeof TOM = SAM) {
  return app.post(actionExecute({ ...app.envelope(user), verb, data: { verb, ...data } }));
}

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [feature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  // Sam's first message links Sam by email and keeps the personal chat's reference for reminders.
  await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
  const sam = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'sam' } });
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const tom = await prisma.person.create({ data: { partnershipId, key: 'tom', name: TOM.name, email: 'tom@testford.example' } });
  await prisma.membership.create({ data: { groupId: board.id, personId: tom.id, role: 'MEMBER' } });
  await prisma.chatIdentity.create({ data: { personId: tom.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: TOM.aadObjectId, linkedBy: 'IMPORT' } });
  const reference = conversationOf(channelMention({ ...app.envelope(), text: 'help', channelId: BOARD_CHANNEL }) as never).conversationReference;
  await prisma.groupChannel.create({
    data: { groupId: board.id, platform: 'TEAMS', workspaceId: TENANT_ID, channelId: BOARD_CHANNEL, conversationReference: JSON.parse(JSON.stringify(reference)) },
  });
  const action = await prisma.action.create({
    data: {
      partnershipId,
      ref: 'TF-2',
      title: 'Night-time economy patrols',
      ownerId: sam.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 20,
      dueDate: new Date('2030-03-31'),
      lastUpdateAt: new Date('2026-11-02T10:00:00Z'),
      cadence: 'FORTNIGHTLY',
    },
  });
  actionId = action.id;
});

afterAll(async () => {
  await feature.idle();
  await app?.stop();
});

beforeEach(() => {
  app.connector.clearRequests();
});

describe('the update form on Teams', () => {
  it('opens from the button in the invoke answer, shows inline errors, stores nothing, then saves a valid update', async () => {
    const form = cardOf(await execute(ACTION_IDS.openUpdateForm, { payload: { actionId } }));
    const text = JSON.stringify(form);
    expect(text).toContain('Night-time economy patrols');
    expect(text).toContain(ACTION_IDS.submitUpdateForm);
    const metadata = { actionId, seen: '2026-11-02T10:00:00.000Z' };
    expect(text).toContain(JSON.stringify(metadata).slice(1, -1));

    const fields = { status: 'OFF_TRACK', progress: '150', done: 'Two patrols cancelled', dueDate: '2030-03-31' };
    const invalid = cardOf(await execute(ACTION_IDS.submitUpdateForm, { payload: metadata, ...fields }));
    expect(JSON.stringify(invalid)).toContain(UPDATE_MESSAGES.progress);
    expect(JSON.stringify(invalid)).toContain('Two patrols cancelled');
    const tooLong = cardOf(await execute(ACTION_IDS.submitUpdateForm, { payload: metadata, ...fields, progress: '25', blockers: 'b'.repeat(2001) }));
    expect(JSON.stringify(tooLong)).toContain('Keep this to 2000 characters (it is 2001).');
    expect(await app.db.prisma.actionUpdate.count({ where: { actionId } })).toBe(0);

    const saved = cardOf(await execute(ACTION_IDS.submitUpdateForm, { payload: metadata, ...fields, progress: '25' }));
    expect(JSON.stringify(saved)).toContain('Saved your update on **TF-2**: Off track, 25%.');
    const action = await app.db.prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: { updates: true } });
    expect(action).toMatchObject({ status: 'OFF_TRACK', progress: 25 });
    expect(action.updates).toEqual([expect.objectContaining({ status: 'OFF_TRACK', progress: 25, done: 'Two patrols cancelled' })]);

    await feature.idle();
    const notice = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === BOARD_CHANNEL);
    expect(notice).toBeDefined();
    const card = (((notice?.body as Json).attachments as Json[])[0] as Json).content;
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('is now **off track**');
  });

  it('refuses a member who may not update the action, and audits it', async () => {
    const response = await execute(ACTION_IDS.openUpdateForm, { payload: { actionId } }, TOM);
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain(ACTION_IDS.submitUpdateForm);
    const everything = JSON.stringify([response.body, app.connector.sentActivities()]);
    expect(everything).toContain('post updates on');
    expect(everything).toContain('TF-2');
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { actorUserId: TOM.aadObjectId, outcome: 'REFUSED', subjectId: actionId } });
    expect(audit).toMatchObject({ action: `action.${ACTION_IDS.openUpdateForm}`, actorPlatform: 'TEAMS', subjectType: 'Action' });
  });

  it('lists my actions for "csp actions" as a valid card', async () => {
    await app.post(personalMessage({ ...app.envelope(), text: 'csp actions' }));
    const sent = JSON.stringify(app.connector.sentActivities());
    expect(sent).toContain('Your open actions');
    expect(sent).toContain('TF-2');
  });
});

describe('the reminder on Teams', () => {
  it('arrives once in the owner\'s personal chat, and its button opens the form', async () => {
    const job = createActionReminderJob({ owner: 'teams-e2e' });
    const wednesday = new Date('2030-01-09T11:00:00Z');
    await job.run({ services: app.core.services }, wednesday);
    await job.run({ services: app.core.services }, new Date(wednesday.getTime() + 30 * 60_000));
    const sends = app.connector.requestsFor('sendToConversation');
    expect(sends).toHaveLength(1);
    const card = (((sends[0]?.body as Json).attachments as Json[])[0] as Json).content;
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('A progress update is due');
    expect(text).toContain(ACTION_IDS.snoozeUpdateReminder);

    const form = cardOf(await execute(ACTION_IDS.openUpdateForm, { payload: { actionId } }));
    expect(JSON.stringify(form)).toContain('Update TF-2');
  });
});
