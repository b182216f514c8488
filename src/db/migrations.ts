// Prisma migrations without the Prisma CLI: its native schema engine cannot be downloaded here,
// so these functions drive the engine's WebAssembly build the way `prisma migrate deploy` and
// `prisma migrate dev --create-only`-then-apply do, on the same folder format
// (prisma/migrations/<timestamp>_<name>/migration.sql, migration_lock.toml, _prisma_migrations).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { PostgresAdapterFactory, type ShadowDatabaseFactory } from './postgres-adapter.ts';
import { withSchemaEngine, type SchemaEngine, type SchemaFile } from './schema-engine.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const defaultMigrationsDir = path.join(projectRoot, 'prisma', 'migrations');
const defaultSchemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');

const LOCKFILE_NAME = 'migration_lock.toml';
const MIGRATION_FILE_NAME = 'migration.sql';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrationSources {
  /** Folder of migration folders; defaults to prisma/migrations. */
  migrationsDir?: string;
  /** The Prisma schema; defaults to prisma/schema.prisma. */
  schemaPath?: string;
}

/** Reads the migrations folder as the Prisma CLI does: every subfolder, sorted by name. */
export async function readMigrationsList(migrationsDir: string = defaultMigrationsDir): Promise<MigrationList> {
  const lockfileContent = await readFile(path.join(migrationsDir, LOCKFILE_NAME), 'utf8').catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  folders.sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => ({
      path: folder,
      migrationFile: {
        path: MIGRATION_FILE_NAME,
        content: await readFile(path.join(migrationsDir, folder, MIGRATION_FILE_NAME), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE_NAME, content: lockfileContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

async function readSchemaFiles(schemaPath: string = defaultSchemaPath): Promise<SchemaFile[]> {
  return [{ path: path.basename(schemaPath), content: await readFile(schemaPath, 'utf8') }];
}

async function runEngine<T>(
  options: { connectionString: string; maxConnections?: number; shadowDatabase?: ShadowDatabaseFactory; schemaPath?: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const adapterFactory = new PostgresAdapterFactory({
    connectionString: options.connectionString,
    maxConnections: options.maxConnections,
    shadowDatabase: options.shadowDatabase,
  });
  return withSchemaEngine(
    { schemaFiles: await readSchemaFiles(options.schemaPath), adapterFactory, release: () => adapterFactory.disposeAll() },
    work,
  );
}

/**
 * Applies every migration of the folder not yet applied to the database (`prisma migrate deploy`),
 * recording each in `_prisma_migrations`. Returns the names of the migrations it applied.
 */
export async function applyMigrations(
  options: MigrationSources & { connectionString: string; maxConnections?: number },
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  return runEngine(options, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}

/** Shadow databases created on the PostgreSQL server of `connectionString`, dropped after use. */
function serverShadowDatabases(connectionString: string): ShadowDatabaseFactory {
  return async () => {
    const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    await runMaintenance(connectionString, `CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(connectionString);
    shadowUrl.pathname = `/${name}`;
    return {
      connectionString: shadowUrl.toString(),
      drop: () => runMaintenance(connectionString, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  };
}

/** Shadow databases that are fresh in-memory PGlite instances (a few seconds each to create). */
function embeddedShadowDatabases(): ShadowDatabaseFactory {
  return async () => {
    const embedded = await startEmbeddedPostgres({});
    return { connectionString: embedded.connectionString, drop: () => embedded.close() };
  };
}

async function runMaintenance(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface CreateMigrationOptions extends MigrationSources {
  /** The database to develop against; by default a temporary embedded PGlite. */
  databaseUrl?: string;
  /** Where migrations are replayed to compute the schema they produce; by default chosen to match the database. */
  shadowDatabase?: ShadowDatabaseFactory;
  log?: (message: string) => void;
}

export interface CreateMigrationResult {
  /** The new migration's folder name, or null when the schema has no changes. */
  migration: string | null;
  /** Absolute path of the new migration.sql, or null. */
  migrationPath: string | null;
  /** Migrations applied to the development database on the way, the new one included. */
  applied: string[];
  /** Data-loss warnings the engine raised for the new migration. */
  warnings: string[];
}

/**
 * The `prisma migrate dev` flow: brings the database up to date with the migrations folder, then
 * writes `<migrationsDir>/<timestamp>_<name>/migration.sql` (and `migration_lock.toml`) for the
 * difference between the migrations and the Prisma schema, and applies it. Writes nothing, and
 * says so through `log`, when the schema has no changes.
 */
export async function createMigration(name: string, options: CreateMigrationOptions = {}): Promise<CreateMigrationResult> {
  const log = options.log ?? (() => {});
  const migrationName = normaliseMigrationName(name);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const schemaFiles = await readSchemaFiles(options.schemaPath);

  const temporary = options.databaseUrl === undefined ? await startEmbeddedPostgres({}) : undefined;
  const connectionString = options.databaseUrl ?? temporary!.connectionString;
  const shadowDatabase =
    options.shadowDatabase ?? (temporary ? embeddedShadowDatabases() : serverShadowDatabases(connectionString));
  try {
    return await runEngine(
      { connectionString, maxConnections: temporary ? 1 : undefined, shadowDatabase, schemaPath: options.schemaPath },
      async (engine) => {
        let migrationsList = await readMigrationsList(migrationsDir);
        const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
        if (diagnostic.action.tag === 'reset') {
          throw new Error(`The development database must be reset before a migration can be created: ${diagnostic.action.reason}`);
        }
        const applied = (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames;
        if (applied.length > 0) {
          log(`Applied ${applied.length} migration(s) to the development database: ${applied.join(', ')}`);
          await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
        }
        const schema = { files: schemaFiles };
        const dataLoss = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTERS });
        if (dataLoss.unexecutableSteps.length > 0) {
          throw new Error(
            `The migration cannot be applied as it stands:\n${dataLoss.unexecutableSteps.map((step) => `- ${step.message}`).join('\n')}`,
          );
        }
        if (dataLoss.migrationSteps === 0) {
          log('The Prisma schema has no changes since the last migration: no migration created.');
          return { migration: null, migrationPath: null, applied, warnings: [] };
        }
        const warnings = dataLoss.warnings.map((warning) => warning.message);
        for (const warning of warnings) log(`Warning: ${warning}`);

        await waitForNewerTimestamp(migrationsList);
        const created = await engine.createMigration({ draft: false, migrationName, migrationsList, schema, filters: NO_FILTERS });
        if (created.migrationScript === null) {
          log('The Prisma schema has no changes since the last migration: no migration created.');
          return { migration: null, migrationPath: null, applied, warnings };
        }
        const folder = path.join(migrationsDir, created.generatedMigrationName);
        if (existsSync(folder)) throw new Error(`The migration folder already exists: ${folder}`);
        await mkdir(folder, { recursive: true });
        const migrationPath = path.join(folder, `migration.${created.extension}`);
        await writeFile(migrationPath, created.migrationScript, 'utf8');
        await writeFile(path.join(migrationsDir, LOCKFILE_NAME), lockfileContent(created.connectorType), 'utf8');
        log(`Created migration ${path.relative(process.cwd(), migrationPath)}`);

        migrationsList = await readMigrationsList(migrationsDir);
        const appliedNew = (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames;
        return { migration: created.generatedMigrationName, migrationPath, applied: [...applied, ...appliedNew], warnings };
      },
    );
  } finally {
    await temporary?.close();
  }
}

/**
 * The SQL that would take a database built by the migrations to the Prisma schema
 * (`prisma migrate diff --from-migrations … --to-schema-datamodel …`): empty when they match.
 */
export async function diffMigrationsToSchema(
  options: MigrationSources & { shadowDatabase?: ShadowDatabaseFactory } = {},
): Promise<{ script: string; empty: boolean }> {
  const shadowDatabase = options.shadowDatabase ?? embeddedShadowDatabases();
  const migrationsList = await readMigrationsList(options.migrationsDir);
  const schemaFiles = await readSchemaFiles(options.schemaPath);
  const main = await shadowDatabase();
  try {
    return await runEngine(
      { connectionString: main.connectionString, maxConnections: 1, shadowDatabase, schemaPath: options.schemaPath },
      async (engine) => {
        const result = await engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: schemaFiles },
          script: true,
          exitCode: true,
          filters: NO_FILTERS,
        });
        return { script: result.stdout ?? '', empty: result.exitCode === 0 };
      },
    );
  } finally {
    await main.drop();
  }
}

function normaliseMigrationName(name: string): string {
  const normalised = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (normalised.length === 0) throw new Error(`Not a usable migration name: "${name}"`);
  return normalised.slice(0, 200);
}

function lockfileContent(provider: string): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

/**
 * Migration names start with a UTC timestamp to the second: wait (at most two seconds) until a
 * new name sorts after the newest existing migration.
 */
async function waitForNewerTimestamp(migrationsList: MigrationList): Promise<void> {
  const newest = migrationsList.migrationDirectories.at(-1)?.path.slice(0, 14);
  if (!newest || !/^\d{14}$/.test(newest)) return;
  const deadline = Date.now() + 2_000;
  while (utcTimestamp(new Date()) <= newest && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 5));
  }
}

function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
