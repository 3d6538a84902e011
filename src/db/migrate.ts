import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client.js';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any fixed number: it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_243_901;
const LOCK_POLL_MS = 250;

export interface MigrateOptions {
  /** Take the advisory lock (default). The embedded database has one process, so it needs none. */
  lock?: boolean;
  /** How long to wait for another process's migration before giving up (default 2 minutes). */
  lockTimeoutMs?: number;
}

export class MigrationLockError extends Error {}

/**
 * Applies drizzle-kit's migrations. Web and worker processes both call this at start-up,
 * so an advisory lock makes the second one wait instead of racing the first.
 *
 * The lock is a session lock held on a reserved connection, while drizzle's migrator runs on
 * the pool's other connections (it needs a transaction, which a reserved connection cannot
 * open). A pool of one would therefore wait for itself forever, holding the lock: so a pool
 * of one is refused up front rather than deadlocked.
 */
export async function migrateDatabase(handle: DatabaseHandle, options: MigrateOptions = {}): Promise<void> {
  if (options.lock === false) {
    await migrate(handle.db, { migrationsFolder });
    return;
  }
  const poolSize = (handle.sql.options as { max?: number }).max ?? 1;
  if (poolSize < 2) {
    throw new MigrationLockError(
      `migrateDatabase needs a pool of at least 2 connections (one holds the migration lock, one migrates); this one has ${poolSize}`,
    );
  }
  const reserved = await handle.sql.reserve();
  let locked = false;
  try {
    locked = await acquireLock(reserved, options.lockTimeoutMs ?? 120_000);
    await migrate(handle.db, { migrationsFolder });
  } finally {
    try {
      if (locked) await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      reserved.release();
    } catch {
      // An unlock that fails means the connection is gone, and its session lock with it. Ending
      // the pool closes the reserved connection too, so a lock can never outlive this call's caller.
      reserved.release();
    }
  }
}

/**
 * pg_try_advisory_lock in a loop rather than pg_advisory_lock: a blocking wait cannot be given
 * a deadline without also bounding the migration's own DDL (lock_timeout is per session), and
 * a start-up that waits forever on a stuck migrator tells nobody anything.
 */
async function acquireLock(reserved: Awaited<ReturnType<DatabaseHandle['sql']['reserve']>>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${MIGRATION_LOCK}) as locked`;
    if (row?.locked) return true;
    if (Date.now() >= deadline) {
      const holders = await reserved<{ pid: number; application_name: string; backend_start: Date }[]>`
        select a.pid, a.application_name, a.backend_start from pg_locks l join pg_stat_activity a using (pid)
        where l.locktype = 'advisory' and l.granted and l.objid = ${MIGRATION_LOCK}`;
      const who = holders.map((h) => `pid ${h.pid} (${h.application_name || 'no application name'}, connected ${h.backend_start.toISOString()})`);
      throw new MigrationLockError(
        `gave up after ${Math.round(timeoutMs / 1000)} s waiting for the migration lock, held by ${who.join(', ') || 'another session'}. ` +
          `Another process is migrating, or is stuck: if it is stuck, end it (select pg_terminate_backend(<pid>)) and start again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
