import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client.js';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any fixed number: it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_243_901;

/**
 * Applies drizzle-kit's migrations. Web and worker processes both call this at start-up,
 * so an advisory lock makes the second one wait instead of racing the first. The embedded
 * database has a single connection and a single process, so it needs (and allows) no lock.
 */
export async function migrateDatabase(handle: DatabaseHandle, options: { lock?: boolean } = {}): Promise<void> {
  if (options.lock === false) {
    await migrate(handle.db, { migrationsFolder });
    return;
  }
  const reserved = await handle.sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(handle.db, { migrationsFolder });
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    reserved.release();
  }
}
