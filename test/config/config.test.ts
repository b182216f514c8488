import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, environmentVariableNames, loadConfig } from '../../src/config/config.ts';

function problemsFor(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts with defaults when nothing is set: embedded database, port 3978, no Slack, local-only Teams', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('./data');
    expect(config.slack).toBeUndefined();
    expect(config.slackDisabledReason).toBe('SLACK_BOT_TOKEN is not set');
    expect(config.teams.authenticated).toBe(false);
    expect(config.schedulerEnabled).toBe(true);
    expect(config.defaultTimeZone).toBe('Europe/London');
  });

  it('names PORT and what is wrong with it', () => {
    expect(problemsFor({ PORT: 'abc' })).toEqual(['PORT must be a number between 1 and 65535 (got "abc")']);
    expect(problemsFor({ PORT: '70000' })).toEqual(['PORT must be a number between 1 and 65535 (got "70000")']);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('reports every problem at once and never echoes a secret', () => {
    const problems = problemsFor({ DATABASE_URL: 'mysql://root:hunter2@db/csp', LOG_LEVEL: 'loud', DEMO: 'maybe' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.some((p) => p.startsWith('DATABASE_URL must be a PostgreSQL connection URL'))).toBe(true);
    expect(problems).toContain('LOG_LEVEL must be one of debug, info, warn, error (got "loud")');
    expect(problems.some((p) => p.startsWith('DEMO must be 1/true/yes/on'))).toBe(true);
  });

  it('requires Slack credentials to come in working combinations', () => {
    expect(problemsFor({ SLACK_BOT_TOKEN: 'xoxb-1-2' })[0]).toMatch(/^SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set/);
    expect(problemsFor({ SLACK_SIGNING_SECRET: 'abc' })[0]).toMatch(/^SLACK_BOT_TOKEN is required/);
    expect(problemsFor({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's' })[0]).toMatch(/^SLACK_BOT_TOKEN must be a Slack bot token/);
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'secret' });
    expect(http.slack?.mode).toBe('http');
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    expect(socket.slack?.mode).toBe('socket');
  });

  it('gives each proactive delivery a time budget of 30 s unless DELIVERY_BUDGET_SECONDS says otherwise', () => {
    expect(loadConfig({}).deliveryBudgetMs).toBe(30_000);
    expect(loadConfig({ DELIVERY_BUDGET_SECONDS: '45' }).deliveryBudgetMs).toBe(45_000);
    expect(problemsFor({ DELIVERY_BUDGET_SECONDS: '0.5' })).toEqual(['DELIVERY_BUDGET_SECONDS must be a whole number of seconds between 1 and 600 (got "0.5")']);
  });

  it('requires the Teams app id and password together', () => {
    expect(problemsFor({ TEAMS_APP_ID: '00000000-0000-0000-0000-000000000000' })[0]).toMatch(/^TEAMS_APP_PASSWORD must be set together with TEAMS_APP_ID/);
    const teams = loadConfig({ TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw' });
    expect(teams.teams.authenticated).toBe(true);
    expect(problemsFor({ TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw', TEAMS_APP_TYPE: 'SingleTenant' })[0]).toMatch(/^TEAMS_APP_TENANT_ID is required/);
  });

  it('reads the shutdown grace period in seconds, 25 by default', () => {
    expect(loadConfig({}).shutdownGraceSeconds).toBe(25);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '2.5' }).shutdownGraceSeconds).toBe(2.5);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
    expect(problemsFor({ SHUTDOWN_GRACE_SECONDS: '25s' })).toEqual(['SHUTDOWN_GRACE_SECONDS must be a number of seconds between 0 and 600 (got "25s")']);
    expect(problemsFor({ SHUTDOWN_GRACE_SECONDS: '601' })).toEqual(['SHUTDOWN_GRACE_SECONDS must be a number of seconds between 0 and 600 (got "601")']);
  });

  it('serves Teams without a token only when TEAMS_LOCAL_ONLY=1, and never together with credentials', () => {
    expect(loadConfig({}).teams).toMatchObject({ authenticated: false, localOnly: false });
    expect(loadConfig({ TEAMS_LOCAL_ONLY: '1' }).teams).toMatchObject({ authenticated: false, localOnly: true });
    const [problem] = problemsFor({ TEAMS_LOCAL_ONLY: '1', TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw' });
    expect(problem).toMatch(/^TEAMS_LOCAL_ONLY cannot be on while TEAMS_APP_ID\/TEAMS_APP_PASSWORD are set/);
    expect(problem).not.toContain('pw');
    expect(problemsFor({ TEAMS_LOCAL_ONLY: 'maybe' })[0]).toMatch(/^TEAMS_LOCAL_ONLY must be 1\/true\/yes\/on/);
  });

  it('rejects an unknown time zone', () => {
    expect(problemsFor({ DEFAULT_TIME_ZONE: 'Mars/Olympus' })[0]).toMatch(/^DEFAULT_TIME_ZONE must be an IANA time zone/);
  });

  it('.env.example documents every variable the schema reads, and nothing else', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual([...environmentVariableNames()].sort());
  });
});
