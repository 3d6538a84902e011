import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/courses/catalog.js';
import type { LessonComponent } from '../../src/courses/lesson-file.js';
import { materializeDueLessons } from '../../src/delivery/materialize.js';
import { sendBatch } from '../../src/delivery/send-batch.js';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { startWorkers } from '../../workers/start.js';
import { createHarness, type Harness } from '../support/harness.js';
import { sampleEmail } from '../support/sample-email.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

interface BatchRow {
  status: string;
  attempts: number;
  last_error: string | null;
}

const options = { leaseMs: 5_000, maxAttempts: 3 };

/**
 * sendBatch called directly, one attempt at a time, with the harness's manual clock stepped
 * past each backoff: every scripted answer of the fake meets the attempt the test means.
 */
describe('sendBatch when the provider keeps failing or conflicts', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  /** `count` readers tagged `tag` with lesson 1 due, materialised into one batch. */
  const oneBatch = async (tag: string, count: number) => {
    const addresses = await seedDueEnrollments(h.db.sql, count, { tag, courseSlug: h.ctx.catalog.main.slug, dueAt: new Date(h.clock.now().getTime() - 1_000) });
    const { batchIds } = await materializeDueLessons(h.ctx, h.clock.now());
    expect(batchIds).toHaveLength(1);
    return { batchId: batchIds[0]!, addresses };
  };
  const batch = async (id: number) => (await h.db.sql<BatchRow[]>`select status, attempts, last_error from send_batches where id = ${id}`)[0]!;
  const deliveries = (id: number) =>
    h.db.sql<{ email: string; status: string; error: string | null }[]>`
      select s.email, d.status, d.error from deliveries d join subscribers s on s.id = d.subscriber_id where d.batch_id = ${id} order by s.email`;

  it('a batch that fails transiently on every attempt ends failed after the last one, and is not tried again', async () => {
    const { batchId } = await oneBatch('giveup', 2);
    h.fake.behave([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);

    const outcomes = [];
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const outcome = await sendBatch(h.ctx, batchId, options);
      outcomes.push(outcome.status);
      if (outcome.status === 'retry') h.clock.advance(outcome.retryInMs);
    }
    expect(outcomes).toEqual(['retry', 'retry', 'failed']);
    expect(await batch(batchId)).toMatchObject({ status: 'failed', attempts: 3, last_error: expect.stringMatching(/^gave up after 3 attempts: /) });
    expect((await deliveries(batchId)).map((d) => d.status)).toEqual(['failed', 'failed']);

    h.clock.advance(60_000);
    expect(await sendBatch(h.ctx, batchId, options)).toEqual({ status: 'skipped', reason: 'not_pending' });
    expect(h.fake.requests().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(h.fake.stats().accepted).toBe(0);
  });

  it('409 on a retry: the earlier attempt reached the provider, so the batch is sent, once', async () => {
    const { batchId, addresses } = await oneBatch('conflict', 3);
    // The first call is stored by the provider after the mailer has given up on it.
    const impatient = { ...h.ctx, mailer: createResendMailer({ apiKey: 're_test', baseUrl: h.fake.url, timeoutMs: 300 }) };
    h.fake.behave([{ delayMs: 1_000 }]);
    const first = await sendBatch(impatient, batchId, options);
    expect(first.status).toBe('retry');
    await waitFor('the provider to store the first attempt', () => h.fake.emails().length === 3, 10_000);

    // She unsubscribed in between: the retry's body differs, so the provider answers 409.
    await h.db.sql`update subscribers set status = 'unsubscribed' where email = ${addresses[0]!}`;
    h.clock.advance(first.status === 'retry' ? first.retryInMs : 0);
    const second = await sendBatch(impatient, batchId, options);

    expect(second).toEqual({ status: 'sent', count: 2, rejected: 0 });
    expect(h.fake.requests().map((r) => r.status)).toEqual([200, 409]);
    expect(await batch(batchId)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect((await deliveries(batchId)).map((d) => d.status)).toEqual(['cancelled', 'sent', 'sent']);
    expect(h.fake.stats()).toMatchObject({ accepted: 3, duplicates: 0 });
  });

  it('409 on a first attempt: someone else holds our key, so the batch fails and sends nothing', async () => {
    const { batchId } = await oneBatch('foreign', 2);
    // Another sender (a second deployment on the same Resend team) already used the key.
    expect(await h.ctx.mailer.send([sampleEmail(1)], `batch-${batchId}`)).toMatchObject({ ok: true });

    expect(await sendBatch(h.ctx, batchId, options)).toMatchObject({ status: 'failed' });
    expect(await batch(batchId)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/different request payload/) });
    expect(h.fake.stats().accepted).toBe(1);
  });
});

/**
 * A lesson whose template throws, through the real BullMQ workers: its batch is recorded as
 * failed with the error, nothing is sent for it, and the workers go on sending other lessons.
 */
describe('a template that fails to render', () => {
  let h: Harness;
  let broken: Catalog;

  beforeAll(async () => {
    h = await createHarness();
    const throwing = (() => {
      throw new Error('the lesson template is broken');
    }) as unknown as LessonComponent;
    const main = h.ctx.catalog.main;
    const brokenMain = { ...main, lessons: main.lessons.map((lesson, i) => (i === 0 ? { ...lesson, Component: throwing } : lesson)) };
    broken = { ...h.ctx.catalog, courses: [brokenMain], main: brokenMain, course: (slug) => (slug === main.slug ? brokenMain : undefined) };
  });
  afterAll(async () => h?.close());

  it('fails its own batch with the error, sends nothing for it, and the workers keep sending', async () => {
    const ctx = { ...h.ctx, catalog: broken };
    const workers = await startWorkers(ctx);
    try {
      const dueAt = new Date(h.clock.now().getTime() - 1_000);
      const brokenFor = await seedDueEnrollments(h.db.sql, 2, { tag: 'broken', courseSlug: broken.main.slug, dueAt, position: 0 });
      const rows = async (addresses: string[]) =>
        h.db.sql<{ status: string; error: string | null; batch_status: string | null; last_error: string | null }[]>`
          select d.status, d.error, b.status as batch_status, b.last_error
          from deliveries d join subscribers s on s.id = d.subscriber_id left join send_batches b on b.id = d.batch_id
          where s.email = any(${h.db.sql.array(addresses)}::text[])`;
      const settled = (addresses: string[]) =>
        waitFor(`deliveries for ${addresses[0]} settled`, async () => {
          const found = await rows(addresses);
          return found.length === addresses.length && found.every((r) => r.status !== 'pending') && found;
        }, 20_000);

      const failed = await settled(brokenFor);
      expect(failed.map((r) => [r.status, r.batch_status])).toEqual([['failed', 'failed'], ['failed', 'failed']]);
      expect(failed[0]!.last_error).toMatch(/could not render .*the lesson template is broken/);

      // The same workers, after the failure: the next lesson goes out as usual.
      const fineFor = await seedDueEnrollments(h.db.sql, 2, { tag: 'fine', courseSlug: broken.main.slug, dueAt, position: 1 });
      expect((await settled(fineFor)).map((r) => r.status)).toEqual(['sent', 'sent']);
      const recipients = h.fake.emails().map((e) => String(e.to));
      expect(recipients.sort()).toEqual([...fineFor].sort());
    } finally {
      await workers.close();
    }
  });
});
