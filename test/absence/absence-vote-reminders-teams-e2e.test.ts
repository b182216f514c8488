// Vote reminders with a representative away, through the Teams front door: the secretariat links the board's
// channel and proposes from the card form in the personal chat, the vote reminder job runs under the scheduler
// with its clock (and the core's) set across Christmas 2026, and every card goes through the local fake Bot
// Connector. Olly, the police representative, is away: nothing is sent on the substitute bank holiday, then on
// Tuesday 29 December his deputy Dan is reminded in his place and told why, the chair's quorum warning names
// Olly as away, and Dan's click on the channel card counts for the police.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { voteReminderJob } from '../../src/jobs/vote-reminder-job.ts';
import { absenceFeature } from '../../src/services/absence/absence-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, channelMention, type TeamsParty } from '../support/teams-activities.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { cardsSentTo as cardsIn, sayInPersonalChat, type ChatParty } from '../teams/personal-chat.ts';
import { TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;
type Person = TeamsParty & { key: string; conversationId: string; organisation: string | null; role: 'REPRESENTATIVE' | 'DEPUTY' | 'CHAIR' };

const CHANNEL = '19:c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6@thread.tacv2';
const TEAM = '19:teamTestfordCspAway01@thread.tacv2';

function person(key: string, name: string, organisation: string | null, role: Person['role'], index: number): Person {
  return { key, name, organisation, role, id: `29:1${key}TeamsUserForVoteCover${index}`, aadObjectId: `00000000-0000-4000-a000-00000000000${index}`, conversationId: `a:1personalChatWith${key}` };
}

const OLLY = person('olly', 'Olly Owner', 'police', 'REPRESENTATIVE', 1);
const DAN = person('dan', 'Dan Deputy', 'police', 'DEPUTY', 2);
const BEA = person('bea', 'Bea Council', 'council', 'REPRESENTATIVE', 3);
const CAL = person('cal', 'Cal Fire', 'fire', 'REPRESENTATIVE', 4);
const DEE = person('dee', 'Dee Health', 'health', 'REPRESENTATIVE', 5);
const CARA = person('cara', 'Cara Chair', null, 'CHAIR', 6);
const PEOPLE = [OLLY, DAN, BEA, CAL, DEE, CARA];

let clock = new Date('2026-12-22T10:00:00Z');
let app: TeamsTestApp;
let boardId: string;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [voteFeature, absenceFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  const organisations: Record<string, string> = {
    council: (await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'council' } })).id,
  };
  for (const [key, name, kind] of [
    ['police', 'Testford Constabulary', 'POLICE'],
    ['fire', 'Testford Fire and Rescue', 'FIRE'],
    ['health', 'Testford Health', 'HEALTH'],
  ] as const) {
    organisations[key] = (await prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory: true } })).id;
  }
  for (const entry of PEOPLE) {
    const email = `${entry.key}@testford.gov.uk`;
    const organisationId = entry.organisation ? (organisations[entry.organisation] ?? null) : null;
    const created = await prisma.person.create({ data: { partnershipId, key: entry.key, name: entry.name, email, organisationId } });
    await prisma.membership.create({ data: { groupId: board.id, personId: created.id, role: entry.role, organisationId } });
    app.connector.addMember({ id: entry.id, name: entry.name, aadObjectId: entry.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, userRole: 'user' });
    await prisma.chatIdentity.create({ data: { personId: created.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: entry.aadObjectId, linkedBy: 'IMPORT' } });
  }
});

afterAll(async () => {
  await app?.stop();
});

/** The cards sent to the conversation, each checked against the Adaptive Card schema, as JSON text. */
function cardsSentTo(conversationId: string): string[] {
  return cardsIn(app, conversationId).map((card) => {
    expect(validateAdaptiveCard(card)).toEqual([]);
    return JSON.stringify(card);
  });
}

const say = (user: ChatParty, text: string) => sayInPersonalChat(app, user, text);

function scheduler() {
  return createScheduler({ jobs: [voteReminderJob], deps: { services: app.core.services }, timeZone: 'Europe/London', logger: capturingLogger(), clock: () => clock });
}

describe('vote reminders in Teams while a representative is away', () => {
  it('wait past the substitute bank holiday, remind the deputy in the away representative\'s place, and count the deputy\'s click', async () => {
    // Everyone has written to the bot once, so it keeps a reference to their personal chat.
    for (const entry of PEOPLE) expect(await say(entry, 'away')).toContain('You have no absence set.');
    expect(await say(OLLY, 'away 2026-12-23 until 2027-01-04 annual leave')).toContain('23 Dec to 4 Jan');

    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: CHANNEL, threadId: '1766400000001' }))).status).toBe(200);
    app.connector.clearRequests();
    const submit = await app.post(
      actionExecute({
        ...app.envelope(),
        verb: ACTION_IDS.submitProposeForm,
        data: {
          verb: ACTION_IDS.submitProposeForm,
          title: 'Extend the winter night-safety hub',
          motion: 'That the board extends the night-safety hub to the end of February.',
          group: boardId,
          reason: 'NO_CONSENSUS',
          amount: '',
          closesOn: '2026-12-29',
          closesAt: '12:00',
          papers: '',
        },
      }),
    );
    expect(submit.status).toBe(200);
    expect(JSON.stringify((submit.body as Json).value)).toContain('is open in');
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: 'Extend the winter night-safety hub' } });
    expect(proposal).toMatchObject({ postPlatform: 'TEAMS', postChannelId: CHANNEL });

    // Monday 28 December is the Boxing Day substitute bank holiday: nothing goes.
    app.connector.clearRequests();
    clock = new Date('2026-12-28T10:00:00Z');
    await scheduler().runNow(voteReminderJob.name);
    expect(app.connector.requestsFor('sendToConversation')).toEqual([]);

    // 08:00 on Tuesday 29 December, the first working hour before the close.
    clock = new Date('2026-12-29T08:00:00Z');
    await scheduler().runNow(voteReminderJob.name);
    expect(cardsSentTo(OLLY.conversationId)).toEqual([]);
    const toDan = cardsSentTo(DAN.conversationId).join('\n');
    expect(toDan).toContain('has not voted yet on');
    expect(toDan).toContain('Extend the winter night-safety hub');
    expect(toDan).toContain('Olly Owner, the representative of Testford Constabulary, is away until 4 Jan, so you are reminded as the deputy: your vote counts for Testford Constabulary.');
    const toBea = cardsSentTo(BEA.conversationId).join('\n');
    expect(toBea).toContain('Extend the winter night-safety hub');
    expect(toBea).not.toContain('is away until');
    const toChair = cardsSentTo(CARA.conversationId).join('\n');
    expect(toChair).toContain('Quorum at risk:');
    expect(toChair).toContain('Testford Constabulary (Olly Owner away until 4 Jan)');

    // A second run the same morning (another replica, or a restart) sends nothing more.
    app.connector.clearRequests();
    clock = new Date('2026-12-29T08:05:00Z');
    await scheduler().runNow(voteReminderJob.name);
    expect(app.connector.requestsFor('sendToConversation')).toEqual([]);

    // Dan votes from the card in the channel: it counts for the police.
    const cardId = proposal.postMessageId ?? '';
    const base = actionExecute({ ...app.envelope(DAN), verb: ACTION_IDS.voteFor, data: { verb: ACTION_IDS.voteFor, payload: { p: proposal.id } }, replyToId: cardId });
    const click = {
      ...base,
      conversation: { id: `${CHANNEL};messageid=${cardId}`, isGroup: true, conversationType: 'channel', tenantId: TENANT_ID },
      channelData: { ...(base.channelData as Json), channel: { id: CHANNEL }, teamsChannelId: CHANNEL, team: { id: TEAM } },
    };
    const answered = await app.post(click);
    expect(answered.status).toBe(200);
    const ballot = await app.db.prisma.ballot.findFirstOrThrow({ where: { proposalId: proposal.id }, include: { organisation: true, voter: true } });
    expect(ballot).toMatchObject({ choice: 'FOR', asDeputy: true, organisation: { name: 'Testford Constabulary' }, voter: { name: 'Dan Deputy' } });
  });
});
