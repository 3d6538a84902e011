import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../support/course.js';
import type { TestDatabase } from '../support/db.js';
import type { FakeResend } from '../support/fake-resend.js';
import { waitFor } from '../support/wait-for.js';
import { seedDueEnrollments } from '../support/seed.js';
import { spawnWorker, startedLine } from '../support/worker-process.js';
import { startWorkerSetup, type WorkerSetup } from '../support/worker-setup.js';
import { countFullyDelivered, expectDeliveredExactlyOnce } from '../support/exactly-once.js';

const N = 300; // three batches of 100
const PROVIDER_DELAY_MS = 1_500;

describe('SIGTERM to a worker process while a provider call is in flight', () => {
  let setup: WorkerSetup;
  let db: TestDatabase;
  let fake: FakeResend;

  beforeAll(async () => {
    setup = await startWorkerSetup('term');
    ({ db, fake } = setup);
  });
  afterAll(async () => setup?.close());

  it('finishes and records that call, starts nothing new, exits 0; the next worker sends the rest', async () => {
    const course = await loadCourse();
    const addresses = await seedDueEnrollments(db.sql, N, { tag: 'term', courseSlug: course.slug });
    fake.behave(Array.from({ length: 10 }, () => ({ delayMs: PROVIDER_DELAY_MS })));
    const env = setup.env({ extra: { WORKER_CONCURRENCY: '1', SEND_LEASE: '10s' } });

    const worker = spawnWorker('W', env);
    await worker.waitForLog(startedLine);
    const call = await waitFor('a provider call in flight', () => fake.requests().find((r) => r.status === 0), 20_000);
    const terminatedAt = Date.now();
    worker.terminate();
    const exit = await worker.exited;

    expect(exit.code).toBe(0);
    expect(worker.logs.some((l) => l.msg === 'worker shutting down: finishing jobs in flight')).toBe(true);
    // It waited for the provider's answer before exiting, and that answer was a success.
    expect(call.status).toBe(200);
    expect(exit.at).toBeGreaterThanOrEqual(call.receivedAt + PROVIDER_DELAY_MS);
    // Nothing was started after the signal: the one call in flight is the only one there is.
    expect(fake.requests()).toHaveLength(1);
    expect(fake.requests().every((r) => r.receivedAt <= terminatedAt)).toBe(true);

    const batchId = Number(call.idempotencyKey!.replace('batch-', ''));
    const batches = await db.sql<{ id: string; status: string; attempts: number; lease_until: Date | null }[]>`
      select id, status, attempts, lease_until from send_batches order by id`;
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      if (Number(batch.id) === batchId) expect(batch).toMatchObject({ status: 'sent', attempts: 1, lease_until: null });
      else expect(batch).toMatchObject({ status: 'pending', attempts: 0, lease_until: null });
    }
    const [recorded] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from deliveries where batch_id = ${batchId} and status = 'sent' and provider_message_id is not null`;
    expect(recorded!.n).toBe(100);

    // The rest was left in a state the next worker simply continues from.
    spawnWorker('W2', env);
    await waitFor('the other batches', () => countFullyDelivered(db.sql, addresses).then((n) => n === N), 30_000);
    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    expect(fake.requests().filter((r) => r.idempotencyKey === call.idempotencyKey)).toHaveLength(1);
    console.info(
      `[graceful-shutdown] SIGTERM ${terminatedAt - call.receivedAt} ms into a ${PROVIDER_DELAY_MS} ms call; ` +
        `exit 0 after ${exit.at - terminatedAt} ms, ${exit.at - (call.receivedAt + PROVIDER_DELAY_MS)} ms after the answer`,
    );
  }, 60_000);
});
