// Collected only when TEST_DATABASE_URL names a PostgreSQL server (see test/vitest.config.ts).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { applyMigrations } from '../../src/db/migrations.ts';
import { databaseUrlFor, runOnServer, testServerUrl, uniqueDatabaseName } from '../support/test-database-template.ts';

const CATALOG_QUERIES: Record<string, string> = {
  tables: `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  columns: `
    SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale, datetime_precision, is_identity
    FROM information_schema.columns WHERE table_schema = 'public'
    ORDER BY table_name, ordinal_position`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`,
  constraints: `
    SELECT rel.relname AS table_name, con.conname AS name, con.contype::text AS kind,
           pg_get_constraintdef(con.oid) AS definition, con.condeferrable, con.condeferred
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    -- PostgreSQL 18 (PGlite) also lists NOT NULL as constraints; nullability is compared with the columns.
    WHERE ns.nspname = 'public' AND con.contype <> 'n'
    ORDER BY table_name, name`,
  enums: `
    SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace ns ON ns.oid = t.typnamespace
    WHERE ns.nspname = 'public'
    GROUP BY t.typname ORDER BY name`,
  sequences: `
    SELECT sequence_name, data_type, start_value, minimum_value, maximum_value, increment, cycle_option
    FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY sequence_name`,
  migrationHistory: `
    SELECT migration_name, checksum, applied_steps_count, logs, rolled_back_at
    FROM _prisma_migrations ORDER BY migration_name`,
};

async function readCatalog(connectionString: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const catalog: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(CATALOG_QUERIES)) catalog[name] = (await client.query(sql)).rows;
    return catalog;
  } finally {
    await client.end();
  }
}

describe('the same migrations on PGlite and on the PostgreSQL server', () => {
  const serverUrl = testServerUrl()!;
  const serverDatabase = uniqueDatabaseName('csp_parity');
  let embedded: EmbeddedPostgres;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({});
    await runOnServer(serverUrl, `CREATE DATABASE "${serverDatabase}"`);
    await applyMigrations({ connectionString: embedded.connectionString, maxConnections: 1 });
    await applyMigrations({ connectionString: databaseUrlFor(serverUrl, serverDatabase) });
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${serverDatabase}" WITH (FORCE)`);
  });

  it('produce identical catalogs: tables, columns, indexes, constraints, enums, sequences and history', async () => {
    const onPglite = await readCatalog(embedded.connectionString);
    const onServer = await readCatalog(databaseUrlFor(serverUrl, serverDatabase));

    expect(onPglite.tables!.length).toBeGreaterThan(20);
    expect(onPglite.enums!.length).toBeGreaterThan(10);
    expect(onPglite.migrationHistory!.length).toBeGreaterThan(0);
    for (const name of Object.keys(CATALOG_QUERIES)) {
      expect({ [name]: onPglite[name] }).toEqual({ [name]: onServer[name] });
    }
  });
});
