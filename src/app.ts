// Composition root: opens the database, migrates it, mounts the HTTP endpoints and starts the scheduler.
// main.ts and the tests both start the bot through here, so what the tests run is what production runs.
import type { AddressInfo } from 'node:net';
import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { listPartnershipSummaries } from './db/status-store.ts';
import type { Logger } from './logger.ts';
import { createHttpServer, sendJson, type HttpServer } from './server/http-server.ts';
import { createScheduler, type Scheduler } from './jobs/scheduler.ts';
import { allJobs, type JobDeps } from './jobs/all-jobs.ts';
import { loadDemoPartnership } from './import/demo.ts';
import { createChatCore, type RunningChatCore } from './services/core.ts';
import { createSlackAdapter } from './slack/slack-adapter.ts';
import { ALL_FEATURES } from './services/all-features.ts';
import { describeTeamsAccess } from './teams/loopback-guard.ts';
import { createTeamsAdapter } from './teams/teams-adapter.ts';

export interface RunningApp {
  address: AddressInfo;
  database: Database;
  http: HttpServer;
  scheduler?: Scheduler;
  core: RunningChatCore;
  platforms: PlatformStatus[];
  stop(): Promise<void>;
}

interface ChatAdapter {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformStatus {
  platform: 'slack' | 'teams';
  enabled: boolean;
  detail: string;
}

export function describePlatforms(config: Config): PlatformStatus[] {
  const slack: PlatformStatus = config.slack
    ? {
        platform: 'slack',
        enabled: true,
        detail: config.slack.mode === 'socket' ? 'Socket Mode (SLACK_APP_TOKEN is set)' : 'HTTP mode on POST /slack/events',
      }
    : { platform: 'slack', enabled: false, detail: `off: ${config.slackDisabledReason ?? 'not configured'}` };
  const teams: PlatformStatus = { platform: 'teams', ...describeTeamsAccess(config.teams) };
  return [slack, teams];
}

export interface StartOptions {
  clock?: () => Date;
  /** An already open database (tests); the app still migrates it and closes it on stop. */
  database?: Database;
  /** Overrides config.port; 0 picks a free port (tests). */
  port?: number;
}

export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      log: (message) => logger.child('db').info(message),
    }));
  const stopSteps: Array<() => Promise<void>> = [() => database.close()];
  const stopAll = async () => {
    for (const step of stopSteps.reverse()) {
      try {
        await step();
      } catch (error) {
        logger.error('Error during shutdown', { error });
      }
    }
  };

  try {
    logger.info(`Database: ${database.describe()}`);
    const migration = await database.migrate();
    if (migration.applied.length > 0) logger.info(`Applied ${migration.applied.length} migration(s)`, { migrations: migration.applied.join(', ') });

    let partnerships = await listPartnershipSummaries(database.prisma);
    if (partnerships.length === 0 && config.demo) {
      logger.info('DEMO=1 and the database is empty: loading the Safer Norwich demo partnership');
      await loadDemoPartnership(database.prisma);
      partnerships = await listPartnershipSummaries(database.prisma);
    }
    if (partnerships.length === 0) {
      logger.warn(
        'No partnership is loaded yet. Load the demo with `npm run db:seed` (or start with `DEMO=1 npm start`), ' +
          'or your own with `npm run csp -- import <file.yaml>`.',
      );
    } else {
      for (const partnership of partnerships) {
        logger.info(`Partnership ${partnership.name} (${partnership.slug})`, {
          timeZone: partnership.timeZone,
          groups: partnership._count.groups,
          people: partnership._count.people,
          actions: partnership._count.actions,
        });
      }
    }

    const platforms = describePlatforms(config);
    for (const status of platforms) {
      const name = status.platform === 'slack' ? 'Slack' : 'Microsoft Teams';
      if (status.enabled) logger.info(`${name}: ${status.detail}`);
      else logger.warn(`${name} is ${status.detail}`);
    }

    const http = createHttpServer(logger.child('http'));
    http.route('GET', '/healthz', async (_request, response) => {
      const reachable = await database.ping();
      sendJson(response, reachable ? 200 : 503, {
        status: reachable ? 'ok' : 'unavailable',
        database: { kind: database.kind, reachable },
        platforms: Object.fromEntries(platforms.map((status) => [status.platform, status.detail])),
      });
    });

    const core = createChatCore({
      db: database.prisma,
      logger: logger.child('core'),
      now: options.clock,
      features: ALL_FEATURES,
    });

    const adapters: ChatAdapter[] = [];
    if (config.slack) {
      const slack = createSlackAdapter({ config: config.slack, core, prisma: database.prisma, logger: logger.child('slack') });
      core.setNotifier(slack.notifier);
      slack.mount(http);
      adapters.push({ name: 'Slack', start: () => slack.start(), stop: () => slack.stop() });
    }
    const teams = createTeamsAdapter({ config: config.teams, core, prisma: database.prisma, logger });
    core.setNotifier(teams.notifier);
    teams.mount(http);
    adapters.push({ name: 'Microsoft Teams', start: async () => {}, stop: () => teams.stop() });

    const address = await http.listen(options.port ?? config.port, config.host);
    stopSteps.push(() => http.close());
    // Adapters stop before the HTTP server closes, so in-flight events finish first.
    for (const adapter of adapters) {
      try {
        await adapter.start();
      } catch (error) {
        throw new Error(`${adapter.name} could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      stopSteps.push(() => adapter.stop());
    }
    logger.info(`Listening on http://${address.address === '::' || address.address === '0.0.0.0' ? 'localhost' : address.address}:${address.port}`, {
      health: '/healthz',
    });

    let scheduler: Scheduler | undefined;
    if (config.schedulerEnabled) {
      const deps: JobDeps = { prisma: database.prisma, logger: logger.child('jobs'), config, services: core.services };
      scheduler = createScheduler({ jobs: allJobs({ hasAction: (actionId) => core.registry.hasAction(actionId) }), deps, timeZone: config.defaultTimeZone, logger, clock: options.clock });
      await scheduler.start();
      const running = scheduler;
      stopSteps.push(() => running.stop());
    } else {
      logger.warn('The scheduler is off (SCHEDULER_ENABLED=0): no reminders or digests will be sent from this process');
    }

    return { address, database, http, scheduler, core, platforms, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
