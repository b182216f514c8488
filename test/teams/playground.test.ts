import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import { createLogger } from '../../src/logger.ts';
import { linkPlaygroundUsers, planPlayground, PLAYGROUND_CONFIG } from '../../src/teams/playground.ts';
import { createTestDatabase } from '../support/test-database.ts';

describe('planPlayground', () => {
  it('runs the demo bot local-only on an embedded database, whatever the environment says', () => {
    const plan = planPlayground(
      { DATABASE_URL: 'postgres://prod.example/csp', TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'secret', DATA_DIR: '/srv/csp', HOST: '0.0.0.0' },
      'linux',
    );
    const config = loadConfig(plan.botEnv);
    expect(config.demo).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(join('/srv/csp', 'playground'));
    expect(config.teams.authenticated).toBe(false);
    expect(config.teams.localOnly).toBe(true);
    expect(plan.notes.join(' ')).toContain('TEAMS_APP_ID/TEAMS_APP_PASSWORD are ignored');
    expect(plan.notes.join(' ')).toContain('DATABASE_URL is ignored');
  });

  it('points the playground at the bot\'s messages endpoint, with our mock tenant and no telemetry', () => {
    const plan = planPlayground({ PORT: '4000', PLAYGROUND_PORT: '56999' }, 'linux');
    expect(plan.playgroundArgs).toEqual([
      'start',
      '--app-endpoint',
      'http://127.0.0.1:4000/api/messages',
      '--channel-id',
      'msteams',
      '--port',
      '56999',
      '--disable-telemetry',
    ]);
    expect(plan.playgroundUrl).toBe('http://127.0.0.1:56999/');
    expect(plan.playgroundEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH).toBe(PLAYGROUND_CONFIG);
    expect(plan.playgroundEnv.M365_AGENTS_PLAYGROUND_LOGFILE).toMatch(/data[/\\]m365agentsplayground\.log$/);
  });

  it('asks for no browser only where there is no desktop, and never overrides the caller', () => {
    expect(planPlayground({}, 'linux').playgroundEnv.TEAMSAPPTESTER_BROWSER).toBe('none');
    expect(planPlayground({ DISPLAY: ':0' }, 'linux').playgroundEnv.TEAMSAPPTESTER_BROWSER).toBeUndefined();
    expect(planPlayground({}, 'darwin').playgroundEnv.TEAMSAPPTESTER_BROWSER).toBeUndefined();
    expect(planPlayground({ TEAMSAPPTESTER_BROWSER: 'chrome' }, 'linux').playgroundEnv.TEAMSAPPTESTER_BROWSER).toBe('chrome');
    expect(planPlayground({ DEMO: '0' }, 'linux').botEnv.DEMO).toBe('0');
  });
});

describe('playground mock users', () => {
  it('are people of the demo partnership, so the playground can link them by email', async () => {
    interface MockUser {
      name: string;
      email: string;
      aadObjectId: string;
    }
    const config = parse(await readFile(PLAYGROUND_CONFIG, 'utf8')) as { currentUser: MockUser; users: MockUser[] };
    const demo = parse(await readFile(new URL('../../prisma/seed/norwich.yaml', import.meta.url), 'utf8')) as {
      people: Array<{ key: string; name: string; email?: string }>;
      memberships: Array<{ person: string; role: string }>;
    };
    const people = [config.currentUser, ...config.users];
    expect(config.users.length).toBeGreaterThanOrEqual(5);
    expect(new Set(people.map((user) => user.aadObjectId)).size).toBe(people.length);
    for (const user of people) {
      const matches = demo.people.filter((person) => person.email?.toLowerCase() === user.email.toLowerCase());
      expect(matches.map((person) => person.name), user.email).toEqual([user.name]);
    }
    const current = demo.people.find((person) => person.email === config.currentUser.email);
    expect(demo.memberships.some((membership) => membership.person === current?.key && membership.role === 'secretariat')).toBe(true);
  });
});

describe('linkPlaygroundUsers', () => {
  it('links each mock user to the demo person with their email, once, and reports the ones it cannot', async () => {
    const db = await createTestDatabase();
    const folder = await mkdtemp(join(tmpdir(), 'csp-playground-'));
    try {
      await loadDemoPartnership(db.prisma);
      const config = parse(await readFile(PLAYGROUND_CONFIG, 'utf8')) as { tenantId: string; currentUser: { aadObjectId: string }; users: unknown[] };
      const withStranger = { ...config, users: [...config.users, { id: 'user-id-9', name: 'Alex Wilber', aadObjectId: 'aad-alex', email: 'alexw@example.com' }] };
      const path = join(folder, 'playground.yml');
      await writeFile(path, JSON.stringify(withStranger));
      const logLines: string[] = [];
      const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });

      const first = await linkPlaygroundUsers(db.prisma, path, logger);
      expect(first.linked).toHaveLength(1 + config.users.length);
      expect(first.unmatched).toEqual(['Alex Wilber <alexw@example.com>']);
      expect(logLines.join('\n')).toContain('Alex Wilber');

      const ruth = await db.prisma.chatIdentity.findFirst({
        where: { platform: 'TEAMS', workspaceId: config.tenantId, userId: config.currentUser.aadObjectId },
        select: { linkedBy: true, person: { select: { email: true } } },
      });
      expect(ruth).toEqual({ linkedBy: 'IMPORT', person: { email: 'ruth.adeyemi@example.org' } });
      expect(await db.prisma.chatWorkspace.count({ where: { platform: 'TEAMS', workspaceId: config.tenantId } })).toBe(1);

      await linkPlaygroundUsers(db.prisma, path, logger);
      expect(await db.prisma.chatIdentity.count({ where: { platform: 'TEAMS' } })).toBe(first.linked.length);
      expect(await db.prisma.auditEvent.count({ where: { action: 'identity.link' } })).toBe(first.linked.length);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await db.close();
    }
  });

  it('refuses a file that is not a playground config, naming what is wrong', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'csp-playground-'));
    try {
      const path = join(folder, 'playground.yml');
      await writeFile(path, 'tenantId: t\nusers: []\n');
      await expect(linkPlaygroundUsers({} as never, path, createLogger({ level: 'error', write: () => {} }))).rejects.toThrow(/currentUser/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
