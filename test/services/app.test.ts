import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/test-database.ts';

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('health check', () => {
  it('answers 200 with the database status, and 503 once the database is unreachable', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    const { database } = await createTestDatabase();
    app = await startApp(loadConfig({ HOST: '127.0.0.1', SCHEDULER_ENABLED: '0' }), logger, { database, port: 0 });
    const url = `http://127.0.0.1:${app.address.port}/healthz`;

    const healthy = await fetch(url);
    expect(healthy.status).toBe(200);
    const body = (await healthy.json()) as Record<string, unknown>;
    expect(body.status).toBe('ok');
    expect((body.database as { reachable: boolean }).reachable).toBe(true);
    expect(body.platforms).toMatchObject({ slack: 'off: SLACK_BOT_TOKEN is not set' });
    expect(lines.some((line) => line.includes('No partnership is loaded yet'))).toBe(true);

    await database.close();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { status: string }).status).toBe('unavailable');
  });
});
