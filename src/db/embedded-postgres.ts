// Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly, in this process) behind
// pglite-socket's wire-protocol server on 127.0.0.1, so that the Prisma client and the schema
// engine reach it through @prisma/adapter-pg exactly as they reach a PostgreSQL server.
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { runInChildProcess, siblingModule } from './run-in-child-process.ts';

export interface EmbeddedPostgres {
  /** postgres:// URL of the socket server (PGlite has a single database; the name is ignored). */
  connectionString: string;
  /** The PGlite data directory, or undefined when the database lives in memory. */
  dataDir: string | undefined;
  /** A tarball of the data directory, which `snapshot` accepts. */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

let pristineDataDir: Promise<Blob> | undefined;

/**
 * PostgreSQL's server defaults (128 MB of shared buffers, 64 MB for maintenance) suit a machine of
 * its own; in PGlite they live in this process's WebAssembly memory, and the buffer pool alone held
 * about 160 MB of resident memory once warm. A partnership's whole database is a few megabytes,
 * so 16 MB of buffers keeps it cached with room to spare. PGlite's own defaults (single user,
 * no parallel workers) are kept.
 */
export const EMBEDDED_MEMORY_SETTINGS: readonly string[] = [
  'shared_buffers=16MB',
  'temp_buffers=2MB',
  'wal_buffers=1MB',
  'work_mem=4MB',
  'maintenance_work_mem=16MB',
];

function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...EMBEDDED_MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])];
}

/**
 * A tarball of a newly initialised, empty data directory, made once per process: initialising
 * one takes seconds, loading this takes about half a second.
 */
function pristineDataDirDump(): Promise<Blob> {
  pristineDataDir ??= (async () => {
    const db = await PGlite.create({ startParams: startParams() });
    try {
      return await db.dumpDataDir('none');
    } finally {
      await db.close();
    }
  })();
  return pristineDataDir;
}

export interface InitialiseDataDirInput {
  dataDir: string;
}

/** Creates a new PostgreSQL data directory in `dataDir` (PGlite runs initdb on first open). */
export async function initialiseDataDir({ dataDir }: InitialiseDataDirInput): Promise<void> {
  const db = await PGlite.create({ dataDir, startParams: startParams() });
  await db.close();
}

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its data (created if missing; a new one takes a few seconds to initialise). */
  dataDir?: string;
  /** Without `dataDir`: a data-directory dump to load into memory, instead of an empty database. */
  snapshot?: Blob;
}

/** Starts PGlite on disk in `dataDir`, or else in memory (from `snapshot`, or empty). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir } = options;
  let releaseLock = () => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataDir(dataDir);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    // initdb runs in a second Wasm instance; in a child process, its memory goes when it exits.
    // Where no child can run it (TypeScript sources), PGlite.create below runs it here.
    if (dataDir !== undefined && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await runInChildProcess(siblingModule(import.meta.url, 'embedded-init-task'), { dataDir } satisfies InitialiseDataDirInput, async () => {});
    }
    db = await PGlite.create(
      dataDir === undefined
        ? { loadDataDir: options.snapshot ?? (await pristineDataDirDump()), startParams: startParams() }
        : { dataDir, startParams: startParams() },
    );
    // Several connections at once: one pool for the Prisma client and one for the schema
    // engine, each of which may replace a broken connection. pglite-socket's default is 1,
    // which makes pg fail with "Connection terminated unexpectedly".
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
    await server.start();
  } catch (error) {
    await server?.stop();
    await db?.close();
    releaseLock();
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  const runningServer = server;
  const runningDb = db;
  let closed: Promise<void> | undefined;
  return {
    connectionString: `postgres://postgres@${host}:${port}/postgres`,
    dataDir,
    dump: () => runningDb.dumpDataDir('none'),
    close() {
      closed ??= (async () => {
        try {
          await runningServer.stop();
        } finally {
          try {
            await runningDb.close();
          } finally {
            releaseLock();
          }
        }
      })();
      return closed;
    },
  };
}

/**
 * PGlite does not guard its data directory, and two processes writing to one corrupt it.
 * A lock file next to it holds the owner's pid. A lock whose process has gone, or that names
 * this process without being held here (a restarted container reuses pids), is taken over.
 */
const locksHeldHere = new Set<string>();

function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  if (locksHeldHere.has(lockPath)) {
    throw new Error(`The embedded database at ${dataDir} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (createLockFile(lockPath)) {
      locksHeldHere.add(lockPath);
      return () => {
        locksHeldHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    }
    const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new Error(`The embedded database at ${dataDir} is in use by process ${owner} (lock file ${lockPath}).`);
    }
    rmSync(lockPath, { force: true });
  }
  throw new Error(`Could not lock the embedded database at ${dataDir} (lock file ${lockPath}).`);
}

function createLockFile(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
