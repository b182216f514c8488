import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, sendJson, type HttpServer } from '../../src/server/http-server.ts';
import { createLogger } from '../../src/logger.ts';

const silent = createLogger({ level: 'error', write: () => {} });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(setup: (http: HttpServer) => void): Promise<string> {
  server = createHttpServer(silent);
  setup(server);
  const address = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${address.port}`;
}

describe('shared HTTP server', () => {
  it('routes by method and path, ignoring the query string', async () => {
    const base = await start((http) => http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { ok: true })));
    const response = await fetch(`${base}/healthz?probe=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const base = await start((http) => http.route('POST', '/slack/events', (_req, res) => sendJson(res, 200, {})));
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${base}/slack/events`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('turns a handler failure into a 500 without leaking the error', async () => {
    const base = await start((http) =>
      http.route('GET', '/boom', () => {
        throw new Error('secret detail');
      }),
    );
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');
  });
});
