import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { planPlayground, PLAYGROUND_CONFIG } from '../../src/teams/playground.ts';

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
  it('are people of the demo partnership, so the bot links them by email', async () => {
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
