// `npm run playground`: the bot with the Safer Norwich demo in an embedded database, plus Microsoft 365
// Agents Playground (a local stand-in for the Teams client and Bot Connector) pointed at it. No tenant, no
// credentials: the bot runs local-only on 127.0.0.1, which is the only way the playground can reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { TEAMS_MESSAGES_PATH } from './teams-adapter.ts';

const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const PLAYGROUND_CONFIG = join(PROJECT_DIR, 'manifests/teams/playground.yml');
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface PlaygroundPlan {
  /** Environment for the bot (what loadConfig reads). */
  botEnv: NodeJS.ProcessEnv;
  /** Arguments after `node <playground cli>`. */
  playgroundArgs: string[];
  playgroundEnv: NodeJS.ProcessEnv;
  playgroundUrl: string;
  notes: string[];
}

/** Works out both processes' settings from the caller's environment; pure, so it can be tested. */
export function planPlayground(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): PlaygroundPlan {
  const notes: string[] = [];
  const botEnv: NodeJS.ProcessEnv = { ...env, HOST: '127.0.0.1', DEMO: env.DEMO ?? '1' };
  delete botEnv.DATABASE_URL;
  botEnv.DATA_DIR = join(env.DATA_DIR || './data', 'playground');
  if (env.TEAMS_APP_ID || env.TEAMS_APP_PASSWORD) {
    notes.push('TEAMS_APP_ID/TEAMS_APP_PASSWORD are ignored here: the playground sends no Bot Framework tokens.');
  }
  delete botEnv.TEAMS_APP_ID;
  delete botEnv.TEAMS_APP_PASSWORD;
  delete botEnv.TEAMS_APP_TENANT_ID;
  if (env.DATABASE_URL) notes.push(`DATABASE_URL is ignored here: the playground uses its own embedded database in ${botEnv.DATA_DIR}.`);

  const botPort = env.PORT?.trim() || '3978';
  const playgroundPort = env.PLAYGROUND_PORT?.trim() || String(DEFAULT_PLAYGROUND_PORT);
  const playgroundEnv: NodeJS.ProcessEnv = {
    ...env,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? PLAYGROUND_CONFIG,
    // Its default log path is ./devTools/…, which would add a folder at the top of the project.
    M365_AGENTS_PLAYGROUND_LOGFILE: env.M365_AGENTS_PLAYGROUND_LOGFILE ?? resolve(env.DATA_DIR || './data', 'm365agentsplayground.log'),
  };
  const hasDesktop = platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  if (env.TEAMSAPPTESTER_BROWSER === undefined && !hasDesktop) {
    // Without it the playground tries to open a desktop browser and exits where there is none.
    playgroundEnv.TEAMSAPPTESTER_BROWSER = 'none';
  }
  return {
    botEnv,
    playgroundArgs: [
      'start',
      '--app-endpoint',
      `http://127.0.0.1:${botPort}${TEAMS_MESSAGES_PATH}`,
      '--channel-id',
      'msteams',
      '--port',
      playgroundPort,
      '--disable-telemetry',
    ],
    playgroundEnv,
    playgroundUrl: `http://127.0.0.1:${playgroundPort}/`,
    notes,
  };
}

function playgroundCli(): string {
  return createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
}

async function main(): Promise<void> {
  const plan = planPlayground(process.env);
  let config;
  try {
    config = loadConfig(plan.botEnv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and what it takes.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  for (const note of plan.notes) logger.warn(note);
  const app = await startApp(config, logger);

  logger.info('Starting Microsoft 365 Agents Playground', { url: plan.playgroundUrl, config: plan.playgroundEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH });
  const child: ChildProcess = spawn(process.execPath, [playgroundCli(), ...plan.playgroundArgs], {
    env: plan.playgroundEnv,
    stdio: 'inherit',
  });

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${reason}: stopping the playground and the bot`);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await app.stop();
    process.exit(code);
  };
  child.on('exit', (code, signal) => void shutdown(`The playground exited (${signal ?? `code ${code ?? 0}`})`, code ?? 0));
  child.on('error', (error) => {
    logger.error('Could not start Microsoft 365 Agents Playground', { error });
    void shutdown('Playground failed', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT received', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM received', 0));
  logger.info(`Open ${plan.playgroundUrl} and type "help" in the personal chat (you are Ruth Adeyemi of the demo partnership)`);
}

const isEntryPoint = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  main().catch((error: unknown) => {
    process.stderr.write(`The playground could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
