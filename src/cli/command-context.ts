import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { readContent } from '../courses/stored-content.js';
import { systemClock } from '../clock.js';
import { silentLogger } from '../logger.js';
import { createQueues, type Queues } from '../queue/queues.js';
import { openDatabaseForCommand } from './open-database.js';

export interface CommandContext {
  ctx: AppContext;
  /** Whether workers can be expected to send what this command records (see `waitsForWorkers`). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The same AppContext the app's use cases get, for a command that opens the database itself
 * (DATABASE_URL, or the built-in one while the app is stopped). With REDIS_URL it can wake the
 * dispatcher at once; without, the workers' next tick (RECONCILE_INTERVAL, 5 s) finds the work
 * in Postgres, which is where it lives either way.
 */
export async function openCommandContext(config: Config): Promise<CommandContext> {
  const database = await openDatabaseForCommand(config);
  // The same content the running app serves: Postgres's (a command does not take files in; the
  // app does, at its start and, in development, as they are saved).
  const content = await readContent(database.sql, { mainCourse: config.mainCourse }, systemClock.now()).catch(async (error) => {
    await database.close();
    throw error;
  });
  let redis: Redis | null = null;
  let queues: Queues;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
    redis.on('error', () => {});
    queues = createQueues(redis, config.queuePrefix);
    // Redis being away costs this command nothing but the kick: no stack traces for her.
    queues.dispatch.on('error', () => {});
    queues.send.on('error', () => {});
  } else {
    queues = noQueues();
  }
  const ctx: AppContext = {
    config,
    db: database.db,
    sql: database.sql,
    clock: systemClock,
    queues,
    redis: redis as Redis,
    logger: silentLogger,
    catalog: content.catalog,
    schedule: content.schedule,
    content,
  };
  return {
    ctx,
    embedded: !config.databaseUrl,
    async close() {
      await queues.close().catch(() => {});
      redis?.disconnect();
      await database.close();
    },
  };
}

/** Queues for a process with no Redis: adding a job says so, and the caller moves on. */
function noQueues(): Queues {
  const absent = {
    add: async () => {
      throw new Error('no REDIS_URL in this command; the workers will find the work at their next tick');
    },
  };
  return { dispatch: absent, send: absent, kick: absent.add, close: async () => {} } as unknown as Queues;
}
