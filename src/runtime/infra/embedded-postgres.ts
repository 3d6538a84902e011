import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { silentLogger, type Logger } from '../../logger.js';
import { InfraError } from './infra-error.js';

export interface EmbeddedPostgres {
  /** A postgres.js URL; connect with `{ max: 1 }`, the server serves one connection at a time. */
  url: string;
  /** Closes the listener, then PGlite (which checkpoints to disk). Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Lock files this process holds, to tell "opened twice here" from "our pid reused after a restart". */
const heldLocks = new Set<string>();

/**
 * Serves a PGlite database persisted at `<dataDir>/pglite` over the Postgres wire protocol,
 * so the app talks to it through the same postgres.js + drizzle code as to a real server.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logger?: Logger;
}): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger;
  const directory = resolve(options.dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  const releaseLock = acquireLock(resolve(options.dataDir, 'pglite.lock'), directory);

  // Loaded here, not at the top: a production process has DATABASE_URL and never needs them
  // (with their dependencies they are ~9 MB of every worker's memory).
  const [{ PGlite: PGliteDatabase }, { PGLiteSocketServer: SocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const startedAt = performance.now();
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGliteDatabase.create({ dataDir: directory });
    // maxConnections is 1 on purpose: the package's multiplexer interleaves protocol
    // messages of several clients on one backend, which is not a real Postgres session model.
    server = new SocketServer({ db, host: HOST, port: 0, maxConnections: 1 });
    server.addEventListener('error', (event) => {
      logger.warn({ err: (event as CustomEvent).detail }, 'embedded Postgres connection error');
    });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    releaseLock();
    throw error;
  }

  // The server rewrites its port after binding 0 but exposes it only through this string.
  const port = Number(server.getServerConn().split(':').pop());
  // PGlite ignores the user and database in the start-up message: it is always postgres/postgres.
  const url = `postgres://postgres@${HOST}:${port}/postgres`;
  logger.info(
    { dataDir: directory, url, ms: Math.round(performance.now() - startedAt) },
    'DATABASE_URL is not set: using embedded Postgres (PGlite)',
  );

  const runningServer = server;
  const runningDb = db;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await runningServer.stop();
          await runningDb.close();
        } finally {
          releaseLock();
        }
      })()),
  };
}

/**
 * PGlite takes no lock on its data folder, and two processes opening it (say `npm start` and
 * `npm run db:migrate`, both without DATABASE_URL) would corrupt it. A pid file turns that
 * into a clear error; a lock left by a killed process is taken over.
 */
function acquireLock(lockFile: string, directory: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    // Linking a finished file into place is atomic, so a rival never reads a lock without a pid.
    const draft = `${lockFile}.${process.pid}`;
    writeFileSync(draft, String(process.pid));
    try {
      linkSync(draft, lockFile);
      heldLocks.add(lockFile);
      return () => {
        if (!heldLocks.delete(lockFile)) return;
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockFile);
      if (owner === null) continue;
      // In a container the app is often pid 1 on every boot, so our own pid is only a live
      // owner if this process really took the lock.
      const inUse = owner === process.pid ? heldLocks.has(lockFile) : isAlive(owner);
      if (inUse) {
        throw new InfraError(
          `The embedded database at ${directory} is in use by process ${owner}: stop that process or set DATABASE_URL (if ${owner} is not this app, delete ${lockFile}).`,
        );
      }
      rmSync(lockFile, { force: true });
    } finally {
      rmSync(draft, { force: true });
    }
  }
  throw new InfraError(`Could not lock the embedded database at ${directory}: another process keeps taking ${lockFile}.`);
}

/** The pid in the lock file, or null when its owner released it in the meantime. */
function readOwner(lockFile: string): number | null {
  try {
    return Number(readFileSync(lockFile, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
