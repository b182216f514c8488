// The migrated database that every test database is copied from: creating and migrating a
// PostgreSQL database takes seconds, copying one takes a fraction of a second.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { applyMigrations, readMigrationsList } from '../../src/db/migrations.ts';

export type TestDatabaseTemplate =
  /** A file holding a dump of a migrated PGlite data directory. */
  | { kind: 'embedded'; snapshotPath: string }
  /** A migrated database on the server of TEST_DATABASE_URL, used as a CREATE DATABASE template. */
  | { kind: 'server'; serverUrl: string; templateName: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate;
  }
}

export function testServerUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export async function prepareTestDatabaseTemplate(): Promise<{ template: TestDatabaseTemplate; dispose(): Promise<void> }> {
  const serverUrl = testServerUrl();
  return serverUrl === undefined ? prepareEmbeddedTemplate() : prepareServerTemplate(serverUrl);
}

const TEMPLATE_FILE = /^csp-test-template-[0-9a-f]{16}\.tar(\.\d+\.part)?$/;
const UNUSED_TEMPLATE_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The embedded template, a PGlite data-directory dump, is kept between runs in the temp
 * directory under a key made of the migrations and the versions of PGlite and of the schema
 * engine, so that a run (even of tests that need no database) rarely pays for creating one.
 * It is written aside and renamed into place, so a half-written template is never used.
 * Templates unused for a day are deleted.
 */
async function prepareEmbeddedTemplate() {
  const snapshotPath = path.join(tmpdir(), `csp-test-template-${await embeddedTemplateKey()}.tar`);
  if (existsSync(snapshotPath)) {
    const now = new Date();
    await utimes(snapshotPath, now, now);
  } else {
    const embedded = await startEmbeddedPostgres({});
    try {
      await applyMigrations({ connectionString: embedded.connectionString, maxConnections: 1 });
      const partPath = `${snapshotPath}.${process.pid}.part`;
      await writeFile(partPath, Buffer.from(await (await embedded.dump()).arrayBuffer()));
      await rename(partPath, snapshotPath);
    } finally {
      await embedded.close();
    }
  }
  await deleteUnusedTemplates(snapshotPath);
  return { template: { kind: 'embedded', snapshotPath } as const, dispose: async () => {} };
}

async function deleteUnusedTemplates(current: string): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const file = path.join(tmpdir(), name);
    if (!TEMPLATE_FILE.test(name) || file === current) continue;
    const stats = await stat(file).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > UNUSED_TEMPLATE_AGE_MS) await rm(file, { force: true });
  }
}

async function embeddedTemplateKey(): Promise<string> {
  const hash = createHash('sha256');
  const require = createRequire(import.meta.url);
  // Neither package exports its package.json; each sits next to or above the entry point.
  const packageVersion = async (entry: string, packageDir: string) =>
    (JSON.parse(await readFile(path.join(path.dirname(require.resolve(entry)), packageDir, 'package.json'), 'utf8')) as { version: string })
      .version;
  hash.update(`pglite ${await packageVersion('@electric-sql/pglite', '..')}\n`);
  hash.update(`schema engine ${await packageVersion('@prisma/schema-engine-wasm/schema_engine_bg', '.')}\n`);
  const migrations = await readMigrationsList();
  hash.update(`lock ${migrations.lockfile.content ?? ''}\n`);
  for (const migration of migrations.migrationDirectories) {
    const { content } = migration.migrationFile;
    hash.update(`${migration.path}\n${content.tag === 'ok' ? content.value : ''}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function prepareServerTemplate(serverUrl: string) {
  const templateName = uniqueDatabaseName('csp_test_template');
  await runOnServer(serverUrl, `CREATE DATABASE "${templateName}"`);
  const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: databaseUrlFor(serverUrl, templateName) });
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
    throw error;
  }
  await database.close();
  return {
    template: { kind: 'server', serverUrl, templateName } as const,
    dispose: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`),
  };
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(6).toString('hex')}`;
}

export function databaseUrlFor(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
