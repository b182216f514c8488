// The Slack side of the bot as production assembles it: a real database with a partnership in it, the real
// chat core, the Slack adapter mounted on the shared HTTP server (real Bolt, real HTTP on an ephemeral port),
// and the fake Slack Web API in place of slack.com.
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import type { ChatCore } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import type { ChatFeature } from '../../src/services/registry.ts';
import type { DownloadLinkSettings } from '../../src/services/exports/export-links.ts';
import type { DeliveryRetryPolicy } from '../../src/services/delivery-retry.ts';
import { createSlackAdapter, type AckSample, type SlackAdapter } from '../../src/slack/slack-adapter.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { postToSlackEndpoint, signSlackRequest, type SigningOptions, type SlackResponse } from '../support/slack-requests.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

export const TEAM_ID = 'T0CSPTEST';
const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-e2e';

export const ALEX = { userId: 'U0ALEX0001', email: 'alex.morgan@testford.gov.uk', name: 'Alex Morgan' } as const;
export const BOARD_CHANNEL = 'C0BOARD001';

export interface SlackTestApp {
  url: string;
  db: TestDatabase;
  fake: FakeSlackApi;
  core: RunningChatCore;
  adapter: SlackAdapter;
  http: HttpServer;
  logLines: string[];
  /** The waits the delivery retry policy asked for. */
  sleeps: number[];
  acks: AckSample[];
  partnershipId: string;
  /** Signs `body` (valid unless told otherwise) and POSTs it to /slack/events. */
  send(body: string, signing?: Omit<SigningOptions, 'signingSecret'>): Promise<SlackResponse>;
  stop(): Promise<void>;
}

export interface SlackTestAppOptions {
  /** Offer exports as signed download links from this address (PUBLIC_BASE_URL and EXPORT_LINK_SECRET). */
  downloadLinks?: DownloadLinkSettings;
  features?: readonly ChatFeature[];
  /** Wraps the real core, e.g. to observe or delay calls. */
  wrapCore?: (core: ChatCore) => ChatCore;
  /** Leave the adapter mounted but not started. */
  skipStart?: boolean;
  /** The core's delivery retry policy; by default the real one, with its waits recorded in `sleeps` instead of slept. */
  deliveryRetry?: Partial<DeliveryRetryPolicy>;
  /** The core's clock (the scheduler's jobs are run with the same instant); the real time by default. */
  now?: () => Date;
}

async function seedPartnership(db: TestDatabase): Promise<string> {
  const { prisma } = db;
  const partnership = await prisma.partnership.create({ data: { slug: 'safer-testford', name: 'Safer Testford', quorum: 4 } });
  const police = await prisma.organisation.create({
    data: { partnershipId: partnership.id, key: 'police', name: 'Testford Constabulary', kind: 'POLICE', isStatutory: true },
  });
  const board = await prisma.group.create({
    data: { partnershipId: partnership.id, key: 'board', name: 'Strategy Board', kind: 'STRATEGY_BOARD' },
  });
  const alex = await prisma.person.create({
    data: { partnershipId: partnership.id, key: 'alex', name: ALEX.name, email: ALEX.email, organisationId: police.id },
  });
  await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'REPRESENTATIVE', organisationId: police.id } });
  await prisma.chatWorkspace.create({ data: { partnershipId: partnership.id, platform: 'SLACK', workspaceId: TEAM_ID, name: 'Testford' } });
  return partnership.id;
}

export async function startSlackTestApp(options: SlackTestAppOptions = {}): Promise<SlackTestApp> {
  const logLines: string[] = [];
  const acks: AckSample[] = [];
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const db = await createTestDatabase();
  const fake = await startFakeSlackApi({ teamId: TEAM_ID });
  fake.addUser({ id: ALEX.userId, email: ALEX.email, realName: ALEX.name, name: 'alex' });
  const partnershipId = await seedPartnership(db);

  const sleeps: number[] = [];
  const deliveryRetry = { sleep: async (milliseconds: number) => void sleeps.push(milliseconds), ...options.deliveryRetry };
  const core = createChatCore({ db: db.prisma, logger, features: options.features, ...(options.downloadLinks ? { downloadLinks: options.downloadLinks } : {}), ...(options.now ? { now: options.now } : {}), deliveryRetry });
  const adapter = createSlackAdapter({
    config: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, mode: 'http' },
    core: options.wrapCore ? options.wrapCore(core) : core,
    prisma: db.prisma,
    logger,
    onAck: (sample) => acks.push(sample),
  });
  core.setNotifier(adapter.notifier);

  const http = createHttpServer(logger.child('http'));
  adapter.mount(http);
  if (!options.skipStart) await adapter.start();
  const address: AddressInfo = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}/slack/events`;

  return {
    url,
    db,
    fake,
    core,
    adapter,
    http,
    logLines,
    sleeps,
    acks,
    partnershipId,
    send: (body, signing = {}) => postToSlackEndpoint(url, signSlackRequest(body, { signingSecret: SIGNING_SECRET, ...signing })),
    async stop() {
      await adapter.stop();
      await http.close();
      await fake.close();
      await db.close();
    },
  };
}
