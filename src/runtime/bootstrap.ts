import type { Config } from '../config.js';
import type { AppContext, WorkerContext } from '../context.js';
import { openContent } from '../courses/stored-content.js';
import { logContentImport } from './content-log.js';
import { connectDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { systemClock } from '../clock.js';
import { startEmbeddedPostgres } from './infra/embedded-postgres.js';
import { resolveRedis } from './infra/redis.js';
import type { Logger } from '../logger.js';
import { createDevMailboxMailer } from '../mail/dev-mailbox.js';
import type { Mailer } from '../mail/mailer.js';
import { createResendMailer } from '../mail/resend-mailer.js';
import { createProcessMetrics, type ProcessMetrics } from '../metrics/process-metrics.js';
import { createQueues } from '../queue/queues.js';
import { connectRedis } from '../queue/redis-connection.js';

export interface Runtime {
  ctx: WorkerContext;
  shutdown(): Promise<void>;
}

/**
 * Builds the shared runtime from the parsed config: the database (embedded when no
 * DATABASE_URL), migrations, Redis (local or spawned when no REDIS_URL), queues, the course
 * and the mailer. Says out loud which of the embedded defaults it chose.
 */
export async function bootstrap(config: Config, logger: Logger): Promise<Runtime> {
  const stops: Array<() => Promise<void>> = [];
  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => logger.warn({ err }, 'error during shutdown'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    let embedded = false;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, logger });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      embedded = true;
    }
    const database = connectDatabase(databaseUrl, { max: embedded ? 1 : 10 });
    stops.push(database.close);
    await migrateDatabase(database, { lock: !embedded });

    const redis = await resolveRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, logger });
    stops.push(redis.stop);
    if (redis.source !== 'configured') logger.info({ url: redis.url, source: redis.source }, 'REDIS_URL is not set: using a local Redis');
    const connection = connectRedis(redis.url);
    stops.push(async () => void connection.disconnect());
    const queues = createQueues(connection, config.queuePrefix);
    stops.push(queues.close);

    if (config.env === 'production' && !config.resendWebhookSecret) {
      logger.warn('RESEND_WEBHOOK_SECRET is not set: bounces and spam complaints are not heard, and nothing stops sending to those addresses. Point a Resend webhook at /webhooks/resend and set its signing secret (README, "Bounces and complaints").');
    }
    if (config.env !== 'test' && !config.adminPassword) {
      // Outside production this is someone who expected the README's development password.
      const why = config.notLocalBecause.length > 0 ? ` The development password works only on this machine alone, and here ${config.notLocalBecause.join(', and ')}.` : '';
      logger.warn(`ADMIN_PASSWORD is not set: the dashboard at /admin (and Bull Board in it) is off.${why} Set a password of at least 12 characters to use it.`);
    }
    if (config.tracking && !config.resendWebhookSecret) {
      logger.warn('TRACKING=on but RESEND_WEBHOOK_SECRET is not set: opens and clicks arrive only through the webhook, so none will be counted (README, "Opens and clicks").');
    }
    const opened = await openContent(database.sql, { mainCourse: config.mainCourse }, systemClock.now());
    logContentImport(logger, opened);
    const { catalog, schedule } = opened.content;
    if (catalog.author.isPlaceholder) {
      logger.warn(`Your name is still the placeholder ${catalog.author.name}: it signs every email. Fill it in on the dashboard (Course → Your details) or in emails/author.md.`);
    }
    const metrics = createProcessMetrics();
    const mailer = createMailer(config, database.db, logger, metrics);
    const ctx: WorkerContext = { config, db: database.db, sql: database.sql, clock: systemClock, queues, redis: connection, logger, catalog, schedule, content: opened.content, mailer, metrics };
    return { ctx, shutdown };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

export function createMailer(config: Config, db: AppContext['db'], logger: Logger, metrics?: ProcessMetrics): Mailer {
  if (config.resendApiKey) {
    logger.info({ baseUrl: config.resendBaseUrl ?? 'https://api.resend.com' }, 'sending through Resend');
    return createResendMailer({
      apiKey: config.resendApiKey,
      baseUrl: config.resendBaseUrl ?? undefined,
      timeoutMs: config.resendTimeoutMs,
      requestsPerSecond: config.resendRateLimit,
      onCall: metrics
        ? (result, seconds) => {
            const outcome = result.ok ? 'sent' : result.kind;
            metrics.providerCalls.inc({ outcome });
            metrics.providerCallSeconds.observe({ outcome }, seconds);
          }
        : undefined,
    });
  }
  logger.warn(
    config.devMailbox
      ? `RESEND_API_KEY is not set: no email leaves this machine. Every email goes to the dev mailbox at ${config.appUrl}/dev/mailbox`
      : `RESEND_API_KEY is not set: no email leaves this machine. Every email goes to the dev mailbox's table, whose pages (/dev/mailbox) are off because ${config.notLocalBecause.join(', and ') || 'this is production'}.`,
  );
  return createDevMailboxMailer(db);
}
