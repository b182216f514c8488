// Slack end to end: signed requests from Slack's real payloads go through the real Bolt receiver to the real
// core with the actions feature, on a real database; what the bot sends is read back from the fake Web API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { UPDATE_AUDIT_ACTION } from '../../src/services/actions/post-update.ts';
import { UPDATE_MESSAGES } from '../../src/domain/action-updates.ts';
import { decodeModalMetadata } from '../../src/slack/modal-metadata.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import {
  blockActionsPayload,
  dateValue,
  interactivePayloadBody,
  numberValue,
  plainTextValue,
  selectValue,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const BEA = { userId: 'U0BEA00001', name: 'Bea Outsider' } as const;
const feature = createActionsFeature();
let app: SlackTestApp;
let actionId: string;

interface OpenedModal {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
}

beforeAll(async () => {
  app = await startSlackTestApp({ features: [feature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
  const bea = await prisma.person.create({ data: { partnershipId, key: 'bea', name: BEA.name, email: 'bea@testford.example' } });
  await prisma.chatIdentity.create({ data: { personId: bea.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: BEA.userId, linkedBy: 'IMPORT' } });
  await prisma.groupChannel.create({ data: { groupId: board.id, platform: 'SLACK', workspaceId: TEAM_ID, channelId: BOARD_CHANNEL } });
  const action = await prisma.action.create({
    data: {
      partnershipId,
      ref: 'TF-1',
      title: 'Street lighting audit',
      ownerId: alex.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 30,
      dueDate: new Date('2030-06-30'),
      lastUpdateAt: new Date('2026-11-02T10:00:00Z'),
      cadence: 'WEEKLY',
    },
  });
  actionId = action.id;
});

afterAll(async () => {
  await feature.idle();
  await app?.stop();
});

beforeEach(() => {
  app.fake.clearCalls();
});

function clickPostUpdate(userId: string, responseName: string) {
  return app.send(
    interactivePayloadBody(
      blockActionsPayload({
        actionId: ACTION_IDS.openUpdateForm,
        value: JSON.stringify({ actionId }),
        userId,
        teamId: TEAM_ID,
        channelId: BOARD_CHANNEL,
        triggerId: `7007.${responseName}.trigger`,
        responseUrl: app.fake.responseUrl(responseName),
      }),
    ),
  );
}

async function openedModal(): Promise<OpenedModal> {
  const opened = await app.fake.waitForCall('views.open');
  const view = opened.body.view as OpenedModal & Record<string, unknown>;
  expect(checkBlockKitLimits(view, 'modal')).toEqual([]);
  return view;
}

function submitModal(view: OpenedModal, values: { status: string; progress: string; done?: string; dueDate?: string; dueDateReason?: string; confirm?: string }) {
  const state: Record<string, Record<string, ReturnType<typeof plainTextValue>>> = {
    status: { status: selectValue(values.status) },
    progress: { progress: numberValue(values.progress) },
    done: { done: plainTextValue(values.done ?? null) },
    nextSteps: { nextSteps: plainTextValue(null) },
    blockers: { blockers: plainTextValue(null) },
    dueDate: { dueDate: dateValue(values.dueDate ?? '2030-06-30') },
    dueDateReason: { dueDateReason: plainTextValue(values.dueDateReason ?? null) },
    cancelReason: { cancelReason: plainTextValue(null) },
    ...(values.confirm ? { confirmComplete: { confirmComplete: selectValue(values.confirm) } } : {}),
  };
  return app.send(
    interactivePayloadBody(
      viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values: state, userId: ALEX.userId, teamId: TEAM_ID }),
    ),
  );
}

/** Every interactive element (button) in rendered Block Kit with this action_id. */
function elementsWith(blocks: unknown, actionId: string): Array<{ action_id: string; value?: string }> {
  const found: Array<{ action_id: string; value?: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.action_id === actionId) found.push(record as { action_id: string; value?: string });
      Object.values(record).forEach(visit);
    }
  };
  visit(blocks);
  return found;
}

function blocksText(call: RecordedSlackCall): string {
  return JSON.stringify(call.body.blocks ?? []);
}

describe('the update form on Slack', () => {
  it('opens from the button as a modal carrying the action and the last update seen', async () => {
    expect((await clickPostUpdate(ALEX.userId, 'open')).status).toBe(200);
    const view = await openedModal();
    expect(view.callback_id).toBe(ACTION_IDS.submitUpdateForm);
    expect(decodeModalMetadata(view.private_metadata)?.metadata).toEqual({ actionId, seen: '2026-11-02T10:00:00.000Z' });
    expect(JSON.stringify(view.blocks)).toContain('Street lighting audit');
  });

  it('shows inline errors for an invalid update and stores nothing', async () => {
    await clickPostUpdate(ALEX.userId, 'invalid');
    const view = await openedModal();
    const before = await app.db.prisma.actionUpdate.count({ where: { actionId } });

    const badProgress = await submitModal(view, { status: 'ON_TRACK', progress: '140', done: 'Surveyed' });
    expect(badProgress.status).toBe(200);
    expect(badProgress.json()).toEqual({ response_action: 'errors', errors: { progress: UPDATE_MESSAGES.progress } });

    const pastDate = await submitModal(view, { status: 'ON_TRACK', progress: '40', dueDate: '2020-01-31', dueDateReason: 'Done early' });
    expect(pastDate.json()).toEqual({ response_action: 'errors', errors: { dueDate: UPDATE_MESSAGES.dueDatePast } });

    const tooLong = await submitModal(view, { status: 'ON_TRACK', progress: '40', done: 'd'.repeat(2001) });
    expect(tooLong.json()).toEqual({ response_action: 'errors', errors: { done: 'Keep this to 2000 characters (it is 2001).' } });

    // "Complete" under 100%: the modal is redrawn with the question and a way to confirm.
    const complete = (await submitModal(view, { status: 'COMPLETE', progress: '80' })).json() as { response_action: string; view: OpenedModal };
    expect(complete.response_action).toBe('update');
    expect(JSON.stringify(complete.view.blocks)).toContain(UPDATE_MESSAGES.completeBelow100(80));
    expect(JSON.stringify(complete.view.blocks)).toContain('"block_id":"confirmComplete"');
    expect(checkBlockKitLimits(complete.view as unknown as Record<string, unknown>, 'modal')).toEqual([]);

    expect(await app.db.prisma.actionUpdate.count({ where: { actionId } })).toBe(before);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('saves a valid update, closes the modal, confirms privately and tells the board channel', async () => {
    await clickPostUpdate(ALEX.userId, 'valid');
    const view = await openedModal();
    const response = await submitModal(view, { status: 'AT_RISK', progress: '45', done: 'Half the streets surveyed' });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');

    const confirmation = await app.fake.waitForCall('chat.postEphemeral');
    expect(confirmation.body).toMatchObject({ channel: BOARD_CHANNEL, user: ALEX.userId });
    expect(String(confirmation.body.text)).toContain('Saved your update on TF-1: At risk, 45%.');
    const notice = await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === BOARD_CHANNEL);
    expect(blocksText(notice)).toContain('is now *at risk*');

    const action = await app.db.prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: { updates: true } });
    expect(action).toMatchObject({ status: 'AT_RISK', progress: 45 });
    expect(action.updates.at(-1)).toMatchObject({ status: 'AT_RISK', progress: 45, done: 'Half the streets surveyed', source: 'CHAT' });
  });

  it('refuses someone who may not update the action, privately, and audits it', async () => {
    expect((await clickPostUpdate(BEA.userId, 'refused')).status).toBe(200);
    const reply = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/refused');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(reply.body)).toContain('you can\'t post updates on *TF-1*');
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { actorUserId: BEA.userId, outcome: 'REFUSED', subjectId: actionId } });
    expect(audit).toMatchObject({ action: `action.${ACTION_IDS.openUpdateForm}`, actorPlatform: 'SLACK' });
    expect(await app.db.prisma.auditEvent.count({ where: { action: UPDATE_AUDIT_ACTION, actorUserId: BEA.userId, outcome: 'ALLOWED' } })).toBe(0);
  });

  it('opens the form from /csp update <ref> with the command\'s trigger id', async () => {
    const body = slashCommandBody({ text: 'update tf-1', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, triggerId: '7007.command.trigger', responseUrl: app.fake.responseUrl('command') });
    expect((await app.send(body)).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open');
    expect(opened.body.trigger_id).toBe('7007.command.trigger');
  });
});

describe('the reminder on Slack', () => {
  it('arrives as one DM through the Slack notifier, and its button opens the form', async () => {
    const job = createActionReminderJob({ owner: 'slack-e2e' });
    const monday = new Date('2030-01-07T09:00:00Z');
    await job.run({ services: app.core.services }, monday);
    const opened = app.fake.callsTo('conversations.open');
    expect(opened.map((call) => call.body.users)).toEqual([ALEX.userId]);
    const dm = app.fake.callsTo('chat.postMessage');
    expect(dm).toHaveLength(1);
    expect(String(dm[0]?.body.text)).toBe('Reminder: 1 action update due');
    expect(checkBlockKitLimits({ text: dm[0]?.body.text, blocks: dm[0]?.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const [button] = elementsWith(dm[0]?.body.blocks, ACTION_IDS.openUpdateForm);
    expect(button?.value).toBe(JSON.stringify({ actionId }));
    expect(elementsWith(dm[0]?.body.blocks, ACTION_IDS.snoozeUpdateReminder).map((element) => element.value)).toEqual([
      JSON.stringify({ refs: ['TF-1'], length: 'DAY' }),
      JSON.stringify({ refs: ['TF-1'], length: 'WEEK' }),
    ]);

    await job.run({ services: app.core.services }, new Date(monday.getTime() + 15 * 60_000));
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);

    await app.send(interactivePayloadBody(blockActionsPayload({ actionId: ACTION_IDS.openUpdateForm, value: button?.value, userId: ALEX.userId, teamId: TEAM_ID, channelId: String(dm[0]?.body.channel), triggerId: '7007.dm.trigger' })));
    const form = await app.fake.waitForCall('views.open');
    expect(form.body.trigger_id).toBe('7007.dm.trigger');
  });
});
