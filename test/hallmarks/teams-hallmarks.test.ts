// `csp hallmarks` end to end on Teams: activities built from the real Teams payloads go through the real
// teams-ai / botbuilder adapter to the real core and database; replies are read back from the fake connector.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, channelMention, personalMessage } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { addBoardPerson, seedChecklist } from './e2e-checklist.ts';

type Json = Record<string, unknown>;

function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === ADAPTIVE).map((attachment) => attachment.content as Json);
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TAYLOR = {
  id: '29:1taylorTeamsUserIdForHallmarkTests',
  aadObjectId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  name: 'Taylor Rep',
  email: 'taylor.rep@testford.gov.uk',
} as const;

let app: TeamsTestApp;
let items: Map<string, string>;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [hallmarksFeature] });
  items = await seedChecklist(app.db.prisma, app.partnershipId);
  const taylor = await addBoardPerson(app.db.prisma, app.partnershipId, { key: 'taylor', name: TAYLOR.name, email: TAYLOR.email, role: 'REPRESENTATIVE' });
  // Linked as the importer would: the local-only test bot links nobody by email.
  await app.db.prisma.chatIdentity.create({ data: { personId: taylor, platform: 'TEAMS', workspaceId: TENANT_ID, userId: TAYLOR.aadObjectId, linkedBy: 'IMPORT' } });
  app.connector.addMember({
    id: TAYLOR.id,
    name: TAYLOR.name,
    aadObjectId: TAYLOR.aadObjectId,
    email: TAYLOR.email,
    userPrincipalName: TAYLOR.email,
    givenName: 'Taylor',
    surname: 'Rep',
    tenantId: TENANT_ID,
    userRole: 'user',
  });
  // Both people write to the bot once, as they would before pressing buttons.
  await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
  await app.post(personalMessage({ ...app.envelope(TAYLOR), text: 'help' }));
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  app.connector.clearRequests();
});

function invoke(user: typeof SAM | typeof TAYLOR, verb: string, data: Json) {
  return app.post(actionExecute({ ...app.envelope(user), verb, data: { verb, ...data } }));
}

describe('csp hallmarks on Teams', () => {
  it('posts the summary card in the channel thread, a valid Adaptive Card within the size budget', async () => {
    const response = await app.post(channelMention({ ...app.envelope(), text: 'csp hallmarks', threadId: '1767700000001' }));
    expect(response.status).toBe(200);
    const replies = app.connector.requestsFor('replyToActivity');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.conversationId).toMatch(/;messageid=1767700000001$/);
    const [card] = cardsOf(replies[0]?.body as Json);
    expect(card).toBeDefined();
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(checkAdaptiveCardSize(card!).withinLimit).toBe(true);
    const text = JSON.stringify(card);
    expect(text).toContain('Hallmarks of effective partnership — Safer Testford');
    expect(text).toContain('1 met · 1 not met · 1 awaiting others · 1 to review');
    expect(text).toContain(ACTION_IDS.openHallmarkItem);
    expect(await app.db.prisma.hallmarkPosting.count({ where: { partnershipId: app.partnershipId, platform: 'TEAMS' } })).toBe(1);
  });

  it('refuses an update by a person without rights, and audits it', async () => {
    const id = items.get('plan-r1')!;
    const opened = await invoke(TAYLOR, ACTION_IDS.openHallmarkItem, { payload: { itemId: id } });
    expect(opened.status).toBe(200);
    const itemCards = app.connector.sentActivities().flatMap(cardsOf);
    expect(JSON.stringify(itemCards)).toContain('This plan has to be a three year plan');
    expect(JSON.stringify(itemCards)).toContain('Imported as \\"Noted\\"');
    expect(JSON.stringify(itemCards)).not.toContain(ACTION_IDS.editHallmarkItem);
    for (const card of itemCards) expect(validateAdaptiveCard(card)).toEqual([]);

    app.connector.clearRequests();
    const edit = await invoke(TAYLOR, ACTION_IDS.editHallmarkItem, { payload: { itemId: id } });
    expect(JSON.stringify(edit.body)).not.toContain('Input.ChoiceSet');
    expect(JSON.stringify(app.connector.sentActivities())).toContain('Sorry, only its owner');

    const submit = await invoke(TAYLOR, ACTION_IDS.submitHallmarkItem, { payload: { itemId: id }, status: 'MET' });
    expect((submit.body as Json).type).toBe(ADAPTIVE);
    expect(JSON.stringify((submit.body as Json).value)).toContain('Sorry, only its owner');

    const refusals = await app.db.prisma.auditEvent.findMany({ where: { action: 'hallmark.update', outcome: 'REFUSED', actorPlatform: 'TEAMS' } });
    expect(refusals).toHaveLength(2);
    expect(refusals.every((event) => event.actorUserId === TAYLOR.aadObjectId && event.subjectId === id)).toBe(true);
    expect(await app.db.prisma.hallmarkAssessment.count({ where: { itemId: id } })).toBe(1);
  });

  it('lets the secretariat update an item: the form card, inline errors, then saved', async () => {
    const id = items.get('plan-r1')!;
    const opened = await invoke(SAM, ACTION_IDS.editHallmarkItem, { payload: { itemId: id } });
    const form = (opened.body as Json).value as Json;
    expect((opened.body as Json).type).toBe(ADAPTIVE);
    expect(validateAdaptiveCard(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain(ACTION_IDS.submitHallmarkItem);

    const invalid = await invoke(SAM, ACTION_IDS.submitHallmarkItem, { payload: { itemId: id }, status: 'NOT_APPLICABLE', notApplicableReason: '', reviewDate: '2020-01-01' });
    const withErrors = (invalid.body as Json).value;
    expect(validateAdaptiveCard(withErrors)).toEqual([]);
    expect(JSON.stringify(withErrors)).toContain('Give the reason this item does not apply');
    expect(JSON.stringify(withErrors)).toContain('The review date cannot be in the past');

    const valid = await invoke(SAM, ACTION_IDS.submitHallmarkItem, {
      payload: { itemId: id },
      status: 'NOT_APPLICABLE',
      notApplicableReason: 'A single-tier area has no county plan to align with.',
      reviewDate: '2099-03-31',
    });
    expect(JSON.stringify((valid.body as Json).value)).toContain('Saved: hallmark item **plan-r1** is now not applicable: A single-tier area has no county plan to align with."');
    const latest = await app.db.prisma.hallmarkAssessment.findFirstOrThrow({ where: { itemId: id }, orderBy: { assessedAt: 'desc' } });
    expect(latest).toMatchObject({ status: 'NOT_APPLICABLE', notApplicableReason: 'A single-tier area has no county plan to align with.', needsReview: false, source: 'CHAT' });
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'hallmark.update', outcome: 'ALLOWED', subjectId: id } })).toBe(1);
  });
});
