// The working calendar through Teams' front door: activities built from Teams' payloads go through the real
// teams-ai/botbuilder adapter, replies read back from the fake Bot Connector, with the core's clock (the
// scheduler's) set to March 2027. "csp calendar" and "csp settings" answer in the personal chat, a member's
// attempt to close a day is refused and audited, and the secretariat's overdue summary skips Good Friday, the
// weekend and Easter Monday and, after the clocks go forward, waits for the secretary's 10:00 start in Dublin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { calendarFeature } from '../../src/services/calendar/calendar-feature.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { personalMessage } from '../support/teams-activities.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';

type Json = Record<string, unknown>;

const TOM = { id: '29:1tomTeamsUserIdForCalendarTests', aadObjectId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e60', name: 'Tom Member' } as const;
let app: TeamsTestApp;
let clock = new Date('2027-03-22T10:00:00Z');

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [calendarFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const tom = await prisma.person.create({ data: { partnershipId, key: 'tom', name: TOM.name, email: 'tom@testford.example' } });
  await prisma.membership.create({ data: { groupId: board.id, personId: tom.id, role: 'MEMBER' } });
  await prisma.chatIdentity.create({ data: { personId: tom.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: TOM.aadObjectId, linkedBy: 'IMPORT' } });
  // An action in no group, past its due date: it goes to the secretariat (Sam) every working day.
  await prisma.action.create({
    data: { partnershipId, ref: 'TF-5', title: 'CCTV review', ownerId: tom.id, status: 'ON_TRACK', progress: 60, dueDate: new Date('2027-03-19'), lastUpdateAt: new Date('2027-03-18T10:00:00Z') },
  });
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  app.connector.clearRequests();
});

/** Sends a personal-chat message as `user` and returns what the bot sent back, with each card checked. */
async function say(text: string, user: { id: string; name: string; aadObjectId: string } = SAM): Promise<string> {
  app.connector.clearRequests();
  const response = await app.post(personalMessage({ ...app.envelope(user), text }));
  expect(response.status).toBeLessThan(300);
  const sent = app.connector.sentActivities();
  for (const activity of sent) {
    for (const attachment of (activity.attachments as Json[] | undefined) ?? []) expect(validateAdaptiveCard(attachment.content)).toEqual([]);
  }
  return JSON.stringify(sent);
}

describe('csp calendar in Teams', () => {
  it('lists Easter 2027 and the late May bank holiday', async () => {
    const reply = await say('csp calendar');
    expect(reply).toContain('Good Friday');
    expect(reply).toContain('Friday 26 Mar 2027');
    expect(reply).toContain('Easter Monday');
    expect(reply).toContain('Monday 29 Mar 2027');
    expect(reply).toContain('Monday 31 May 2027');
  });

  it('refuses a member who tries to close a day, and audits it; lets the secretariat set the digest to post anyway', async () => {
    const refused = await say('csp calendar close 2027-03-25', TOM);
    expect(refused).toContain('Only the secretariat can add closure days');
    expect(await app.db.prisma.auditEvent.count({ where: { actorUserId: TOM.aadObjectId, outcome: 'REFUSED' } })).toBe(1);
    expect(await app.db.prisma.closureDay.count()).toBe(0);

    const set = await say('csp calendar digest post-anyway');
    expect(set).toContain('it is posted anyway');
    expect(await app.db.prisma.partnership.findUniqueOrThrow({ where: { id: app.partnershipId } })).toMatchObject({ digestOnBankHoliday: 'POST_ANYWAY' });
    await say('csp calendar digest next-working-day');
  });
});

describe('csp settings in Teams, and the overdue summary over Easter 2027', () => {
  it('saves a Dublin time zone and 10:00–16:00 hours, then the summary skips Easter and waits for 10:00 after the clocks change', async () => {
    expect(await say('csp settings timezone Europe/Dublin')).toContain('Time zone: Europe/Dublin');
    expect(await say('csp settings hours 10-16')).toContain('Working hours: 10:00–16:00');
    expect(await say('csp settings hours 19:00-22:00')).toContain('would never meet Safer Testford');

    const job = createActionEscalationJob({ owner: 'teams-calendar' });
    app.connector.clearRequests();
    const sentAt: string[] = [];
    for (let at = Date.parse('2027-03-25T06:00:00Z'); at <= Date.parse('2027-03-30T17:00:00Z'); at += 3_600_000) {
      clock = new Date(at);
      const before = app.connector.requestsFor('sendToConversation').length;
      await job.run({ services: app.core.services }, clock);
      if (app.connector.requestsFor('sendToConversation').length > before) sentAt.push(clock.toISOString());
    }
    // Thursday 25 March at 10:00 GMT; then nothing on Good Friday, the weekend or Easter Monday; Tuesday 30 March at 10:00 Irish summer time.
    expect(sentAt).toEqual(['2027-03-25T10:00:00.000Z', '2027-03-30T09:00:00.000Z']);
    const last = app.connector.requestsFor('sendToConversation').at(-1);
    const card = (((last?.body as Json).attachments as Json[])[0] as Json).content;
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('TF-5');
  });
});
