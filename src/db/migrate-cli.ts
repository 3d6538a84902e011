import { loadConfig } from '../config.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { createLogger } from '../logger.js';
import { connectDatabase } from './client.js';
import { migrateDatabase } from './migrate.js';

/** `npm run db:migrate`: applies drizzle/ to DATABASE_URL, or to the embedded database. */
const config = loadConfig();
const logger = createLogger(config.logLevel, 'rmg', { pretty: config.env === 'development' && process.stdout.isTTY });
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, logger });
const handle = connectDatabase(config.databaseUrl ?? embedded!.url, { max: 1 });
await migrateDatabase(handle, { lock: !embedded });
await handle.close();
await embedded?.stop();
logger.info('migrations applied');
