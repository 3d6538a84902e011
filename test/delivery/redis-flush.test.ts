import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../support/course.js';
import { createQueues, DISPATCH_SCHEDULER_ID, type Queues } from '../../src/queue/queues.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { waitFor } from '../support/wait-for.js';
import { seedDueEnrollments } from '../support/seed.js';
import { killAllWorkers, spawnWorker, startedLine } from '../support/worker-process.js';
import { workerEnv } from '../support/worker-env.js';
import { countFullyDelivered, expectDeliveredExactlyOnce } from '../support/exactly-once.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';

const N = 200; // two batches per lesson
const RECONCILE_MS = 1_000;

/**
 * FLUSHALL is the real scenario (a Redis restarted without persistence, a failover to an empty
 * replica), so it runs against a redis-server of this file's own: the shared one on 6379 carries
 * other test files' queues.
 */
describe('Redis wiped (FLUSHALL) in the middle of a course', () => {
  const prefix = `flush-${randomBytes(4).toString('hex')}`;
  let redisServer: PrivateRedis;
  let db: TestDatabase;
  let fake: FakeResend;
  let admin: Redis;
  let queues: Queues;

  beforeAll(async () => {
    redisServer = await startPrivateRedis();
    admin = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    queues = createQueues(connectRedis(redisServer.url), prefix);
    db = await createTestDatabase();
    fake = await startFakeResend();
  });
  afterAll(async () => {
    await killAllWorkers();
    await queues?.close();
    admin?.disconnect();
    await fake?.close();
    await db?.drop();
    await redisServer?.stop();
  });

  it('delivers every remaining lesson exactly once and resumes within about one reconcile period', async () => {
    const course = await loadCourse();
    const lessons = course.lessons.length;
    const addresses = await seedDueEnrollments(db.sql, N, { tag: 'flush', courseSlug: course.slug });
    // Slow calls, so that a lesson's second batch is still waiting in Redis when it is wiped.
    fake.behave(Array.from({ length: 2 * lessons }, () => ({ delayMs: 400 })));
    const worker = spawnWorker(
      'W',
      workerEnv({
        databaseUrl: db.url,
        redisUrl: redisServer.url,
        resendBaseUrl: fake.url,
        queuePrefix: prefix,
        extra: { WORKER_CONCURRENCY: '1', COURSE_INTERVAL: '2s', RECONCILE_INTERVAL: `${RECONCILE_MS}ms` },
      }),
    );
    await worker.waitForLog(startedLine);

    // Lesson 3's first batch is at the provider, its second waits in Redis: wipe everything.
    await waitFor('lesson 3 under way', () => fake.requests().length === 5 && fake.requests()[4]!.status === 0, 30_000);
    const waitingBefore = await queues.send.getWaitingCount();
    const flushedAt = Date.now();
    await admin.flushall();
    const [lesson3] = await db.sql<{ pending: number }[]>`
      select count(*)::int as pending from send_batches where status = 'pending'`;

    await waitFor('the reconciler schedule to be back', () => queues.dispatch.getJobScheduler(DISPATCH_SCHEDULER_ID), 5_000);
    await waitFor(`all ${lessons} lessons delivered`, () => countFullyDelivered(db.sql, addresses, lessons).then((n) => n === N), 45_000);

    await expectDeliveredExactlyOnce(fake, db.sql, addresses, lessons);
    const enrollments = await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from enrollments group by status`;
    expect(enrollments).toEqual([{ status: 'completed', n: N }]);
    expect(fake.requests()).toHaveLength(2 * lessons);
    expect(worker.isRunning()).toBe(true);

    // The in-flight call was accepted before the wipe; the first call after it is the batch that
    // only Postgres still knew about.
    const inFlightAnswer = fake.requests()[4]!.receivedAt + 400;
    const resumedAt = fake.requests()[5]!.receivedAt;
    expect(waitingBefore).toBeGreaterThanOrEqual(1);
    expect(lesson3!.pending).toBeGreaterThanOrEqual(1);
    console.info(
      `[redis-flush] FLUSHALL with ${lesson3!.pending} batch(es) pending (${waitingBefore} job(s) waiting in Redis); ` +
        `sending resumed ${resumedAt - flushedAt} ms after the flush (${resumedAt - inFlightAnswer} ms after the worker was free), ` +
        `reconcile period ${RECONCILE_MS} ms`,
    );
    // About one period (the watchdog puts the schedule back, its first tick re-enqueues); the
    // bound leaves room for a loaded CI machine.
    expect(resumedAt - flushedAt).toBeLessThan(5 * RECONCILE_MS);
  }, 60_000);
});
