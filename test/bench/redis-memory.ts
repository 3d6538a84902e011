import { MAIN_COURSE_SLUG } from '../support/course.js';
import { seedDueEnrollments } from '../support/seed.js';
import { sleep } from '../support/wait-for.js';
import { startEngineWorkers, type WorkerSetup } from './engine-workers.js';
import { log } from './progress.js';
import { openStage } from './stage.js';

export interface RedisMemoryResult {
  waiting: number;
  /** used_memory of the private Redis before any worker connected. */
  baselineMb: number;
  /** used_memory after the workers ran their ticks over the waiting subscribers. */
  usedMemoryMb: number;
  emailsSent: number;
  workerPeakRssMb: number;
}

const MB = 1024 * 1024;

/**
 * `waiting` subscribers have had lesson 1 and wait for lesson 2 tomorrow. The workers run for
 * `runMs` (several reconcile ticks at 1 s): Redis should hold the queues' bookkeeping and
 * nothing per subscriber, since waiting state lives in Postgres.
 */
export async function measureRedisMemory(options: {
  waiting: number;
  worker: WorkerSetup;
  fakePlacement: 'process' | 'inline';
  runMs?: number;
}): Promise<RedisMemoryResult> {
  const stage = await openStage('memory', { placement: options.fakePlacement });
  try {
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    await seedDueEnrollments(stage.db.sql, options.waiting, { tag: 'reader', courseSlug: MAIN_COURSE_SLUG, mixed: true, position: 1, dueAt: tomorrow });
    const baseline = await stage.redis.usedMemoryBytes();
    const workers = await startEngineWorkers(stage, options.worker, 10);
    try {
      log(`memory: ${options.waiting} subscribers wait for tomorrow; letting the workers tick for ${(options.runMs ?? 5_000) / 1000}s`);
      await sleep(options.runMs ?? 5_000);
      const used = await stage.redis.usedMemoryBytes();
      const { accepted } = await stage.fake.stats();
      return {
        waiting: options.waiting,
        baselineMb: baseline / MB,
        usedMemoryMb: used / MB,
        emailsSent: accepted,
        workerPeakRssMb: await workers.stop(),
      };
    } finally {
      await workers.stop();
    }
  } finally {
    await stage.close();
  }
}
