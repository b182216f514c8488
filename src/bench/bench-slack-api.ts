// A small stand-in for Slack's Web API and response_url webhooks, for benchmarks that run the real
// service in a child process: it answers auth.test, users.info and the posting methods with their
// documented success shapes and counts what it received. (The tests' recording fake in
// test/support keeps every call for assertions; over thousands of requests that would itself
// grow, so this one only counts.)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchSlackApi {
  /** Base URL for SLACK_API_URL (ends with `/api/`). */
  readonly apiUrl: string;
  /** A response_url on this server. */
  responseUrl(id: string): string;
  /** Requests received, by Web API method (or `response_url`). */
  readonly counts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export const BENCH_TEAM_ID = 'TBENCHMEM';
export const BENCH_BOT_USER_ID = 'UBENCHBOT';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(method: string, fields: URLSearchParams): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return { ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'csp', team_id: BENCH_TEAM_ID, user_id: BENCH_BOT_USER_ID, bot_id: 'BBENCH', is_enterprise_install: false };
    case 'users.info': {
      const id = fields.get('user') ?? 'U0';
      return {
        ok: true,
        user: { id, team_id: BENCH_TEAM_ID, name: id.toLowerCase(), real_name: `Bench ${id}`, deleted: false, is_bot: false, profile: { email: `${id.toLowerCase()}@bench.example.org`, real_name: `Bench ${id}` } },
      };
    }
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.update':
      return { ok: true, channel: fields.get('channel') ?? 'C0', ts: `${Date.now() / 1000}`, message_ts: `${Date.now() / 1000}` };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${fields.get('users') ?? '0'}` } };
    default:
      return { ok: true };
  }
}

export async function startBenchSlackApi(): Promise<BenchSlackApi> {
  const counts = new Map<string, number>();
  const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((raw) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/response/')) {
        count('response_url');
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      count(method);
      const fields = (request.headers['content-type'] ?? '').includes('json') ? new URLSearchParams() : new URLSearchParams(raw);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(method, fields)));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
