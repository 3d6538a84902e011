import { loadConfig } from '../config.js';
import { startEmbeddedPostgres } from '../runtime/infra/embedded-postgres.js';
import { createLogger } from '../logger.js';
import { connectDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';

/** `npm run db:migrate`: applies drizzle/ to DATABASE_URL, or to the embedded database. */
const config = loadConfig();
const logger = createLogger(config.logLevel, 'rmg', { pretty: config.env === 'development' && process.stdout.isTTY });
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, logger });
// Two connections against a server: one holds the advisory lock while the other migrates.
const handle = connectDatabase(config.databaseUrl ?? embedded!.url, { max: embedded ? 1 : 2 });
try {
  await migrateDatabase(handle, { lock: !embedded });
  logger.info('migrations applied');
} catch (error) {
  logger.error({ err: error }, `migrations failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  // Closing the pool ends the sessions, and with them any advisory lock still held.
  await handle.close();
  await embedded?.stop();
}
