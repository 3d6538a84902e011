import { bootstrap } from '../src/bootstrap.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { exitOnStartupError, stopOnSignals } from '../src/lifecycle.js';
import { createLogger } from '../src/logger.js';
import { startWorkers } from './start.js';

/**
 * `npm run start:worker`: the BullMQ workers alone. Run as many as you like; Postgres leases
 * and row locks keep them from sending anything twice. SIGTERM lets jobs in flight finish.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker', { pretty: config.env === 'development' && process.stdout.isTTY });
  if (!config.databaseUrl) {
    throw new ConfigError('start:worker shares its database with the web process: set DATABASE_URL (npm start runs both in one process instead).');
  }
  const runtime = await bootstrap(config, logger);
  const workers = await startWorkers(runtime.ctx);
  logger.info({ pid: process.pid, concurrency: config.workerConcurrency, ratePerSecond: config.resendRateLimit }, 'worker started');

  stopOnSignals(logger, 'worker shutting down: finishing jobs in flight', async () => {
    await workers.close();
    await runtime.shutdown();
  });
}

main().catch(exitOnStartupError);
