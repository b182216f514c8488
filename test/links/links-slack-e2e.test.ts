// Links to everything, in Slack, through the real Bolt receiver with signed requests and the fake Web API, on a
// partnership built here (a harbour safety group, its chair, an action owner and a member): the chair's overdue
// summary gives each action Open and Post update buttons and a Show all button for the rest; the at-risk notice
// in the group's channel has Open and Post update; the hallmarks card's "awaiting other bodies" has Show all; the
// digest links each decision and open vote to its thread (the permalink stored when the card was posted) and
// gives a decision without one an Open button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { blockActionsPayload, interactivePayloadBody, numberValue, plainTextValue, dateValue, selectValue, slashCommandBody, viewSubmissionPayload } from '../support/slack-requests.ts';
import { TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

const HARBOUR_CHANNEL = 'C0HARBOUR1';
const CLEO = { userId: 'U0CLEO0001', name: 'Cleo Chair', key: 'cleo' } as const;
const OMAR = { userId: 'U0OMAR0001', name: 'Omar Owner', key: 'omar' } as const;
const NIA = { userId: 'U0NIA00001', name: 'Nia Member', key: 'nia' } as const;
/** A Tuesday in working hours, London time. */
const TUESDAY_10AM = new Date('2026-12-01T10:00:00Z');
const DAY_MS = 86_400_000;
const OVERDUE_COUNT = 14;

const actions = createActionsFeature();
let app: SlackTestApp;
let harbourId: string;
const actionIds: Record<string, string> = {};
let clicks = 0;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [actions, voteFeature, hallmarksFeature, indicatorFeature, digestFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const harbour = await prisma.group.create({ data: { partnershipId, key: 'harbour', name: 'Harbour Safety Group', kind: 'TASK_AND_FINISH', defaultCadence: 'MONTHLY' } });
  harbourId = harbour.id;
  const people: Record<string, string> = {};
  for (const [person, role] of [[CLEO, 'CHAIR'], [OMAR, 'MEMBER'], [NIA, 'MEMBER']] as const) {
    const email = `${person.key}@harbour.example`;
    const created = await prisma.person.create({ data: { partnershipId, key: person.key, name: person.name, email } });
    people[person.key] = created.id;
    await prisma.membership.create({ data: { groupId: harbour.id, personId: created.id, role } });
    await prisma.chatIdentity.create({ data: { personId: created.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: person.userId, linkedBy: 'IMPORT' } });
    app.fake.addUser({ id: person.userId, email, realName: person.name, name: person.key });
  }
  await prisma.groupChannel.create({ data: { groupId: harbour.id, platform: 'SLACK', workspaceId: TEAM_ID, channelId: HARBOUR_CHANNEL, name: 'harbour-safety' } });
  for (let index = 1; index <= OVERDUE_COUNT; index += 1) {
    const ref = `HB-${String(index).padStart(2, '0')}`;
    const action = await prisma.action.create({
      data: {
        partnershipId,
        ref,
        title: `Harbour task ${index}`,
        ownerId: people.omar,
        groupId: harbour.id,
        status: 'ON_TRACK',
        progress: 20,
        dueDate: new Date('2026-11-01'),
        lastUpdateAt: new Date(TUESDAY_10AM.getTime() - 70 * DAY_MS),
        createdAt: new Date(TUESDAY_10AM.getTime() - 200 * DAY_MS),
      },
    });
    actionIds[ref] = action.id;
  }
});

afterAll(async () => {
  await actions.idle();
  await app?.stop();
});

function blocksOf(call: RecordedSlackCall | undefined): string {
  return JSON.stringify(call?.body.blocks ?? []);
}

function withinLimits(call: RecordedSlackCall): void {
  expect(checkBlockKitLimits({ text: call.body.text, blocks: call.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
}

/** Every button in rendered Block Kit with this action_id. */
function elementsWith(blocks: unknown, actionId: string): Array<{ action_id: string; value?: string; url?: string }> {
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

function pressPayload(userId: string, actionId: string, value: string | undefined, channelId: string, name: string) {
  return blockActionsPayload({
    actionId,
    ...(value === undefined ? {} : { value }),
    userId,
    teamId: TEAM_ID,
    channelId,
    responseUrl: app.fake.responseUrl(name),
    triggerId: `7007.${name}.trigger`,
  });
}

/** Presses a paging button on the message the list is in; resolves with the message as chat.update replaced it. */
async function turnPage(userId: string, value: string | undefined, channelId: string, expected: string): Promise<RecordedSlackCall> {
  clicks += 1;
  const payload = pressPayload(userId, ACTION_IDS.pageNext, value, channelId, `links-${clicks}`);
  expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
  return app.fake.waitForCall('chat.update', (call) => blocksOf(call).includes(expected), 10_000);
}

/** Presses a button as `userId` in `channelId`; resolves with the private answer sent to the response_url. */
async function press(userId: string, actionId: string, value: string | undefined, channelId: string): Promise<RecordedSlackCall> {
  clicks += 1;
  const name = `links-${clicks}`;
  expect((await app.send(interactivePayloadBody(pressPayload(userId, actionId, value, channelId, name)))).status).toBe(200);
  return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 10_000);
}

const quietLogger = createLogger({ level: 'error', write: () => {} });
const servicesAt = (at: Date): CoreServices => ({ ...app.core.services, now: () => at });

describe('links and buttons in Slack', () => {
  let summary: RecordedSlackCall;

  it("gives the chair's overdue summary Open and Post update per action, and Show all for the rest", async () => {
    app.fake.clearCalls();
    await createActionEscalationJob({ owner: 'links-slack' }).run({ services: servicesAt(TUESDAY_10AM) }, TUESDAY_10AM);
    summary = await app.fake.waitForCall('chat.postMessage', (call) => blocksOf(call).includes('Overdue actions'), 10_000);
    withinLimits(summary);
    expect(String(summary.body.text)).toBe(`${OVERDUE_COUNT} overdue actions in Safer Testford`);
    const opens = elementsWith(summary.body.blocks, ACTION_IDS.openAction);
    const updates = elementsWith(summary.body.blocks, ACTION_IDS.openUpdateForm);
    expect(opens).toHaveLength(12);
    expect(updates).toHaveLength(12);
    expect(JSON.parse(opens[0]?.value ?? '{}')).toEqual({ actionId: actionIds['HB-01'] });
    expect(JSON.parse(updates[0]?.value ?? '{}')).toEqual({ actionId: actionIds['HB-01'] });
    expect(blocksOf(summary)).toContain('HB-14');
    expect(elementsWith(summary.body.blocks, ACTION_IDS.showOverdueActions)).toHaveLength(1);
    expect(blocksOf(summary)).toContain(`Show all ${OVERDUE_COUNT}`);
  });

  it('opens an action from the summary, and its Post update opens the update form', async () => {
    const dm = String(summary.body.channel);
    const [open] = elementsWith(summary.body.blocks, ACTION_IDS.openAction);
    const shown = await press(CLEO.userId, ACTION_IDS.openAction, open?.value, dm);
    expect(shown.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksOf(shown)).toContain('HB-01');
    expect(blocksOf(shown)).toContain('Update history');
    expect(elementsWith(shown.body.blocks, ACTION_IDS.openUpdateForm)).toHaveLength(1);

    const [update] = elementsWith(summary.body.blocks, ACTION_IDS.openUpdateForm);
    clicks += 1;
    const payload = blockActionsPayload({ actionId: ACTION_IDS.openUpdateForm, value: update?.value, userId: CLEO.userId, teamId: TEAM_ID, channelId: dm, triggerId: `7007.form-${clicks}.trigger`, responseUrl: app.fake.responseUrl(`form-${clicks}`) });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open', (call) => call.body.trigger_id === `7007.form-${clicks}.trigger`, 10_000);
    expect((opened.body.view as { callback_id: string }).callback_id).toBe(ACTION_IDS.submitUpdateForm);
    expect(JSON.stringify(opened.body.view)).toContain('HB-01');
  });

  it('shows the chair every overdue action with Show all, paged, and refuses a member who chairs nothing', async () => {
    const dm = String(summary.body.channel);
    const [showAll] = elementsWith(summary.body.blocks, ACTION_IDS.showOverdueActions);
    const first = await press(CLEO.userId, ACTION_IDS.showOverdueActions, showAll?.value, dm);
    expect(first.body).toMatchObject({ response_type: 'ephemeral' });
    withinLimits(first);
    expect(blocksOf(first)).toContain('the groups you chair');
    expect(elementsWith(first.body.blocks, ACTION_IDS.openAction)).toHaveLength(10);
    const [next] = elementsWith(first.body.blocks, ACTION_IDS.pageNext);
    expect(next).toBeDefined();
    const second = await turnPage(CLEO.userId, next?.value, dm, 'HB-14');
    withinLimits(second);
    expect(elementsWith(second.body.blocks, ACTION_IDS.openAction)).toHaveLength(OVERDUE_COUNT - 10);

    const refused = await press(NIA.userId, ACTION_IDS.showOverdueActions, showAll?.value, HARBOUR_CHANNEL);
    expect(JSON.stringify(refused.body)).toContain('for the chairs of the partnership');
    expect(blocksOf(refused)).not.toContain('HB-01');
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { actorUserId: NIA.userId, outcome: 'REFUSED', action: `action.${ACTION_IDS.showOverdueActions}` } });
    expect(audit).not.toBeNull();
  });

  it('puts Open and Post update on the at-risk notice in the group channel', async () => {
    app.fake.clearCalls();
    clicks += 1;
    const trigger = `7007.notice-${clicks}.trigger`;
    const open = blockActionsPayload({ actionId: ACTION_IDS.openUpdateForm, value: JSON.stringify({ actionId: actionIds['HB-02'] }), userId: OMAR.userId, teamId: TEAM_ID, channelId: HARBOUR_CHANNEL, triggerId: trigger, responseUrl: app.fake.responseUrl(`notice-${clicks}`) });
    expect((await app.send(interactivePayloadBody(open))).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open', (call) => call.body.trigger_id === trigger, 10_000);
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const state = {
      status: { status: selectValue('AT_RISK') },
      progress: { progress: numberValue('25') },
      done: { done: plainTextValue('Survey of the north quay') },
      nextSteps: { nextSteps: plainTextValue(null) },
      blockers: { blockers: plainTextValue('Waiting on the harbour master') },
      dueDate: { dueDate: dateValue('2026-11-01') },
      dueDateReason: { dueDateReason: plainTextValue(null) },
      cancelReason: { cancelReason: plainTextValue(null) },
    };
    const submitted = await app.send(
      interactivePayloadBody(viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values: state, userId: OMAR.userId, teamId: TEAM_ID })),
    );
    expect(submitted.status).toBe(200);
    const notice = await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === HARBOUR_CHANNEL && blocksOf(call).includes('at risk'), 10_000);
    withinLimits(notice);
    const [noticeOpen] = elementsWith(notice.body.blocks, ACTION_IDS.openAction);
    const [noticeUpdate] = elementsWith(notice.body.blocks, ACTION_IDS.openUpdateForm);
    expect(JSON.parse(noticeOpen?.value ?? '{}')).toEqual({ actionId: actionIds['HB-02'] });
    expect(JSON.parse(noticeUpdate?.value ?? '{}')).toEqual({ actionId: actionIds['HB-02'] });

    const shown = await press(NIA.userId, ACTION_IDS.openAction, noticeOpen?.value, HARBOUR_CHANNEL);
    expect(shown.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksOf(shown)).toContain('HB-02');
    expect(blocksOf(shown)).toContain('Survey of the north quay');
    // Nia may read it but not update it: no Post update for her.
    expect(elementsWith(shown.body.blocks, ACTION_IDS.openUpdateForm)).toHaveLength(0);
  });

  it("gives the hallmarks card's 'awaiting other bodies' a Show all that lists every item", async () => {
    const { prisma } = app.db;
    for (let index = 1; index <= 9; index += 1) {
      const item = await prisma.hallmarkItem.create({
        data: { partnershipId: app.partnershipId, key: `HW-${index}`, stage: 'Governance', hallmark: 'EMPOWERED_AND_EFFECTIVE_LEADERSHIP', kind: 'REQUIREMENT', text: `Harbour requirement ${index}`, position: index },
      });
      await prisma.hallmarkAssessment.create({ data: { itemId: item.id, status: 'AWAITING_EXTERNAL', externalBody: index <= 8 ? 'Home Office' : 'Port Authority' } });
    }
    const name = 'hallmarks-card';
    const command = slashCommandBody({ text: 'hallmarks --me', userId: CLEO.userId, teamId: TEAM_ID, channelId: HARBOUR_CHANNEL, responseUrl: app.fake.responseUrl(name) });
    expect((await app.send(command)).status).toBe(200);
    const card = await app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 10_000);
    expect(blocksOf(card)).toContain('and 2 more');
    const showAll = elementsWith(card.body.blocks, ACTION_IDS.filterHallmarks).find((element) => JSON.parse(element.value ?? '{}').awaiting === true);
    expect(showAll).toBeDefined();
    expect(blocksOf(card)).toContain('Show all 9');

    const listed = await press(CLEO.userId, ACTION_IDS.filterHallmarks, showAll?.value, HARBOUR_CHANNEL);
    withinLimits(listed);
    expect(blocksOf(listed)).toContain('Items awaiting other bodies');
    expect(blocksOf(listed)).toContain('Awaiting Home Office');
    expect(elementsWith(listed.body.blocks, ACTION_IDS.openHallmarkItem)).toHaveLength(8);
    const [next] = elementsWith(listed.body.blocks, ACTION_IDS.pageNext);
    const rest = await turnPage(CLEO.userId, next?.value, HARBOUR_CHANNEL, 'Awaiting Port Authority');
    expect(elementsWith(rest.body.blocks, ACTION_IDS.openHallmarkItem)).toHaveLength(1);
  });

  it('links each decision and open vote in the digest to its thread, and opens a decision without one', async () => {
    const { prisma } = app.db;
    const monday = nextWorkingMondayDigest();
    const cleo = await prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'cleo' } });
    // Posted through the Slack notifier as a vote card would be: the permalink comes from chat.getPermalink.
    const posted = await app.core.services.notifiers.SLACK!.postToChannel({ workspaceId: TEAM_ID, channelId: HARBOUR_CHANNEL }, { kind: 'message', blocks: [{ type: 'text', text: 'Vote: pontoon lighting' }] });
    expect(posted.url).toBe(`https://csp-test.slack.com/archives/${HARBOUR_CHANNEL}/p${posted.messageId.replace('.', '')}`);
    const base = { partnershipId: app.partnershipId, groupId: harbourId, proposedById: cleo.id, motion: 'That the group agrees.', reason: 'NO_CONSENSUS' as const, postPlatform: 'SLACK' as const, postChannelId: HARBOUR_CHANNEL };
    const closedUrl = 'https://csp-test.slack.com/archives/C0HARBOUR1/p1764000000000100';
    const closed = await prisma.proposal.create({
      data: { ...base, title: 'Fund harbour CCTV', status: 'CLOSED', closesAt: new Date(monday.getTime() - 3 * DAY_MS), closedAt: new Date(monday.getTime() - 3 * DAY_MS), postMessageId: '1764000000.000100', postUrl: closedUrl },
    });
    await prisma.proposal.create({ data: { ...base, title: 'Pontoon lighting', closesAt: new Date(monday.getTime() + 3 * DAY_MS), postMessageId: posted.messageId, postUrl: posted.url ?? null } });
    const decision = { partnershipId: app.partnershipId, groupId: harbourId, outcome: 'CARRIED' as const, quorate: true, quorumRequired: 1, presentCount: 2, forCount: 2, againstCount: 0, abstainCount: 0, tally: {}, declarations: [], proposedByName: cleo.name };
    await prisma.decision.create({ data: { ...decision, number: 41, proposalId: closed.id, decidedAt: new Date(monday.getTime() - 3 * DAY_MS), title: 'Fund harbour CCTV', motion: 'CCTV' } });
    await prisma.decision.create({ data: { ...decision, number: 42, decidedAt: new Date(monday.getTime() - 2 * DAY_MS), title: 'Close the slipway at night', motion: 'Slipway' } });

    app.fake.clearCalls();
    const job = createDigestJob({ owner: 'links-digest', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger: quietLogger, services: servicesAt(monday) }, monday);
    const digest = await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === HARBOUR_CHANNEL && blocksOf(call).includes('Decisions'), 10_000);
    withinLimits(digest);
    expect(blocksOf(digest)).toContain(`<${closedUrl}|Open the vote thread>`);
    expect(blocksOf(digest)).toContain(`<${posted.url}|Open the vote and its thread>`);
    const [openDecision] = elementsWith(digest.body.blocks, ACTION_IDS.openDecision);
    expect(JSON.parse(openDecision?.value ?? '{}')).toEqual({ number: 42 });

    const shown = await press(NIA.userId, ACTION_IDS.openDecision, openDecision?.value, HARBOUR_CHANNEL);
    expect(shown.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksOf(shown)).toContain('Decision 42: Close the slipway at night');

    const name = 'decision-log';
    expect((await app.send(slashCommandBody({ text: 'decisions harbour', userId: NIA.userId, teamId: TEAM_ID, channelId: HARBOUR_CHANNEL, responseUrl: app.fake.responseUrl(name) }))).status).toBe(200);
    const log = await app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 10_000);
    expect(blocksOf(log)).toContain(`<${closedUrl}|Open the vote thread>`);
    expect(elementsWith(log.body.blocks, ACTION_IDS.openDecision)).toHaveLength(2);
    const withThread = await press(NIA.userId, ACTION_IDS.openDecision, JSON.stringify({ number: 41 }), HARBOUR_CHANNEL);
    expect(JSON.stringify(withThread.body.blocks)).toContain(closedUrl);
  });
});
