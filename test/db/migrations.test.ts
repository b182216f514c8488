import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import {
  applyMigrations,
  createMigration,
  defaultMigrationsDir,
  diffMigrationsToSchema,
  readMigrationsList,
} from '../../src/db/migrations.ts';

const SMALL_SCHEMA = `datasource db {
  provider = "postgresql"
}

model Note {
  id   Int    @id @default(autoincrement())
  text String
}
`;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'csp-migrations-test-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('prisma/migrations', () => {
  it('builds exactly the database that prisma/schema.prisma describes', async () => {
    const { empty, script } = await diffMigrationsToSchema();
    expect(script).not.toMatch(/CREATE|ALTER|DROP/);
    expect(empty).toBe(true);
  }, 120_000);

  it('leaves createMigration nothing to write for prisma/schema.prisma', async () => {
    const migrationsDir = path.join(workDir, 'committed');
    await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
    const committed = (await readMigrationsList(migrationsDir)).migrationDirectories.map((migration) => migration.path);
    const messages: string[] = [];

    const result = await createMigration('unneeded', { migrationsDir, log: (message) => messages.push(message) });

    expect(result).toEqual({ migration: null, migrationPath: null, applied: committed, warnings: [] });
    expect(messages).toContain('The Prisma schema has no changes since the last migration: no migration created.');
    expect((await readMigrationsList(migrationsDir)).migrationDirectories.map((migration) => migration.path)).toEqual(committed);
  }, 120_000);
});

describe('createMigration', () => {
  it('writes a migration for each change of the schema, with the lock file', async () => {
    const projectDir = path.join(workDir, 'small-project');
    const migrationsDir = path.join(projectDir, 'migrations');
    const schemaPath = path.join(projectDir, 'schema.prisma');
    await mkdir(projectDir, { recursive: true });
    await writeFile(schemaPath, SMALL_SCHEMA);

    const first = await createMigration('Create notes!', { migrationsDir, schemaPath });
    expect(first.migration).toMatch(/^\d{14}_create_notes$/);
    expect(first.applied).toEqual([first.migration]);
    expect(await readFile(first.migrationPath!, 'utf8')).toContain('CREATE TABLE "Note"');
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(
      await readFile(path.join(defaultMigrationsDir, 'migration_lock.toml'), 'utf8'),
    );

    await writeFile(schemaPath, SMALL_SCHEMA.replace('text String', 'text String\n  pinned Boolean @default(false)'));
    const second = await createMigration('pin notes', { migrationsDir, schemaPath });
    expect(second.migration! > first.migration!).toBe(true);
    expect(second.applied).toEqual([first.migration, second.migration]);
    expect(await readFile(second.migrationPath!, 'utf8')).toMatch(/ALTER TABLE "Note" ADD COLUMN\s+"pinned" BOOLEAN NOT NULL DEFAULT false/);
    expect((await readMigrationsList(migrationsDir)).migrationDirectories.map((migration) => migration.path)).toEqual([
      first.migration,
      second.migration,
    ]);
  }, 180_000);
});

describe('applyMigrations', () => {
  let embedded: EmbeddedPostgres;
  let client: pg.Client;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({});
    client = new pg.Client({ connectionString: embedded.connectionString });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client.end();
    await embedded.close();
  });

  async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    for (const [name, sql] of Object.entries(migrations)) {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    }
  }

  it('runs a script whole: dollar-quoted bodies survive, and a failing migration leaves nothing behind', async () => {
    const migrationsDir = path.join(workDir, 'scripts');
    await writeMigrations(migrationsDir, {
      '20200101000000_function': `CREATE FUNCTION add_one(n integer) RETURNS integer AS $$
        BEGIN
          RETURN n + 1;
        END;
      $$ LANGUAGE plpgsql;`,
      '20200102000000_broken': `CREATE TABLE "HalfDone" (id integer);
        SELECT 1 / 0;`,
    });
    const connection = { connectionString: embedded.connectionString, maxConnections: 1, migrationsDir };

    await expect(applyMigrations(connection)).rejects.toThrow(/division by zero/);

    expect((await client.query('SELECT add_one(41) AS answer')).rows).toEqual([{ answer: 42 }]);
    expect((await client.query(`SELECT to_regclass('"HalfDone"') AS found`)).rows).toEqual([{ found: null }]);
    const history = await client.query(
      'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.rows).toEqual([
      { migration_name: '20200101000000_function', finished: true },
      { migration_name: '20200102000000_broken', finished: false },
    ]);
  }, 120_000);
});
