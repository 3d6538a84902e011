import type { Redis } from 'ioredis';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { appProcessEnv } from '../support/worker-env.js';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';
import { cleanUpOnInterrupt } from './interrupt.js';

/** One scenario's world: a fresh database, a private Redis, a fake provider, the queues. */
export interface Stage {
  db: TestDatabase;
  redis: PrivateRedis;
  fake: FakeProvider;
  queuePrefix: string;
  /** The bench's own handle on the queues, to kick the dispatcher and see workers register. */
  queues: Queues;
  connection: Redis;
  close(): Promise<void>;
}

/**
 * Scenarios never share state: a leftover job or row from the previous one would show up as
 * a duplicate, a lost email or Redis memory that is not this scenario's.
 */
export async function openStage(
  name: string,
  fake: { placement: 'process' | 'inline'; rateLimitPerSecond?: number; nodeFlags?: string[]; latencyMs?: number },
  /** false: the worker's own start-up migrates the database, with its own code's migrations. */
  migrate = true,
): Promise<Stage> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => {});
  };
  try {
    const db = await createTestDatabase({ migrate });
    // Ctrl-C must not leave a 100,000-row database behind on the shared server.
    const forget = cleanUpOnInterrupt(() => db.drop());
    closers.push(async () => {
      forget();
      await db.drop();
    });
    const redis = await startPrivateRedis();
    closers.push(() => redis.stop());
    const { rateLimitPerSecond, nodeFlags, latencyMs } = fake;
    // Lean bodies: the fake's html/text decoding and GC would otherwise take CPU from the system under test.
    const provider = await startFakeProvider(fake.placement, { rateLimitPerSecond, nodeFlags, leanBodies: true, latencyMs });
    closers.push(() => provider.close());
    const connection = connectRedis(redis.url);
    closers.push(async () => void connection.disconnect());
    const queuePrefix = `bench-${name}`;
    const queues = createQueues(connection, queuePrefix);
    closers.push(() => queues.close());
    return { db, redis, fake: provider, queuePrefix, queues, connection, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The app's settings for a process of the stage's: its database, Redis, fake and queue prefix. */
export function stageEnv(stage: Stage, settings: Record<string, string> = {}): Record<string, string> {
  return appProcessEnv({
    DATABASE_URL: stage.db.url,
    REDIS_URL: stage.redis.url,
    RESEND_BASE_URL: stage.fake.url,
    QUEUE_PREFIX: stage.queuePrefix,
    // Warnings and worse only: a child's output is echoed into the bench's progress on stderr.
    LOG_LEVEL: 'warn',
    ...settings,
  });
}
