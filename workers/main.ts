import { bootstrap } from '../src/bootstrap.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { InfraError } from '../src/infra/infra-error.js';
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down: finishing jobs in flight');
    await workers.close();
    await runtime.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof InfraError ? error.message : error);
  process.exit(1);
});
