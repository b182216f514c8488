import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import type { ChatCore } from '../../src/services/chat-core.ts';
import { describeTeamsAccess, guardServiceUrl, guardTeamsRequest, isLoopbackAddress, isLoopbackServiceUrl } from '../../src/teams/loopback-guard.ts';
import { createTeamsAdapter, TEAMS_MESSAGES_PATH, TEAMS_REQUEST_REFUSED } from '../../src/teams/teams-adapter.ts';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.ts';
import { personalMessage } from '../support/teams-activities.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const untouchedCore: ChatCore = {
  handleCommand: () => Promise.reject(new Error('the core must not be reached')),
  handleAction: () => Promise.reject(new Error('the core must not be reached')),
  handleFormSubmit: () => Promise.reject(new Error('the core must not be reached')),
  homeView: () => Promise.reject(new Error('the core must not be reached')),
  onInstalled: () => Promise.reject(new Error('the core must not be reached')),
  onConversationSeen: () => Promise.reject(new Error('the core must not be reached')),
};

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each([undefined, '', '10.0.0.1', '192.168.1.20', '203.0.113.7', '::ffff:10.1.2.3', '::2', 'fe80::1', '128.0.0.1', 'localhost'])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('isLoopbackServiceUrl', () => {
  it.each(['http://127.0.0.1:56150/', 'http://localhost:56150', 'https://LOCALHOST/', 'http://[::1]:8080/', 'http://127.8.9.10/'])('accepts %s', (url) => {
    expect(isLoopbackServiceUrl(url)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'not a url',
    'http://0.0.0.0:56150/',
    'https://smba.trafficmanager.net/teams/',
    'http://127.0.0.1.attacker.example/',
    'http://localhost.attacker.example/',
    'http://127.0.0.1@attacker.example/',
    'http://192.168.1.20/',
    'ftp://127.0.0.1/',
  ])('refuses %s', (url) => {
    expect(isLoopbackServiceUrl(url)).toBe(false);
  });
});

describe('describeTeamsAccess', () => {
  it('says at startup that Teams is off without credentials or TEAMS_LOCAL_ONLY, and how to turn it on', () => {
    const off = describeTeamsAccess({ authenticated: false, localOnly: false });
    expect(off.enabled).toBe(false);
    expect(off.detail).toContain('TEAMS_LOCAL_ONLY=1');
    expect(describeTeamsAccess({ authenticated: false, localOnly: true })).toMatchObject({ enabled: true, detail: expect.stringContaining('never use this in production') });
    expect(describeTeamsAccess({ authenticated: true, localOnly: false })).toMatchObject({ enabled: true, detail: expect.stringContaining('authenticated') });
  });
});

describe('guardTeamsRequest', () => {
  const local = { remoteAddress: '127.0.0.1', headers: {} };

  it('without credentials or TEAMS_LOCAL_ONLY, lets nobody in, not even loopback', () => {
    const refused = guardTeamsRequest('closed', local);
    expect(refused.allowed === false && refused.reason).toContain('TEAMS_LOCAL_ONLY is off');
  });

  it('with TEAMS_LOCAL_ONLY, lets in only loopback peers that did not come through a proxy', () => {
    expect(guardTeamsRequest('local-only', local)).toEqual({ allowed: true });
    expect(guardTeamsRequest('local-only', { remoteAddress: '::1', headers: { 'user-agent': 'x' } })).toEqual({ allowed: true });
    const remote = guardTeamsRequest('local-only', { remoteAddress: '203.0.113.7', headers: {} });
    expect(remote.allowed === false && remote.reason).toContain('from this machine only');
    for (const header of ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via']) {
      const proxied = guardTeamsRequest('local-only', { remoteAddress: '127.0.0.1', headers: { [header]: 'x' } });
      expect(proxied.allowed === false && proxied.reason).toContain(`(${header} header)`);
    }
  });

  it('with credentials, leaves the decision to Bot Framework token validation', () => {
    expect(guardTeamsRequest('bot-framework', { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '198.51.100.1' } })).toEqual({ allowed: true });
    expect(guardServiceUrl('bot-framework', 'https://smba.trafficmanager.net/teams/')).toEqual({ allowed: true });
  });

  it('with TEAMS_LOCAL_ONLY, replies only to a connector on this machine', () => {
    expect(guardServiceUrl('local-only', 'http://localhost:56150')).toEqual({ allowed: true });
    const away = guardServiceUrl('local-only', 'https://connector.attacker.example/');
    expect(away.allowed === false && away.reason).toContain('"https://connector.attacker.example/"');
    expect(guardServiceUrl('local-only', undefined).allowed).toBe(false);
  });
});

function fakeRemoteRequest(remoteAddress: string): IncomingMessage {
  const body = Readable.from([Buffer.from(JSON.stringify({ type: 'message', text: 'help' }))]);
  return Object.assign(body, {
    socket: { remoteAddress },
    headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.0' },
    method: 'POST',
    url: TEAMS_MESSAGES_PATH,
  }) as unknown as IncomingMessage;
}

function recordingResponse(): ServerResponse & { status?: number; text?: string } {
  const response = {
    headersSent: false,
    writeHead(status: number) {
      response.status = status;
      response.headersSent = true;
      return response;
    },
    end(text?: string) {
      response.text = text;
      return response;
    },
    setHeader() {
      return response;
    },
  } as unknown as ServerResponse & { status?: number; text?: string; headersSent: boolean };
  return response;
}

describe('POST /api/messages with TEAMS_LOCAL_ONLY=1', () => {
  let db: TestDatabase;
  let connector: FakeTeamsConnector;
  let http: HttpServer;
  let url: string;
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const bot = () =>
    createTeamsAdapter({ config: { appType: 'MultiTenant', authenticated: false, localOnly: true }, core: untouchedCore, prisma: db.prisma, logger });

  beforeAll(async () => {
    db = await createTestDatabase();
    connector = await startFakeTeamsConnector();
    http = createHttpServer(logger);
    bot().mount(http);
    const address: AddressInfo = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}${TEAMS_MESSAGES_PATH}`;
  });

  afterAll(async () => {
    await http?.close();
    await connector?.close();
    await db?.close();
  });

  it('refuses a request from another machine with 401 and an audit row, before reading it', async () => {
    const response = recordingResponse();
    await bot().handle(fakeRemoteRequest('203.0.113.7'), response);
    expect(response.status).toBe(401);
    expect(response.text).toBe('Unauthorized');

    const rows = await db.prisma.auditEvent.findMany({ where: { action: TEAMS_REQUEST_REFUSED } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toBe('REFUSED');
    expect(rows[0]?.actorPlatform).toBe('TEAMS');
    expect(rows[0]?.reason).toContain('from this machine only');
    expect(rows[0]?.detail).toMatchObject({ remoteAddress: '203.0.113.7', path: TEAMS_MESSAGES_PATH, userAgent: 'curl/8.0' });
  });

  it('serves the same endpoint over loopback, and rejects what is not an activity', async () => {
    const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const wrongType = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
    const noType = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noType.status).toBe(400);
    expect(await db.prisma.auditEvent.count({ where: { action: TEAMS_REQUEST_REFUSED } })).toBe(1);
  });
});

describe('POST /api/messages with credentials', () => {
  let http: HttpServer;
  let connector: FakeTeamsConnector;
  let url: string;
  const logger = createLogger({ level: 'error', write: () => {} });
  const audits: Array<{ data: { action: string; outcome: string; reason: string | null } }> = [];

  beforeAll(async () => {
    connector = await startFakeTeamsConnector();
    const bot = createTeamsAdapter({
      config: { appId: '0b6fe6d1-fece-44f7-9a48-56465e2d5ab8', appPassword: 'not-a-real-secret', appType: 'MultiTenant', authenticated: true, localOnly: false },
      core: untouchedCore,
      prisma: { auditEvent: { create: async (entry: (typeof audits)[number]) => audits.push(entry) } } as never,
      logger,
    });
    http = createHttpServer(logger);
    bot.mount(http);
    const address: AddressInfo = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}${TEAMS_MESSAGES_PATH}`;
  });

  afterAll(async () => {
    await http?.close();
    await connector?.close();
  });

  it.each([
    ['no Authorization header', {}],
    ['a token nobody issued', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2V2aWwuZXhhbXBsZSJ9.' }],
  ])('refuses an activity with %s, even from loopback', async (_label, headers: Record<string, string>) => {
    const activity = personalMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: 'tenant',
      user: { id: '29:x', aadObjectId: 'aad-x', name: 'X' },
      botId: '28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8',
      botName: 'CSP',
      text: 'help',
    });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Unauthorized');
    expect(connector.requests).toHaveLength(0);
    expect(audits.at(-1)?.data).toMatchObject({ action: TEAMS_REQUEST_REFUSED, outcome: 'REFUSED' });
    expect(audits.at(-1)?.data.reason).toContain('Bot Framework token refused');
  });
});
