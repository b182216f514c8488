// Composition root: opens the database, migrates it, mounts the HTTP endpoints and starts the scheduler.
// main.ts and the tests both start the bot through here, so what the tests run is what production runs.
import type { AddressInfo } from 'node:net';
import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { listPartnershipSummaries } from './db/status-store.ts';
import type { Logger } from './logger.ts';
import { mountExportDownloads } from './server/export-downloads.ts';
import { createHttpServer, sendJson, type HttpServer } from './server/http-server.ts';
import { createScheduler, type Scheduler } from './jobs/scheduler.ts';
import { allJobs, type JobDeps } from './jobs/all-jobs.ts';
import { loadDemoPartnership } from './import/demo.ts';
import { createChatCore, type RunningChatCore } from './services/core.ts';
import { InFlightWork, trackedNotifier, type UnfinishedWork } from './services/in-flight-work.ts';
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
  /** Requests, deliveries and job runs under way, by name. */
  inFlight: InFlightWork;
  /**
   * Shuts down without losing acknowledged work: new requests get 503 at once (/healthz too), then the
   * requests, deliveries and job runs already under way are waited for up to the grace period
   * (SHUTDOWN_GRACE_SECONDS unless given), the jobs stop, and the database closes last.
   */
  stop(options?: { graceMs?: number }): Promise<ShutdownReport>;
}

export interface ShutdownReport {
  /** True when everything under way finished within the grace period. */
  clean: boolean;
  /** What was still running when the grace period ran out. */
  unfinished: UnfinishedWork[];
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
  const inFlight = new InFlightWork();
  const shutdownLog = logger.child('shutdown');
  let http: HttpServer | undefined;
  let scheduler: Scheduler | undefined;
  const adapters: ChatAdapter[] = [];
  const startedAdapters: ChatAdapter[] = [];
  let stopping: Promise<ShutdownReport> | undefined;

  async function step(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      shutdownLog.error(`Error during shutdown (${what})`, { error });
    }
  }

  /** Resolves with `action`'s completion, or with false once `deadline` passes first. */
  async function within(deadline: number, action: Promise<unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      action.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    return finished;
  }

  async function shutDown(graceMs: number): Promise<ShutdownReport> {
    const deadline = Date.now() + graceMs;
    // 1. No new work: 503 to every request (a load balancer drains on /healthz), no new job runs.
    inFlight.beginDrain();
    http?.stopAccepting();
    const jobsStopped = scheduler ? scheduler.stop() : Promise.resolve();
    if (inFlight.size > 0) {
      shutdownLog.info(`Waiting up to ${graceMs / 1000} s for ${inFlight.size} unit(s) of work under way`, { work: summarise(inFlight.names()) });
    }
    // 2. Handlers after their acknowledgement, replies and deliveries already started, job runs under way.
    const drained = await inFlight.drain(deadline);
    // 3. The jobs: no cron wake-up is left, and the run in progress has finished (or the deadline passed).
    const jobsDone = await within(deadline, jobsStopped);
    for (const adapter of [...startedAdapters].reverse()) {
      const adapterStopped = await within(deadline, adapter.stop().catch((error: unknown) => shutdownLog.error(`Error stopping ${adapter.name}`, { error })));
      if (!adapterStopped) shutdownLog.warn(`${adapter.name} did not stop within the grace period`);
    }
    const unfinished = drained.unfinished.length > 0 || !jobsDone ? (await inFlight.drain(Date.now())).unfinished : [];
    if (unfinished.length > 0) {
      shutdownLog.error(
        `The shutdown grace period of ${graceMs / 1000} s ran out with ${unfinished.length} unit(s) of work unfinished; they are abandoned`,
      );
      for (const work of unfinished) shutdownLog.error(`Unfinished at shutdown: ${work.name}`, { runningSeconds: Math.round(work.runningMs / 100) / 10 });
    }
    // 4. The HTTP server (nothing it carries is still needed), then the database, last.
    if (http) {
      const server = http;
      await step('closing the HTTP server', () => server.close({ force: true }));
    }
    await step('closing the database', () => database.close());
    return { clean: unfinished.length === 0, unfinished };
  }

  const stop = (stopOptions: { graceMs?: number } = {}): Promise<ShutdownReport> => {
    stopping ??= shutDown(stopOptions.graceMs ?? config.shutdownGraceSeconds * 1000);
    return stopping;
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

    http = createHttpServer(logger.child('http'), { inFlight });
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
      deliveryRetry: { budgetMs: config.deliveryBudgetMs },
      ...(config.publicBaseUrl && config.exportLinkSecret ? { downloadLinks: { baseUrl: config.publicBaseUrl, secret: config.exportLinkSecret } } : {}),
    });
    if (config.exportLinkSecret) {
      mountExportDownloads(http, { db: database.prisma, secret: config.exportLinkSecret, logger: logger.child('exports'), ...(options.clock ? { now: options.clock } : {}) });
    }

    if (config.slack) {
      const slack = createSlackAdapter({ config: config.slack, core, prisma: database.prisma, logger: logger.child('slack'), inFlight });
      core.setNotifier(trackedNotifier(slack.notifier, inFlight));
      slack.mount(http);
      adapters.push({ name: 'Slack', start: () => slack.start(), stop: () => slack.stop() });
    }
    const teams = createTeamsAdapter({ config: config.teams, core, prisma: database.prisma, logger, inFlight });
    core.setNotifier(trackedNotifier(teams.notifier, inFlight));
    teams.mount(http);
    adapters.push({ name: 'Microsoft Teams', start: async () => {}, stop: () => teams.stop() });

    const address = await http.listen(options.port ?? config.port, config.host);
    for (const adapter of adapters) {
      try {
        await adapter.start();
      } catch (error) {
        throw new Error(`${adapter.name} could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      startedAdapters.push(adapter);
    }
    logger.info(`Listening on http://${address.address === '::' || address.address === '0.0.0.0' ? 'localhost' : address.address}:${address.port}`, {
      health: '/healthz',
    });

    if (config.schedulerEnabled) {
      const deps: JobDeps = { prisma: database.prisma, logger: logger.child('jobs'), config, services: core.services };
      scheduler = createScheduler({
        jobs: allJobs({ hasAction: (actionId) => core.registry.hasAction(actionId) }),
        deps,
        timeZone: config.defaultTimeZone,
        logger,
        clock: options.clock,
        inFlight,
      });
      await scheduler.start();
    } else {
      logger.warn('The scheduler is off (SCHEDULER_ENABLED=0): no reminders or digests will be sent from this process');
    }

    return { address, database, http, scheduler, core, platforms, inFlight, stop };
  } catch (error) {
    await stop({ graceMs: 0 });
    throw error;
  }
}

/** The names of the work under way, at most `limit` of them, for one log line. */
function summarise(names: string[], limit = 20): string {
  const shown = names.slice(0, limit).join('; ');
  return names.length > limit ? `${shown}; and ${names.length - limit} more` : shown;
}
