import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDue } from '../../src/delivery/dispatch.js';
import { unsubscribeUrl } from '../../src/delivery/compose.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { seedDueEnrollments } from '../support/seed.js';

interface DeliveryRow {
  email: string;
  status: string;
  error: string | null;
  batch_id: string;
}

/**
 * The batch is written and its job is waiting in Redis before she acts; only then do the
 * workers run. Redis still holds the job, so nothing but Postgres can stop her email.
 */
describe('a recipient who leaves between queueing and sending', () => {
  let h: Harness;
  const deliveriesOf = (tag: string) => h.db.sql<DeliveryRow[]>`
    select s.email, d.status, d.error, d.batch_id from deliveries d join subscribers s on s.id = d.subscriber_id
    where s.email like ${`${tag}-%`} order by s.id`;
  const recipients = (tag: string) => h.fake.emails().map((e) => String(e.to)).filter((to) => to.startsWith(`${tag}-`));

  /** Seeds five due readers and materialises them into one batch whose job waits in Redis. */
  async function queueOneBatch(tag: string) {
    const addresses = await seedDueEnrollments(h.db.sql, 5, { tag, courseSlug: h.ctx.catalog.main.slug, dueAt: h.clock.now() });
    expect(await dispatchDue(h.ctx)).toMatchObject({ batchesCreated: 1 });
    const [batch] = await h.db.sql<{ id: string }[]>`
      select distinct batch_id as id from deliveries d join subscribers s on s.id = d.subscriber_id where s.email like ${`${tag}-%`}`;
    expect((await h.ctx.queues.send.getWaiting()).map((job) => job.data.batchId)).toContain(Number(batch!.id));
    const [her] = await h.db.sql<{ id: string; email: string }[]>`select id, email from subscribers where email = ${addresses[2]!}`;
    return { addresses, batchId: batch!.id, her: { id: Number(her!.id), email: her!.email } };
  }

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('one-click unsubscribe: nothing reaches the provider for her, the others in her batch are sent', async () => {
    const { addresses, batchId, her } = await queueOneBatch('leaver');

    // RFC 8058: what her mailbox provider POSTs to the List-Unsubscribe URL.
    const url = new URL(unsubscribeUrl(h.ctx.config, her.id));
    const response = await h.app.request(`${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);

    await h.startWorkers();
    await waitFor('her batch to be sent', async () => {
      const [batch] = await h.db.sql<{ status: string }[]>`select status from send_batches where id = ${batchId}`;
      return batch!.status === 'sent';
    });
    await h.stopWorkers();

    expect(recipients('leaver').sort()).toEqual(addresses.filter((a) => a !== her.email).sort());
    expect(h.fake.stats().duplicates).toBe(0);
    const rows = await deliveriesOf('leaver');
    expect(rows.find((r) => r.email === her.email)).toMatchObject({ status: 'cancelled', error: 'unsubscribed' });
    expect(rows.filter((r) => r.email !== her.email).map((r) => r.status)).toEqual(Array(4).fill('sent'));
    const [subscriber] = await h.db.sql`select status from subscribers where id = ${her.id}`;
    expect(subscriber).toMatchObject({ status: 'unsubscribed' });
  });

  it('a status change that leaves her delivery pending is still caught right before the provider call', async () => {
    const { addresses, batchId, her } = await queueOneBatch('bounced');
    // Only the subscriber row changes (as a bounce webhook would): the re-check at send time is all that stops her email.
    await h.db.sql`update subscribers set status = 'bounced' where id = ${her.id}`;

    await h.startWorkers();
    await waitFor('her batch to be sent', async () => {
      const [batch] = await h.db.sql<{ status: string }[]>`select status from send_batches where id = ${batchId}`;
      return batch!.status === 'sent';
    });

    expect(recipients('bounced').sort()).toEqual(addresses.filter((a) => a !== her.email).sort());
    const rows = await deliveriesOf('bounced');
    expect(rows.find((r) => r.email === her.email)).toMatchObject({ status: 'cancelled', error: 'recipient is bounced' });
    expect(rows.filter((r) => r.email !== her.email).map((r) => r.status)).toEqual(Array(4).fill('sent'));
  });
});
