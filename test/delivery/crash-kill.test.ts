import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../support/course.js';
import type { TestDatabase } from '../support/db.js';
import type { FakeResend } from '../support/fake-resend.js';
import { waitFor } from '../support/wait-for.js';
import { seedDueEnrollments } from '../support/seed.js';
import { spawnWorker, startedLine } from '../support/worker-process.js';
import { startWorkerSetup, type WorkerSetup } from '../support/worker-setup.js';
import { countFullyDelivered, expectDeliveredExactlyOnce } from '../support/exactly-once.js';
import { startProviderTap, type ProviderTap } from '../support/provider-tap.js';

const N = 1_000;
const SEND_LEASE_MS = 3_000;

describe('a worker process killed with kill -9 in the middle of a send', () => {
  let setup: WorkerSetup;
  let db: TestDatabase;
  let fake: FakeResend;
  let tapA: ProviderTap;
  let tapB: ProviderTap;

  beforeAll(async () => {
    setup = await startWorkerSetup('crash');
    ({ db, fake } = setup);
    tapA = await startProviderTap(fake.url);
    tapB = await startProviderTap(fake.url);
  });
  afterAll(async () => {
    await tapA?.close();
    await tapB?.close();
    await setup?.close();
  });

  it('loses nothing and sends nothing twice: the retry replays under the same idempotency key', async () => {
    const course = await loadCourse();
    const addresses = await seedDueEnrollments(db.sql, N, { tag: 'crash', courseSlug: course.slug });
    // Slow provider calls, so that a kill lands while one is in flight.
    fake.behave(Array.from({ length: 20 }, () => ({ delayMs: 300 })));
    const env = (providerUrl: string) => setup.env({ providerUrl, extra: { WORKER_CONCURRENCY: '4', SEND_LEASE: `${SEND_LEASE_MS}ms` } });

    const a = spawnWorker('A', env(tapA.url));
    await a.waitForLog(startedLine);
    // Some batches answered, at least one still sleeping at the provider: kill now.
    await waitFor(
      'A to have batches answered and one in flight',
      () => {
        const requests = fake.requests();
        return requests.filter((r) => r.status === 200).length >= 2 && requests.some((r) => r.status === 0);
      },
      20_000,
    );
    const killedAt = Date.now();
    const inFlight = fake.requests().filter((r) => r.status === 0).map((r) => r.idempotencyKey!);
    const exit = await a.kill();
    expect(exit.signal).toBe('SIGKILL');

    // The provider finishes what it had: it stores those emails, which A never recorded.
    await waitFor('the in-flight calls to finish at the provider', () =>
      fake.requests().every((r) => !inFlight.includes(r.idempotencyKey!) || r.status !== 0),
    );
    const batchIdOf = (key: string) => Number(key.replace('batch-', ''));
    const unrecorded = await db.sql<{ id: string; lease_until: Date }[]>`
      select id, lease_until from send_batches
      where id = any(${db.sql.array(inFlight.map(batchIdOf))}::bigint[]) and status = 'pending'`;
    expect(unrecorded.length).toBeGreaterThan(0);
    const orphans = await db.sql<{ id: string }[]>`
      select id from send_batches where status = 'pending' and lease_until > now()`;
    const acceptedBeforeB = fake.stats().accepted;
    expect(acceptedBeforeB).toBeLessThan(N);

    const b = spawnWorker('B', env(tapB.url));
    await waitFor('every recipient delivered', () => countFullyDelivered(db.sql, addresses).then((n) => n === N), 40_000);

    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    expect(fake.stats().accepted).toBe(N);
    // Each batch the provider accepted for A but A never recorded was asked for again by B under
    // the same key and answered with a replay: a second request, no second email.
    for (const { id } of unrecorded) {
      const calls = fake.requests().filter((r) => r.idempotencyKey === `batch-${id}`);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(tapB.requests.some((r) => r.idempotencyKey === `batch-${id}` && r.status === 200)).toBe(true);
    }
    expect(b.isRunning()).toBe(true);

    const bStarted = b.logs.find(startedLine)!.seenAt;
    const firstB = Math.min(...tapB.requests.map((r) => r.sentAt));
    const orphanResent = orphans.map(({ id }) => tapB.requests.find((r) => r.idempotencyKey === `batch-${id}`)?.sentAt ?? NaN);
    console.info(
      `[crash-kill] killed A after ${tapA.requests.length} calls (${inFlight.length} in flight, ${acceptedBeforeB}/${N} stored); ` +
        `${orphans.length} batches leased by A, ${unrecorded.length} accepted but unrecorded; ` +
        `B ready ${bStarted - killedAt} ms after the kill, first B call +${firstB - killedAt} ms, ` +
        `A's leased batches re-sent +${orphanResent.map((t) => t - killedAt).join('/')} ms (lease ${SEND_LEASE_MS} ms)`,
    );
    // A's batches wait for their lease to lapse, then at most one reconcile period and B's poll.
    for (const t of orphanResent) expect(t - killedAt).toBeLessThan(bStarted - killedAt + SEND_LEASE_MS + 3_000);
  }, 60_000);
});
