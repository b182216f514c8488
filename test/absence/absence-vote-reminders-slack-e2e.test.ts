// Vote reminders with a representative away, through Slack's front door: the secretariat proposes from the
// modal, the vote reminder job runs under the scheduler with its clock (and the core's) set across Christmas
// 2026, and every message goes through the local fake Slack Web API. Alex, the police representative, is
// away: nothing is sent on the substitute bank holiday, then on Tuesday 29 December his deputy Dan is
// reminded in his place and told why, the chair's quorum warning names Alex as away, and Dan's click on the
// card counts for the police.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { voteReminderJob } from '../../src/jobs/vote-reminder-job.ts';
import { absenceFeature } from '../../src/services/absence/absence-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { blockActionsPayload, interactivePayloadBody, slashCommandBody } from '../support/slack-requests.ts';
import { proposeFromSlackModal } from '../slack/slack-proposals.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const DAN = { userId: 'U0DAN00001', key: 'dan', name: 'Dan Deputy', organisation: 'police', role: 'DEPUTY' } as const;
const BEA = { userId: 'U0BEA00001', key: 'bea', name: 'Bea Council', organisation: 'council', role: 'REPRESENTATIVE' } as const;
const CAL = { userId: 'U0CAL00001', key: 'cal', name: 'Cal Fire', organisation: 'fire', role: 'REPRESENTATIVE' } as const;
const DEE = { userId: 'U0DEE00001', key: 'dee', name: 'Dee Health', organisation: 'health', role: 'REPRESENTATIVE' } as const;
const CARA = { userId: 'U0CARA0001', key: 'cara', name: 'Cara Chair', organisation: null, role: 'CHAIR' } as const;
const SUE = { userId: 'U0SUE00001', key: 'sue', name: 'Sue Secretariat', organisation: null, role: 'SECRETARIAT' } as const;

let clock = new Date('2026-12-22T10:00:00Z');
let app: SlackTestApp;
let boardId: string;
let commands = 0;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [voteFeature, absenceFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  const organisations: Record<string, string> = {
    police: (await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'police' } })).id,
  };
  for (const [key, name, kind] of [
    ['council', 'Testford Borough Council', 'LOCAL_AUTHORITY'],
    ['fire', 'Testford Fire and Rescue', 'FIRE'],
    ['health', 'Testford Health', 'HEALTH'],
  ] as const) {
    organisations[key] = (await prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory: true } })).id;
  }
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
  for (const member of [DAN, BEA, CAL, DEE, CARA, SUE]) {
    const email = `${member.key}@testford.gov.uk`;
    const organisationId = member.organisation ? organisations[member.organisation] : null;
    const person = await prisma.person.create({ data: { partnershipId, key: member.key, name: member.name, email, organisationId } });
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role: member.role, organisationId: member.organisation ? organisationId : null } });
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: member.userId, linkedBy: 'IMPORT' } });
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

/** The direct messages posted since the fake was last cleared, by recipient (the fake names a DM channel after its user). */
function directMessagesByUser(): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const post of app.fake.callsTo('chat.postMessage')) {
    const channel = String(post.body.channel);
    if (!channel.startsWith('D')) continue;
    expect(checkBlockKitLimits({ text: post.body.text, blocks: post.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const user = channel.slice(1);
    byUser.set(user, [...(byUser.get(user) ?? []), blocksOf(post)]);
  }
  return byUser;
}

async function command(userId: string, text: string): Promise<string> {
  commands += 1;
  const name = `vote-away-${commands}`;
  const body = slashCommandBody({ text, userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, triggerId: `7007.${name}`, responseUrl: app.fake.responseUrl(name) });
  expect((await app.send(body)).status).toBe(200);
  const reply = await app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 10_000);
  return JSON.stringify(reply.body);
}

function scheduler() {
  return createScheduler({ jobs: [voteReminderJob], deps: { services: app.core.services }, timeZone: 'Europe/London', logger: capturingLogger(), clock: () => clock });
}

describe('vote reminders in Slack while a representative is away', () => {
  it('wait past the substitute bank holiday, remind the deputy in the away representative\'s place, and count the deputy\'s click', async () => {
    expect(await command(ALEX.userId, 'away 2026-12-23 until 2027-01-04 annual leave')).toContain('23 Dec to 4 Jan');

    // Sue proposes from the modal on Tuesday 22 December; the vote closes at noon on Tuesday 29 December.
    const proposal = await proposeFromSlackModal(app, {
      userId: SUE.userId,
      groupId: boardId,
      title: 'Extend the winter night-safety hub',
      motion: 'That the board extends the night-safety hub to the end of February.',
      closesOn: '2026-12-29',
      closesAt: '12:00',
    });
    expect(proposal.cardTs).toMatch(/^\d+\.\d+$/);

    // Monday 28 December is the Boxing Day substitute bank holiday: nothing goes.
    app.fake.clearCalls();
    clock = new Date('2026-12-28T10:00:00Z');
    await scheduler().runNow(voteReminderJob.name);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    // 08:00 on Tuesday 29 December, the first working hour before the close.
    clock = new Date('2026-12-29T08:00:00Z');
    await scheduler().runNow(voteReminderJob.name);
    const sent = directMessagesByUser();
    expect(sent.has(ALEX.userId)).toBe(false);
    const toDan = (sent.get(DAN.userId) ?? []).join('\n');
    expect(toDan).toContain('has not voted yet on *Extend the winter night-safety hub*');
    expect(toDan).toContain('Alex Morgan, the representative of Testford Constabulary, is away until 4 Jan, so you are reminded as the deputy: your vote counts for Testford Constabulary.');
    expect((sent.get(BEA.userId) ?? []).join('\n')).toContain('has not voted yet on *Extend the winter night-safety hub*');
    expect((sent.get(BEA.userId) ?? []).join('\n')).not.toContain('is away until');
    const toChair = (sent.get(CARA.userId) ?? []).join('\n');
    expect(toChair).toContain('*Quorum at risk:* Extend the winter night-safety hub');
    expect(toChair).toContain('Testford Constabulary (Alex Morgan away until 4 Jan)');

    // A second run the same morning (another replica, or a restart) sends nothing more.
    app.fake.clearCalls();
    clock = new Date('2026-12-29T08:05:00Z');
    await scheduler().runNow(voteReminderJob.name);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    // Dan votes from the card: it counts for the police.
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.voteFor,
      value: JSON.stringify({ p: proposal.id }),
      userId: DAN.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      messageTs: proposal.cardTs,
      responseUrl: app.fake.responseUrl('dan-votes'),
      triggerId: 'trigger-dan',
    });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const answer = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/dan-votes', 10_000);
    expect(String(answer.body.text)).toContain('Your vote for Testford Constabulary is recorded: For.');
  });
});
