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

const N = 2_000;

describe('two worker processes started at the same moment on the same due set', () => {
  let setup: WorkerSetup;
  let db: TestDatabase;
  let fake: FakeResend;
  let taps: ProviderTap[] = [];

  beforeAll(async () => {
    setup = await startWorkerSetup('race');
    ({ db, fake } = setup);
    taps = [await startProviderTap(fake.url), await startProviderTap(fake.url)];
  });
  afterAll(async () => {
    for (const tap of taps) await tap.close();
    await setup?.close();
  });

  it('sends every lesson exactly once, each batch in one provider call, between them', async () => {
    const course = await loadCourse();
    const addresses = await seedDueEnrollments(db.sql, N, { tag: 'race', courseSlug: course.slug });
    // A little provider latency, so that both processes have calls open at the same time.
    fake.behave(Array.from({ length: 40 }, () => ({ delayMs: 50 })));

    const workers = taps.map((tap, i) =>
      spawnWorker(
        `W${i + 1}`,
        setup.env({ providerUrl: tap.url }),
      ),
    );
    await Promise.all(workers.map((w) => w.waitForLog(startedLine)));
    const started = Date.now();
    await waitFor('every recipient delivered', () => countFullyDelivered(db.sql, addresses).then((n) => n === N), 40_000);
    const finished = Date.now();

    await expectDeliveredExactlyOnce(fake, db.sql, addresses);
    const batches = await db.sql<{ id: string; attempts: number }[]>`select id, attempts from send_batches order by id`;
    expect(batches).toHaveLength(N / 100);
    // The leases kept the two from ever calling the provider for the same batch.
    expect(fake.requests()).toHaveLength(batches.length);
    expect(batches.every((b) => b.attempts === 1)).toBe(true);
    expect(fake.requests().every((r) => r.status === 200)).toBe(true);

    const split = taps.map((tap) => tap.requests.filter((r) => r.status === 200).length);
    expect(split[0]! + split[1]!).toBe(batches.length);
    const dispatched = workers.map((w) =>
      w.logs.filter((l) => l.msg === 'dispatched due lessons').reduce((sum, l) => sum + Number(l.batchesCreated), 0),
    );
    expect(dispatched[0]! + dispatched[1]!).toBe(batches.length);
    console.info(
      `[racing-workers] ${N} recipients in ${batches.length} batches, all sent ${finished - started} ms after both were ready; ` +
        `provider calls W1/W2 = ${split.join('/')}; batches materialised W1/W2 = ${dispatched.join('/')}`,
    );
  }, 60_000);
});
