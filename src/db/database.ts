// The application's database: embedded PostgreSQL (PGlite) under the data directory by default,
// or a PostgreSQL server when a URL is given. Both are reached through the same driver adapter
// (@prisma/adapter-pg over the PostgreSQL wire protocol), so the same SQL runs on both.
import path from 'node:path';
import { PrismaClient } from './generated/client.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { applyStartupMigrations } from './migrate.ts';
import { PostgresAdapterFactory } from './postgres-adapter.ts';

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// URL of a PostgreSQL server; without it, embedded PGlite is used. */
  databaseUrl?: string;
  /** The application's data directory; the embedded database lives in `<dataDir>/pglite`. */
  dataDir: string;
  log?: (message: string) => void;
  /** Called after every SQL statement the Prisma client sends, e.g. to count queries. */
  onQuery?: (sql: string, durationMs: number) => void;
  /**
   * Embedded only: run in memory, loaded from this PGlite data-directory dump, and write nothing
   * under `dataDir` (how tests get a fresh migrated database in a fraction of a second).
   */
  embeddedSnapshot?: Blob;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'embedded' | 'server';
  /** Where the data lives, with any password hidden. */
  describe(): string;
  /** Applies the migrations in prisma/migrations that the database does not have yet. */
  migrate(): Promise<{ applied: string[] }>;
  /** Whether the database answers a trivial query within a couple of seconds; never throws. */
  ping(): Promise<boolean>;
  /** Releases every connection, the embedded server and PGlite itself. */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 2_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.log ?? (() => {});
  let embedded: EmbeddedPostgres | undefined;
  let connectionString: string;
  let description: string;

  if (options.databaseUrl === undefined || options.databaseUrl === '') {
    const started = performance.now();
    if (options.embeddedSnapshot) {
      embedded = await startEmbeddedPostgres({ snapshot: options.embeddedSnapshot });
      description = 'embedded PostgreSQL (PGlite) in memory, from a snapshot';
    } else {
      const pgliteDir = path.resolve(options.dataDir, 'pglite');
      embedded = await startEmbeddedPostgres({ dataDir: pgliteDir });
      description = `embedded PostgreSQL (PGlite) in ${pgliteDir}`;
    }
    connectionString = embedded.connectionString;
    log(`Opened ${description} in ${Math.round(performance.now() - started)} ms`);
  } else {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, not ${redactPassword(options.databaseUrl)}`);
    }
    connectionString = options.databaseUrl;
    description = `PostgreSQL server ${redactPassword(options.databaseUrl)}`;
  }

  // PGlite is a single PostgreSQL session that pglite-socket shares between connections, so
  // one connection is all it can use; it also keeps statements from different connections from
  // interleaving in that one session.
  const maxConnections = embedded ? 1 : undefined;
  const adapterFactory = new PostgresAdapterFactory({ connectionString, maxConnections, onQuery: options.onQuery });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  let closed: Promise<void> | undefined;

  return {
    prisma,
    kind: embedded ? 'embedded' : 'server',
    describe: () => description,
    async migrate() {
      const started = performance.now();
      const result = await applyStartupMigrations({ connectionString, maxConnections });
      log(
        result.applied.length === 0
          ? `Database schema is up to date (${Math.round(performance.now() - started)} ms)`
          : `Applied migrations ${result.applied.join(', ')} in ${Math.round(performance.now() - started)} ms`,
      );
      return result;
    },
    async ping() {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      const query = prisma.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`.then(
        (rows) => rows[0]?.ok === 1,
        () => false,
      );
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closed ??= (async () => {
        try {
          await prisma.$disconnect();
          await adapterFactory.disposeAll();
        } finally {
          await embedded?.close();
        }
        log(`Closed ${description}`);
      })();
      return closed;
    },
  };
}

function redactPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
