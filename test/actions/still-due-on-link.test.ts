// Someone the reminder job could not reach (no chat account linked) gets what is still due as soon as they
// are linked, through the real Slack front door: their first command links them by email, the reminder goes
// to their DM at the fake Slack API, and the next reminder run sends nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSchedulePartnership } from '../../src/db/action-store.ts';
import { sendPartnershipReminders } from '../../src/services/actions/send-reminders.ts';
import { actionUpdateReminderSource } from '../../src/services/actions/update-reminder-source.ts';
import { ALEX, BOARD_CHANNEL, startSlackTestApp, TEAM_ID, type SlackTestApp } from '../slack/slack-test-app.ts';
import { slashCommandBody } from '../support/slack-requests.ts';

const DAY_MS = 86_400_000;

describe('what is still due, when someone links a chat account', () => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('is sent once, at once, when their first command links them by email', async () => {
    const { prisma } = app.db;
    const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'alex' } });
    const plan = await prisma.plan.create({
      data: { partnershipId: app.partnershipId, key: '2026-27', title: 'Plan 2026/27', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31') },
    });
    const priority = await prisma.priority.create({ data: { planId: plan.id, key: 'asb', title: 'Reduce anti-social behaviour' } });
    const now = Date.now();
    await prisma.action.create({
      data: {
        partnershipId: app.partnershipId,
        planId: plan.id,
        priorityId: priority.id,
        ref: 'A-7',
        title: 'Street lighting review',
        ownerId: alex.id,
        leadOrganisationId: alex.organisationId,
        status: 'ON_TRACK',
        progress: 30,
        cadence: 'WEEKLY',
        lastUpdateAt: new Date(now - 10 * DAY_MS),
        createdAt: new Date(now - 60 * DAY_MS),
      },
    });
    const partnership = (await findSchedulePartnership(prisma, app.partnershipId))!;

    const unreached = await sendPartnershipReminders(app.core.services, partnership, new Date(), [actionUpdateReminderSource]);
    expect(unreached).toMatchObject({ claimed: 1, delivered: 0, undelivered: 1 });
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);

    const body = slashCommandBody({ text: 'help', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('help'), triggerId: '7007.1234.abcd' });
    expect((await app.send(body)).status).toBe(200);
    const reminder = await app.fake.waitForCall('chat.postMessage', (call) => String(call.body.text).includes('Reminder'));
    expect(reminder.body.channel).toMatch(/^D/);
    expect(JSON.stringify(reminder.body.blocks)).toContain('A-7');
    await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/help');
    expect(await prisma.notification.findFirstOrThrow({ where: { recipientId: alex.id } })).toMatchObject({ platform: 'SLACK', error: null, sentAt: expect.any(Date) });

    const again = await sendPartnershipReminders(app.core.services, partnership, new Date(), [actionUpdateReminderSource]);
    expect(again).toMatchObject({ claimed: 0, delivered: 0 });
    expect(app.fake.callsTo('chat.postMessage').filter((call) => String(call.body.text).includes('Reminder'))).toHaveLength(1);
  });
});
