// The driver adapter used by the Prisma client and by the schema engine: Prisma's own
// @prisma/adapter-pg, with four defects worked around (see the stack notes):
// - it cannot read PostgreSQL's internal "char" type, which the schema engine selects from
//   pg_constraint: such columns are read as text and reported to Prisma as Character;
// - its executeScript splits scripts on every ";", breaking "$$" bodies and leaving a failed
//   migration half applied: scripts go to the server whole, as one simple query;
// - its shadow database is either the main database or dropped while still connected: the
//   shadow database comes from a factory supplied by the caller;
// - it never closes connections unless told: every adapter handed out is tracked and disposed.
import { ColumnTypeEnum, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlResultSet, type Transaction } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const CHAR_TYPE_OID = 18;
const TEXT_TYPE_OID = 25;

interface ShadowDatabase {
  connectionString: string;
  drop(): Promise<void>;
}

export type ShadowDatabaseFactory = () => Promise<ShadowDatabase>;

export interface PostgresAdapterOptions {
  connectionString: string;
  /** Size of each connection pool. */
  maxConnections?: number;
  onQuery?: (sql: string, durationMs: number) => void;
  /** Needed only by schema engine commands that replay migrations (create a migration, diff). */
  shadowDatabase?: ShadowDatabaseFactory;
}

type QueryCallback = (error: Error | null, result: unknown) => void;

interface QueryResultLike {
  fields?: { dataTypeID: number }[];
  rows?: unknown[];
}

/** Rows arrays of results that had "char" columns, with the positions of those columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

function markCharColumns(result: unknown): void {
  for (const single of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (single ?? {}) as QueryResultLike;
    if (!fields || !rows) continue;
    const positions: number[] = [];
    fields.forEach((field, position) => {
      if (field.dataTypeID === CHAR_TYPE_OID) {
        field.dataTypeID = TEXT_TYPE_OID;
        positions.push(position);
      }
    });
    if (positions.length > 0) charColumnsByRows.set(rows, positions);
  }
}

function reportCharColumns(result: SqlResultSet): SqlResultSet {
  const positions = charColumnsByRows.get(result.rows);
  if (!positions) return result;
  const columnTypes = [...result.columnTypes];
  for (const position of positions) columnTypes[position] = ColumnTypeEnum.Character;
  return { ...result, columnTypes };
}

function instrumentedClientClass(onQuery: PostgresAdapterOptions['onQuery']): typeof pg.Client {
  const baseQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;

  class InstrumentedClient extends pg.Client {}

  InstrumentedClient.prototype.query = function instrumentedQuery(this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
    if (typeof (config as { submit?: unknown } | null)?.submit === 'function') {
      return baseQuery.call(this, config, values, callback);
    }
    const sql = typeof config === 'string' ? config : String((config as { text?: unknown }).text);
    const started = performance.now();
    const finish = (error: unknown, result: unknown) => {
      if (!error) markCharColumns(result);
      onQuery?.(sql, performance.now() - started);
    };
    const wrap = (inner: QueryCallback): QueryCallback => (error, result) => {
      finish(error, result);
      inner(error, result);
    };
    if (typeof values === 'function') return baseQuery.call(this, config, wrap(values as QueryCallback));
    if (typeof callback === 'function') return baseQuery.call(this, config, values, wrap(callback as QueryCallback));
    return (baseQuery.call(this, config, values) as Promise<unknown>).then(
      (result) => {
        finish(null, result);
        return result;
      },
      (error: unknown) => {
        finish(error, undefined);
        throw error;
      },
    );
  } as typeof pg.Client.prototype.query;

  return InstrumentedClient;
}

function fixTransaction(inner: Transaction): Transaction {
  const transaction: Transaction = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: async (query) => reportCharColumns(await inner.queryRaw(query)),
    executeRaw: (query) => inner.executeRaw(query),
    commit: () => inner.commit(),
    rollback: () => inner.rollback(),
  };
  if (inner.createSavepoint) transaction.createSavepoint = (name) => inner.createSavepoint!(name);
  if (inner.rollbackToSavepoint) transaction.rollbackToSavepoint = (name) => inner.rollbackToSavepoint!(name);
  if (inner.releaseSavepoint) transaction.releaseSavepoint = (name) => inner.releaseSavepoint!(name);
  return transaction;
}

function fixAdapter(inner: SqlDriverAdapter, afterDispose: () => Promise<void>): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: async (query) => reportCharColumns(await inner.queryRaw(query)),
    executeRaw: (query) => inner.executeRaw(query),
    // No arguments: pg sends the text as one simple query, so PostgreSQL runs the whole
    // script in one implicit transaction, as the native schema engine does.
    executeScript: async (script) => {
      await inner.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    startTransaction: async (isolationLevel) => fixTransaction(await inner.startTransaction(isolationLevel)),
    getConnectionInfo: () => inner.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose: () => {
      disposed ??= inner.dispose().finally(afterDispose);
      return disposed;
    },
  };
}

/** A Prisma driver adapter factory for PostgreSQL (a server, or PGlite behind its socket server). */
export class PostgresAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly openAdapters = new Set<SqlDriverAdapter>();
  private readonly poolConfig: pg.PoolConfig;

  constructor(private readonly options: PostgresAdapterOptions) {
    this.poolConfig = {
      connectionString: options.connectionString,
      max: options.maxConnections,
      Client: instrumentedClientClass(options.onQuery),
    };
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await new PrismaPg(this.poolConfig).connect(), async () => {});
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.options.shadowDatabase) {
      throw new Error('This database connection has no shadow database factory.');
    }
    const shadow = await this.options.shadowDatabase();
    try {
      const adapter = await new PrismaPg({ ...this.poolConfig, connectionString: shadow.connectionString }).connect();
      return this.track(adapter, () => shadow.drop());
    } catch (error) {
      await shadow.drop();
      throw error;
    }
  }

  /** Closes every connection pool this factory opened (each adapter's own). */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.openAdapters].map((adapter) => adapter.dispose()));
  }

  private track(inner: SqlDriverAdapter, afterDispose: () => Promise<void>): SqlDriverAdapter {
    const adapter = fixAdapter(inner, async () => {
      this.openAdapters.delete(adapter);
      await afterDispose();
    });
    this.openAdapters.add(adapter);
    return adapter;
  }
}
