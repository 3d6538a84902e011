import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import type { Config } from './config.js';
import type { Catalog } from './courses/catalog.js';
import type { LessonSchedule } from './courses/sync-lessons.js';
import type { Database } from './db/client.js';
import type { Clock } from './clock.js';
import type { Cadence } from './courses/schedule.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import type { ProcessMetrics } from './metrics/process-metrics.js';
import type { Queues } from './queue/queues.js';

/**
 * Everything a use case may touch, passed in rather than imported, so a test builds one
 * with a test database, a manual clock and a fake provider and runs the real code.
 */
export interface AppContext {
  config: Config;
  db: Database;
  /** The raw postgres.js client, for the set-based statements on the hot path. */
  sql: postgres.Sql;
  clock: Clock;
  queues: Queues;
  /** The connection the queues share; also what health checks ping. */
  redis: Redis;
  logger: Logger;
  /** Every course and the author, as Postgres holds them (refreshed when they change). */
  catalog: Catalog;
  /** Each course's lessons in sending order with their stored numbers (kept in step by each change). */
  schedule: LessonSchedule;
  /**
   * The revision of her content (courses/stored-content.ts) the catalog and schedule are at, and
   * each document's version. Absent only where content comes straight from files (a check).
   */
  content?: { revision: number; versions: ReadonlyMap<string, number> };
  /**
   * This process's own counters and timings (src/metrics/), served on /metrics. A server process
   * always has them (bootstrap.ts); a command or a test that serves none leaves them out.
   */
  metrics?: ProcessMetrics;
}

export interface WorkerContext extends AppContext {
  mailer: Mailer;
}

export function cadenceOf(config: Config): Cadence {
  return config.courseIntervalMs !== null
    ? { kind: 'interval', ms: config.courseIntervalMs }
    : { kind: 'daily', sendHour: config.sendHour };
}
