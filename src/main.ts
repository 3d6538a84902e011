import { serve } from '@hono/node-server';
import { startWorkers, type RunningWorkers } from '../workers/start.js';
import { bootstrap } from './runtime/bootstrap.js';
import { ConfigError, DEV_ADMIN_PASSWORD, loadConfig } from './config.js';
import { createApp } from './http/app.js';
import { exitOnStartupError, stopOnSignals } from './runtime/lifecycle.js';
import { watchContent } from './runtime/content-watch.js';
import { createLogger } from './logger.js';
import { newLocalToken, writeLocalControl } from './runtime/local-control.js';

/**
 * `npm start`: web and workers in one process on the embedded defaults.
 * `npm run start:web` (`--web`): the HTTP app only; run workers with `npm run start:worker`.
 */
async function main() {
  const webOnly = process.argv.includes('--web');
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'rmg', { pretty: config.env === 'development' && process.stdout.isTTY });
  if (webOnly && !config.databaseUrl) {
    throw new ConfigError('start:web runs beside separate worker processes, which need a shared database: set DATABASE_URL.');
  }
  const runtime = await bootstrap(config, logger);
  const { ctx } = runtime;

  // In development her saved files are taken in as she writes; only this process imports
  // (start:worker processes pick the change up through refreshContent).
  const contentWatch = config.env === 'development' ? watchContent(ctx, { emailsDir: ctx.catalog.emailsDir }) : null;
  if (contentWatch) logger.info('Watching emails/: a saved file is taken in at once (development only)');

  let workers: RunningWorkers | null = null;
  if (!webOnly) {
    workers = await startWorkers(ctx);
  }
  // On the embedded database a command cannot open it while we run, so it asks us instead.
  const localToken = config.databaseUrl || webOnly ? undefined : newLocalToken();
  let removeLocalControl = () => {};
  const server = serve({ fetch: createApp(ctx, { localToken }).fetch, port: config.port, hostname: config.host }, (info) => {
    if (localToken) removeLocalControl = writeLocalControl(config.dataDir, { pid: process.pid, url: `http://127.0.0.1:${info.port}`, token: localToken, appUrl: config.appUrl });
    logger.info(`Landing page: ${config.appUrl}/  (listening on ${config.host}, port ${info.port})`);
    if (config.devMailbox) logger.info(`Dev mailbox: ${config.appUrl}/dev/mailbox`);
    if (config.adminPassword) {
      logger.info(`Dashboard: ${config.appUrl}/admin${config.adminPasswordIsDefault ? `  (password: ${DEV_ADMIN_PASSWORD}; set ADMIN_PASSWORD for your own)` : ''}`);
    }
  });

  stopOnSignals(logger, 'shutting down: finishing work in flight', async () => {
    removeLocalControl();
    await contentWatch?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await workers?.close();
    await runtime.shutdown();
  });
}

main().catch(exitOnStartupError);
