import { bootstrap } from '../src/runtime/bootstrap.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { exitOnStartupError, stopOnSignals } from '../src/runtime/lifecycle.js';
import { createLogger } from '../src/logger.js';
import { serveMetrics, type MetricsServer } from '../src/http/operator/metrics-server.js';
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
  // Provider calls and dispatcher ticks are measured here, in the worker: with METRICS_PORT it
  // serves them itself. Queue depths and email totals are the web process's /metrics.
  let metricsServer: MetricsServer | null = null;
  if (config.metricsPort && runtime.ctx.metrics) {
    metricsServer = await serveMetrics(runtime.ctx.metrics.registry, {
      port: config.metricsPort,
      token: config.metricsToken,
      trustProxyHops: config.trustProxyHops,
      logger,
    });
  }
  logger.info({ pid: process.pid, concurrency: config.workerConcurrency, ratePerSecond: config.resendRateLimit }, 'worker started');

  stopOnSignals(logger, 'worker shutting down: finishing jobs in flight', async () => {
    await metricsServer?.close();
    await workers.close();
    await runtime.shutdown();
  });
}

main().catch(exitOnStartupError);
