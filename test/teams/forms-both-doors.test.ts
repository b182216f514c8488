// The same form through both front doors, on the same partnership data built here: a Slack modal (real Bolt
// receiver, signed requests, fake Web API) and a Teams dialog (real adapter, fake connector) asked for by the
// same typed command in the board's channel show the same fields, the same inline error for the same mistake,
// the same refusal (audited on both), and the same confirmation once saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_MESSAGES } from '../../src/domain/action-updates.ts';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { channelMention, dialogInvoke, type TeamsParty } from '../support/teams-activities.ts';
import { dateValue, interactivePayloadBody, numberValue, plainTextValue, selectValue, slashCommandBody, viewSubmissionPayload } from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

const TEAMS_CHANNEL = '19:northbridgeParity000000000001@thread.tacv2';
const SLACK_OUTSIDER = { userId: 'U0OUTSIDE1', name: 'Olu Outsider' } as const;
const TEAMS_OUTSIDER: TeamsParty = { id: '29:1oluTeamsUserIdForParityTests', aadObjectId: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968', name: 'Olu Outsider' };

const slackActions = createActionsFeature();
const teamsActions = createActionsFeature();
let slack: SlackTestApp;
let teams: TeamsTestApp;

/** The street-lighting action owned by the linked chat user, and an outsider linked on the same platform. */
async function seedStreetLighting(prisma: PrismaClient, partnershipId: string, ownerKey: string, outsider: { platform: 'SLACK' | 'TEAMS'; workspaceId: string; userId: string }) {
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const owner = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: ownerKey } });
  const olu = await prisma.person.create({ data: { partnershipId, key: 'olu', name: 'Olu Outsider', email: 'olu@northbridge.example' } });
  await prisma.chatIdentity.create({ data: { personId: olu.id, platform: outsider.platform, workspaceId: outsider.workspaceId, userId: outsider.userId, linkedBy: 'IMPORT' } });
  const action = await prisma.action.create({
    data: {
      partnershipId,
      ref: 'NB-9',
      title: 'Street lighting repairs on the ring road',
      ownerId: owner.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 20,
      dueDate: new Date('2030-09-30'),
      lastUpdateAt: new Date('2026-11-12T09:00:00Z'),
      cadence: 'MONTHLY',
    },
  });
  return { boardId: board.id, actionId: action.id };
}

const FIELDS = { status: 'AT_RISK', progress: '150', done: 'Replaced twelve lamps', dueDate: '2030-09-30' };

function walk(value: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(value)) value.forEach((entry) => walk(entry, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Json);
    Object.values(value).forEach((entry) => walk(entry, visit));
  }
}

let slackActionId: string;
let teamsActionId: string;

beforeAll(async () => {
  [slack, teams] = await Promise.all([startSlackTestApp({ features: [slackActions] }), startTeamsTestApp({ features: [teamsActions] })]);
  const alex = await slack.db.prisma.person.findFirstOrThrow({ where: { partnershipId: slack.partnershipId, key: 'alex' } });
  await slack.db.prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
  const slackSeed = await seedStreetLighting(slack.db.prisma, slack.partnershipId, 'alex', { platform: 'SLACK', workspaceId: TEAM_ID, userId: SLACK_OUTSIDER.userId });
  await slack.db.prisma.groupChannel.create({ data: { groupId: slackSeed.boardId, platform: 'SLACK', workspaceId: TEAM_ID, channelId: BOARD_CHANNEL } });
  slackActionId = slackSeed.actionId;
  const teamsSeed = await seedStreetLighting(teams.db.prisma, teams.partnershipId, 'sam', { platform: 'TEAMS', workspaceId: TENANT_ID, userId: TEAMS_OUTSIDER.aadObjectId });
  teamsActionId = teamsSeed.actionId;
  await teams.post(channelMention({ ...teams.envelope(), text: 'csp channel board', channelId: TEAMS_CHANNEL, threadId: '1764000000300' }));
});

afterAll(async () => {
  await Promise.all([slackActions.idle(), teamsActions.idle()]);
  await Promise.all([slack?.stop(), teams?.stop()]);
});

async function slackModal(userId: string, name: string): Promise<{ callback_id: string; private_metadata: string; blocks: Json[] } | Json> {
  slack.fake.clearCalls();
  const body = slashCommandBody({ text: 'update nb-9', userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, triggerId: `7007.${name}.trigger`, responseUrl: slack.fake.responseUrl(name) });
  expect((await slack.send(body)).status).toBe(200);
  if (userId !== ALEX.userId) return (await slack.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`)).body;
  return (await slack.fake.waitForCall('views.open')).body.view as { callback_id: string; private_metadata: string; blocks: Json[] };
}

function submitSlack(view: { callback_id: string; private_metadata: string; blocks: Json[] }, progress: string) {
  const values = {
    status: { status: selectValue(FIELDS.status) },
    progress: { progress: numberValue(progress) },
    done: { done: plainTextValue(FIELDS.done) },
    nextSteps: { nextSteps: plainTextValue(null) },
    blockers: { blockers: plainTextValue(null) },
    dueDate: { dueDate: dateValue(FIELDS.dueDate) },
    dueDateReason: { dueDateReason: plainTextValue(null) },
    cancelReason: { cancelReason: plainTextValue(null) },
  };
  return slack.send(interactivePayloadBody(viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values, userId: ALEX.userId, teamId: TEAM_ID })));
}

async function teamsDialog(user: TeamsParty, name: 'task/fetch' | 'task/submit', data: Json): Promise<{ type: string; value: unknown }> {
  const response = await teams.post(dialogInvoke({ ...teams.envelope(user), name, data, channelId: TEAMS_CHANNEL, replyToId: '1764000000399' }));
  expect(response.status).toBe(200);
  return (response.body as { task: { type: string; value: unknown } }).task;
}

async function teamsLauncher(): Promise<Json> {
  teams.connector.clearRequests();
  await teams.post(channelMention({ ...teams.envelope(), text: 'csp update nb-9', channelId: TEAMS_CHANNEL, threadId: '1764000000301' }));
  let launcher: Json | undefined;
  walk(teams.connector.sentActivities(), (node) => {
    if (node.type === 'Action.Submit' && (node.data as Json).verb === ACTION_IDS.openCommandForm) launcher = node.data as Json;
  });
  expect(launcher).toBeDefined();
  return launcher as Json;
}

function dialogCard(task: { type: string; value: unknown }): Json {
  expect(task.type).toBe('continue');
  const card = (task.value as { card: { content: Json } }).card.content;
  expect(validateAdaptiveCard(card)).toEqual([]);
  return card;
}

/** Each Teams input with the inline error shown under it, if any (the renderer puts it right after its input). */
function teamsFieldsAndErrors(card: Json): Map<string, string | undefined> {
  const fields = new Map<string, string | undefined>();
  let last: string | undefined;
  for (const element of card.body as Json[]) {
    if (typeof element.type === 'string' && element.type.startsWith('Input.')) {
      last = String(element.id);
      fields.set(last, undefined);
    } else if (last && element.type === 'TextBlock' && element.color === 'Attention') {
      fields.set(last, String(element.text));
      last = undefined;
    } else {
      last = undefined;
    }
  }
  return fields;
}

describe('the update form through both front doors', () => {
  it('has the same fields, the same inline error and the same confirmation as a Slack modal and as a Teams dialog', async () => {
    const modal = (await slackModal(ALEX.userId, 'parity')) as { callback_id: string; private_metadata: string; blocks: Json[] };
    expect(modal.callback_id).toBe(ACTION_IDS.submitUpdateForm);
    const slackFields = modal.blocks.filter((block) => block.type === 'input').map((block) => String(block.block_id));

    const launcher = await teamsLauncher();
    const dialog = dialogCard(await teamsDialog(SAM, 'task/fetch', launcher));
    expect([...teamsFieldsAndErrors(dialog).keys()]).toEqual(slackFields);

    const slackErrors = (await submitSlack(modal, FIELDS.progress)).json();
    expect(slackErrors).toEqual({ response_action: 'errors', errors: { progress: UPDATE_MESSAGES.progress } });
    let submit: Json | undefined;
    walk(dialog, (node) => {
      if (node.type === 'Action.Submit') submit = node.data as Json;
    });
    const invalid = dialogCard(await teamsDialog(SAM, 'task/submit', { ...submit, ...FIELDS }));
    const teamsErrors = [...teamsFieldsAndErrors(invalid)].filter(([, error]) => error !== undefined);
    expect(Object.fromEntries(teamsErrors)).toEqual({ progress: UPDATE_MESSAGES.progress });

    const slackSaved = await submitSlack(modal, '35');
    expect(slackSaved.text).toBe('');
    const confirmation = await slack.fake.waitForCall('chat.postEphemeral');
    const teamsSaved = await teamsDialog(SAM, 'task/submit', { ...submit, ...FIELDS, progress: '35' });
    expect(teamsSaved.type).toBe('message');
    const expected = 'Saved your update on NB-9: At risk, 35%.';
    expect(String(confirmation.body.text)).toContain(expected);
    expect(String(teamsSaved.value)).toContain(expected);
    for (const [prisma, id] of [[slack.db.prisma, slackActionId], [teams.db.prisma, teamsActionId]] as const) {
      expect(await prisma.action.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'AT_RISK', progress: 35 });
    }
  });

  it('refuses the same outsider the same way on both, and audits both refusals', async () => {
    const slackRefusal = await slackModal(SLACK_OUTSIDER.userId, 'outsider');
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    const launcher = await teamsLauncher();
    const teamsRefusal = await teamsDialog(TEAMS_OUTSIDER, 'task/fetch', launcher);
    expect(teamsRefusal.type).toBe('message');
    expect(JSON.stringify(slackRefusal)).toContain("you can't post updates on *NB-9*: you are not its owner");
    expect(String(teamsRefusal.value)).toContain("you can't post updates on NB-9: you are not its owner");
    expect(await slack.db.prisma.auditEvent.count({ where: { actorUserId: SLACK_OUTSIDER.userId, outcome: 'REFUSED', action: 'command.update', subjectId: slackActionId } })).toBe(1);
    expect(await teams.db.prisma.auditEvent.count({ where: { actorUserId: TEAMS_OUTSIDER.aadObjectId, outcome: 'REFUSED', action: 'command.update', subjectId: teamsActionId } })).toBe(1);
  });
});
