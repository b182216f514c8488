// Links to everything, in Teams, through the real adapter with activities built from Teams' payloads and the
// fake Bot Connector, on a partnership built here (a harbour safety group, its chair, an action owner and a
// member): the chair's overdue summary card gives each action Open and Post update and a Show all for the
// rest; the at-risk notice in the group's channel has Open and Post update; a card posted to the channel gets
// a Teams deep link (with the team's group id), which the digest and the decision log use for the vote thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { conversationOf } from '../../src/teams/teams-activity.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import type { RecordedConnectorRequest } from '../support/fake-teams-connector.ts';
import { actionExecute, channelMention, personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

type Json = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const HARBOUR_CHANNEL = '19:harbourchannel00000000000000001@thread.tacv2';
const TEAM_GROUP_ID = 'a1b2c3d4-0000-4000-8000-00000000abcd';
const CLEO: TeamsParty = { id: '29:1cleoTeamsUserForLinks', aadObjectId: '10000000-0000-4000-8000-00000000c1e0', name: 'Cleo Chair' };
const OMAR: TeamsParty = { id: '29:1omarTeamsUserForLinks', aadObjectId: '10000000-0000-4000-8000-00000000a0a4', name: 'Omar Owner' };
const NIA: TeamsParty = { id: '29:1niaTeamsUserForLinks', aadObjectId: '10000000-0000-4000-8000-00000000b1a0', name: 'Nia Member' };
const TUESDAY_10AM = new Date('2026-12-01T10:00:00Z');
const DAY_MS = 86_400_000;
const OVERDUE_COUNT = 14;

const actions = createActionsFeature();
let app: TeamsTestApp;
let harbourId: string;
const actionIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [actions, voteFeature, indicatorFeature, digestFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const harbour = await prisma.group.create({ data: { partnershipId, key: 'harbour', name: 'Harbour Safety Group', kind: 'TASK_AND_FINISH', defaultCadence: 'MONTHLY' } });
  harbourId = harbour.id;
  const people: Record<string, string> = {};
  for (const [party, key, role] of [[CLEO, 'cleo', 'CHAIR'], [OMAR, 'omar', 'MEMBER'], [NIA, 'nia', 'MEMBER']] as const) {
    const email = `${key}@harbour.example`;
    const person = await prisma.person.create({ data: { partnershipId, key, name: party.name, email } });
    people[key] = person.id;
    await prisma.membership.create({ data: { groupId: harbour.id, personId: person.id, role } });
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: party.aadObjectId, linkedBy: 'IMPORT' } });
    app.connector.addMember({ id: party.id, name: party.name, aadObjectId: party.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, userRole: 'user' });
    // A first message keeps the personal chat's reference, where the bot's own messages to them go.
    await app.post(personalMessage({ ...app.envelope(party), text: 'help' }));
  }
  // The channel's reference as the adapter keeps it from a channel activity whose channel data names the team's group.
  const mention = channelMention({ ...app.envelope(), text: 'help', channelId: HARBOUR_CHANNEL });
  const channelData = { ...(mention.channelData as Json), team: { id: '19:harbourteam@thread.tacv2', name: 'Harbour', aadGroupId: TEAM_GROUP_ID } };
  const reference = conversationOf({ ...mention, channelData } as never).conversationReference;
  await prisma.groupChannel.create({
    data: { groupId: harbour.id, platform: 'TEAMS', workspaceId: TENANT_ID, channelId: HARBOUR_CHANNEL, name: 'Harbour safety', conversationReference: JSON.parse(JSON.stringify(reference)) },
  });
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

function cardsIn(request: RecordedConnectorRequest | undefined): Json[] {
  const attachments = ((request?.body as Json | undefined)?.attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === ADAPTIVE).map((attachment) => attachment.content as Json);
}

/** The data of every Action.Execute with this verb in a card. */
function executesWith(card: unknown, verb: string): Json[] {
  const found: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Json;
      if (record.type === 'Action.Execute' && record.verb === verb) found.push(record.data as Json);
      // A button that opens a form is a dialog launcher in Teams: an Action.Submit whose data asks for task/fetch.
      const data = record.data as Json | undefined;
      if (record.type === 'Action.Submit' && data?.verb === verb && (data.msteams as Json | undefined)?.type === 'task/fetch') {
        found.push({ verb: data.verb, payload: data.payload });
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(card);
  return found;
}

/**
 * Presses a card button as `user` in their personal chat. The answer is the invoke's card, or, for a private
 * reply, the cards the bot sent to the chat while answering it.
 */
async function press(user: TeamsParty, verb: string, data: Json | undefined): Promise<{ type: string; card: Json; text: string }> {
  app.connector.clearRequests();
  const response = await app.post(actionExecute({ ...app.envelope(user), verb, data: data ?? { verb } }));
  expect(response.status).toBe(200);
  const body = response.body as { type: string; value: unknown };
  if (body.type === ADAPTIVE) {
    expect(validateAdaptiveCard(body.value)).toEqual([]);
    return { type: body.type, card: body.value as Json, text: JSON.stringify(body.value) };
  }
  const sent = app.connector.sentActivities().flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content as Json));
  for (const card of sent) expect(validateAdaptiveCard(card)).toEqual([]);
  const texts = app.connector.sentActivities().map((activity) => activity.text ?? '');
  return { type: body.type, card: { sent } as Json, text: JSON.stringify([body.value, texts, sent]) };
}

const quietLogger = createLogger({ level: 'error', write: () => {} });
const servicesAt = (at: Date): CoreServices => ({ ...app.core.services, now: () => at });

describe('links and buttons in Teams', () => {
  let summary: Json;

  it("gives the chair's overdue summary card Open and Post update per action, and Show all for the rest", async () => {
    app.connector.clearRequests();
    await createActionEscalationJob({ owner: 'links-teams' }).run({ services: servicesAt(TUESDAY_10AM) }, TUESDAY_10AM);
    const sent = app.connector.requestsFor('sendToConversation').flatMap(cardsIn).find((card) => JSON.stringify(card).includes('Overdue actions'));
    expect(sent).toBeDefined();
    summary = sent as Json;
    expect(validateAdaptiveCard(summary)).toEqual([]);
    const opens = executesWith(summary, ACTION_IDS.openAction);
    expect(opens).toHaveLength(12);
    expect(opens[0]).toEqual({ verb: ACTION_IDS.openAction, payload: { actionId: actionIds['HB-01'] } });
    expect(executesWith(summary, ACTION_IDS.openUpdateForm)).toHaveLength(12);
    expect(executesWith(summary, ACTION_IDS.showOverdueActions)).toHaveLength(1);
  });

  it('opens an action and its update form from the summary', async () => {
    const shown = await press(CLEO, ACTION_IDS.openAction, executesWith(summary, ACTION_IDS.openAction)[0]);
    expect(shown.text).toContain('HB-01');
    expect(shown.text).toContain('Update history');
    expect(executesWith(shown.card, ACTION_IDS.openUpdateForm)).toHaveLength(1);

    const form = await press(CLEO, ACTION_IDS.openUpdateForm, executesWith(summary, ACTION_IDS.openUpdateForm)[0]);
    expect(form.text).toContain(ACTION_IDS.submitUpdateForm);
    expect(form.text).toContain('Harbour task 1');
  });

  it('shows the chair every overdue action, paged, and refuses a member who chairs nothing', async () => {
    const [showAll] = executesWith(summary, ACTION_IDS.showOverdueActions);
    const first = await press(CLEO, ACTION_IDS.showOverdueActions, showAll);
    expect(first.text).toContain('the groups you chair');
    expect(executesWith(first.card, ACTION_IDS.openAction)).toHaveLength(10);
    const [next] = executesWith(first.card, ACTION_IDS.pageNext);
    const second = await press(CLEO, ACTION_IDS.pageNext, next);
    expect(second.text).toContain('HB-14');
    expect(executesWith(second.card, ACTION_IDS.openAction)).toHaveLength(OVERDUE_COUNT - 10);

    const refused = await press(NIA, ACTION_IDS.showOverdueActions, showAll);
    expect(refused.text).toContain('for the chairs of the partnership');
    expect(refused.text).not.toContain('HB-01');
    expect(await app.db.prisma.auditEvent.count({ where: { actorUserId: NIA.aadObjectId, outcome: 'REFUSED', action: `action.${ACTION_IDS.showOverdueActions}` } })).toBe(1);
  });

  it('puts Open and Post update on the at-risk notice in the group channel', async () => {
    const form = await press(OMAR, ACTION_IDS.openUpdateForm, { verb: ACTION_IDS.openUpdateForm, payload: { actionId: actionIds['HB-02'] } });
    const [submit] = executesWith(form.card, ACTION_IDS.submitUpdateForm);
    app.connector.clearRequests();
    const fields = { status: 'AT_RISK', progress: '25', done: 'Survey of the north quay', blockers: 'Waiting on the harbour master', dueDate: '2026-11-01' };
    const saved = await press(OMAR, ACTION_IDS.submitUpdateForm, { ...submit, ...fields });
    expect(saved.text).toContain('Saved your update on **HB-02**: At risk, 25%.');
    await actions.idle();
    const notice = app.connector.requestsFor('sendToConversation').filter((request) => request.conversationId === HARBOUR_CHANNEL).flatMap(cardsIn)[0];
    expect(notice).toBeDefined();
    expect(validateAdaptiveCard(notice)).toEqual([]);
    expect(JSON.stringify(notice)).toContain('at risk');
    expect(executesWith(notice, ACTION_IDS.openAction)).toEqual([{ verb: ACTION_IDS.openAction, payload: { actionId: actionIds['HB-02'] } }]);
    expect(executesWith(notice, ACTION_IDS.openUpdateForm)).toEqual([{ verb: ACTION_IDS.openUpdateForm, payload: { actionId: actionIds['HB-02'] } }]);

    const shown = await press(NIA, ACTION_IDS.openAction, executesWith(notice, ACTION_IDS.openAction)[0]);
    expect(shown.text).toContain('Survey of the north quay');
    expect(executesWith(shown.card, ACTION_IDS.openUpdateForm)).toHaveLength(0);
  });

  it('links decisions and open votes to their thread with a Teams deep link, in the digest and the decision log', async () => {
    const { prisma } = app.db;
    const monday = nextWorkingMondayDigest();
    const cleo = await prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'cleo' } });
    const channel = await prisma.groupChannel.findFirstOrThrow({ where: { groupId: harbourId, platform: 'TEAMS' } });
    const posted = await app.core.services.notifiers.TEAMS!.postToChannel(
      { workspaceId: TENANT_ID, channelId: HARBOUR_CHANNEL, conversationReference: channel.conversationReference },
      { kind: 'message', blocks: [{ type: 'text', text: 'Vote: pontoon lighting' }] },
    );
    const link = new URL(posted.url ?? '');
    expect(`${link.origin}${decodeURIComponent(link.pathname)}`).toBe(`https://teams.microsoft.com/l/message/${HARBOUR_CHANNEL}/${posted.messageId}`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ tenantId: TENANT_ID, groupId: TEAM_GROUP_ID, parentMessageId: posted.messageId });

    const base = { partnershipId: app.partnershipId, groupId: harbourId, proposedById: cleo.id, motion: 'That the group agrees.', reason: 'NO_CONSENSUS' as const, postPlatform: 'TEAMS' as const, postChannelId: HARBOUR_CHANNEL };
    const proposal = await prisma.proposal.create({ data: { ...base, title: 'Pontoon lighting', closesAt: new Date(monday.getTime() + 3 * DAY_MS), postMessageId: posted.messageId, postUrl: posted.url ?? null } });
    const closed = await prisma.proposal.create({ data: { ...base, title: 'Fund harbour CCTV', status: 'CLOSED', closesAt: new Date(monday.getTime() - 3 * DAY_MS), postMessageId: posted.messageId, postUrl: posted.url ?? null } });
    expect(proposal.postUrl).toBe(posted.url);
    await prisma.decision.create({
      data: {
        partnershipId: app.partnershipId,
        groupId: harbourId,
        number: 7,
        proposalId: closed.id,
        decidedAt: new Date(monday.getTime() - 3 * DAY_MS),
        title: 'Fund harbour CCTV',
        motion: 'CCTV',
        outcome: 'CARRIED',
        quorate: true,
        quorumRequired: 1,
        presentCount: 2,
        forCount: 2,
        againstCount: 0,
        abstainCount: 0,
        tally: {},
        declarations: [],
        proposedByName: cleo.name,
      },
    });

    app.connector.clearRequests();
    const job = createDigestJob({ owner: 'links-teams-digest', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger: quietLogger, services: servicesAt(monday) }, monday);
    const digest = app.connector.requestsFor('sendToConversation').filter((request) => request.conversationId === HARBOUR_CHANNEL).flatMap(cardsIn)[0];
    expect(digest).toBeDefined();
    expect(validateAdaptiveCard(digest)).toEqual([]);
    const digestText = JSON.stringify(digest);
    expect(digestText).toContain(`[Open the vote thread](${posted.url})`);
    expect(digestText).toContain(`[Open the vote and its thread](${posted.url})`);

    app.connector.clearRequests();
    await app.post(personalMessage({ ...app.envelope(NIA), text: 'csp decisions harbour' }));
    const log = app.connector.sentActivities().flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content));
    expect(JSON.stringify(log)).toContain(`[Open the vote thread](${posted.url})`);
    const [openDecision] = executesWith(log, ACTION_IDS.openDecision);
    expect(openDecision).toEqual({ verb: ACTION_IDS.openDecision, payload: { number: 7 } });
    const shown = await press(NIA, ACTION_IDS.openDecision, openDecision);
    expect(shown.text).toContain('Decision 7: Fund harbour CCTV');
    expect(JSON.stringify(shown.card)).toContain(JSON.stringify({ type: 'Action.OpenUrl', title: 'Open the vote thread', url: posted.url }).slice(1, -1));
  });
});
