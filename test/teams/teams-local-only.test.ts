// Teams without Bot Framework credentials, through the front door (real adapter over HTTP, fake connector on
// loopback). Nothing without a token is trusted unless TEAMS_LOCAL_ONLY=1, and even then only a caller on
// this machine that talks to a connector on this machine, and nobody is linked by an email it could make up.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEAMS_REQUEST_REFUSED } from '../../src/teams/teams-adapter.ts';
import { conversationOf } from '../../src/teams/teams-activity.ts';
import type { MessageView } from '../../src/views/model.ts';
import { personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { SAM, startTeamsTestApp, TENANT_ID, type TeamsTestApp } from './teams-test-app.ts';

const REMINDER: MessageView = { kind: 'message', blocks: [{ type: 'text', text: 'Your action update is due.' }] };

const STRANGER: TeamsParty = { id: '29:1strangerOutsideTheTenant', aadObjectId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', name: 'Sam Okafor' };

const HELEN = {
  id: '29:1helenTeamsUserIdForLocalOnlyTests',
  aadObjectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  name: 'Helen Marsh',
  email: 'helen.marsh@testford.gov.uk',
} as const;

function refusals(app: TeamsTestApp) {
  return app.db.prisma.auditEvent.findMany({ where: { action: TEAMS_REQUEST_REFUSED }, orderBy: { id: 'asc' } });
}

function expectPlainUnauthorized(response: { status: number; text: string }): void {
  expect(response.status).toBe(401);
  expect(response.text).toBe('Unauthorized');
}

describe('Teams without credentials and without TEAMS_LOCAL_ONLY', () => {
  let app: TeamsTestApp;

  beforeAll(async () => {
    app = await startTeamsTestApp({ teamsEnv: {} });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a loopback request without a token with a bare 401, and says why only in the log and audit', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
    expectPlainUnauthorized(response);
    expect(response.text).not.toMatch(/TEAMS|LOCAL|loopback|credential|config|password/i);
    expect(app.connector.requests).toHaveLength(0);

    const [row] = await refusals(app);
    expect(row?.reason).toContain('TEAMS_LOCAL_ONLY');
    expect(app.logLines.join('\n')).toContain('Refused a Teams request');
  });

  it('sends no proactive message either', async () => {
    const reference = conversationOf(personalMessage({ ...app.envelope(), text: 'help' }) as never).conversationReference;
    const failure = await app.bot.notifier
      .sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId, conversationReference: reference }, REMINDER)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TeamsDeliveryError', permanent: true });
    expect(app.connector.requests).toHaveLength(0);
  });
});

describe('Teams with TEAMS_LOCAL_ONLY=1', () => {
  let app: TeamsTestApp;

  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.db.prisma.person.create({ data: { partnershipId: app.partnershipId, key: 'helen', name: HELEN.name, email: HELEN.email } });
    app.connector.addMember({ ...HELEN, userPrincipalName: HELEN.email, tenantId: app.envelope().tenantId, userRole: 'user' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.connector.clearRequests();
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
  ])('refuses a request that came through a proxy (%s), though its socket is loopback', async (_label, headers: Record<string, string>) => {
    const before = (await refusals(app)).length;
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'help' }), headers);
    expectPlainUnauthorized(response);
    expect(app.connector.requests).toHaveLength(0);
    const rows = await refusals(app);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)?.reason).toMatch(/proxy/i);
  });

  it('refuses an activity whose serviceUrl is not on this machine, before anything is posted or recorded', async () => {
    const port = new URL(app.connector.serviceUrl).port;
    const identitiesBefore = await app.db.prisma.chatIdentity.count();
    // 0.0.0.0 is not a loopback address, yet Linux and macOS deliver a connection to it locally: were the
    // serviceUrl trusted, the replies would reach this connector.
    for (const serviceUrl of [`http://0.0.0.0:${port}/`, 'https://connector.attacker.example/']) {
      const response = await app.post(personalMessage({ ...app.envelope(), serviceUrl, text: 'help' }));
      expectPlainUnauthorized(response);
    }
    expect(app.connector.requests).toHaveLength(0);
    expect(await app.db.prisma.chatIdentity.count()).toBe(identitiesBefore);
    expect((await refusals(app)).at(-1)?.reason).toMatch(/serviceUrl/);
  });

  it('does not link a caller as the secretariat because their activity says from.email is the secretariat\'s', async () => {
    const activity = personalMessage({ ...app.envelope(STRANGER), text: 'home' });
    const forged = { ...activity, from: { ...(activity.from as object), email: SAM.email, userPrincipalName: SAM.email } };
    const response = await app.post(forged);
    expect(response.status).toBe(200);

    expect(await app.db.prisma.chatIdentity.findFirst({ where: { platform: 'TEAMS', userId: STRANGER.aadObjectId } })).toBeNull();
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'identity.link', actorUserId: STRANGER.aadObjectId } })).toBe(0);
    const replies = JSON.stringify(app.connector.sentActivities());
    expect(replies).toContain('link');
    expect(replies).not.toContain('What you can do with the CSP bot');
  });

  it('links nobody by email, not even from the local connector\'s roster: that is the secretariat\'s job here', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(HELEN), text: 'help' }));
    expect(response.status).toBe(200);
    expect(await app.db.prisma.chatIdentity.findFirst({ where: { platform: 'TEAMS', userId: HELEN.aadObjectId } })).toBeNull();
    expect(JSON.stringify(app.connector.sentActivities())).toContain('link');
  });

  it('sends proactive messages only to a connector on this machine', async () => {
    const port = new URL(app.connector.serviceUrl).port;
    const away = conversationOf(personalMessage({ ...app.envelope(), serviceUrl: `http://0.0.0.0:${port}/`, text: 'help' }) as never).conversationReference;
    const target = { workspaceId: TENANT_ID, channelId: 'a:1SamPersonalChat', conversationReference: away };
    for (const attempt of [
      app.bot.notifier.postToChannel(target, REMINDER),
      app.bot.notifier.updateMessage(target, 'activity-1', REMINDER),
      app.bot.notifier.sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId, conversationReference: away }, REMINDER),
      // No reference and a tenant never heard from: Teams' global connector would be used.
      app.bot.notifier.sendDirect({ workspaceId: 'tenant-never-seen', userId: SAM.aadObjectId }, REMINDER),
    ]) {
      expect(await attempt.catch((error: unknown) => error)).toMatchObject({ name: 'TeamsDeliveryError', permanent: true });
    }
    expect(app.connector.requests).toHaveLength(0);

    const here = conversationOf(personalMessage({ ...app.envelope(), text: 'help' }) as never).conversationReference;
    await app.bot.notifier.sendDirect({ workspaceId: TENANT_ID, userId: SAM.aadObjectId, conversationReference: here }, REMINDER);
    expect(app.connector.requestsFor('sendToConversation')).toHaveLength(1);
  });

  it('still answers a linked user on this machine talking to a connector on this machine', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
    expect(response.status).toBe(200);
    expect(JSON.stringify(app.connector.sentActivities())).toContain('What you can do with the CSP bot');
  });
});
