// Collected only when TEST_DATABASE_URL names a PostgreSQL server (see test/vitest.config.ts): the race needs a
// connection pool, and embedded PGlite runs one statement at a time.
//
// Find-or-create under concurrency, through the real front doors. Two first requests from a workspace no
// partnership has used yet, at the same moment: both people are linked by email, the workspace is recorded
// once, and both get the normal answer. Two `/csp channel` links at once: one channel link, two normal
// answers. (Before the fix, the second insert hit a duplicate key and the person was told "Something went
// wrong".) Several rounds, so the requests really overlap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRIENDLY_ERROR_TEXT } from '../../src/slack/slack-adapter.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { slashCommandBody } from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const ROUNDS = 8;
const HELP_TITLE = 'What you can do with the CSP bot';

function expectNoFailure(text: string): void {
  expect(text).not.toContain(FRIENDLY_ERROR_TEXT);
  expect(text).not.toContain('Something went wrong');
}

describe('first requests from a new Slack workspace at the same moment', () => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('links each person once, records the workspace once, and answers every request normally', async () => {
    const { prisma } = app.db;
    const replyText = (call: RecordedSlackCall) => JSON.stringify(call.body);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const teamId = `T0NEW${String(round).padStart(4, '0')}`;
      const people = [1, 2].map((n) => ({ userId: `U0R${round}P${n}`, email: `slack.round${round}.person${n}@testford.gov.uk` }));
      for (const person of people) {
        await prisma.person.create({ data: { partnershipId: app.partnershipId, key: `slack-${person.userId}`, name: `Person ${person.userId}`, email: person.email } });
        app.fake.addUser({ id: person.userId, email: person.email, realName: person.userId, name: person.userId.toLowerCase(), teamId });
      }
      // Two people at once (both record the workspace), and the second of them twice at once (both create the identity).
      const sends = [people[0]!, people[1]!, people[1]!].map((person, index) => ({ name: `slack-r${round}-${index}`, userId: person.userId }));
      const responses = await Promise.all(
        sends.map((send) =>
          app.send(slashCommandBody({ text: 'help', userId: send.userId, teamId, channelId: BOARD_CHANNEL, triggerId: `7007.${send.name}`, responseUrl: app.fake.responseUrl(send.name) })),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      for (const send of sends) {
        const path = `/response-url/${send.name}`;
        await app.fake.waitForCall('response_url', (call) => call.path === path && replyText(call).includes(HELP_TITLE));
        for (const reply of app.fake.callsTo('response_url').filter((call) => call.path === path)) expectNoFailure(replyText(reply));
      }
      expect(await prisma.chatWorkspace.findMany({ where: { platform: 'SLACK', workspaceId: teamId }, select: { partnershipId: true } })).toEqual([
        { partnershipId: app.partnershipId },
      ]);
      expect(await prisma.chatIdentity.count({ where: { platform: 'SLACK', workspaceId: teamId } })).toBe(2);
    }
    expect(app.logLines.filter((line) => line.includes('Request failed') || line.includes('Slack request failed'))).toEqual([]);
  });

  it('links a channel once when two /csp channel commands for it arrive at the same moment', async () => {
    const { prisma } = app.db;
    const partnershipId = app.partnershipId;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
    const ops = await prisma.group.create({ data: { partnershipId, key: 'ops', name: 'Operations Group', kind: 'OPERATIONS_GROUP' } });
    const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
    await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'SECRETARIAT' } });
    await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
    const replyText = (call: RecordedSlackCall) => JSON.stringify(call.body);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const channelId = `C0RACE${String(round).padStart(4, '0')}`;
      // Even rounds: the same group twice. Odd rounds: two groups for the same channel.
      const groups = round % 2 === 0 ? ['board', 'board'] : ['board', 'ops'];
      const sends = groups.map((group, index) => ({ group, name: `channel-r${round}-${index}` }));
      await Promise.all(
        sends.map((send) =>
          app.send(slashCommandBody({ text: `channel ${send.group}`, userId: ALEX.userId, teamId: TEAM_ID, channelId, triggerId: `7007.${send.name}`, responseUrl: app.fake.responseUrl(send.name) })),
        ),
      );
      for (const send of sends) {
        const path = `/response-url/${send.name}`;
        const answer = await app.fake.waitForCall(
          'chat.postMessage',
          (call) => call.body.channel === channelId && replyText(call).includes('This channel is now where') && replyText(call).includes(send.group === 'ops' ? 'Operations Group' : 'Strategy Board'),
        );
        expectNoFailure(replyText(answer));
        for (const reply of app.fake.callsTo('response_url').filter((call) => call.path === path)) expectNoFailure(replyText(reply));
      }
      const links = await prisma.groupChannel.findMany({ where: { platform: 'SLACK', channelId }, select: { groupId: true } });
      expect(links).toHaveLength(1);
      expect([board.id, ops.id]).toContain(links[0]?.groupId);
    }
  });
});

// Teams links a person by email only when a Bot Framework token vouches for the roster it came from, and these
// tests run Teams local-only (no token), where nobody is linked by email (test/teams/teams-local-only.test.ts).
// The store functions that race, recordWorkspace and linkChatIdentity, are the same for both platforms and are
// raced through Slack above.
