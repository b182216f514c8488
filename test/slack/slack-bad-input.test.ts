// Bad input through the real Slack front door: signed requests whose payload is not one Slack sends, text
// with NUL characters (which PostgreSQL cannot store) and numbers beyond what a column holds. Each gets a clear
// answer, never a 500 or "something went wrong". (Two first requests at once: test/db-server/first-contact-race.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { FORM_SAVE_ERROR_TEXT, FRIENDLY_ERROR_TEXT } from '../../src/slack/slack-adapter.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
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
import { seedDigestScenario, type DigestScenario } from '../digest/digest-fixtures.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from './slack-test-app.ts';

const actionsFeature = createActionsFeature();
let app: SlackTestApp;
let actionId: string;
let decisionNumber: number;
let indicators: DigestScenario;
/** The indicator owner of another partnership's scenario, linked in the test workspace. */
const OWNER_USER_ID = 'U0OWNER001';

beforeAll(async () => {
  app = await startSlackTestApp({ features: [actionsFeature, voteFeature, indicatorFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'SECRETARIAT' } });
  await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
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
  const decision = await prisma.decision.create({
    data: {
      partnershipId,
      number: 1,
      groupId: board.id,
      title: 'Fund the night-time economy marshals',
      motion: 'That the partnership funds marshals on Friday and Saturday nights.',
      outcome: 'CARRIED',
      quorate: true,
      quorumRequired: 4,
      presentCount: 5,
      forCount: 4,
      againstCount: 1,
      abstainCount: 0,
      decidedAt: new Date('2026-11-20T17:00:00Z'),
      tally: {},
      declarations: [],
      proposedByName: 'Alex Morgan',
    },
  });
  decisionNumber = decision.number;
  indicators = await seedDigestScenario(prisma, 'bad-input');
  await prisma.chatIdentity.create({ data: { personId: indicators.people.owner, platform: 'SLACK', workspaceId: TEAM_ID, userId: OWNER_USER_ID, linkedBy: 'IMPORT' } });
});

afterAll(async () => {
  await actionsFeature.idle();
  await app?.stop();
});

beforeEach(() => {
  app.fake.clearCalls();
});

function command(text: string, responseName: string, userId: string = ALEX.userId, teamId: string = TEAM_ID): string {
  return slashCommandBody({ text, userId, teamId, channelId: BOARD_CHANNEL, triggerId: `7007.${responseName}.trigger`, responseUrl: app.fake.responseUrl(responseName) });
}

function replyText(call: RecordedSlackCall): string {
  return JSON.stringify(call.body);
}

async function replyTo(responseName: string): Promise<string> {
  return replyText(await app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${responseName}`));
}

function expectNoFailureText(text: string): void {
  expect(text).not.toContain(FRIENDLY_ERROR_TEXT);
  expect(text).not.toContain('Something went wrong');
  expect(text).not.toContain(FORM_SAVE_ERROR_TEXT);
}

describe('signed requests whose payload is not one Slack sends', () => {
  const payloads: Array<{ name: string; body: string }> = [
    { name: 'payload=null', body: 'payload=null' },
    { name: 'a JSON string', body: `payload=${encodeURIComponent('"block_actions"')}` },
    { name: 'a JSON array', body: `payload=${encodeURIComponent('[{"type":"block_actions"}]')}` },
    { name: 'a JSON number', body: 'payload=42' },
    { name: 'an object of an unknown type', body: interactivePayloadBody({ type: 'no_such_interaction', user: { id: ALEX.userId } }) },
    { name: 'block_actions without a user or actions', body: interactivePayloadBody({ type: 'block_actions', team: { id: TEAM_ID } }) },
    { name: 'view_submission without a view', body: interactivePayloadBody({ type: 'view_submission', user: { id: ALEX.userId }, team: { id: TEAM_ID } }) },
    { name: 'a slash command without a user', body: slashCommandBody({ text: 'help', teamId: TEAM_ID }).replace(/(^|&)user_id=[^&]*/, '') },
  ];

  it.each(payloads)('answers $name with 400 at once, logs it and runs nothing', async ({ body }) => {
    const logged = app.logLines.length;
    const response = await app.send(body);
    expect(response.status).toBe(400);
    expect(response.text).toBe('');
    expect(app.logLines.slice(logged).some((line) => line.includes('Refused a signed Slack request'))).toBe(true);
    expect(app.logLines.slice(logged).some((line) => line.includes('Slack request failed'))).toBe(false);
    expect(app.fake.calls).toEqual([]);
  });

  it('answers an Events API callback without an event 400, and still acknowledges event types it does not handle', async () => {
    const envelope = { token: 'verification_token', team_id: TEAM_ID, api_app_id: 'A111', type: 'event_callback', event_id: 'Ev1', event_time: 1 };
    expect((await app.send(JSON.stringify(envelope), { contentType: 'application/json' })).status).toBe(400);
    const other = { ...envelope, event_id: 'Ev2', event: { type: 'reaction_added', user: ALEX.userId, reaction: 'thumbsup', event_ts: '1.2' } };
    expect((await app.send(JSON.stringify(other), { contentType: 'application/json' })).status).toBe(200);
  });
});

describe('NUL characters, which PostgreSQL cannot store', () => {
  it('are left out of command text, so the command works as the person sees it', async () => {
    expect((await app.send(command('update tf-1\u0000', 'nul-command'))).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open');
    expect(JSON.stringify(opened.body.view)).toContain('Street lighting audit');
  });

  it('are left out of a button value', async () => {
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.snoozeUpdateReminder,
      value: JSON.stringify({ refs: ['TF-1\u0000'], length: 'DAY' }),
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      responseUrl: app.fake.responseUrl('nul-button'),
    });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const reply = await replyTo('nul-button');
    expectNoFailureText(reply);
    expect(reply).toContain('Snoozed: I will remind you about *TF-1*');
  });

  it('are left out of form fields, so the update is saved without them', async () => {
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.openUpdateForm,
      value: JSON.stringify({ actionId }),
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      triggerId: '7007.nul-form.trigger',
      responseUrl: app.fake.responseUrl('nul-form'),
    });
    await app.send(interactivePayloadBody(payload));
    const view = (await app.fake.waitForCall('views.open')).body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const values = {
      status: { status: selectValue('ON_TRACK') },
      progress: { progress: numberValue('40') },
      done: { done: plainTextValue('Half the\u0000 streets surveyed') },
      nextSteps: { nextSteps: plainTextValue(null) },
      blockers: { blockers: plainTextValue(null) },
      dueDate: { dueDate: dateValue('2030-06-30') },
      dueDateReason: { dueDateReason: plainTextValue(null) },
      cancelReason: { cancelReason: plainTextValue(null) },
    };
    const response = await app.send(
      interactivePayloadBody(
        viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values, userId: ALEX.userId, teamId: TEAM_ID }),
      ),
    );
    expect(response.status).toBe(200);
    expectNoFailureText(response.text);
    expect(response.text).toBe('');
    const update = await app.db.prisma.actionUpdate.findFirstOrThrow({ where: { actionId }, orderBy: { createdAt: 'desc' } });
    expect(update).toMatchObject({ progress: 40, done: 'Half the streets surveyed' });
  });
});

describe('numbers beyond what the log can hold', () => {
  it('/csp decision with a huge number says there is no such decision', async () => {
    await app.send(command('decision 99999999999999999999999', 'huge-decision'));
    const reply = await replyTo('huge-decision');
    expectNoFailureText(reply);
    expect(reply).toContain('There is no decision 99999999999999999999999');
  });

  it('/csp decision correct with a number past the column range says there is no such decision', async () => {
    await app.send(command('decision correct 2147483648', 'huge-correct'));
    const reply = await replyTo('huge-correct');
    expectNoFailureText(reply);
    expect(reply).toContain('There is no decision 2147483648');
  });

  it('a correction with a count past the range is sent back with the field named', async () => {
    await app.send(command(`decision correct ${decisionNumber}`, 'correct-form'));
    const view = (await app.fake.waitForCall('views.open')).body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const values = {
      outcome: { outcome: selectValue('CARRIED') },
      forCount: { forCount: numberValue('99999999999') },
      againstCount: { againstCount: numberValue('1') },
      abstainCount: { abstainCount: numberValue('0') },
      reason: { reason: plainTextValue('The minutes give a different count.') },
    };
    const before = await app.db.prisma.decision.count();
    const response = await app.send(
      interactivePayloadBody(
        viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values, userId: ALEX.userId, teamId: TEAM_ID }),
      ),
    );
    expect(response.status).toBe(200);
    expectNoFailureText(response.text);
    expect(response.json()).toEqual({ response_action: 'errors', errors: { forCount: 'Enter a whole number from 0 to 1000.' } });
    expect(await app.db.prisma.decision.count()).toBe(before);
  });

  it('a reading too large for the indicator column says what can be recorded', async () => {
    await app.send(command('kpi record all crime 2026-Q2 99999999999999', 'huge-reading', OWNER_USER_ID));
    const reply = await replyTo('huge-reading');
    expectNoFailureText(reply);
    expect(reply).toContain('A reading cannot be more than 9,999,999,999.9999');
    const reading = await app.db.prisma.indicatorReading.findUnique({ where: { indicatorId_period: { indicatorId: indicators.indicators.allCrime, period: '2026-Q2' } } });
    expect(reading?.value.toNumber()).toBe(27_000);
  });
});
