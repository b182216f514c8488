// Issue 13 (votes at meetings, secret tallies, consistent corrections) through Slack's front door: the real
// Bolt receiver with signed requests and the fake Slack Web API, on a partnership built here (Safer Testford:
// five statutory partners, quorum 4, a chair who does not vote, a secretariat, and a partner with a deputy).
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
  numberValue,
  plainTextValue,
  selectValue,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { proposeFromSlackModal } from '../slack/slack-proposals.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

interface Member {
  key: string;
  userId: string;
  name: string;
  organisation: string | null;
  role: 'CHAIR' | 'REPRESENTATIVE' | 'DEPUTY' | 'MEMBER' | 'SECRETARIAT';
}

const MEMBERS: Member[] = [
  { key: 'chris', userId: 'U0CHRIS001', name: 'Chris Chair', organisation: null, role: 'CHAIR' },
  { key: 'bea', userId: 'U0BEA00001', name: 'Bea Council', organisation: 'council', role: 'REPRESENTATIVE' },
  { key: 'ben', userId: 'U0BEN00001', name: 'Ben Council', organisation: 'council', role: 'DEPUTY' },
  { key: 'cal', userId: 'U0CAL00001', name: 'Cal Fire', organisation: 'fire', role: 'REPRESENTATIVE' },
  { key: 'dee', userId: 'U0DEE00001', name: 'Dee Health', organisation: 'health', role: 'REPRESENTATIVE' },
  { key: 'eve', userId: 'U0EVE00001', name: 'Eve Probation', organisation: 'probation', role: 'REPRESENTATIVE' },
  { key: 'gus', userId: 'U0GUS00001', name: 'Gus Observer', organisation: null, role: 'MEMBER' },
  { key: 'sue', userId: 'U0SUE00001', name: 'Sue Secretariat', organisation: null, role: 'SECRETARIAT' },
];

let app: SlackTestApp;
let boardId: string;
const organisations: Record<string, string> = {};
const today = formatIsoDate(localDateOf(new Date(), 'Europe/London'));
const todayWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));

beforeAll(async () => {
  app = await startSlackTestApp({ features: [voteFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  organisations.police = (await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'police' } })).id;
  for (const [key, name, kind] of [
    ['council', 'Testford Borough Council', 'LOCAL_AUTHORITY'],
    ['fire', 'Testford Fire and Rescue', 'FIRE'],
    ['health', 'Testford Health', 'HEALTH'],
    ['probation', 'Testford Probation', 'PROBATION'],
  ] as const) {
    organisations[key] = (await prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory: true } })).id;
  }
  for (const member of MEMBERS) {
    const email = `${member.key}@testford.gov.uk`;
    const organisationId = member.organisation ? organisations[member.organisation] : undefined;
    const person = await prisma.person.create({ data: { partnershipId, key: member.key, name: member.name, email, organisationId } });
    const stands = member.role === 'REPRESENTATIVE' || member.role === 'DEPUTY';
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role: member.role, organisationId: stands ? organisationId : undefined } });
    app.fake.addUser({ id: member.userId, email, realName: member.name, name: member.key });
  }
  await prisma.groupChannel.create({ data: { groupId: board.id, platform: 'SLACK', workspaceId: TEAM_ID, channelId: BOARD_CHANNEL, name: 'strategy-board' } });
});

afterAll(async () => {
  await app?.stop();
});

const userOf = (key: string) => (MEMBERS.find((member) => member.key === key) as Member).userId;

function blocksOf(call: RecordedSlackCall | undefined): string {
  return JSON.stringify(call?.body.blocks ?? []);
}

let requests = 0;

async function press(userId: string, actionId: string, proposalId: string, cardTs: string): Promise<RecordedSlackCall> {
  requests += 1;
  const name = `click-${requests}`;
  const payload = blockActionsPayload({
    actionId,
    value: JSON.stringify({ p: proposalId }),
    userId,
    teamId: TEAM_ID,
    channelId: BOARD_CHANNEL,
    messageTs: cardTs,
    responseUrl: app.fake.responseUrl(name),
    triggerId: `trigger-${requests}`,
  });
  expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
  return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}` && !String(call.body.text).startsWith('Welcome!'), 10_000);
}

/** A slash command; waits for the private answer, or for the modal it opens. */
async function slash(userId: string, text: string, waitFor: 'reply' | 'modal' = 'reply'): Promise<RecordedSlackCall> {
  requests += 1;
  const name = `slash-${requests}`;
  const trigger = `trigger-slash-${requests}`;
  const opensBefore = app.fake.callsTo('views.open').length;
  expect((await app.send(slashCommandBody({ text, userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl(name), triggerId: trigger }))).status).toBe(200);
  if (waitFor === 'modal') return app.fake.waitForCall('views.open', () => app.fake.callsTo('views.open').length > opensBefore, 10_000).then(() => app.fake.callsTo('views.open').at(-1) as RecordedSlackCall);
  return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}` && !String(call.body.text).startsWith('Welcome!'), 10_000);
}

interface ModalView {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
}

async function submit(view: ModalView, userId: string, values: Parameters<typeof viewSubmissionPayload>[0]['values']) {
  return app.send(interactivePayloadBody(viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, userId, teamId: TEAM_ID, values })));
}

async function propose(title: string, tally: 'open' | 'secret'): Promise<{ id: string; cardTs: string; number: number }> {
  const closesOn = formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 7));
  return proposeFromSlackModal(app, { userId: userOf('sue'), groupId: boardId, title, closesOn, tally });
}

function lastCard(cardTs: string): string {
  return blocksOf(app.fake.callsTo('chat.update').filter((call) => call.body.ts === cardTs).at(-1));
}

describe('votes recorded on a partner’s behalf in Slack', () => {
  it('records a meeting’s show of hands and a phone vote, lets a partner’s own click replace one, and keeps both in the record', async () => {
    const vote = await propose('Adopt the night-time economy plan', 'open');
    expect(vote.number).toBe(1);

    const refused = await press(userOf('gus'), ACTION_IDS.openRecordVotesForm, vote.id, vote.cardTs);
    expect(String(refused.body.text)).toContain('Only the chair or the secretariat of Strategy Board can record votes');
    expect(await app.db.prisma.auditEvent.count({ where: { outcome: 'REFUSED', subjectId: vote.id } })).toBeGreaterThanOrEqual(1);

    const opensBefore = app.fake.callsTo('views.open').length;
    requests += 1;
    await app.send(
      interactivePayloadBody(
        blockActionsPayload({ actionId: ACTION_IDS.openRecordVotesForm, value: JSON.stringify({ p: vote.id }), userId: userOf('sue'), teamId: TEAM_ID, channelId: BOARD_CHANNEL, messageTs: vote.cardTs, responseUrl: app.fake.responseUrl(`rec-${requests}`), triggerId: `trigger-rec-${requests}` }),
      ),
    );
    await app.fake.waitForCall('views.open', () => app.fake.callsTo('views.open').length > opensBefore, 10_000);
    const form = app.fake.callsTo('views.open').at(-1)?.body.view as ModalView;
    expect(form.callback_id).toBe(ACTION_IDS.submitRecordVotesForm);
    expect(checkBlockKitLimits(form as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    expect(JSON.stringify(form.blocks)).toContain('Who voted for Testford Borough Council');

    const future = formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 2));
    const tooLate = await submit(form, userOf('sue'), { via: { via: selectValue('MEETING') }, on: { on: dateValue(future) }, [`o-${organisations.council}`]: { [`o-${organisations.council}`]: selectValue('FOR') } });
    expect(tooLate.status).toBe(200);
    expect(tooLate.text).toContain('cannot be in the future');

    const recorded = await submit(form, userOf('sue'), {
      via: { via: selectValue('MEETING') },
      on: { on: dateValue(today) },
      [`o-${organisations.council}`]: { [`o-${organisations.council}`]: selectValue('FOR') },
      [`v-${organisations.council}`]: { [`v-${organisations.council}`]: selectValue(String((await app.db.prisma.person.findFirstOrThrow({ where: { key: 'ben' } })).id)) },
      [`o-${organisations.fire}`]: { [`o-${organisations.fire}`]: selectValue('AGAINST') },
      [`o-${organisations.health}`]: { [`o-${organisations.health}`]: selectValue('INTEREST') },
      [`o-${organisations.police}`]: { [`o-${organisations.police}`]: selectValue('NONE') },
    });
    expect(recorded.status).toBe(200);
    const said = await app.fake.waitForCall('chat.postEphemeral', (call) => call.body.user === userOf('sue') && String(call.body.text).includes('Votes recorded'), 10_000);
    expect(JSON.stringify(said.body)).toContain(`on behalf by Sue Secretariat at the meeting of ${todayWords}`);
    const thread = await app.fake.waitForCall('chat.postMessage', (call) => call.body.thread_ts === vote.cardTs && blocksOf(call).includes('Votes recorded on behalf'), 10_000);
    expect(blocksOf(thread)).toContain('Testford Borough Council');
    expect(blocksOf(thread)).not.toContain('Against');
    await app.fake.waitForCall('chat.update', (call) => call.body.ts === vote.cardTs && blocksOf(call).includes('Taken part'), 10_000);
    expect(lastCard(vote.cardTs)).toContain(`Testford Borough Council (recorded on behalf by Sue Secretariat at the meeting of ${todayWords})`);

    const phone = await slash(userOf('sue'), `vote record ${vote.number} probation for via phone on ${today}`);
    expect(String(phone.body.text)).toContain(`on behalf by Sue Secretariat by phone on ${todayWords}`);
    const typo = await slash(userOf('sue'), `vote record ${vote.number} probation maybe via phone`);
    expect(String(typo.body.text)).toContain('That was not understood');
    const notMine = await slash(userOf('cal'), `vote record ${vote.number} fire for via meeting`);
    expect(String(notMine.body.text)).toMatch(/chair|secretariat/);

    const own = await press(userOf('cal'), ACTION_IDS.voteFor, vote.id, vote.cardTs);
    expect(String(own.body.text)).toContain('Your own vote for Testford Fire and Rescue is recorded: For. It replaces the vote recorded on its behalf');
    const calHistory = await app.db.prisma.ballotChange.findMany({ where: { proposalId: vote.id, organisationId: organisations.fire }, orderBy: { changedAt: 'asc' } });
    expect(calHistory.map((row) => [row.choice, row.recordedVia])).toEqual([
      ['AGAINST', 'MEETING'],
      ['FOR', 'CLICK'],
    ]);

    const closed = await press(userOf('chris'), ACTION_IDS.closeVote, vote.id, vote.cardTs);
    expect(String(closed.body.text)).toContain('You closed the vote: it is decision 1.');
    const closedCard = await app.fake.waitForCall('chat.update', (call) => call.body.ts === vote.cardTs && blocksOf(call).includes('Decision 1: Carried'), 10_000);
    expect(blocksOf(closedCard)).toContain(`For (Ben Council, deputy) (recorded on behalf by Sue Secretariat at the meeting of ${todayWords})`);
    expect(blocksOf(closedCard)).toContain(`For (Eve Probation, representative) (recorded on behalf by Sue Secretariat by phone on ${todayWords})`);
    expect(blocksOf(closedCard)).toContain('For (Cal Fire, representative)');
    const decision = await app.db.prisma.decision.findUniqueOrThrow({ where: { proposalId: vote.id } });
    expect(decision).toMatchObject({ outcome: 'CARRIED', forCount: 3, againstCount: 0, abstainCount: 1, presentCount: 4 });
    const audit = await app.db.prisma.auditEvent.findMany({ where: { action: 'vote.recordOnBehalf', outcome: 'ALLOWED', subjectId: vote.id } });
    expect(audit.map((row) => (row.detail as { note: string }).note)).toContain(`recorded on behalf by Sue Secretariat at the meeting of ${todayWords}`);

    const shown = await slash(userOf('gus'), 'decision 1');
    expect(blocksOf(shown)).toContain(`For (Ben Council, deputy), recorded on behalf by Sue Secretariat at the meeting of ${todayWords}`);
    expect(blocksOf(shown)).toContain(`Replaced by the partner's own vote: Testford Fire and Rescue: Against, recorded on behalf by Sue Secretariat at the meeting of ${todayWords}`);
  });

  it('keeps a secret vote’s count hidden from everyone, the chair included, until it closes', async () => {
    const vote = await propose('Commission a street-drinking review', 'secret');
    await press(ALEX.userId, ACTION_IDS.voteFor, vote.id, vote.cardTs);
    await press(userOf('bea'), ACTION_IDS.voteAgainst, vote.id, vote.cardTs);
    await app.fake.waitForCall('chat.update', (call) => call.body.ts === vote.cardTs && blocksOf(call).includes('Testford Borough Council'), 10_000);
    const card = lastCard(vote.cardTs);
    expect(card).toContain('Secret until the vote closes');
    expect(card).toContain('Taken part: Testford Borough Council and Testford Constabulary.');
    expect(card).toContain('2 more partners needed for quorum');
    expect(card).not.toMatch(/Bea Council|Alex Morgan|\d for|\d against/);

    const refusal = await press(userOf('chris'), ACTION_IDS.showVotes, vote.id, vote.cardTs);
    expect(String(refusal.body.text)).toContain('This is a secret vote until it closes on');
    expect(String(refusal.body.text)).toContain('not even the chair');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'vote.showVotes', outcome: 'REFUSED', reason: 'secret vote still open', subjectId: vote.id } })).toBe(1);

    await press(userOf('cal'), ACTION_IDS.voteFor, vote.id, vote.cardTs);
    await press(userOf('dee'), ACTION_IDS.voteFor, vote.id, vote.cardTs);
    await press(userOf('chris'), ACTION_IDS.closeVote, vote.id, vote.cardTs);
    const closedCard = await app.fake.waitForCall('chat.update', (call) => call.body.ts === vote.cardTs && blocksOf(call).includes('Carried'), 10_000);
    expect(blocksOf(closedCard)).toContain('*Testford Borough Council:* Against (Bea Council, representative)');
    expect(blocksOf(closedCard)).toContain('3 for, 1 against');
    const shown = await press(userOf('chris'), ACTION_IDS.showVotes, vote.id, vote.cardTs);
    expect(JSON.stringify(shown.body)).toContain('Bea Council (representative): Against');
  });

  it('refuses a correction whose outcome does not follow from its counts, and accepts it with an override reason', async () => {
    const opened = await slash(userOf('sue'), 'decision correct 1', 'modal');
    const view = opened.body.view as ModalView;
    expect(view.callback_id).toBe(ACTION_IDS.submitDecisionCorrection);
    const values = (override: string | null) => ({
      outcome: { outcome: selectValue('CARRIED') },
      forCount: { forCount: numberValue('1') },
      againstCount: { againstCount: numberValue('3') },
      abstainCount: { abstainCount: numberValue('0') },
      reason: { reason: plainTextValue('The minutes show Testford Fire and Rescue voted against, and so did two others.') },
      override: { override: plainTextValue(override) },
    });
    const inconsistent = await submit(view, userOf('sue'), values(null));
    expect(inconsistent.status).toBe(200);
    expect(inconsistent.text).toContain('With 1 for, 3 against and 0 abstentions, under simple majority the vote was lost; it cannot be recorded as carried.');
    expect(await app.db.prisma.decision.count({ where: { correctsId: { not: null } } })).toBe(0);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'decision.correct', outcome: 'REFUSED', reason: 'outcome does not follow from the counts' } })).toBe(1);

    const overridden = await submit(view, userOf('sue'), values('Legal ruling of 1 Dec 2026: the board’s standing orders required the motion to pass.'));
    expect(overridden.status).toBe(200);
    const correction = await app.db.prisma.decision.findFirstOrThrow({ where: { correctsId: { not: null } } });
    expect(correction).toMatchObject({ outcome: 'CARRIED', forCount: 1, againstCount: 3, outcomeOverrideReason: 'Legal ruling of 1 Dec 2026: the board’s standing orders required the motion to pass.' });
    const shown = await slash(userOf('gus'), `decision ${correction.number}`);
    expect(blocksOf(shown)).toContain('Outcome set by override:');
    expect(blocksOf(shown)).toContain('Legal ruling of 1 Dec 2026');
  });
});
