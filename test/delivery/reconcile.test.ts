import { afterAll, beforeAll, expect, it } from 'vitest';
import { materializeDueLessons } from '../../src/delivery/materialize.js';
import { enqueuePendingBatches } from '../../src/delivery/enqueue.js';
import { sendJobId } from '../../src/queue/queues.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';

// The reconciler against real Postgres and Redis, no workers running: it adds a send job for
// every pending batch that has none in Redis, and leaves alone the ones whose job still waits.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

it('re-adds only the batches whose job is missing from Redis', async () => {
  await seedDueEnrollments(h.db.sql, 250, { tag: 'reader', courseSlug: h.ctx.catalog.main.slug, dueAt: new Date('2026-03-02T11:00:00Z') });
  const { batchIds } = await materializeDueLessons(h.ctx, h.ctx.clock.now());
  expect(batchIds).toHaveLength(3);
  const later = (seconds: number) => new Date(h.ctx.clock.now().getTime() + seconds * 1_000);

  // Just materialised: nothing is in Redis yet, so all three get a job.
  expect(await enqueuePendingBatches(h.ctx, later(1))).toBe(3);
  expect(await h.ctx.queues.send.getWaitingCount()).toBe(3);
  // Their jobs are waiting: a later tick adds nothing and leaves their rows as they are.
  const before = await h.db.sql`select id, enqueued_at from send_batches order by id`;
  expect(await enqueuePendingBatches(h.ctx, later(2))).toBe(0);
  expect(await h.db.sql`select id, enqueued_at from send_batches order by id`).toEqual(before);

  // One job vanishes (as after a flush, or a removal by hand): only that batch comes back.
  await h.ctx.queues.send.remove(sendJobId(batchIds[1]!, 0));
  expect(await enqueuePendingBatches(h.ctx, later(3))).toBe(1);
  const jobs = await h.ctx.queues.send.getWaiting();
  expect(jobs.map((job) => job.data.batchId).sort()).toEqual([...batchIds].sort());
});
