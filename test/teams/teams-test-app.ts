// The Teams side of the bot as production assembles it: a real database with a partnership in it, the real
// chat core, the Teams adapter mounted on the shared HTTP server (real teams-ai / botbuilder, real HTTP on an
// ephemeral loopback port, no credentials and TEAMS_LOCAL_ONLY=1 unless a test passes its own environment),
// and a fake Bot Connector on loopback as every activity's serviceUrl.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import type { ChatCore, Notifier } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import type { DeliveryRetryPolicy } from '../../src/services/delivery-retry.ts';
import type { ChatFeature } from '../../src/services/registry.ts';
import type { DownloadLinkSettings } from '../../src/services/exports/export-links.ts';
import { createTeamsAdapter, TEAMS_MESSAGES_PATH, type TeamsBot } from '../../src/teams/teams-adapter.ts';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.ts';
import type { TeamsEnvelope } from '../support/teams-activities.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

export const TENANT_ID = '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f';
const BOT = { id: '28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8', name: 'CSP' } as const;
export const SAM = {
  id: '29:1samTeamsUserIdForEndToEndTests',
  aadObjectId: '3b9d5c1e-2f4a-4e6b-8c7d-9e0f1a2b3c4d',
  name: 'Sam Okafor',
  email: 'sam.okafor@testford.gov.uk',
} as const;

interface PostedActivity {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

export interface TeamsTestApp {
  url: string;
  db: TestDatabase;
  connector: FakeTeamsConnector;
  core: RunningChatCore;
  bot: TeamsBot;
  http: HttpServer;
  logLines: string[];
  /** The waits the delivery retry policy asked for. */
  sleeps: number[];
  partnershipId: string;
  /** The envelope (service URL, tenant, user, bot) for building activities from the fixtures. */
  envelope(user?: Pick<TeamsEnvelope, 'user'>['user']): TeamsEnvelope;
  post(activity: unknown, headers?: Record<string, string>): Promise<PostedActivity>;
  stop(): Promise<void>;
}

async function seedPartnership(db: TestDatabase): Promise<string> {
  const { prisma } = db;
  const partnership = await prisma.partnership.create({ data: { slug: 'safer-testford', name: 'Safer Testford', quorum: 4 } });
  const council = await prisma.organisation.create({
    data: { partnershipId: partnership.id, key: 'council', name: 'Testford Borough Council', kind: 'LOCAL_AUTHORITY', isStatutory: true },
  });
  const board = await prisma.group.create({ data: { partnershipId: partnership.id, key: 'board', name: 'Strategy Board', kind: 'STRATEGY_BOARD' } });
  const sam = await prisma.person.create({
    data: { partnershipId: partnership.id, key: 'sam', name: SAM.name, email: SAM.email, organisationId: council.id },
  });
  await prisma.membership.create({ data: { groupId: board.id, personId: sam.id, role: 'SECRETARIAT' } });
  await prisma.chatWorkspace.create({ data: { partnershipId: partnership.id, platform: 'TEAMS', workspaceId: TENANT_ID, name: 'Testford' } });
  // Linked as the importer would: without a Bot Framework token (TEAMS_LOCAL_ONLY) nobody is linked by email.
  await prisma.chatIdentity.create({ data: { personId: sam.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: SAM.aadObjectId, linkedBy: 'IMPORT' } });
  return partnership.id;
}

export interface TeamsTestAppOptions {
  /** Offer exports as signed download links from this address (PUBLIC_BASE_URL and EXPORT_LINK_SECRET). */
  downloadLinks?: DownloadLinkSettings;
  features?: readonly ChatFeature[];
  wrapCore?: (core: ChatCore) => ChatCore;
  /** The core's delivery retry policy; by default the real one, with its waits recorded in `sleeps` instead of slept. */
  deliveryRetry?: Partial<DeliveryRetryPolicy>;
  /** The TEAMS_* environment the adapter's config is loaded from; default TEAMS_LOCAL_ONLY=1. */
  teamsEnv?: NodeJS.ProcessEnv;
  /** The core's clock (the scheduler's jobs are run with the same instant); the real time by default. */
  now?: () => Date;
}

export async function startTeamsTestApp(options: TeamsTestAppOptions = {}): Promise<TeamsTestApp> {
  const logLines: string[] = [];
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const db = await createTestDatabase();
  const connector = await startFakeTeamsConnector();
  connector.addMember({
    id: SAM.id,
    name: SAM.name,
    aadObjectId: SAM.aadObjectId,
    email: SAM.email,
    userPrincipalName: SAM.email,
    givenName: 'Sam',
    surname: 'Okafor',
    tenantId: TENANT_ID,
    userRole: 'user',
  });
  const partnershipId = await seedPartnership(db);

  const notifiers: { TEAMS?: Notifier } = {};
  const sleeps: number[] = [];
  const deliveryRetry = { sleep: async (milliseconds: number) => void sleeps.push(milliseconds), ...options.deliveryRetry };
  const core = createChatCore({ db: db.prisma, logger, features: options.features, ...(options.downloadLinks ? { downloadLinks: options.downloadLinks } : {}), ...(options.now ? { now: options.now } : {}), notifiers, deliveryRetry });
  const bot = createTeamsAdapter({
    config: loadConfig(options.teamsEnv ?? { TEAMS_LOCAL_ONLY: '1' }).teams,
    core: options.wrapCore ? options.wrapCore(core) : core,
    prisma: db.prisma,
    logger,
  });
  core.setNotifier(bot.notifier);

  const http = createHttpServer(logger.child('http'));
  bot.mount(http);
  const address: AddressInfo = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}${TEAMS_MESSAGES_PATH}`;

  return {
    url,
    db,
    connector,
    core,
    bot,
    http,
    logLines,
    sleeps,
    partnershipId,
    envelope: (user = SAM) => ({ serviceUrl: connector.serviceUrl, tenantId: TENANT_ID, user, botId: BOT.id, botName: BOT.name }),
    async post(activity, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      let body: unknown = text;
      if (contentType.includes('json') && text) body = JSON.parse(text) as unknown;
      return { status: response.status, contentType, body, text };
    },
    async stop() {
      await bot.stop();
      await http.close();
      await connector.close();
      await db.close();
    },
  };
}
