// The working calendar through Slack's front door: signed slash commands through the real Bolt receiver, replies
// read back from the fake Web API, with the core's clock (the scheduler's) set to December 2026. /csp calendar
// lists bank holidays, a non-secretariat close is refused and audited, the secretariat closes the days between
// Christmas and New Year, a part-time officer sets their pattern with /csp settings, and the reminder job then
// holds their reminder (due on Boxing Day) until their first working hour, Monday 4 January 09:00.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { calendarFeature } from '../../src/services/calendar/calendar-feature.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { slashCommandBody } from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';

const SUE = { userId: 'U0SUE00001', name: 'Sue Secretariat', email: 'sue@testford.gov.uk' } as const;
let app: SlackTestApp;
let clock = new Date('2026-12-14T10:00:00Z');
let commands = 0;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [calendarFeature], now: () => clock });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'alex' } });
  await prisma.chatIdentity.create({ data: { personId: alex.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: ALEX.userId, linkedBy: 'IMPORT' } });
  const sue = await prisma.person.create({ data: { partnershipId, key: 'sue', name: SUE.name, email: SUE.email } });
  await prisma.membership.create({ data: { groupId: board.id, personId: sue.id, role: 'SECRETARIAT' } });
  await prisma.chatIdentity.create({ data: { personId: sue.id, platform: 'SLACK', workspaceId: TEAM_ID, userId: SUE.userId, linkedBy: 'IMPORT' } });
  app.fake.addUser({ id: SUE.userId, email: SUE.email, realName: SUE.name, name: 'sue' });
  await prisma.action.create({
    data: {
      partnershipId,
      ref: 'TF-9',
      title: 'Night-time economy patrols',
      ownerId: alex.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 50,
      dueDate: new Date('2027-06-30'),
      // Weekly: the next update is due on Saturday 26 December.
      lastUpdateAt: new Date('2026-12-19T10:00:00Z'),
      cadence: 'WEEKLY',
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  app.fake.clearCalls();
});

/** Sends `/csp <text>` as the user and returns the private reply posted to the command's response_url. */
async function command(userId: string, text: string): Promise<{ call: RecordedSlackCall; text: string }> {
  commands += 1;
  const name = `calendar-${commands}`;
  const body = slashCommandBody({ text, userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl(name), triggerId: `7007.${commands}.trigger` });
  expect((await app.send(body)).status).toBe(200);
  const call = await app.fake.waitForCall('response_url', (recorded) => recorded.path === `/response-url/${name}`, 10_000);
  expect(checkBlockKitLimits({ text: call.body.text, blocks: call.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
  return { call, text: JSON.stringify(call.body.blocks) };
}

describe('/csp calendar in Slack', () => {
  it('lists the coming bank holidays of England and Wales to anyone', async () => {
    const { text, call } = await command(ALEX.userId, 'calendar');
    expect(call.body.response_type).not.toBe('in_channel');
    expect(text).toContain('Christmas Day');
    expect(text).toContain('Boxing Day (substitute day)');
    expect(text).toContain('Monday 28 Dec 2026');
    expect(text).toContain('Good Friday');
    expect(text).toContain('Monday 29 Mar 2027');
    expect(text).toContain('Monday 31 May 2027');
    expect(text).toContain('posted on the next working day');
  });

  it('refuses closure days from someone who is not the secretariat, and audits the refusal', async () => {
    const { text } = await command(ALEX.userId, 'calendar close 2026-12-29');
    expect(text).toContain('Only the secretariat can add closure days');
    expect(await app.db.prisma.closureDay.count({ where: { partnershipId: app.partnershipId } })).toBe(0);
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { actorUserId: ALEX.userId, outcome: 'REFUSED' }, orderBy: { at: 'desc' } });
    expect(audit?.reason).toContain('Only the secretariat');
  });

  it('lets the secretariat close the days between Christmas and New Year, then shows them', async () => {
    const closed = await command(SUE.userId, 'calendar close 29/12/2026 until 2026-12-31 Christmas shutdown');
    expect(closed.text).toContain('Safer Testford is closed on 29 Dec 2026, 30 Dec 2026, 31 Dec 2026');
    expect(closed.text).toContain('Christmas shutdown');
    const rows = await app.db.prisma.closureDay.findMany({ where: { partnershipId: app.partnershipId }, orderBy: { date: 'asc' } });
    expect(rows.map((row) => row.date.toISOString().slice(0, 10))).toEqual(['2026-12-29', '2026-12-30', '2026-12-31']);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'calendar.close', outcome: 'ALLOWED', actorUserId: SUE.userId } })).toBe(1);

    const listed = await command(ALEX.userId, 'calendar');
    expect(listed.text).toContain('Tuesday 29 Dec 2026');
    expect(listed.text).toContain('Christmas shutdown (closure day)');
  });

  it('says how to write a date it cannot read', async () => {
    const { text } = await command(SUE.userId, 'calendar close 31/02/2027');
    expect(text).toContain('\\"31/02/2027\\" is not a date. Write it as 2026-12-29 or 29/12/2026.');
  });
});

describe('/csp settings in Slack, and the reminder that keeps to it', () => {
  it('shows the defaults, saves hours and days, and refuses an unknown time zone saying how to fix it', async () => {
    const shown = await command(ALEX.userId, 'settings');
    expect(shown.text).toContain('Working days: Mon–Fri');
    expect(shown.text).toContain('Working hours: 08:00–18:00');
    expect(shown.text).toContain('These are the defaults.');

    expect((await command(ALEX.userId, 'settings hours 09:00-15:00')).text).toContain('Working hours: 09:00–15:00');
    const days = await command(ALEX.userId, 'settings days mon,tue,wed');
    expect(days.text).toContain('Working days: Mon–Wed');

    const wrong = await command(ALEX.userId, 'settings timezone Mars/Olympus');
    expect(wrong.text).toContain('That is not a time zone I know. Use the IANA name');
    const badHours = await command(ALEX.userId, 'settings hours 9.30 till 3');
    expect(badHours.text).toContain('is not a span of hours. Write your hours as start-end in whole hours, e.g. 09:00-15:00.');

    const alex = await app.db.prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'alex' } });
    expect(await app.db.prisma.workingPattern.findUnique({ where: { personId: alex.id } })).toMatchObject({ workingDays: [1, 2, 3], startHour: 9, endHour: 15, timeZone: null });
  });

  it('holds the reminder due on Boxing Day past the bank holidays, the closure days and Alex\'s hours, to Monday 4 January 09:00', async () => {
    const job = createActionReminderJob({ owner: 'slack-calendar' });
    const sentAt: string[] = [];
    for (let at = Date.parse('2026-12-24T00:00:00Z'); at <= Date.parse('2027-01-04T12:00:00Z'); at += 3_600_000) {
      clock = new Date(at);
      const before = app.fake.callsTo('chat.postMessage').length;
      await job.run({ services: app.core.services }, clock);
      if (app.fake.callsTo('chat.postMessage').length > before) sentAt.push(clock.toISOString());
    }
    expect(sentAt).toEqual(['2027-01-04T09:00:00.000Z']);
    const [dm] = app.fake.callsTo('chat.postMessage');
    expect(app.fake.callsTo('conversations.open').map((call) => call.body.users)).toEqual([ALEX.userId]);
    expect(String(dm?.body.text)).toBe('Reminder: 1 action update due');
    expect(JSON.stringify(dm?.body.blocks)).toContain('TF-9');
  });
});
