import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, sendJson, type HttpServer } from '../../src/server/http-server.ts';
import { createLogger } from '../../src/logger.ts';
import { InFlightWork } from '../../src/services/in-flight-work.ts';

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

describe('shared HTTP server while shutting down', () => {
  it('answers every new request, /healthz too, with 503 and Retry-After, and lets the request under way finish', async () => {
    const inFlight = new InFlightWork();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const handlerReached = new Promise<void>((resolve) => (reached = resolve));
    server = createHttpServer(silent, { inFlight });
    server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
    server.route('POST', '/slow', async (_req, res) => {
      reached();
      await held;
      sendJson(res, 200, { done: true });
    });
    const address = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${address.port}`;

    const slow = fetch(`${base}/slow`, { method: 'POST', body: 'x' });
    await handlerReached;
    expect(inFlight.names()).toEqual(['HTTP POST /slow']);
    server.stopAccepting();

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(health.headers.get('connection')).toBe('close');
    expect(((await health.json()) as { status: string }).status).toBe('stopping');
    const newPost = await fetch(`${base}/slow`, { method: 'POST', body: 'x' });
    expect(newPost.status).toBe(503);
    expect(newPost.headers.get('retry-after')).toBe('5');

    release();
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(await finished.json()).toEqual({ done: true });
    expect(finished.headers.get('connection')).toBe('close');
    expect(await inFlight.drain(Date.now() + 5_000)).toEqual({ unfinished: [] });
  });
});
