// EXPORT_LINK_SECRET: checked at startup, never echoed, and what turns on GET /exports/download in the app.
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/test-database.ts';

const SECRET = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('EXPORT_LINK_SECRET', () => {
  it('must be at least 32 characters, and a short one is not echoed', () => {
    let problems: string[] = [];
    try {
      loadConfig({ EXPORT_LINK_SECRET: 'hunter2' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual(['EXPORT_LINK_SECRET must be at least 32 characters (e.g. the output of `openssl rand -hex 32`) (got a value that is hidden because it is a secret)']);
    expect(loadConfig({ EXPORT_LINK_SECRET: SECRET }).exportLinkSecret).toBe(SECRET);
    expect(loadConfig({}).exportLinkSecret).toBeUndefined();
  });

  it('opens the download endpoint of the running app, which refuses a link it did not sign', async () => {
    const { database } = await createTestDatabase();
    const logger = createLogger({ level: 'error', write: () => {} });
    app = await startApp(loadConfig({ HOST: '127.0.0.1', SCHEDULER_ENABLED: '0', PUBLIC_BASE_URL: 'https://csp.example.org', EXPORT_LINK_SECRET: SECRET }), logger, { database, port: 0 });
    const refused = await fetch(`http://127.0.0.1:${app.address.port}/exports/download?t=made.up`);
    expect(refused.status).toBe(403);
    expect(app.core.services.downloadLinks).toEqual({ baseUrl: 'https://csp.example.org', secret: SECRET });
  });

  it('leaves the download endpoint closed without it', async () => {
    const { database } = await createTestDatabase();
    app = await startApp(loadConfig({ HOST: '127.0.0.1', SCHEDULER_ENABLED: '0', PUBLIC_BASE_URL: 'https://csp.example.org' }), createLogger({ level: 'error', write: () => {} }), { database, port: 0 });
    expect((await fetch(`http://127.0.0.1:${app.address.port}/exports/download?t=made.up`)).status).toBe(404);
    expect(app.core.services.downloadLinks).toBeUndefined();
  });
});
