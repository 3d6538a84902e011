import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse, type LoadedCourse } from '../support/course.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { afterDispatcherTicks } from '../support/dispatch-ticks.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { seedDueEnrollments } from '../support/seed.js';
import { deleteQueueKeys, killAllWorkers, spawnWorker, startedLine, type WorkerProcess } from '../support/worker-process.js';
import { workerEnv } from '../support/worker-env.js';
import { expectDeliveredExactlyOnce } from '../support/exactly-once.js';

// Long enough that an ordinary call on a busy CI machine never hits it.
const RESEND_TIMEOUT_MS = 2_000;

interface BatchRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/**
 * One worker process for the whole file, taking one job at a time, so each scripted answer of
 * the fake meets the batch the test expects. Each case seeds its own recipients and waits until
 * their batches are settled before the next case scripts anything.
 */
describe('provider faults, through a real worker process', () => {
  const prefix = `faults-${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let fake: FakeResend;
  let course: LoadedCourse;
  let worker: WorkerProcess;

  const batchesOf = (tag: string) => db.sql<BatchRow[]>`
    select distinct b.id, b.status, b.attempts, b.last_error
    from send_batches b join deliveries d on d.batch_id = b.id join subscribers s on s.id = d.subscriber_id
    where s.email like ${`${tag}-%`} order by b.id`;
  const callsFor = (batchId: string) => fake.requests().filter((r) => r.idempotencyKey === `batch-${batchId}`);
  const settled = (tag: string, count: number) =>
    waitFor(`${tag}: ${count} batches settled`, async () => {
      const batches = await batchesOf(tag);
      return batches.length === count && batches.every((b) => b.status !== 'pending') && batches;
    }, 20_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeResend();
    course = await loadCourse();
    worker = spawnWorker(
      'W',
      workerEnv({
        databaseUrl: db.url,
        redisUrl: TEST_REDIS_URL,
        resendBaseUrl: fake.url,
        queuePrefix: prefix,
        extra: { WORKER_CONCURRENCY: '1', RESEND_TIMEOUT: `${RESEND_TIMEOUT_MS}ms`, SEND_LEASE: '5s' },
      }),
    );
    await worker.waitForLog(startedLine);
  });
  afterAll(async () => {
    await killAllWorkers();
    await fake?.close();
    await db?.drop();
    await deleteQueueKeys(TEST_REDIS_URL, prefix);
  });

  it('429 with retry-after: the whole queue waits that long, and nothing counts as failed', async () => {
    fake.behave([{ status: 429, retryAfter: 2 }]);
    const addresses = await seedDueEnrollments(db.sql, 150, { tag: 'limited', courseSlug: course.slug });

    const limited = await waitFor('the 429', () => fake.requests().find((r) => r.status === 429), 10_000);
    const batches = await settled('limited', 2);
    // Waiting is not failing: Postgres never held a failed delivery or batch for it.
    const [failed] = await db.sql<{ n: number }[]>`
      select (select count(*) from deliveries where status = 'failed') + (select count(*) from send_batches where status = 'failed') as n`;
    expect(Number(failed!.n)).toBe(0);
    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    const after = fake.requests().filter((r) => r.receivedAt > limited.receivedAt);
    expect(after).toHaveLength(2);
    const resumedAfter = Math.min(...after.map((r) => r.receivedAt)) - limited.receivedAt;
    // The pause starts when the worker has the answer, a little after the fake took the request.
    expect(resumedAfter).toBeGreaterThanOrEqual(2_000);
    // Being told to wait gave the attempt back.
    expect(batches.map((b) => [b.status, b.attempts])).toEqual([['sent', 1], ['sent', 1]]);
    expect(worker.logs.some((l) => l.msg === 'provider rate limit; pausing sends' && l.retryAfterMs === 2_000)).toBe(true);
    console.info(`[provider-faults] 429 retry-after 2s: next call ${resumedAfter} ms later`);
  });

  it('500 twice, then 200: delivered once after two backoffs, three attempts recorded', async () => {
    fake.behave([{ status: 500 }, { status: 500 }]);
    const addresses = await seedDueEnrollments(db.sql, 3, { tag: 'flaky', courseSlug: course.slug });

    const [batch] = await settled('flaky', 1);
    expect(batch).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    const calls = callsFor(batch!.id);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 200]);
    // Backoff of 1 s, then 2 s, counted from each answer.
    expect(calls[1]!.receivedAt - calls[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
    expect(calls[2]!.receivedAt - calls[1]!.receivedAt).toBeGreaterThanOrEqual(2_000);
  });

  it('a call slower than the mailer timeout, then a retry: the provider kept the first, the retry replays it', async () => {
    // Processed and stored after 2.5 s: the worker gave up at 2 s and never saw the answer.
    fake.behave([{ delayMs: RESEND_TIMEOUT_MS + 500 }]);
    const addresses = await seedDueEnrollments(db.sql, 3, { tag: 'slow', courseSlug: course.slug });

    const [batch] = await settled('slow', 1);
    expect(batch!.status).toBe('sent');
    expect(batch!.attempts).toBeGreaterThanOrEqual(2);
    const calls = callsFor(batch!.id);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    // Stored once, by the call that timed out; the message ids recorded are that call's.
    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    expect(fake.emails().filter((e) => String(e.to).startsWith('slow-')).every((e) => e.receivedAt === calls[0]!.receivedAt)).toBe(true);
    expect(worker.logs.some((l) => l.msg === 'provider error; retrying later' && String(l.err).includes('did not answer'))).toBe(true);
    console.info(`[provider-faults] timeout: ${calls.length} calls, statuses as the fake answered them ${calls.map((c) => c.status).join(', ')}`);
  });

  it('422: the deliveries fail with the provider’s message and the batch is never retried', async () => {
    const message = 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
    fake.behave([{ status: 422, message }]);
    await seedDueEnrollments(db.sql, 3, { tag: 'invalid', courseSlug: course.slug });

    const [batch] = await settled('invalid', 1);
    expect(batch).toMatchObject({ status: 'failed', attempts: 1, last_error: message });
    const deliveries = await db.sql<{ status: string; error: string | null; provider_message_id: string | null }[]>`
      select d.status, d.error, d.provider_message_id from deliveries d where d.batch_id = ${batch!.id}`;
    expect(deliveries).toEqual(Array(3).fill({ status: 'failed', error: message, provider_message_id: null }));
    // Two more whole dispatcher ticks, and whatever they queued: nothing asks the provider again.
    await afterDispatcherTicks(TEST_REDIS_URL, prefix, 2);
    expect(callsFor(batch!.id).map((c) => c.status)).toEqual([422]);
    expect(fake.emails().filter((e) => String(e.to).startsWith('invalid-'))).toEqual([]);
  });
});
