import type { Config } from '../config.js';
import { connectDatabase, type DatabaseHandle } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { startEmbeddedPostgres } from '../runtime/infra/embedded-postgres.js';
import { InfraError } from '../runtime/infra/infra-error.js';

/**
 * The app's database for a command: DATABASE_URL, or the embedded one in DATA_DIR. The embedded
 * database serves one process at a time, so while `npm start` holds it the command says so.
 */
export async function openDatabaseForCommand(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const handle = connectDatabase(config.databaseUrl, { max: 2 });
    await migrateDatabase(handle);
    return handle;
  }
  let embedded;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof InfraError) {
      throw new CommandError('The app is running on its built-in database, which one program can use at a time. Stop it (Ctrl+C in its window), run this command, then start it again; or set DATABASE_URL to a Postgres database.');
    }
    throw error;
  }
  const handle = connectDatabase(embedded.url, { max: 1 });
  await migrateDatabase(handle, { lock: false });
  return { ...handle, close: async () => { await handle.close(); await embedded.stop(); } };
}

/** A failure the person at the keyboard can act on: printed as it is, without a stack trace. */
export class CommandError extends Error {}
