// A vote from start to finish in Microsoft Teams, through the real teams-ai/botbuilder adapter with activities
// built from Teams' payloads: the secretariat links the board's channel and proposes from the personal chat, the
// card goes to the channel, partners vote with Action.Execute buttons in the channel (the invoke is answered
// with the refreshed card and the card is updated for everyone), one changes their vote, the chair closes it,
// the result is posted in the card's reply chain and the channel, and "csp decisions" lists it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatIsoDate } from '../../src/domain/calendar.ts';
import { localDateOf } from '../../src/domain/time-zone.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import type { RecordedConnectorRequest } from '../support/fake-teams-connector.ts';
import { actionExecute, channelMention, personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;

const CHANNEL = '19:b0a4d1c2e3f4a5b6c7d8e9f0a1b2c3d4@thread.tacv2';
const TEAM = '19:teamTestfordCsp0001@thread.tacv2';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface Member extends TeamsParty {
  key: string;
  organisation: string | null;
  roles: ('CHAIR' | 'REPRESENTATIVE' | 'MEMBER')[];
}

function member(key: string, name: string, organisation: string | null, roles: Member['roles'], index: number): Member {
  return { key, name, organisation, roles, id: `29:1${key}TeamsUserForVotes${index}`, aadObjectId: `00000000-0000-4000-8000-00000000000${index}` };
}

const PAT = member('pat', 'Pat Police', 'police', ['CHAIR', 'REPRESENTATIVE'], 1);
const MEMBERS: Member[] = [
  PAT,
  member('bea', 'Bea Council', 'council', ['REPRESENTATIVE'], 2),
  member('cal', 'Cal Fire', 'fire', ['REPRESENTATIVE'], 3),
  member('dee', 'Dee Health', 'health', ['REPRESENTATIVE'], 4),
  member('eve', 'Eve Probation', 'probation', ['REPRESENTATIVE'], 5),
  member('gus', 'Gus Observer', null, ['MEMBER'], 6),
];

let app: TeamsTestApp;
let boardId: string;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [voteFeature] });
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
    ['probation', 'Testford Probation', 'PROBATION'],
  ] as const) {
    organisations[key] = (await prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory: true } })).id;
  }
  for (const entry of MEMBERS) {
    const email = `${entry.key}@testford.gov.uk`;
    const organisationId = entry.organisation ? organisations[entry.organisation] : undefined;
    const person = await prisma.person.create({ data: { partnershipId, key: entry.key, name: entry.name, email, organisationId } });
    for (const role of entry.roles) {
      await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role, organisationId: role === 'REPRESENTATIVE' ? organisationId : undefined } });
    }
    app.connector.addMember({ id: entry.id, name: entry.name, aadObjectId: entry.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, userRole: 'user' });
    // Linked as the importer would: the local-only test bot links nobody by email.
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: entry.aadObjectId, linkedBy: 'IMPORT' } });
  }
});

afterAll(async () => {
  await app?.stop();
});

/** An Action.Execute click on the card in the board's channel (the captured invoke, moved into the channel). */
function channelInvoke(user: TeamsParty, verb: string, proposalId: string, cardId: string): Json {
  const base = actionExecute({ ...app.envelope(user), verb, data: { verb, payload: { p: proposalId } }, replyToId: cardId });
  return {
    ...base,
    conversation: { id: `${CHANNEL};messageid=${cardId}`, isGroup: true, conversationType: 'channel', tenantId: TENANT_ID },
    channelData: { ...(base.channelData as Json), channel: { id: CHANNEL }, teamsChannelId: CHANNEL, team: { id: TEAM } },
  };
}

async function press(user: TeamsParty, verb: string, proposalId: string, cardId: string): Promise<{ type: string; value: unknown; text: string }> {
  const response = await app.post(channelInvoke(user, verb, proposalId, cardId));
  expect(response.status).toBe(200);
  const body = response.body as { type: string; value: unknown };
  if (body.type === ADAPTIVE) expect(validateAdaptiveCard(body.value)).toEqual([]);
  return { ...body, text: JSON.stringify(body.value) };
}

function cardUpdates(cardId: string): RecordedConnectorRequest[] {
  return app.connector.requestsFor('updateActivity').filter((request) => request.targetId === cardId);
}

function cardsIn(request: RecordedConnectorRequest | undefined): string {
  const attachments = ((request?.body as Json | undefined)?.attachments as Json[] | undefined) ?? [];
  return JSON.stringify(attachments.filter((attachment) => attachment.contentType === ADAPTIVE).map((attachment) => attachment.content));
}

describe('a vote in Teams', () => {
  it('is proposed, voted on with card buttons, changed, closed, and recorded in the reply chain and the decision log', async () => {
    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: CHANNEL, threadId: '1764000000001' }))).status).toBe(200);
    const channel = await app.db.prisma.groupChannel.findFirstOrThrow({ where: { groupId: boardId, platform: 'TEAMS' } });
    expect(channel.channelId).toBe(CHANNEL);

    app.connector.clearRequests();
    await app.post(personalMessage({ ...app.envelope(), text: 'csp propose board' }));
    const formCards = app.connector.sentActivities().flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content));
    const form = formCards.find((card) => JSON.stringify(card).includes(ACTION_IDS.submitProposeForm));
    expect(form).toBeDefined();
    expect(validateAdaptiveCard(form)).toEqual([]);

    app.connector.clearRequests();
    const closesOn = formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 7));
    const submit = await app.post(
      actionExecute({
        ...app.envelope(),
        verb: ACTION_IDS.submitProposeForm,
        data: {
          verb: ACTION_IDS.submitProposeForm,
          title: 'Adopt the 2026/27 partnership plan',
          motion: 'That the board adopts the partnership plan 2026/27 as circulated.',
          group: boardId,
          reason: 'CHAIR_DISCRETION',
          amount: '',
          closesOn,
          closesAt: '17:00',
          papers: '',
        },
      }),
    );
    expect(submit.status).toBe(200);
    expect(JSON.stringify((submit.body as Json).value)).toContain('is open in');
    const posted = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === CHANNEL);
    expect(posted).toBeDefined();
    expect(cardsIn(posted)).toContain('Vote: Adopt the 2026/27 partnership plan');
    expect(cardsIn(posted)).toContain(ACTION_IDS.voteFor);
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: 'Adopt the 2026/27 partnership plan' } });
    expect(proposal).toMatchObject({ postPlatform: 'TEAMS', postChannelId: CHANNEL });
    const cardId = proposal.postMessageId ?? '';
    expect(cardId).toMatch(/^activity-/);
    // A deep link to the card in the channel, kept for links from digests and the decision log.
    expect(proposal.postUrl).toBe(`https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${cardId}?tenantId=${TENANT_ID}&parentMessageId=${cardId}`);

    const who = (key: string) => MEMBERS.find((entry) => entry.key === key) as Member;
    const first = await press(PAT, ACTION_IDS.voteFor, proposal.id, cardId);
    expect(first.type).toBe(ADAPTIVE);
    expect(first.text).toContain('3 more partners needed for quorum');
    expect(cardUpdates(cardId)).toHaveLength(1);
    expect(cardUpdates(cardId)[0]?.conversationId).toBe(`${CHANNEL};messageid=${cardId}`);
    expect(JSON.stringify(app.connector.sentActivities())).toContain('Your vote for Testford Constabulary is recorded: For.');

    await press(who('bea'), ACTION_IDS.voteFor, proposal.id, cardId);
    await press(who('cal'), ACTION_IDS.voteAgainst, proposal.id, cardId);
    await press(who('dee'), ACTION_IDS.voteAgainst, proposal.id, cardId);
    app.connector.clearRequests();
    const changed = await press(who('dee'), ACTION_IDS.voteFor, proposal.id, cardId);
    expect(changed.text).toContain('Quorate.');
    expect(JSON.stringify(app.connector.sentActivities())).toContain('You changed your vote for Testford Health from against to for.');

    app.connector.clearRequests();
    // Gus is linked by email on this first click, so the welcome and the refusal both go to his personal chat.
    const refused = await press(who('gus'), ACTION_IDS.voteFor, proposal.id, cardId);
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(app.connector.sentActivities())).toContain('Thank you, but your vote cannot be counted');
    expect(cardUpdates(cardId)).toHaveLength(0);
    const again = await press(who('gus'), ACTION_IDS.voteAgainst, proposal.id, cardId);
    expect(String(again.value)).toContain('Thank you, but your vote cannot be counted');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'vote.cast', outcome: 'REFUSED', subjectId: proposal.id } })).toBe(2);

    app.connector.clearRequests();
    const closed = await press(PAT, ACTION_IDS.closeVote, proposal.id, cardId);
    expect(closed.type).toBe(ADAPTIVE);
    expect(closed.text).toContain('Decision 1: Carried');
    expect(closed.text).not.toContain(ACTION_IDS.voteFor);
    expect(cardUpdates(cardId)).toHaveLength(1);
    const thread = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === `${CHANNEL};messageid=${cardId}`);
    expect(cardsIn(thread)).toContain('Result: Adopt the 2026/27 partnership plan');
    expect(cardsIn(thread)).toContain('Carried (simple majority): 3 for, 1 against, 0 abstentions. 4 of 5 statutory partners took part; quorum 4.');
    for (const card of JSON.parse(cardsIn(thread)) as unknown[]) expect(validateAdaptiveCard(card)).toEqual([]);
    const notice = app.connector.requestsFor('sendToConversation').find((request) => request.conversationId === CHANNEL);
    expect(cardsIn(notice)).toContain('Decision 1: Adopt the 2026/27 partnership plan');

    const decision = await app.db.prisma.decision.findUniqueOrThrow({ where: { proposalId: proposal.id } });
    expect(decision).toMatchObject({ number: 1, outcome: 'CARRIED', forCount: 3, againstCount: 1, presentCount: 4, proposedByName: SAM.name });
    expect(await app.db.prisma.ballotChange.count({ where: { proposalId: proposal.id } })).toBe(5);

    app.connector.clearRequests();
    await app.post(personalMessage({ ...app.envelope(who('gus')), text: 'csp decisions' }));
    const log = JSON.stringify(app.connector.sentActivities());
    expect(log).toContain('**1\\\\. Adopt the 2026/27 partnership plan** — Carried');
    expect(log).toContain(`[Open the vote thread](${proposal.postUrl})`);
  });
});
