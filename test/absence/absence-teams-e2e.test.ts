// Absence and cover through the Teams front door: personal messages to the real adapter, replies and
// proactive cards through the local fake Bot Connector, and the reminder job run by the scheduler with its
// clock (and the core's) set. Olly sets an absence, a member is refused setting one for someone else (and
// it is audited), the secretariat sets one by email, the deputy's reminder arrives in their personal chat,
// and Olly's own comes after `csp back`. With the deputy away too the secretariat is told, and an away
// chair's overdue summary goes to the secretariat when there is no vice-chair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ESCALATION_JOB_NAME, createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { ACTION_REMINDER_JOB_NAME, createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { absenceFeature } from '../../src/services/absence/absence-feature.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import type { TeamsParty } from '../support/teams-activities.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { cardsSentTo as cardsIn, sayInPersonalChat, type ChatParty } from '../teams/personal-chat.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';


function party(key: string, name: string, index: number): TeamsParty & { key: string; conversationId: string } {
  return { key, name, id: `29:1${key}TeamsUserForAbsence${index}`, aadObjectId: `00000000-0000-4000-9000-00000000000${index}`, conversationId: `a:1personalChatWith${key}` };
}

const OLLY = party('olly', 'Olly Owner', 1);
const DAN = party('dan', 'Dan Deputy', 2);
const GUS = party('gus', 'Gus Member', 3);
const CARA = party('cara', 'Cara Chair', 4);
const SAM_CHAT = { ...SAM, conversationId: 'a:1personalChatWithSam' };

let clock = new Date('2026-12-21T10:00:00Z');
let app: TeamsTestApp;
let ollyId: string;
let gusId: string;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [createActionsFeature(), absenceFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const police = await prisma.organisation.create({ data: { partnershipId, key: 'police', name: 'Testford Constabulary', kind: 'POLICE', isStatutory: true } });
  for (const [entry, role] of [[OLLY, 'REPRESENTATIVE'], [DAN, 'DEPUTY'], [GUS, 'MEMBER'], [CARA, 'CHAIR']] as const) {
    const email = `${entry.key}@testford.gov.uk`;
    const organisationId = role === 'REPRESENTATIVE' || role === 'DEPUTY' ? police.id : null;
    const person = await prisma.person.create({ data: { partnershipId, key: entry.key, name: entry.name, email, organisationId } });
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role, organisationId } });
    app.connector.addMember({ id: entry.id, name: entry.name, aadObjectId: entry.aadObjectId, email, userPrincipalName: email, tenantId: TENANT_ID, userRole: 'user' });
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: entry.aadObjectId, linkedBy: 'IMPORT' } });
    if (entry === OLLY) ollyId = person.id;
    if (entry === GUS) gusId = person.id;
  }
  await prisma.action.create({
    data: {
      partnershipId,
      ref: 'TF-9',
      title: 'Domestic abuse referral pathway',
      ownerId: ollyId,
      groupId: board.id,
      status: 'AT_RISK',
      progress: 50,
      cadence: 'MONTHLY',
      dueDate: new Date('2027-03-31'),
      lastUpdateAt: new Date('2026-11-16T10:00:00Z'),
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

const say = (user: ChatParty, text: string) => sayInPersonalChat(app, user, text);

function scheduler() {
  return createScheduler({
    jobs: [createActionReminderJob({ owner: 'teams-e2e' }), createActionEscalationJob({ owner: 'teams-e2e' })],
    deps: { services: app.core.services },
    timeZone: 'Europe/London',
    logger: capturingLogger(),
    clock: () => clock,
  });
}

const cardsSentTo = (conversationId: string) => cardsIn(app, conversationId);

describe('absence and cover in Teams', () => {
  it('sets an absence, refuses a member setting or ending one for someone else, and lets the secretariat set and end one by name or email', async () => {
    const set = await say(OLLY, 'away 2026-12-21 until 2027-01-04 annual leave');
    expect(set).toContain('You are away');
    expect(set).toContain('21 Dec to 4 Jan');

    const refused = await say(GUS, 'away for olly@testford.gov.uk 2026-12-22');
    expect(refused).toContain("Only the secretariat can set someone else's absence.");
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'command.away', outcome: 'REFUSED', actorPersonId: gusId } });
    expect(audit.actorPlatform).toBe('TEAMS');
    expect(await app.db.prisma.absence.count({ where: { personId: ollyId } })).toBe(1);

    const bySecretariat = await say(SAM_CHAT, 'away for gus@testford.gov.uk 24/12/2026 sick leave');
    expect(bySecretariat).toContain('Gus Member is away');
    expect(bySecretariat).toContain('24 Dec');
    expect(await app.db.prisma.absence.findFirstOrThrow({ where: { personId: gusId } })).toMatchObject({ reason: 'sick leave', untilDate: null });

    // Gus can't end it for Olly either; the secretariat ends Gus's on the day it began, which withdraws it.
    expect(await say(GUS, 'back for olly')).toContain("Only the secretariat can end someone else's absence.");
    clock = new Date('2026-12-24T10:00:00Z');
    expect(await say(SAM_CHAT, 'back for Gus Member')).toContain("Gus Member's absence has ended.");
    expect((await app.db.prisma.absence.findFirstOrThrow({ where: { personId: gusId } })).untilDate).toEqual(new Date('2026-12-23T00:00:00Z'));
    expect(await say(GUS, 'away')).toContain('You have no absence set.');
    clock = new Date('2026-12-21T10:00:00Z');
  });

  it('sends the away owner\'s reminder to the deputy\'s personal chat, and to the owner once back', async () => {
    // Dan's first message keeps his personal chat's reference, so the bot can write to him later.
    expect(await say(DAN, 'away')).toContain('You have no absence set.');
    app.connector.clearRequests();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    const [card] = cardsSentTo(DAN.conversationId);
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('TF-9');
    expect(JSON.stringify(card)).toContain("Olly Owner's action: Olly Owner is away until 4 Jan, so you are reminded as their nominated deputy");
    expect(cardsSentTo(OLLY.conversationId)).toHaveLength(0);

    clock = new Date('2026-12-29T09:30:00Z');
    expect(await say(OLLY, 'back')).toContain('Welcome back. Your absence has ended.');
    app.connector.clearRequests();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    const [own] = cardsSentTo(OLLY.conversationId);
    expect(JSON.stringify(own)).toContain('TF-9');
    expect(JSON.stringify(own)).not.toContain('is away until');
    expect(cardsSentTo(DAN.conversationId)).toHaveLength(0);
  });

  it('tells the secretariat when the deputy is away too, and sends the away chair\'s summary to the secretariat when there is no vice-chair', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    // Its update fell due on 20 December and the action itself on 18 December: overdue on both counts.
    await prisma.action.create({
      data: {
        partnershipId: app.partnershipId,
        ref: 'TF-10',
        title: 'Youth diversion scheme',
        ownerId: ollyId,
        groupId: board.id,
        status: 'AT_RISK',
        progress: 40,
        cadence: 'MONTHLY',
        dueDate: new Date('2026-12-18'),
        lastUpdateAt: new Date('2026-11-20T10:00:00Z'),
      },
    });

    clock = new Date('2026-12-30T09:30:00Z');
    expect(await say(OLLY, 'away 2026-12-30 until 2027-01-08')).toContain('30 Dec to 8 Jan');
    expect(await say(DAN, 'away 2026-12-30 until 2026-12-31 leave')).toContain('30 Dec to 31 Dec');
    expect(await say(SAM_CHAT, 'away for cara@testford.gov.uk 2026-12-30 until 2027-01-04 annual leave')).toContain('Cara Chair is away');

    clock = new Date('2026-12-30T10:00:00Z');
    app.connector.clearRequests();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    const [told, ...more] = cardsSentTo(SAM_CHAT.conversationId);
    expect(more).toEqual([]);
    expect(validateAdaptiveCard(told)).toEqual([]);
    expect(JSON.stringify(told)).toContain('TF-10');
    expect(JSON.stringify(told)).toContain("Olly Owner's action: Olly Owner is away until 8 Jan, so you are told as the secretariat because their deputy is away too");
    expect(cardsSentTo(OLLY.conversationId)).toEqual([]);
    expect(cardsSentTo(DAN.conversationId)).toEqual([]);

    app.connector.clearRequests();
    await scheduler().runNow(ACTION_ESCALATION_JOB_NAME);
    const [summary, ...others] = cardsSentTo(SAM_CHAT.conversationId);
    expect(others).toEqual([]);
    expect(validateAdaptiveCard(summary)).toEqual([]);
    expect(JSON.stringify(summary)).toContain('TF-10');
    expect(JSON.stringify(summary)).toContain('You get this in place of Cara Chair, chair of Strategy Board, who is away until 4 Jan.');
    expect(JSON.stringify(summary)).toContain('Owner Olly Owner away until 8 Jan, secretariat told');
    expect(app.connector.requestsFor('sendToConversation').every((request) => request.conversationId === SAM_CHAT.conversationId)).toBe(true);

    // The same day again (a second replica, or a restart): nobody is told twice.
    app.connector.clearRequests();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    await scheduler().runNow(ACTION_ESCALATION_JOB_NAME);
    expect(app.connector.requestsFor('sendToConversation')).toEqual([]);
  });

  it('cancels a planned absence, and refuses a member cancelling someone else\'s', async () => {
    clock = new Date('2026-12-30T11:00:00Z');
    expect(await say(GUS, 'away 2027-02-15 until 2027-02-19 half term')).toContain('15 Feb to 19 Feb');
    expect(await say(DAN, 'away cancel for gus@testford.gov.uk')).toContain("Only the secretariat can cancel someone else's absence.");
    expect(await say(GUS, 'away cancel 16 Feb')).toContain('No planned absence starts on 16 Feb. Planned: 15 Feb to 19 Feb.');
    const cancelled = await say(GUS, 'away cancel');
    expect(cancelled).toContain('Your absence ');
    expect(cancelled).toContain('15 Feb to 19 Feb');
    expect(cancelled).toContain(' is cancelled.');
    expect(await say(GUS, 'away')).toContain('You have no absence set.');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'absence.cancel', outcome: 'ALLOWED', subjectId: gusId } })).toBe(1);
  });
});
