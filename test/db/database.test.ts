import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { readMigrationsList } from '../../src/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const partnership = (slug: string) => ({ slug, name: `Partnership ${slug}`, quorum: 3 });

describe('embedded database in a data directory', () => {
  let dataDir: string;
  const opened: Database[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'csp-db-test-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is created and migrated on first open, keeps its data, and applies nothing when reopened', async () => {
    const allMigrations = (await readMigrationsList()).migrationDirectories.map((migration) => migration.path);
    const messages: string[] = [];

    const first = await openDatabase({ dataDir, log: (message) => messages.push(message) });
    opened.push(first);
    expect(first.kind).toBe('embedded');
    expect(first.describe()).toContain(path.join(dataDir, 'pglite'));
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(await first.migrate()).toEqual({ applied: allMigrations });
    await first.prisma.partnership.create({ data: partnership('kept') });
    await first.close();
    expect(messages.some((message) => message.startsWith('Applied migrations'))).toBe(true);

    const second = await openDatabase({ dataDir });
    opened.push(second);
    expect(await second.migrate()).toEqual({ applied: [] });
    expect(await second.prisma.partnership.findMany({ select: { slug: true } })).toEqual([{ slug: 'kept' }]);
    const recorded = await second.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    expect(recorded.map((row) => row.migration_name)).toEqual(allMigrations);
  }, 120_000);

  it('lets a process that opened, migrated and closed it exit on its own', async () => {
    const script = `
      import { openDatabase } from ${JSON.stringify(pathToFileURL(path.resolve('src/db/database.ts')).href)};
      const database = await openDatabase({ dataDir: process.argv[1] });
      await database.migrate();
      await database.prisma.partnership.count();
      await database.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let closedAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('closed')) closedAt ??= Date.now();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve) => {
      const watchdog = setInterval(() => {
        if (closedAt !== undefined && Date.now() - closedAt > 30_000) child.kill('SIGKILL');
      }, 500);
      child.on('exit', (code) => {
        clearInterval(watchdog);
        resolve(code);
      });
    });

    expect(output).toContain('closed');
    expect(exitCode).toBe(0);
  }, 120_000);

  it('refuses to open a data directory that is already open, and releases it on close', async () => {
    const first = await openDatabase({ dataDir });
    opened.push(first);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/already open/);
    await first.close();
    expect(await readdir(dataDir)).not.toContain('pglite.lock');

    const again = await openDatabase({ dataDir });
    opened.push(again);
    expect(await again.ping()).toBe(true);
  }, 60_000);
});

describe('a database opened for the application', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('writes and reads rows', async () => {
    const created = await db.prisma.partnership.create({ data: partnership('read-back') });
    const read = await db.prisma.partnership.findUniqueOrThrow({ where: { slug: 'read-back' } });
    expect(read).toMatchObject({ id: created.id, name: 'Partnership read-back', quorum: 3, timeZone: 'Europe/London' });
  });

  it('reports a unique violation as P2002', async () => {
    await db.prisma.partnership.create({ data: partnership('unique') });
    await expect(db.prisma.partnership.create({ data: partnership('unique') })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('reports a missing foreign key row as P2003', async () => {
    await expect(
      db.prisma.organisation.create({
        data: { partnershipId: '00000000-0000-4000-8000-000000000000', key: 'police', name: 'Police', kind: 'POLICE' },
      }),
    ).rejects.toMatchObject({ code: 'P2003' });
  });

  it('rolls back an interactive transaction that fails', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.partnership.create({ data: partnership('rolled-back') });
        throw new Error('abandon the transaction');
      }),
    ).rejects.toThrow('abandon the transaction');
    expect(await db.prisma.partnership.findUnique({ where: { slug: 'rolled-back' } })).toBeNull();
  });

  it('keeps concurrent queries and an open transaction apart', async () => {
    let releaseTransaction = () => {};
    const transactionMayFinish = new Promise<void>((resolve) => {
      releaseTransaction = resolve;
    });
    const transaction = db.prisma.$transaction(async (tx) => {
      await tx.partnership.create({ data: partnership('in-transaction') });
      await transactionMayFinish;
      return tx.partnership.count({ where: { slug: 'in-transaction' } });
    });
    const reads = Array.from({ length: 20 }, (_, index) =>
      db.prisma.$queryRaw<{ n: number; label: string }[]>`SELECT ${index}::int AS n, ${`label-${index}`}::text AS label`,
    );
    setTimeout(releaseTransaction, 50);

    expect(await transaction).toBe(1);
    const results = await Promise.all(reads);
    expect(results.map((rows) => rows[0])).toEqual(Array.from({ length: 20 }, (_, index) => ({ n: index, label: `label-${index}` })));
    expect(await db.prisma.partnership.count({ where: { slug: 'in-transaction' } })).toBe(1);
  });
});

describe('queries and health', () => {
  it('reports every query to onQuery, with its SQL and duration', async () => {
    const seen: { sql: string; durationMs: number }[] = [];
    const db = await createTestDatabase({ onQuery: (sql, durationMs) => seen.push({ sql, durationMs }) });
    try {
      await db.prisma.partnership.create({ data: partnership('counted') });
      await db.prisma.partnership.findMany();
      expect(seen.filter((query) => /INSERT INTO "public"."Partnership"/.test(query.sql))).toHaveLength(1);
      expect(seen.filter((query) => /SELECT .* FROM "public"."Partnership"/.test(query.sql))).toHaveLength(1);
      expect(seen.every((query) => query.durationMs >= 0)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('answers ping while open and not after close', async () => {
    const db = await createTestDatabase();
    expect(await db.database.ping()).toBe(true);
    await db.close();
    expect(await db.database.ping()).toBe(false);
  });

  it('answers ping with false when the server cannot be reached', async () => {
    const unreachable = await openDatabase({ dataDir: tmpdir(), databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing' });
    try {
      expect(unreachable.kind).toBe('server');
      expect(await unreachable.ping()).toBe(false);
    } finally {
      await unreachable.close();
    }
  });

  it('hides the password when describing a server database', async () => {
    const server = await openDatabase({ dataDir: tmpdir(), databaseUrl: 'postgres://app:s3cret@127.0.0.1:1/csp' });
    try {
      expect(server.describe()).toBe('PostgreSQL server postgres://app:***@127.0.0.1:1/csp');
    } finally {
      await server.close();
    }
  });

  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(openDatabase({ dataDir: tmpdir(), databaseUrl: 'mysql://root@localhost/csp' })).rejects.toThrow(/postgres:\/\//);
  });
});
