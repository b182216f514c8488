// `npm run playground`: the bot with the Safer Norwich demo in an embedded database, plus Microsoft 365
// Agents Playground (a local stand-in for the Teams client and Bot Connector) pointed at it. No tenant, no
// credentials: the bot runs with TEAMS_LOCAL_ONLY=1 on 127.0.0.1, which is the only way the playground can
// reach it. In that mode nobody is linked by email (nothing vouches for it), so the playground's mock users
// are linked here, explicitly, from its config file: a developer's mapping for a developer's database.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { startApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { recordAudit } from '../db/audit-store.ts';
import { findLinkedPerson, findPeopleByEmail, linkChatIdentity, recordWorkspace, type DbClient } from '../db/identity-store.ts';
import { createLogger, type Logger } from '../logger.ts';
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
  const botEnv: NodeJS.ProcessEnv = { ...env, HOST: '127.0.0.1', DEMO: env.DEMO ?? '1', TEAMS_LOCAL_ONLY: '1' };
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

const mockUser = z.object({ name: z.string().min(1), aadObjectId: z.string().min(1), email: z.string().optional() }).loose();

/** The part of the playground's config file (its own format, see manifests/teams/playground.yml) used here. */
const playgroundFile = z
  .object({ tenantId: z.string().min(1), currentUser: mockUser, users: z.array(mockUser).default([]) })
  .loose();

export interface PlaygroundLinks {
  /** "Name <email>" of each mock user now linked (or already linked) to the person with that email. */
  linked: string[];
  /** Mock users whose email is no one's, or more than one person's. */
  unmatched: string[];
}

/**
 * Links each mock user of the playground's config file (by AAD object id, in its tenant) to the one person
 * whose email is the mock user's, as the importer links people. The activities the playground sends carry
 * `from.aadObjectId` and `channelData.tenant.id` from the same file.
 */
export async function linkPlaygroundUsers(db: DbClient, configPath: string, logger: Logger): Promise<PlaygroundLinks> {
  const parsed = playgroundFile.safeParse(parse(await readFile(configPath, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${configPath} is not an Agents Playground config: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  }
  const { tenantId, currentUser, users } = parsed.data;
  const result: PlaygroundLinks = { linked: [], unmatched: [] };
  for (const user of [currentUser, ...users]) {
    const label = `${user.name} <${user.email ?? 'no email'}>`;
    const people = user.email ? await findPeopleByEmail(db, user.email) : [];
    const [person] = people;
    if (!person || people.length > 1) {
      result.unmatched.push(label);
      continue;
    }
    result.linked.push(label);
    const key = { platform: 'TEAMS' as const, workspaceId: tenantId, userId: user.aadObjectId };
    if ((await findLinkedPerson(db, key))?.person.id === person.id) continue;
    await linkChatIdentity(db, { ...key, personId: person.id, linkedBy: 'IMPORT', displayName: user.name });
    await recordWorkspace(db, { platform: 'TEAMS', workspaceId: tenantId, partnershipId: person.partnershipId });
    await recordAudit(db, {
      action: 'identity.link',
      outcome: 'ALLOWED',
      partnershipId: person.partnershipId,
      actorPlatform: 'TEAMS',
      actorUserId: user.aadObjectId,
      subjectType: 'Person',
      subjectId: person.id,
      detail: { method: 'PLAYGROUND_CONFIG', workspaceId: tenantId, configFile: configPath },
    });
  }
  if (result.unmatched.length > 0) {
    logger.warn('Some Agents Playground users match no one person of the loaded partnerships by email, so they are not linked', {
      users: result.unmatched.join(', '),
    });
  }
  return result;
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
  const configPath = plan.playgroundEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? PLAYGROUND_CONFIG;
  const links = await linkPlaygroundUsers(app.database.prisma, configPath, logger);
  logger.info(`Linked ${links.linked.length} Agents Playground user(s) to demo people from ${configPath}`);

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
