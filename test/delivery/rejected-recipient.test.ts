import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { materializeDueLessons } from '../../src/delivery/materialize.js';
import { sendBatch } from '../../src/delivery/send-batch.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

const options = { leaseMs: 5_000, maxAttempts: 3 };
const INVALID_TO = 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

interface DeliveryRow {
  email: string;
  status: string;
  provider_message_id: string | null;
  error: string | null;
  sent_at: Date | null;
}

/**
 * One address of a batch that Resend will not take (here a typo the provider's validation
 * refuses: no top-level domain) fails that email alone. The batch goes out in permissive mode;
 * the other 99 are sent, and the rejected one is recorded as failed with the provider's message.
 */
describe('a batch with an address the provider rejects', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  /** `count` readers tagged `tag` with lesson 1 due, those at `typos` with a broken address. */
  const seed = async (tag: string, count: number, typos: number[]) => {
    const addresses = await seedDueEnrollments(h.db.sql, count, { tag, courseSlug: h.ctx.catalog.main.slug, dueAt: new Date(h.clock.now().getTime() - 1_000) });
    for (const i of typos) {
      await h.db.sql`update subscribers set email = ${addresses[i]!.replace(/\.com$/, '')} where email = ${addresses[i]!}`;
      addresses[i] = addresses[i]!.replace(/\.com$/, '');
    }
    return addresses;
  };
  /** The same, materialised into one batch for sendBatch to be called on directly. */
  const oneBatch = async (tag: string, count: number, typos: number[]) => {
    const addresses = await seed(tag, count, typos);
    const { batchIds } = await materializeDueLessons(h.ctx, h.clock.now());
    expect(batchIds).toHaveLength(1);
    return { batchId: batchIds[0]!, addresses };
  };
  const batch = async (id: number) =>
    (await h.db.sql<{ status: string; attempts: number; last_error: string | null }[]>`
      select status, attempts, last_error from send_batches where id = ${id}`)[0]!;
  const deliveries = (id: number) =>
    h.db.sql<DeliveryRow[]>`
      select s.email, d.status, d.provider_message_id, d.error, d.sent_at
      from deliveries d join subscribers s on s.id = d.subscriber_id where d.batch_id = ${id} order by d.id`;

  /** 99 sent, each with the id the provider gave her email; the broken one failed with its message. */
  const expectOneRejected = async (batchId: number, addresses: string[], broken: string) => {
    const stored = h.fake.emails();
    expect(stored).toHaveLength(99);
    expect(stored.map((e) => e.to)).not.toContain(broken);
    const idOf = new Map(stored.map((e) => [e.to, e.id]));
    const rows = await deliveries(batchId);
    expect(rows).toHaveLength(100);
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(99);
    expect(sent.filter((r) => r.provider_message_id === null || idOf.get(r.email) !== r.provider_message_id || r.error !== null)).toEqual([]);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([
      { email: broken, status: 'failed', provider_message_id: null, error: INVALID_TO, sent_at: null },
    ]);
    expect(new Set(rows.map((r) => r.email))).toEqual(new Set(addresses));
    expect(await batch(batchId)).toMatchObject({ status: 'sent', last_error: null });
    expect(h.fake.stats()).toMatchObject({ accepted: 99, rejected: 1, duplicates: 0 });
  };

  it('sends the other 99 in one provider call and fails only the rejected one, with the provider message', async () => {
    const { batchId, addresses } = await oneBatch('one-typo', 100, [37]);

    expect(await sendBatch(h.ctx, batchId, options)).toEqual({ status: 'sent', count: 99, rejected: 1 });
    await expectOneRejected(batchId, addresses, addresses[37]!);
    expect(h.fake.requests()).toMatchObject([{ path: '/emails/batch', status: 200, emailCount: 99 }]);
    expect(await batch(batchId)).toMatchObject({ attempts: 1 });

    // Settled: nothing asks the provider again, not even for the rejected one.
    h.clock.advance(60_000);
    expect(await sendBatch(h.ctx, batchId, options)).toEqual({ status: 'skipped', reason: 'not_pending' });
    expect(h.fake.requests()).toHaveLength(1);
  });

  it('a worker that dies once the provider has the batch: the retry replays the same answer and changes nothing', async () => {
    const { batchId, addresses } = await oneBatch('dies', 100, [0]);
    // The call reaches the provider, and nothing after it ever runs, as when the process is
    // killed while waiting for the answer: no outcome, no row written, the lease left to lapse.
    const dying: Mailer = {
      ...h.ctx.mailer,
      send: (emails, key) => {
        void h.ctx.mailer.send(emails, key);
        return new Promise(() => {});
      },
    };
    void sendBatch({ ...h.ctx, mailer: dying }, batchId, options);
    await waitFor('the provider to answer the first attempt', () => h.fake.requests()[0]?.status === 200, 10_000);
    expect(await batch(batchId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await deliveries(batchId)).every((r) => r.status === 'pending')).toBe(true);

    h.clock.advance(options.leaseMs + 1_000);
    expect(await sendBatch(h.ctx, batchId, options)).toEqual({ status: 'sent', count: 99, rejected: 1 });

    // Two calls under one key; the second stored and rejected nothing new.
    expect(h.fake.requests().map((r) => [r.idempotencyKey, r.status, r.emailCount])).toEqual([
      [`batch-${batchId}`, 200, 99],
      [`batch-${batchId}`, 200, 0],
    ]);
    await expectOneRejected(batchId, addresses, addresses[0]!);
    expect(await batch(batchId)).toMatchObject({ attempts: 2 });
  });

  it('every address rejected: each delivery fails with its message and the batch fails, after one provider call', async () => {
    const { batchId } = await oneBatch('all-typos', 3, [0, 1, 2]);

    const outcome = await sendBatch(h.ctx, batchId, options);
    expect(outcome).toEqual({ status: 'failed', message: `the provider rejected all 3 emails; the first: ${INVALID_TO}` });
    expect((await deliveries(batchId)).map((r) => [r.status, r.error, r.provider_message_id])).toEqual(Array(3).fill(['failed', INVALID_TO, null]));
    expect(await batch(batchId)).toEqual({ status: 'failed', attempts: 1, last_error: outcome.status === 'failed' ? outcome.message : null });

    h.clock.advance(60_000);
    expect(await sendBatch(h.ctx, batchId, options)).toEqual({ status: 'skipped', reason: 'not_pending' });
    expect(h.fake.requests()).toHaveLength(1);
    expect(h.fake.stats()).toMatchObject({ accepted: 0, rejected: 3 });
  });

  it('through the real workers: the 99 go out in one call and the rejected one fails', async () => {
    // The dispatcher materialises and enqueues the batch itself.
    const addresses = await seed('workers', 100, [99]);
    await h.startWorkers();
    try {
      const rows = await waitFor('the batch to be settled', async () => {
        const found = await h.db.sql<DeliveryRow[]>`
          select s.email, d.status, d.provider_message_id, d.error, d.sent_at
          from deliveries d join subscribers s on s.id = d.subscriber_id where s.email like 'workers-%'`;
        return found.length === 100 && found.every((r) => r.status !== 'pending') && found;
      }, 20_000);
      expect(rows.filter((r) => r.status === 'failed')).toEqual([
        { email: addresses[99], status: 'failed', provider_message_id: null, error: INVALID_TO, sent_at: null },
      ]);
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(99);
      expect(h.fake.stats()).toMatchObject({ requests: 1, accepted: 99, rejected: 1, duplicates: 0 });
    } finally {
      await h.stopWorkers();
    }
  });
});
