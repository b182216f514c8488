import { ConfigError, loadConfig } from './config/config.ts';
import { createLogger } from './logger.ts';
import { startApp, type RunningApp } from './app.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and what it takes.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const graceSeconds = config.shutdownGraceSeconds;

  // Handlers go in before startup, so a signal while migrating or starting is not the default sudden exit.
  let app: RunningApp | undefined = undefined;
  let signalled: string | undefined;
  const shutdown = async (running: RunningApp) => {
    // Only if closing the database itself hangs: the grace period bounds everything else.
    const lastResort = setTimeout(() => {
      logger.error('Shutdown did not complete; exiting');
      process.exit(1);
    }, graceSeconds * 1000 + 15_000);
    lastResort.unref();
    const report = await running.stop();
    if (report.clean) logger.info('Stopped cleanly');
    else logger.error(`Stopped with ${report.unfinished.length} unit(s) of work unfinished`);
    process.exit(report.clean ? 0 : 1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.error(`${signal} received again: exiting now`, { unfinished: app?.inFlight.names().join('; ') ?? '' });
      process.exit(1);
    }
    signalled = signal;
    logger.info(`${signal} received: refusing new requests and finishing work under way (up to ${graceSeconds} s); send it again to exit at once`);
    if (app) void shutdown(app);
    else logger.info('Still starting: stopping as soon as startup has finished');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  app = await startApp(config, logger);
  if (signalled) void shutdown(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
