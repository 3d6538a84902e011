import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../src/broadcasts/create.js';
import { getBroadcast, type BroadcastSummary } from '../../src/broadcasts/query.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { FIXTURE_NEWSLETTER } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

const RECIPIENTS = 10_000;
const RATE = 10;

describe('lessons do not wait behind a newsletter', () => {
  let h: Harness;
  beforeAll(async () => {
    // 10 provider requests a second: the newsletter's 100 batches take ten seconds.
    h = await createHarness({ now: '2026-12-01T13:00:00Z', env: { RESEND_RATE_LIMIT: String(RATE) }, fakeRateLimit: RATE });
    await h.db.sql`
      insert into subscribers (email, first_name, timezone, status, newsletter)
      select 'letter-' || g || '@example.com', 'Mom ' || g, 'UTC', 'active', true from generate_series(1, ${RECIPIENTS}::int) g`;
    await h.startWorkers();
  });
  afterAll(async () => h?.close());

  it('a lesson that falls due while 10,000 newsletter emails are queued goes out within a couple of seconds', { timeout: 60_000 }, async () => {
    const created = (await createBroadcast(h.ctx, { file: FIXTURE_NEWSLETTER, audience: 'all' })) as BroadcastSummary;
    await waitFor('the newsletter to be under way', () => h.fake.emails().length >= 1_000);

    const [lessonTo] = await seedDueEnrollments(h.db.sql, 1, { tag: 'lesson', courseSlug: MAIN_COURSE_SLUG, dueAt: h.clock.now() });
    const dueAt = Date.now();
    await kickDispatcher(h.ctx.queues);
    const lesson = await waitFor('the lesson', () => h.fake.emails().find((e) => e.to === lessonTo), 10_000, { everyMs: 20 });
    const waited = lesson.receivedAt - dueAt;
    const progress = (await getBroadcast(h.ctx, created.id))!;
    // Most of the newsletter is still waiting, and the lesson did not wait for it.
    expect(progress.counts.pending).toBeGreaterThan(RECIPIENTS / 2);
    expect(waited).toBeLessThan(2_000);

    await waitFor('the rest of the newsletter', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent', 40_000);
    // A 429 now and then on a loaded machine is retried by the engine, not lost: all sent, once.
    expect(h.fake.stats().duplicates).toBe(0);
    expect((await getBroadcast(h.ctx, created.id))!.counts).toEqual({ sent: RECIPIENTS, pending: 0, failed: 0, cancelled: 0 });
  });
});
