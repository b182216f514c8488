// A fresh, migrated database of its own for each caller, opened through openDatabase like the
// application's: an in-memory PGlite loaded from the template dump, or, when TEST_DATABASE_URL
// is set, a database created on that server from the run's template database.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { inject } from 'vitest';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/db/database.ts';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import {
  databaseUrlFor,
  prepareTestDatabaseTemplate,
  runOnServer,
  uniqueDatabaseName,
  type TestDatabaseTemplate,
} from './test-database-template.ts';

export interface TestDatabase {
  prisma: PrismaClient;
  database: Database;
  /** The server database's URL; undefined for embedded PGlite. */
  url?: string;
  /** Closes the database and deletes it. */
  close(): Promise<void>;
}

export type TestDatabaseOptions = Pick<OpenDatabaseOptions, 'log' | 'onQuery'>;

let templateOutsideGlobalSetup: Promise<TestDatabaseTemplate> | undefined;

/** The template from the global setup, or (when a config lacks it) one made for this process. */
function template(): Promise<TestDatabaseTemplate> {
  const provided = inject('testDatabaseTemplate');
  if (provided) return Promise.resolve(provided);
  templateOutsideGlobalSetup ??= prepareTestDatabaseTemplate().then(({ template: prepared, dispose }) => {
    process.once('beforeExit', () => void dispose());
    return prepared;
  });
  return templateOutsideGlobalSetup;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const source = await template();
  return source.kind === 'embedded' ? loadEmbedded(source.snapshotPath, options) : createOnServer(source, options);
}

let snapshot: { path: string; blob: Promise<Blob> } | undefined;

function readSnapshot(snapshotPath: string): Promise<Blob> {
  if (snapshot?.path !== snapshotPath) {
    snapshot = { path: snapshotPath, blob: readFile(snapshotPath).then((bytes) => new Blob([bytes])) };
  }
  return snapshot.blob;
}

async function loadEmbedded(snapshotPath: string, options: TestDatabaseOptions): Promise<TestDatabase> {
  const database = await openDatabase({ ...options, dataDir: tmpdir(), embeddedSnapshot: await readSnapshot(snapshotPath) });
  return { prisma: database.prisma, database, close: () => database.close() };
}

async function createOnServer(
  source: Extract<TestDatabaseTemplate, { kind: 'server' }>,
  options: TestDatabaseOptions,
): Promise<TestDatabase> {
  const name = uniqueDatabaseName('csp_test');
  await runOnServer(source.serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${source.templateName}"`);
  const url = databaseUrlFor(source.serverUrl, name);
  const drop = () => runOnServer(source.serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    const database = await openDatabase({ ...options, dataDir: tmpdir(), databaseUrl: url });
    return {
      prisma: database.prisma,
      database,
      url,
      async close() {
        try {
          await database.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
