// "memory": the compiled service (dist/main.js, what `npm start` runs) in a child process, with Slack
// (HTTP mode, against a local fake Web API), Teams, the scheduler and embedded PostgreSQL loaded and the
// demo partnership in it. Figures: resident memory (RSS) idle after start, then after each of 3 rounds of
// 2,000 signed `/csp help` slash commands sent 50 at a time, and the live heap after a full garbage
// collection, whose growth from round to round shows whether anything accumulates per request.
// The child reports its memory over an IPC channel through a preloaded probe (memory-probe.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_TEAM_ID, startBenchSlackApi, type BenchSlackApi } from './bench-slack-api.ts';
import { percentile, type ProcessBenchScenario } from './harness.ts';
import type { MemoryReport, MemoryRequest } from './memory-probe.ts';
import { freePort } from '../server/free-port.ts';

const ROUNDS = 3;
const COMMANDS_PER_ROUND = 2_000;
const CONCURRENCY = 50;
const USERS = 200;
const START_TIMEOUT_MS = 180_000;
const SETTLE_MS = 3_000;

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const SERVICE_ENTRY = path.join(projectRoot, 'dist', 'main.js');
const PROBE_ENTRY = path.join(projectRoot, 'dist', 'bench', 'memory-probe.js');

/** Node's flags from `npm start` ("node <flags> dist/main.js"), so the child runs as production does. */
function startFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts.start ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js')).filter((word) => word.startsWith('--'));
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** A slash command's form body with the fields Slack sends (api.slack.com/interactivity/slash-commands). */
function slashCommandBody(index: number, slack: BenchSlackApi): string {
  const user = `UBENCH${index % USERS}`;
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: BENCH_TEAM_ID,
    team_domain: 'bench',
    channel_id: 'CBENCHMEM',
    channel_name: 'bench',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/csp',
    text: 'help',
    api_app_id: 'ABENCHMEM',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(`T/${index}`),
    trigger_id: `${index}.${Date.now()}.bench`,
  }).toString();
}

/** Signed exactly as Slack signs: v0= hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
function signedHeaders(secret: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
}

interface Service {
  child: ChildProcess;
  baseUrl: string;
  memory(collectGarbage: boolean): Promise<MemoryReport>;
  stop(): Promise<void>;
}

/**
 * BENCH_HEAP_SNAPSHOTS=<folder> also writes a heap snapshot of the service after startup and after
 * each round, for Chrome DevTools' Memory tab (compare two to see what a round left behind).
 */
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOTS || undefined;

async function startService(env: NodeJS.ProcessEnv, port: number): Promise<Service> {
  const snapshotArgs = SNAPSHOT_DIR ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${path.resolve(SNAPSHOT_DIR)}`] : [];
  const child = fork(SERVICE_ENTRY, [], {
    env,
    execArgv: [...startFlags(), '--expose-gc', '--import', PROBE_ENTRY, ...snapshotArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const outcome = await Promise.race([
      fetch(`${baseUrl}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      ),
      exited.then((how) => {
        throw new Error(`The service exited during startup (${how})`);
      }),
    ]);
    if (outcome) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The service did not answer /healthz within ${START_TIMEOUT_MS / 1000} s`);
    }
    await sleep(250);
  }
  return {
    child,
    baseUrl,
    memory(collectGarbage) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The service did not report its memory')), 30_000);
        child.once('message', (report: MemoryReport) => {
          clearTimeout(timer);
          resolve(report);
        });
        const request: MemoryRequest = { type: 'memory', collectGarbage };
        child.send(request);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface RoundResult {
  acknowledged: number;
  failed: number;
  wallMs: number;
  ackP50: number;
  ackP99: number;
}

async function sendRound(service: Service, secret: string, slack: BenchSlackApi, round: number): Promise<RoundResult> {
  const latencies: number[] = [];
  let acknowledged = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < COMMANDS_PER_ROUND) {
      const index = round * COMMANDS_PER_ROUND + next;
      next += 1;
      const body = slashCommandBody(index, slack);
      const sent = performance.now();
      try {
        const response = await fetch(`${service.baseUrl}/slack/events`, { method: 'POST', headers: signedHeaders(secret, body), body });
        await response.arrayBuffer();
        if (response.status === 200) acknowledged += 1;
        else failed += 1;
      } catch {
        failed += 1;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { acknowledged, failed, wallMs, ackP50: percentile(latencies, 0.5), ackP99: percentile(latencies, 0.99) };
}

/**
 * Replies go to response_url after the acknowledgement, so a round is over only when the fake has
 * had them all (or none came for a minute): memory measured earlier would count the backlog.
 */
async function waitForReplies(slack: BenchSlackApi, expected: number): Promise<number> {
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const received = slack.counts.get('response_url') ?? 0;
    if (received >= expected) return received;
    if (received !== last) {
      last = received;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > 60_000) {
      return received;
    }
    await sleep(250);
  }
}

export const memoryScenario: ProcessBenchScenario = {
  kind: 'process',
  name: 'memory',
  description: `RSS of the compiled service (as npm start runs it) idle and after ${ROUNDS} rounds of ${COMMANDS_PER_ROUND.toLocaleString('en-GB')} signed /csp help at ${CONCURRENCY} concurrent`,
  async run({ log }) {
    if (!existsSync(SERVICE_ENTRY) || !existsSync(PROBE_ENTRY)) throw new Error('dist/ is missing: run `npm run build` first (`npm run bench` does).');
    const slack = await startBenchSlackApi();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'csp-bench-memory-'));
    const port = await freePort();
    const signingSecret = randomBytes(16).toString('hex');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO: '1',
      LOG_LEVEL: 'warn',
      SCHEDULER_ENABLED: '1',
      SLACK_BOT_TOKEN: `xoxb-bench-${randomBytes(4).toString('hex')}`,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      // Teams on the local fake connector's terms: no Azure credentials, loopback traffic only.
      TEAMS_LOCAL_ONLY: '1',
    };
    const figures: Record<string, string | number> = {};
    let service: Service | undefined;
    try {
      log(`  starting ${path.relative(projectRoot, SERVICE_ENTRY)} on a new embedded database…`);
      const startedAt = performance.now();
      service = await startService(env, port);
      figures['start, first run (s)'] = Math.round((performance.now() - startedAt) / 100) / 10;
      await sleep(SETTLE_MS);
      const idle = await service.memory(true);
      figures['idle RSS, first start (MB)'] = mb(idle.rss);
      if (idle.peakRss !== undefined) figures['peak RSS, first start (MB)'] = mb(idle.peakRss);
      figures['idle heap used (MB)'] = mb(idle.heapUsed);
      figures['idle external + wasm (MB)'] = mb(idle.external);

      // A restart on the now existing database is how the service usually starts.
      await service.stop();
      service = await startService(env, port);
      await sleep(SETTLE_MS);
      const restarted = await service.memory(true);
      if (SNAPSHOT_DIR) service.child.kill('SIGUSR2');
      figures['idle RSS, restart (MB)'] = mb(restarted.rss);
      if (restarted.peakRss !== undefined) figures['peak RSS, restart (MB)'] = mb(restarted.peakRss);

      let previous = restarted;
      for (let round = 0; round < ROUNDS; round += 1) {
        const before = slack.counts.get('response_url') ?? 0;
        const roundStarted = performance.now();
        const result = await sendRound(service, signingSecret, slack, round);
        const replies = (await waitForReplies(slack, before + result.acknowledged)) - before;
        const repliedMs = performance.now() - roundStarted;
        await sleep(SETTLE_MS);
        const after = await service.memory(true);
        if (SNAPSHOT_DIR) service.child.kill('SIGUSR2');
        const label = `round ${round + 1}`;
        figures[`${label}: acked / replies / failed`] = `${result.acknowledged} / ${replies} / ${result.failed}`;
        figures[`${label}: ack p50 / p99 (ms)`] = `${Math.round(result.ackP50)} / ${Math.round(result.ackP99)}`;
        figures[`${label}: wall, acks / all replies (s)`] = `${Math.round(result.wallMs / 100) / 10} / ${Math.round(repliedMs / 100) / 10}`;
        figures[`${label}: RSS (MB)`] = mb(after.rss);
        figures[`${label}: heap used after GC (MB)`] = `${mb(after.heapUsed)} (${signedMb(after.heapUsed - previous.heapUsed)})`;
        previous = after;
        log(`  round ${round + 1} done: RSS ${mb(after.rss)} MB`);
      }
      figures['Web API calls to the fake'] = [...slack.counts].map(([method, count]) => `${method} ${count}`).join(', ');
      return figures;
    } finally {
      await service?.stop();
      await slack.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
