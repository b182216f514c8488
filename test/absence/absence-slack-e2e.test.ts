// Absence and cover through Slack's front door: signed slash commands to the real Bolt receiver, replies on
// the response_url, and the reminder job run by the scheduler with its clock (and the core's) set, sending
// through the local fake Slack Web API. Alex sets an absence, a bad date gets a friendly answer, a member
// trying to set someone else's is refused and audited, the action view shows the absence and the cover, the secretariat sets one for Bea with a mention, the
// deputy gets Alex's reminder, and after /csp back Alex gets it on the next run. With the deputy away too the
// secretariat is told, and an away chair's overdue summary goes to the secretariat when there is no vice-chair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ESCALATION_JOB_NAME, createActionEscalationJob } from '../../src/jobs/action-escalation-job.ts';
import { ACTION_REMINDER_JOB_NAME, createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { absenceFeature } from '../../src/services/absence/absence-feature.ts';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { slashCommandBody } from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const DAN = { userId: 'U0DAN00001', key: 'dan', name: 'Dan Deputy' } as const;
const SUE = { userId: 'U0SUE00001', key: 'sue', name: 'Sue Secretariat' } as const;
const GUS = { userId: 'U0GUS00001', key: 'gus', name: 'Gus Member' } as const;
const BEA = { userId: 'U0BEA00001', key: 'bea', name: 'Bea Council' } as const;
const CARA = { userId: 'U0CARA0001', key: 'cara', name: 'Cara Chair' } as const;

let clock = new Date('2026-12-21T10:00:00Z');
let app: SlackTestApp;
let alexId: string;
let beaId: string;
let sueId: string;
let commands = 0;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [createActionsFeature(), absenceFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const police = await prisma.organisation.findFirstOrThrow({ where: { partnershipId, key: 'police' } });
  const council = await prisma.organisation.create({ data: { partnershipId, key: 'council', name: 'Testford Borough Council', kind: 'LOCAL_AUTHORITY', isStatutory: true } });
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  alexId = alex.id;
  await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
  const people: Array<[typeof DAN | typeof SUE | typeof GUS | typeof BEA | typeof CARA, string | null, 'DEPUTY' | 'SECRETARIAT' | 'MEMBER' | 'REPRESENTATIVE' | 'CHAIR']> = [
    [DAN, police.id, 'DEPUTY'],
    [SUE, null, 'SECRETARIAT'],
    [GUS, null, 'MEMBER'],
    [BEA, council.id, 'REPRESENTATIVE'],
    [CARA, null, 'CHAIR'],
  ];
  for (const [entry, organisationId, role] of people) {
    const email = `${entry.key}@testford.gov.uk`;
    const person = await prisma.person.create({ data: { partnershipId, key: entry.key, name: entry.name, email, organisationId } });
    await prisma.membership.create({ data: { groupId: board.id, personId: person.id, role, organisationId: role === 'DEPUTY' || role === 'REPRESENTATIVE' ? organisationId : null } });
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: entry.userId, linkedBy: 'IMPORT' } });
    app.fake.addUser({ id: entry.userId, email, realName: entry.name, name: entry.key });
    if (entry === BEA) beaId = person.id;
    if (entry === SUE) sueId = person.id;
  }
  // Monthly updates, the last on 16 November: the next fell due on 16 December.
  await prisma.action.create({
    data: {
      partnershipId,
      ref: 'BRD-1',
      title: 'Night-time economy patrols',
      ownerId: alex.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 30,
      cadence: 'MONTHLY',
      dueDate: new Date('2027-03-31'),
      lastUpdateAt: new Date('2026-11-16T10:00:00Z'),
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

/** Sends `/csp <text>` as the user and returns the private reply posted to the command's response_url. */
async function command(userId: string, text: string): Promise<string> {
  commands += 1;
  const name = `away-${commands}`;
  const body = slashCommandBody({ text, userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, triggerId: `7007.${name}`, responseUrl: app.fake.responseUrl(name) });
  expect((await app.send(body)).status).toBe(200);
  const reply = await app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 10_000);
  return JSON.stringify(reply.body);
}

function scheduler() {
  return createScheduler({
    jobs: [createActionReminderJob({ owner: 'slack-e2e' }), createActionEscalationJob({ owner: 'slack-e2e' })],
    deps: { services: app.core.services },
    timeZone: 'Europe/London',
    logger: capturingLogger(),
    clock: () => clock,
  });
}

describe('absence and cover in Slack', () => {
  it('sets, shows and checks an absence, refuses and audits a member setting one for someone else, and lets the secretariat', async () => {
    const set = await command(ALEX.userId, 'away 21 Dec until 4 Jan annual leave');
    expect(set).toContain('You are away');
    expect(set).toContain('21 Dec to 4 Jan');
    expect(set).toContain('(annual leave)');
    expect(await command(ALEX.userId, 'away')).toContain('Away now: 21 Dec to 4 Jan (annual leave)');
    const view = await command(SUE.userId, 'action BRD-1');
    expect(view).toContain('Alex Morgan (away until 4 Jan)');
    expect(view).toContain('Dan Deputy (nominated deputy)');

    const bad = await command(ALEX.userId, 'away next week');
    expect(bad).toContain("I couldn't read \\\"next\\\" as the first day away");
    expect(bad).toContain('/csp away 2026-12-21 until 2027-01-04 annual leave');
    const overlap = await command(ALEX.userId, 'away 2027-01-02');
    expect(overlap).toContain('That overlaps an absence already set: 21 Dec to 4 Jan');

    const refused = await command(GUS.userId, 'away for Alex Morgan 2026-12-22');
    expect(refused).toContain("Only the secretariat can set someone else's absence.");
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'command.away', outcome: 'REFUSED' } });
    expect(audit.actorUserId).toBe(GUS.userId);

    const forBea = await command(SUE.userId, `away <@${BEA.userId}|bea> 2026-12-23 until 2026-12-24 training`);
    expect(forBea).toContain('Bea Council is away');
    expect(forBea).toContain('23 Dec to 24 Dec');
    const stored = await app.db.prisma.absence.findFirstOrThrow({ where: { personId: beaId } });
    expect(stored).toMatchObject({ setById: sueId, reason: 'training', fromDate: new Date('2026-12-23T00:00:00Z'), untilDate: new Date('2026-12-24T00:00:00Z') });
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'absence.set', outcome: 'ALLOWED', subjectId: beaId } })).toBe(1);
    // Bea is told, in a direct message, who marked her away.
    await app.fake.waitForCall('chat.postMessage', (call) => JSON.stringify(call.body.blocks ?? []).includes('Sue Secretariat has marked you away 23 Dec to 24 Dec (training)'), 10_000);
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).toContain(BEA.userId);
  });

  it('delivers the away owner\'s reminder to the deputy, and to the owner after /csp back', async () => {
    app.fake.clearCalls();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).toEqual([DAN.userId]);
    const [dm] = app.fake.callsTo('chat.postMessage');
    expect(checkBlockKitLimits({ text: dm?.body.text, blocks: dm?.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const text = JSON.stringify(dm?.body.blocks);
    expect(text).toContain('BRD-1');
    expect(text).toContain("Alex Morgan's action: Alex Morgan is away until 4 Jan, so you are reminded as their nominated deputy");

    clock = new Date('2026-12-23T10:00:00Z');
    app.fake.clearCalls();
    expect(await command(ALEX.userId, 'back')).toContain('Welcome back. Your absence has ended.');
    const ended = await app.db.prisma.absence.findFirstOrThrow({ where: { personId: alexId } });
    expect(ended.untilDate).toEqual(new Date('2026-12-22T00:00:00Z'));
    expect(ended.endedAt).toEqual(clock);

    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).toEqual([ALEX.userId]);
    expect(JSON.stringify(app.fake.callsTo('chat.postMessage')[0]?.body.blocks)).toContain('BRD-1');
  });

  it('tells the secretariat when the deputy is away too, and sends the away chair\'s summary to the secretariat when there is no vice-chair', async () => {
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    // Its update fell due on 20 December and the action itself on 18 December: overdue on both counts.
    await prisma.action.create({
      data: {
        partnershipId: app.partnershipId,
        ref: 'BRD-2',
        title: 'Street-drinking dispersal order review',
        ownerId: alexId,
        groupId: board.id,
        status: 'AT_RISK',
        progress: 60,
        cadence: 'MONTHLY',
        dueDate: new Date('2026-12-18'),
        lastUpdateAt: new Date('2026-11-20T10:00:00Z'),
      },
    });

    // Christmas Eve is a working day. Alex goes away again, his deputy Dan is away too, and the
    // secretariat marks the chair away; the board has no vice-chair.
    clock = new Date('2026-12-24T09:30:00Z');
    expect(await command(ALEX.userId, 'away 24 Dec until 8 Jan')).toContain('24 Dec to 8 Jan');
    expect(await command(DAN.userId, 'away 2026-12-24 until 2026-12-31 leave')).toContain('24 Dec to 31 Dec');
    expect(await command(SUE.userId, `away <@${CARA.userId}|cara> 2026-12-24 until 2027-01-04 annual leave`)).toContain('Cara Chair is away');

    clock = new Date('2026-12-24T10:00:00Z');
    app.fake.clearCalls();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).toEqual([SUE.userId]);
    const [told] = app.fake.callsTo('chat.postMessage');
    const toldText = JSON.stringify(told?.body.blocks);
    expect(toldText).toContain('BRD-2');
    expect(toldText).toContain("Alex Morgan's action: Alex Morgan is away until 8 Jan, so you are told as the secretariat because their deputy is away too");

    app.fake.clearCalls();
    await scheduler().runNow(ACTION_ESCALATION_JOB_NAME);
    const dms = app.fake.callsTo('chat.postMessage');
    expect(dms).toHaveLength(1);
    const [summary] = dms;
    // Sue's DM channel, opened for the reminder, is the one the summary goes to; nothing reaches Cara.
    expect(summary?.body.channel).toBe(told?.body.channel);
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).not.toContain(CARA.userId);
    expect(checkBlockKitLimits({ text: summary?.body.text, blocks: summary?.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const summaryText = JSON.stringify(summary?.body.blocks);
    expect(summaryText).toContain('BRD-2');
    expect(summaryText).toContain('You get this in place of Cara Chair, chair of Strategy Board, who is away until 4 Jan.');
    expect(summaryText).toContain('Owner Alex Morgan away until 8 Jan, secretariat told');

    // The same day again (a second replica, or a restart): nobody is told twice.
    app.fake.clearCalls();
    await scheduler().runNow(ACTION_REMINDER_JOB_NAME);
    await scheduler().runNow(ACTION_ESCALATION_JOB_NAME);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('cancels a planned absence by its first day, asks which when two are planned, and lets only the secretariat cancel someone else\'s', async () => {
    clock = new Date('2026-12-24T11:00:00Z');
    expect(await command(GUS.userId, 'away 2027-02-15 until 2027-02-19 half term')).toContain('15 Feb to 19 Feb');
    expect(await command(GUS.userId, 'away 8 Mar')).toContain('from 8 Mar, until further notice');

    const which = await command(GUS.userId, 'away cancel');
    expect(which).toContain('More than one absence is planned (15 Feb to 19 Feb; from 8 Mar, until further notice). Say which by its first day: /csp away cancel 2027-01-11');
    const cancelled = await command(GUS.userId, 'away cancel 15 Feb');
    expect(cancelled).toContain('Your absence *15 Feb to 19 Feb* is cancelled.');
    const shown = await command(GUS.userId, 'away');
    expect(shown).toContain('from 8 Mar, until further notice');
    expect(shown).not.toContain('15 Feb');

    expect(await command(GUS.userId, 'away cancel for Alex Morgan')).toContain("Only the secretariat can cancel someone else's absence.");
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'command.away', outcome: 'REFUSED', actorUserId: GUS.userId } })).toBe(2);

    app.fake.clearCalls();
    expect(await command(SUE.userId, 'away cancel for Gus Member 8 Mar')).toContain("Gus Member's absence *from 8 Mar, until further notice* is cancelled.");
    await app.fake.waitForCall('chat.postMessage', (call) => JSON.stringify(call.body.blocks ?? []).includes('Sue Secretariat has cancelled your absence from 8 Mar, until further notice'), 10_000);
    expect(await command(GUS.userId, 'away')).toContain('You have no absence set.');
    const gus = await app.db.prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: GUS.key } });
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'absence.cancel', outcome: 'ALLOWED', subjectId: gus.id } })).toBe(2);
    // Both stay on record, withdrawn: each now ends the day before it began.
    const rows = await app.db.prisma.absence.findMany({ where: { personId: gus.id }, orderBy: { fromDate: 'asc' } });
    expect(rows.map((row) => [row.fromDate.toISOString().slice(0, 10), row.untilDate?.toISOString().slice(0, 10)])).toEqual([
      ['2027-02-15', '2027-02-14'],
      ['2027-03-08', '2027-03-07'],
    ]);
  });
});
