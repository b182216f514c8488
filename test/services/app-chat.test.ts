// The whole app as `npm start` builds it: demo partnership, Slack over HTTP against a fake Web API,
// Teams local-only (TEAMS_LOCAL_ONLY=1) against a fake connector, both answering through the one shared
// HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import { createLogger } from '../../src/logger.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.ts';
import { postToSlackEndpoint, signSlackRequest, slashCommandBody } from '../support/slack-requests.ts';
import { personalMessage } from '../support/teams-activities.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { createTestDatabase } from '../support/test-database.ts';

const SIGNING_SECRET = 'app-test-signing-secret';
let app: RunningApp;
let slackApi: FakeSlackApi;
let connector: FakeTeamsConnector;
let base: string;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({ teamId: 'T0NORWICH' });
  connector = await startFakeTeamsConnector();
  const { database } = await createTestDatabase();
  await database.migrate();
  await loadDemoPartnership(database.prisma);
  // Linked as the importer would: local-only Teams links nobody by email.
  const ruth = await database.prisma.person.findFirstOrThrow({ where: { email: 'ruth.adeyemi@example.org' } });
  await database.prisma.chatIdentity.create({ data: { personId: ruth.id, platform: 'TEAMS', workspaceId: 'tenant-norwich', userId: 'aad-ruth', linkedBy: 'IMPORT' } });
  const config = loadConfig({
    HOST: '127.0.0.1',
    SCHEDULER_ENABLED: '0',
    SLACK_BOT_TOKEN: 'xoxb-app-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
    TEAMS_LOCAL_ONLY: '1',
  });
  app = await startApp(config, createLogger({ level: 'error', write: () => {} }), { database, port: 0 });
  base = `http://127.0.0.1:${app.address.port}`;
});

afterAll(async () => {
  await app?.stop();
  await slackApi?.close();
  await connector?.close();
});

describe('the app on the demo partnership', () => {
  it('answers /csp help in Slack for a member linked by email, within Block Kit limits', async () => {
    slackApi.addUser({ id: 'U0RUTH', teamId: 'T0NORWICH', realName: 'Ruth Adeyemi', email: 'ruth.adeyemi@example.org' });
    const body = slashCommandBody({ text: 'help', userId: 'U0RUTH', teamId: 'T0NORWICH', channelId: 'C0RAP', responseUrl: slackApi.responseUrl('help') });
    const response = await postToSlackEndpoint(`${base}/slack/events`, signSlackRequest(body, { signingSecret: SIGNING_SECRET }));
    expect(response.status).toBe(200);

    const reply = await slackApi.waitForCall('response_url', (call) => JSON.stringify(call.body).includes('/csp link'));
    const blocks = (reply.body as { blocks?: unknown[] }).blocks;
    expect(JSON.stringify(blocks)).toContain('/csp help');
    expect(checkBlockKitLimits({ blocks }, 'message')).toEqual([]);
  });

  it('refuses an unsigned Slack request with 401', async () => {
    const body = slashCommandBody({ text: 'help', userId: 'U0RUTH', teamId: 'T0NORWICH' });
    const response = await postToSlackEndpoint(`${base}/slack/events`, signSlackRequest(body, { signingSecret: SIGNING_SECRET, signature: { kind: 'missing' } }));
    expect(response.status).toBe(401);
  });

  it('answers csp help in Teams over loopback with a valid Adaptive Card', async () => {
    connector.addMember({ id: '29:ruth', aadObjectId: 'aad-ruth', name: 'Ruth Adeyemi', email: 'ruth.adeyemi@example.org' });
    const activity = personalMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: 'tenant-norwich',
      user: { id: '29:ruth', aadObjectId: 'aad-ruth', name: 'Ruth Adeyemi' },
      botId: '28:csp-bot',
      botName: 'CSP',
      text: 'csp help',
    });
    const response = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(response.status).toBeLessThan(300);

    const sent = await connector.waitForRequest('replyToActivity', (request) => JSON.stringify(request.body).includes('csp link'));
    const card = ((sent.body as { attachments?: Array<{ contentType: string; content: unknown }> }).attachments ?? []).find(
      (attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive',
    );
    expect(card).toBeDefined();
    expect(JSON.stringify(card?.content)).toContain('csp help');
    expect(validateAdaptiveCard(card?.content)).toEqual([]);
  });
});
