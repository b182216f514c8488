// Issue 13 (votes at meetings, secret tallies, consistent corrections) through Teams' front door: the real
// teams-ai/botbuilder adapter with activities built from Teams' payloads and the fake connector, on a
// partnership built here (Safer Testford: five statutory partners, quorum 4, a chair who does not vote, the
// secretariat, and a partner with a representative and a deputy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatIsoDate } from '../../src/domain/calendar.ts';
import { localDateOf } from '../../src/domain/time-zone.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, channelMention, personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;

const CHANNEL = '19:c1a4d1c2e3f4a5b6c7d8e9f0a1b2c3d5@thread.tacv2';
const TEAM = '19:teamTestfordCsp0002@thread.tacv2';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface Member extends TeamsParty {
  key: string;
  organisation: string | null;
  role: 'CHAIR' | 'REPRESENTATIVE' | 'DEPUTY' | 'MEMBER';
}

function member(key: string, name: string, organisation: string | null, role: Member['role'], index: number): Member {
  return { key, name, organisation, role, id: `29:1${key}TeamsUserOnBehalf${index}`, aadObjectId: `00000000-0000-4000-8000-0000000001${String(index).padStart(2, '0')}` };
}

const MEMBERS: Member[] = [
  member('chris', 'Chris Chair', null, 'CHAIR', 1),
  member('pat', 'Pat Police', 'police', 'REPRESENTATIVE', 2),
  member('bea', 'Bea Council', 'council', 'REPRESENTATIVE', 3),
  member('ben', 'Ben Council', 'council', 'DEPUTY', 4),
  member('cal', 'Cal Fire', 'fire', 'REPRESENTATIVE', 5),
  member('dee', 'Dee Health', 'health', 'REPRESENTATIVE', 6),
  member('eve', 'Eve Probation', 'probation', 'REPRESENTATIVE', 7),
  member('gus', 'Gus Observer', null, 'MEMBER', 8),
];
const who = (key: string) => MEMBERS.find((entry) => entry.key === key) as Member;

let app: TeamsTestApp;
let boardId: string;
const organisations: Record<string, string> = {};
const today = formatIsoDate(localDateOf(new Date(), 'Europe/London'));
const todayWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [voteFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  boardId = board.id;
  organisations.council = (await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'council' } })).id;
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
    const stands = entry.role === 'REPRESENTATIVE' || entry.role === 'DEPUTY';
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role: entry.role, organisationId: stands ? organisationId : undefined } });
    app.connector.addMember({ id: entry.id, name: entry.name, aadObjectId: entry.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, userRole: 'user' });
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: entry.aadObjectId, linkedBy: 'IMPORT' } });
  }
  expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: CHANNEL, threadId: '1764000000002' }))).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

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

/** Every Adaptive Card sent to the connector or given in `extra`, as JSON text. */
function sentCards(extra: unknown[] = []): Json[] {
  const sent = app.connector.sentActivities().flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content as Json));
  return [...sent, ...(extra as Json[])];
}

/** The data of the form's submit button, so a submission carries the form's metadata as Teams would send it. */
function submitData(card: unknown, verb: string): Json {
  let found: Json | undefined;
  const visit = (node: unknown): void => {
    if (found || typeof node !== 'object' || node === null) return;
    const object = node as Json;
    if (object.type === 'Action.Execute' && object.verb === verb) {
      found = object.data as Json;
      return;
    }
    for (const value of Object.values(object)) visit(value);
  };
  visit(card);
  if (!found) throw new Error(`No ${verb} button in the card`);
  return found;
}

async function submitForm(user: TeamsParty, card: unknown, verb: string, fields: Json): Promise<string> {
  app.connector.clearRequests();
  const response = await app.post(actionExecute({ ...app.envelope(user), verb, data: { ...submitData(card, verb), ...fields } }));
  expect(response.status).toBe(200);
  return JSON.stringify((response.body as Json).value) + JSON.stringify(app.connector.sentActivities());
}

async function say(user: TeamsParty, text: string): Promise<string> {
  app.connector.clearRequests();
  await app.post(personalMessage({ ...app.envelope(user), text }));
  return JSON.stringify(app.connector.sentActivities());
}

function cardUpdates(cardId: string): string[] {
  return app.connector
    .requestsFor('updateActivity')
    .filter((request) => request.targetId === cardId)
    .map((request) => JSON.stringify(((request.body as Json).attachments as Json[] | undefined) ?? []));
}

async function propose(title: string, tally: 'open' | 'secret'): Promise<{ id: string; cardId: string; number: number }> {
  app.connector.clearRequests();
  await app.post(personalMessage({ ...app.envelope(), text: 'csp propose board' }));
  const form = sentCards().find((card) => JSON.stringify(card).includes(ACTION_IDS.submitProposeForm));
  expect(JSON.stringify(form)).toContain('The count while voting is open');
  await submitForm(SAM, form, ACTION_IDS.submitProposeForm, {
    title,
    motion: `That the board agrees: ${title}.`,
    group: boardId,
    reason: 'CHAIR_DISCRETION',
    amount: '',
    closesOn: formatIsoDate(addDays(localDateOf(new Date(), 'Europe/London'), 7)),
    closesAt: '17:00',
    papers: '',
    tally,
  });
  const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { title } });
  return { id: proposal.id, cardId: proposal.postMessageId ?? '', number: proposal.number ?? 0 };
}

describe('votes recorded on a partner’s behalf in Teams', () => {
  it('records a meeting’s votes in the card form and an email vote by command; a partner’s own click replaces one', async () => {
    const vote = await propose('Adopt the night-time economy plan', 'open');

    app.connector.clearRequests();
    const refused = await press(who('gus'), ACTION_IDS.openRecordVotesForm, vote.id, vote.cardId);
    expect(refused.text + JSON.stringify(app.connector.sentActivities())).toContain('Only the chair or the secretariat of Strategy Board can record votes');

    app.connector.clearRequests();
    const opened = await press(SAM, ACTION_IDS.openRecordVotesForm, vote.id, vote.cardId);
    const form = sentCards([opened.value]).find((card) => JSON.stringify(card).includes(ACTION_IDS.submitRecordVotesForm));
    expect(form).toBeDefined();
    expect(validateAdaptiveCard(form)).toEqual([]);
    const ben = await app.db.prisma.person.findFirstOrThrow({ where: { key: 'ben' } });

    const empty = await submitForm(SAM, form, ACTION_IDS.submitRecordVotesForm, { via: 'MEETING', on: today });
    expect(empty).toContain('every partner is marked not present');

    const said = await submitForm(SAM, form, ACTION_IDS.submitRecordVotesForm, {
      via: 'MEETING',
      on: today,
      [`o-${organisations.council}`]: 'AGAINST',
      [`v-${organisations.council}`]: ben.id,
      [`o-${organisations.fire}`]: 'FOR',
      [`o-${organisations.health}`]: 'FOR',
    });
    expect(said).toContain(`on behalf by Sam Okafor at the meeting of ${todayWords}`);
    expect(cardUpdates(vote.cardId).at(-1)).toContain(`Testford Borough Council (recorded on behalf by Sam Okafor at the meeting of ${todayWords})`);

    const email = await say(SAM, `csp vote record ${vote.number} Testford Probation abstain via email on ${today}`);
    expect(email).toContain(`on behalf by Sam Okafor by email on ${todayWords}`);

    app.connector.clearRequests();
    await press(who('bea'), ACTION_IDS.voteFor, vote.id, vote.cardId);
    expect(JSON.stringify(app.connector.sentActivities())).toContain('Your own vote for Testford Borough Council is recorded: For. It replaces the vote recorded on its behalf');
    const history = await app.db.prisma.ballotChange.findMany({ where: { proposalId: vote.id, organisationId: organisations.council }, orderBy: { changedAt: 'asc' } });
    expect(history.map((row) => [row.choice, row.recordedVia, row.voterId === ben.id])).toEqual([
      ['AGAINST', 'MEETING', true],
      ['FOR', 'CLICK', false],
    ]);

    const closed = await press(who('chris'), ACTION_IDS.closeVote, vote.id, vote.cardId);
    expect(closed.text).toContain('Decision 1: Carried');
    expect(closed.text).toContain(`For (Dee Health, representative) (recorded on behalf by Sam Okafor at the meeting of ${todayWords})`);
    expect(closed.text).toContain('For (Bea Council, representative)');
    const decision = await app.db.prisma.decision.findUniqueOrThrow({ where: { proposalId: vote.id } });
    expect(decision).toMatchObject({ outcome: 'CARRIED', forCount: 3, againstCount: 0, abstainCount: 1, presentCount: 4 });
    const shown = await say(who('gus'), 'csp decision 1');
    expect(shown).toContain(`Replaced by the partner's own vote: Testford Borough Council: Against, recorded on behalf by Sam Okafor at the meeting of ${todayWords}`);
  });

  it('shows a secret vote’s participation only, refuses Show votes to the chair, and reveals the result at the close', async () => {
    const vote = await propose('Commission a street-drinking review', 'secret');
    await press(who('pat'), ACTION_IDS.voteAgainst, vote.id, vote.cardId);
    const card = await press(who('cal'), ACTION_IDS.voteFor, vote.id, vote.cardId);
    expect(card.text).toContain('Secret until the vote closes');
    expect(card.text).toContain('Taken part: Testford Constabulary and Testford Fire and Rescue.');
    expect(card.text).not.toMatch(/Pat Police|Cal Fire|\d for|\d against/);

    app.connector.clearRequests();
    const refusal = await press(who('chris'), ACTION_IDS.showVotes, vote.id, vote.cardId);
    expect(refusal.text + JSON.stringify(app.connector.sentActivities())).toContain('This is a secret vote until it closes on');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'vote.showVotes', outcome: 'REFUSED', subjectId: vote.id } })).toBe(1);

    await press(who('dee'), ACTION_IDS.voteFor, vote.id, vote.cardId);
    await press(who('eve'), ACTION_IDS.voteFor, vote.id, vote.cardId);
    const closed = await press(who('chris'), ACTION_IDS.closeVote, vote.id, vote.cardId);
    expect(closed.text).toContain('Carried');
    expect(closed.text).toContain('Against (Pat Police, representative)');
    expect(closed.text).toContain('3 for, 1 against');
  });

  it('refuses an inconsistent correction inline and accepts it with an override shown on the decision', async () => {
    app.connector.clearRequests();
    await app.post(personalMessage({ ...app.envelope(), text: 'csp decision correct 1' }));
    const form = sentCards().find((card) => JSON.stringify(card).includes(ACTION_IDS.submitDecisionCorrection));
    expect(JSON.stringify(form)).toContain('Override (only if the outcome does not follow from the counts)');
    const fields = { outcome: 'CARRIED', forCount: '1', againstCount: '3', abstainCount: '0', reason: 'The minutes record three partners against.' };
    const refused = await submitForm(SAM, form, ACTION_IDS.submitDecisionCorrection, fields);
    expect(refused).toContain('With 1 for, 3 against and 0 abstentions, under simple majority the vote was lost; it cannot be recorded as carried.');
    expect(await app.db.prisma.decision.count({ where: { correctsId: { not: null } } })).toBe(0);

    const accepted = await submitForm(SAM, form, ACTION_IDS.submitDecisionCorrection, { ...fields, override: 'Legal ruling: the chair’s ruling on standing orders stands.' });
    expect(accepted).toContain('Outcome set by override: Legal ruling');
    const correction = await app.db.prisma.decision.findFirstOrThrow({ where: { correctsId: { not: null } } });
    expect(correction.outcomeOverrideReason).toBe('Legal ruling: the chair’s ruling on standing orders stands.');
    expect(await say(who('gus'), `csp decision ${correction.number}`)).toContain('Outcome set by override:');
  });
});
