// A vote from start to finish in Slack, through the real Bolt receiver with signed requests built from Slack's
// payloads: /csp propose opens the modal, its submission posts the card to the board's channel, partners vote
// with the card's buttons (the card is updated in place with chat.update), one changes their vote, the chair
// closes it, the result is posted in the card's thread and the channel, and /csp decisions lists it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatIsoDate } from '../../src/domain/calendar.ts';
import { localDateOf } from '../../src/domain/time-zone.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import {
  blockActionsPayload,
  dateValue,
  interactivePayloadBody,
  plainTextValue,
  selectValue,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

interface Member {
  key: string;
  userId: string;
  name: string;
  organisation: string | null;
  role: 'REPRESENTATIVE' | 'DEPUTY' | 'MEMBER' | 'SECRETARIAT';
}

const MEMBERS: Member[] = [
  { key: 'bea', userId: 'U0BEA00001', name: 'Bea Council', organisation: 'council', role: 'REPRESENTATIVE' },
  { key: 'cal', userId: 'U0CAL00001', name: 'Cal Fire', organisation: 'fire', role: 'REPRESENTATIVE' },
  { key: 'dee', userId: 'U0DEE00001', name: 'Dee Health', organisation: 'health', role: 'REPRESENTATIVE' },
  { key: 'eve', userId: 'U0EVE00001', name: 'Eve Probation', organisation: 'probation', role: 'REPRESENTATIVE' },
  { key: 'gus', userId: 'U0GUS00001', name: 'Gus Observer', organisation: null, role: 'MEMBER' },
  { key: 'sue', userId: 'U0SUE00001', name: 'Sue Secretariat', organisation: null, role: 'SECRETARIAT' },
];

let app: SlackTestApp;
let boardId: string;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [voteFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  const organisations: Record<string, string> = {};
  for (const [key, name, kind] of [
    ['council', 'Testford Borough Council', 'LOCAL_AUTHORITY'],
    ['fire', 'Testford Fire and Rescue', 'FIRE'],
    ['health', 'Testford Health', 'HEALTH'],
    ['probation', 'Testford Probation', 'PROBATION'],
  ] as const) {
    organisations[key] = (await prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory: true } })).id;
  }
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'CHAIR' } });
  for (const member of MEMBERS) {
    const email = `${member.key}@testford.gov.uk`;
    const organisationId = member.organisation ? organisations[member.organisation] : undefined;
    const person = await prisma.person.create({ data: { partnershipId, key: member.key, name: member.name, email, organisationId } });
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role: member.role, organisationId: member.role === 'REPRESENTATIVE' ? organisationId : undefined } });
    app.fake.addUser({ id: member.userId, email, realName: member.name, name: member.key });
  }
  await prisma.groupChannel.create({ data: { groupId: board.id, platform: 'SLACK', workspaceId: TEAM_ID, channelId: BOARD_CHANNEL, name: 'strategy-board' } });
});

afterAll(async () => {
  await app?.stop();
});

function blocksOf(call: RecordedSlackCall | undefined): string {
  return JSON.stringify(call?.body.blocks ?? []);
}

function withinLimits(call: RecordedSlackCall): void {
  expect(checkBlockKitLimits({ text: call.body.text, blocks: call.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
}

let clicks = 0;

/** Presses a button on the card as `userId` and waits until the private answer has gone to the response_url. */
async function press(userId: string, actionId: string, proposalId: string, cardTs: string): Promise<RecordedSlackCall> {
  clicks += 1;
  const name = `click-${clicks}`;
  const payload = blockActionsPayload({
    actionId,
    value: JSON.stringify({ p: proposalId }),
    userId,
    teamId: TEAM_ID,
    channelId: BOARD_CHANNEL,
    messageTs: cardTs,
    responseUrl: app.fake.responseUrl(name),
    triggerId: `trigger-${clicks}`,
  });
  expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
  // A person's first click also brings a private welcome (they were just linked by email): skip it.
  return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}` && !String(call.body.text).startsWith('Welcome!'), 10_000);
}

function updatesOf(cardTs: string): RecordedSlackCall[] {
  return app.fake.callsTo('chat.update').filter((call) => call.body.ts === cardTs);
}

describe('a vote in Slack', () => {
  it('is proposed, voted on with buttons, changed, closed, and recorded in the thread and the decision log', async () => {
    const sue = MEMBERS.find((member) => member.key === 'sue') as Member;
    const command = slashCommandBody({ text: 'propose board', userId: sue.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('propose'), triggerId: '7007.1.propose' });
    expect((await app.send(command)).status).toBe(200);
    const opened = await app.fake.waitForCall('views.open', undefined, 10_000);
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(ACTION_IDS.submitProposeForm);
    expect(checkBlockKitLimits(view as unknown as Record<string, unknown>, 'modal')).toEqual([]);

    const closesOn = formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 7));
    const submitted = await app.send(
      interactivePayloadBody(
        viewSubmissionPayload({
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          blocks: view.blocks,
          userId: sue.userId,
          teamId: TEAM_ID,
          values: {
            title: { title: plainTextValue('Adopt the 2026/27 partnership plan') },
            motion: { motion: plainTextValue('That the board adopts the partnership plan 2026/27 as circulated.') },
            group: { group: selectValue(boardId, 'Strategy Board') },
            reason: { reason: selectValue('NO_CONSENSUS') },
            closesOn: { closesOn: dateValue(closesOn) },
            closesAt: { closesAt: selectValue('17:00') },
          },
        }),
      ),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    const card = await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === BOARD_CHANNEL && blocksOf(call).includes('Adopt the 2026/27'), 10_000);
    withinLimits(card);
    expect(blocksOf(card)).toContain(ACTION_IDS.voteFor);
    expect(blocksOf(card)).toContain('4 more partners needed for quorum');
    const confirmation = await app.fake.waitForCall('chat.postEphemeral', (call) => call.body.user === sue.userId, 10_000);
    expect(String(confirmation.body.text)).toContain('is open in #strategy-board');

    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: 'Adopt the 2026/27 partnership plan' } });
    const cardTs = proposal.postMessageId ?? '';
    expect(cardTs).toMatch(/^\d+\.\d+$/);
    // The card's permalink, asked of Slack once when it was posted, for links from digests and the decision log.
    const permalink = app.fake.callsTo('chat.getPermalink').find((call) => call.body.message_ts === cardTs);
    expect(permalink?.body.channel).toBe(BOARD_CHANNEL);
    expect(proposal.postUrl).toBe(`https://csp-test.slack.com/archives/${BOARD_CHANNEL}/p${cardTs.replace('.', '')}`);

    const userOf = (key: string) => (MEMBERS.find((member) => member.key === key) as Member).userId;
    const alexVote = await press(ALEX.userId, ACTION_IDS.voteFor, proposal.id, cardTs);
    expect(alexVote.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(alexVote.body.text)).toContain('Your vote for Testford Constabulary is recorded: For.');
    await app.fake.waitForCall('chat.update', (call) => call.body.ts === cardTs && blocksOf(call).includes('3 more partners needed'));
    await press(userOf('bea'), ACTION_IDS.voteFor, proposal.id, cardTs);
    await press(userOf('cal'), ACTION_IDS.voteAgainst, proposal.id, cardTs);
    await press(userOf('dee'), ACTION_IDS.voteAgainst, proposal.id, cardTs);
    const changed = await press(userOf('dee'), ACTION_IDS.voteFor, proposal.id, cardTs);
    expect(String(changed.body.text)).toContain('You changed your vote for Testford Health from against to for.');

    const updatesBefore = updatesOf(cardTs).length;
    const refused = await press(userOf('gus'), ACTION_IDS.voteFor, proposal.id, cardTs);
    expect(refused.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(refused.body.text)).toMatch(/^Thank you, but your vote cannot be counted/);
    expect(updatesOf(cardTs)).toHaveLength(updatesBefore);

    const latest = updatesOf(cardTs).at(-1) as RecordedSlackCall;
    withinLimits(latest);
    expect(blocksOf(latest)).toContain('Quorate.');
    expect(blocksOf(latest)).not.toContain('Dee Health');

    const closed = await press(ALEX.userId, ACTION_IDS.closeVote, proposal.id, cardTs);
    expect(String(closed.body.text)).toContain('You closed the vote: it is decision 1.');
    const closedCard = await app.fake.waitForCall('chat.update', (call) => call.body.ts === cardTs && blocksOf(call).includes('Decision 1: Carried'));
    withinLimits(closedCard);
    expect(blocksOf(closedCard)).not.toContain(ACTION_IDS.voteFor);
    expect(blocksOf(closedCard)).toContain('*Testford Health:* For (Dee Health, representative)');
    const thread = await app.fake.waitForCall('chat.postMessage', (call) => call.body.thread_ts === cardTs);
    withinLimits(thread);
    expect(blocksOf(thread)).toContain('Result: Adopt the 2026/27 partnership plan');
    expect(blocksOf(thread)).toContain('Carried (simple majority): 3 for, 1 against, 0 abstentions. 4 of 5 statutory partners took part; quorum 4.');
    const channelPost = await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === BOARD_CHANNEL && call.body.thread_ts === undefined && blocksOf(call).includes('Decision 1: Adopt'));
    withinLimits(channelPost);

    const decision = await app.db.prisma.decision.findUniqueOrThrow({ where: { proposalId: proposal.id } });
    expect(decision).toMatchObject({ number: 1, outcome: 'CARRIED', forCount: 3, againstCount: 1, presentCount: 4, quorate: true, proposedByName: 'Sue Secretariat' });
    const history = await app.db.prisma.ballotChange.count({ where: { proposalId: proposal.id } });
    expect(history).toBe(5);
    const refusals = await app.db.prisma.auditEvent.count({ where: { action: 'vote.cast', outcome: 'REFUSED', subjectId: proposal.id } });
    expect(refusals).toBe(1);

    const log = slashCommandBody({ text: 'decisions', userId: userOf('gus'), teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('decisions') });
    expect((await app.send(log)).status).toBe(200);
    const listed = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/decisions', 10_000);
    expect(listed.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksOf(listed)).toContain('1. Adopt the 2026/27 partnership plan');
    expect(blocksOf(listed)).toContain('Carried');
    expect(blocksOf(listed)).toContain(`<${proposal.postUrl}|Open the vote thread>`);
  });
});
