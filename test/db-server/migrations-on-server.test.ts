// Collected only when TEST_DATABASE_URL names a PostgreSQL server (see test/vitest.config.ts).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigration } from '../../src/db/migrations.ts';
import { databaseUrlFor, runOnServer, testServerUrl, uniqueDatabaseName } from '../support/test-database-template.ts';

const SCHEMA = `datasource db {
  provider = "postgresql"
}

enum Mood {
  CALM
  BUSY
}

model Note {
  id      Int      @id @default(autoincrement())
  text    String
  mood    Mood     @default(CALM)
  tags    String[]
  created DateTime @default(now()) @db.Timestamptz(3)

  @@index([mood, created])
}
`;

async function serverDatabaseNames(serverUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe('createMigration against a PostgreSQL server', () => {
  const serverUrl = testServerUrl()!;
  const developmentDatabase = uniqueDatabaseName('csp_migrate_dev');
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'csp-server-migrations-'));
    await runOnServer(serverUrl, `CREATE DATABASE "${developmentDatabase}"`);
  });

  afterAll(async () => {
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${developmentDatabase}" WITH (FORCE)`);
    await rm(workDir, { recursive: true, force: true });
  });

  it('writes the same SQL as against PGlite, applies it, and drops its shadow databases', async () => {
    const schemaPath = path.join(workDir, 'schema.prisma');
    await writeFile(schemaPath, SCHEMA);
    const serverDir = path.join(workDir, 'server-migrations');
    const pgliteDir = path.join(workDir, 'pglite-migrations');
    await mkdir(serverDir);
    const databasesBefore = await serverDatabaseNames(serverUrl);

    const onServer = await createMigration('notes', {
      migrationsDir: serverDir,
      schemaPath,
      databaseUrl: databaseUrlFor(serverUrl, developmentDatabase),
    });
    const onPglite = await createMigration('notes', { migrationsDir: pgliteDir, schemaPath });

    expect(await readFile(onServer.migrationPath!, 'utf8')).toBe(await readFile(onPglite.migrationPath!, 'utf8'));
    expect(onServer.applied).toEqual([onServer.migration]);
    const client = new pg.Client({ connectionString: databaseUrlFor(serverUrl, developmentDatabase) });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT to_regclass('"Note"') IS NOT NULL AS exists`);
      expect(rows).toEqual([{ exists: true }]);
    } finally {
      await client.end();
    }
    expect((await serverDatabaseNames(serverUrl)).sort()).toEqual(databasesBefore.sort());
  }, 120_000);
});
