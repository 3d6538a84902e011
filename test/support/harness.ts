import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';
import type { WorkerContext } from '../../src/context.js';
import type { CatalogOptions } from '../../src/courses/catalog.js';
import { openContent } from '../../src/courses/stored-content.js';
import { manualClock } from '../../src/clock.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/logger.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { createQueues } from '../../src/queue/queues.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { startWorkers, type RunningWorkers } from '../../workers/start.js';
import { FIXTURE_CONTENT_DIR } from './course.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { afterDispatcherTicks } from './dispatch-ticks.js';
import { startFakeResend } from './fake-resend.js';
import { deleteQueueKeys } from './worker-process.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Start time of the manual clock. */
  now?: string;
  /** Use this mailer instead of Resend-through-the-fake (e.g. the dev mailbox). */
  mailer?: (db: TestDatabase) => Mailer;
  fakeRateLimit?: number;
  /** Another emails/ folder; the suite's own content (test/fixtures/content) by default, never hers. */
  catalog?: CatalogOptions;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/**
 * Everything a test needs, real: a fresh Postgres database, a Redis key prefix of its own,
 * the real app and use cases, and a fake Resend on loopback reached through the SDK.
 * Time is a manual clock; only the test moves it.
 */
export async function createHarness(options: HarnessOptions = {}) {
  const db = await createTestDatabase();
  const fake = await startFakeResend({ rateLimitPerSecond: options.fakeRateLimit, keepBodies: true });
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    APP_URL: 'https://course.example.com',
    SECRET: 'test-secret-test-secret-test-secret-1234',
    RESEND_API_KEY: 're_test',
    RESEND_BASE_URL: fake.url,
    RESEND_RATE_LIMIT: '1000',
    EMAIL_FROM: 'Dr. Test <hello@course.example.com>',
    POSTAL_ADDRESS: '1 Test Lane, Testville, TS 00000',
    RECONCILE_INTERVAL: '1s',
    SEND_LEASE: '5s',
    QUEUE_PREFIX: prefix,
    DATA_DIR: '/tmp/rmg-test-data',
    // Most tests sign many people up from one `unknown` client in a few seconds; the tests of
    // the limits themselves turn them on.
    SIGNUP_LIMIT_PER_IP: '0',
    SIGNUP_LIMIT_PER_ADDRESS: '0',
    ...options.env,
  });
  const clock = manualClock(options.now ?? '2026-03-02T12:00:00Z');
  const redis = connectRedis(TEST_REDIS_URL);
  const queues = createQueues(redis, prefix);
  const opened = await openContent(db.sql, { emailsDir: FIXTURE_CONTENT_DIR, ...options.catalog }, clock.now());
  const { catalog, schedule } = opened.content;
  const mailer = options.mailer?.(db) ?? createResendMailer({ apiKey: 're_test', baseUrl: fake.url, timeoutMs: 5_000 });
  const ctx: WorkerContext = { config, db: db.db, sql: db.sql, clock, queues, redis, logger: silentLogger, catalog, schedule, content: opened.content, mailer };
  const app = createApp(ctx);
  let workers: RunningWorkers | null = null;

  return {
    ctx,
    app,
    db,
    fake,
    clock,
    prefix,
    redis,
    /** Starts the real BullMQ workers (dispatcher, reconciler, sender) in this process. */
    async startWorkers() {
      workers ??= await startWorkers(ctx);
      return workers;
    },
    /** Resolves once the dispatcher has run `ticks` whole ticks from now, and their sends are done. */
    afterDispatcherTicks(ticks = 1) {
      return afterDispatcherTicks(TEST_REDIS_URL, prefix, ticks);
    },
    async stopWorkers() {
      await workers?.close();
      workers = null;
    },
    async close() {
      await workers?.close();
      await queues.dispatch.obliterate({ force: true }).catch(() => {});
      await queues.send.obliterate({ force: true }).catch(() => {});
      await queues.close();
      // What is left under the prefix: a coalesced kick that close() sent, the signup limits' counts.
      await deleteQueueKeys(TEST_REDIS_URL, prefix).catch(() => {});
      redis.disconnect();
      await fake.close();
      await db.drop();
    },
  };
}

/** A plain Redis client on the test server, e.g. for FLUSHALL-style tests of one prefix. */
export function rawRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}
