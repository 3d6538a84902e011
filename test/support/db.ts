import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

/** The server the suite runs against; CI starts it before `npm test`. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database per test file: files run in parallel and never see each other's
 * rows, and a second run of the suite starts from nothing.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(TEST_PG_URL, name);
  const handle = connectDatabase(url);
  // Unmigrated for a process that migrates it itself: the bench's comparison with older code.
  if (options.migrate !== false) await migrateDatabase(handle);
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      const again = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
