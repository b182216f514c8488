// A process is killed (SIGKILL) after the digest reached Slack and before the job recorded it. Restarted
// processes must leave exactly one digest for the week in the ledger, never a silent miss: the first restart
// waits while the dead process's lease (on the database's clock) is still running, the next, once the lease
// has run out, takes it over and posts again, saying the post may repeat an earlier one (Slack cannot be asked
// whether the first post arrived), and later runs post nothing. The lease is shortened to a few seconds here.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { REPOST_NOTICE } from '../../src/services/digest/digest-view.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { type DigestScenario, linkChannel, recordingNotifier, seedDigestScenario } from './digest-fixtures.ts';

const CHILD = fileURLToPath(new URL('./support/digest-crash-child.ts', import.meta.url));
const CHANNEL = 'C0CRASH001';
const LEASE_MS = 8_000;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

describe('a digest run killed between posting and recording', () => {
  let databaseUrl: string;
  let database: Database | undefined;
  let embedded: EmbeddedPostgres | undefined;
  let testDatabase: TestDatabase | undefined;
  let fake: FakeSlackApi;
  let scenario: DigestScenario;

  beforeAll(async () => {
    // The child processes need a database they can connect to: the test server, or an embedded one on a socket.
    const template = inject('testDatabaseTemplate');
    if (template?.kind === 'embedded') {
      embedded = await startEmbeddedPostgres({ snapshot: new Blob([await readFile(template.snapshotPath)]) });
      databaseUrl = embedded.connectionString;
      database = await openDatabase({ databaseUrl, dataDir: tmpdir() });
    } else {
      testDatabase = await createTestDatabase();
      databaseUrl = testDatabase.url!;
      database = testDatabase.database;
    }
    scenario = await seedDigestScenario(database.prisma, 'crash');
    await linkChannel(database.prisma, scenario.groups.board, 'SLACK', CHANNEL, { workspaceId: 'T0CSPTEST' });
    fake = await startFakeSlackApi();
  });

  afterAll(async () => {
    await fake?.close();
    if (testDatabase) await testDatabase.close();
    else await database?.close();
    await embedded?.close();
  });

  function runProcess(owner: string, now: string, killAfterPost = false): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, DATABASE_URL: databaseUrl, SLACK_API_URL: fake.apiUrl, NOW: now, OWNER: owner, KILL_AFTER_POST: killAfterPost ? '1' : '0', LEASE_MS: String(LEASE_MS) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal, output }));
    });
  }

  /** Another replica, in this process, whose own channel never receives anything. */
  const bystander = recordingNotifier('SLACK');
  function runInProcess(owner: string, now: string) {
    const logger = capturingLogger();
    const at = new Date(now);
    return createDigestJob({ owner, staleAfterMs: LEASE_MS }).run({ logger, services: { db: database!.prisma, logger, notifiers: { SLACK: bystander }, now: () => at } }, at);
  }

  const ledger = async () => ({
    runs: await database!.prisma.jobRun.findMany({ where: { jobName: 'weekly-digest', scope: scenario.groups.board } }),
    posts: await database!.prisma.notification.findMany({ where: { kind: 'DIGEST', subjectId: scenario.groups.board, recipientId: null } }),
  });

  it('leaves exactly one digest for the week, posted again once with a warning rather than never', async () => {
    const killed = await runProcess('process-1', '2026-10-26T09:00:00Z', true);
    expect(killed.signal).toBe('SIGKILL');
    expect(fake.callsTo('chat.postMessage').map((call) => call.body.channel)).toEqual([CHANNEL]);
    const afterCrash = await ledger();
    expect(afterCrash.runs).toMatchObject([{ periodKey: '2026-W44', status: 'RUNNING', owner: 'process-1' }]);
    expect(afterCrash.posts).toMatchObject([{ periodKey: '2026-W44', sentAt: null, error: null }]);

    // A process restarted at once finds the dead process's lease still running and leaves it.
    expect(await runInProcess('process-2', '2026-10-26T09:05:00Z')).toEqual({ summary: 'no digests due (1 already handled or in hand)' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 500));

    const takeover = await runProcess('process-3', '2026-10-26T09:20:00Z');
    expect(takeover.code).toBe(0);
    expect(takeover.output).toContain('the channel may get it twice');
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]?.body.blocks)).toContain(REPOST_NOTICE);
    expect(JSON.stringify(posts[1]?.body.blocks)).not.toContain('the bot was not running at the scheduled time');

    const after = await ledger();
    expect(after.runs).toHaveLength(1);
    expect(after.runs[0]).toMatchObject({ periodKey: '2026-W44', status: 'SUCCEEDED', owner: 'process-3', attempts: 2 });
    expect(after.runs[0]?.result).toMatchObject({ channels: [{ status: 'sent', possibleDuplicate: true }] });
    expect(after.posts).toHaveLength(1);
    expect(after.posts[0]?.sentAt).not.toBeNull();

    expect(await runInProcess('process-4', '2026-10-27T09:00:00Z')).toEqual({ summary: 'no digests due (1 already handled or in hand)' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(bystander.posts).toHaveLength(0);
  }, 240_000);
});
