import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatchDue } from '../../src/delivery/dispatch.js';
import { applyPendingEvents } from '../../src/delivery/provider-events/apply.js';
import { emailHash } from '../../src/subscribers/suppression.js';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

// Resend signs its webhooks the Svix way, which is the Standard Webhooks scheme: the library the
// SDK's own `webhooks.verify` uses signs them here.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

interface Sent {
  status: number;
  body: unknown;
}

describe('POST /webhooks/resend', () => {
  let h: Harness;
  let post: (event: object | string, options?: { id?: string; at?: Date; signature?: string | null; secret?: string }) => Promise<Sent>;

  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { RESEND_WEBHOOK_SECRET: SECRET } });
    post = async (event, options = {}) => {
      const payload = typeof event === 'string' ? event : JSON.stringify(event);
      const id = options.id ?? `msg_${randomUUID()}`;
      const at = options.at ?? new Date();
      const signature = options.signature === undefined ? new Webhook(options.secret ?? SECRET).sign(id, at, payload) : options.signature;
      const headers: Record<string, string> = { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)) };
      if (signature !== null) headers['svix-signature'] = signature;
      const response = await h.app.request('/webhooks/resend', { method: 'POST', headers, body: payload });
      return { status: response.status, body: await response.json().catch(() => null) };
    };
  });
  afterAll(async () => h?.close());

  // The web process applies each event right after answering; wait for it rather than race it.
  const allApplied = () => waitFor('every event applied', async () => (await h.db.sql`select 1 from provider_events where applied_at is null`).length === 0);
  const events = async () => (await h.db.sql<[{ n: number }]>`select count(*)::int as n from provider_events`)[0].n;

  /** Subscribers who each got lesson 1 through the real workers and the fake; their email ids. */
  async function sentLessons(tag: string, count: number): Promise<Array<{ email: string; emailId: string; subscriberId: number }>> {
    const emails = await seedDueEnrollments(h.db.sql, count, { tag, courseSlug: MAIN_COURSE_SLUG, dueAt: h.clock.now() });
    await dispatchDue(h.ctx);
    await h.startWorkers();
    const rows = await waitFor(`lesson 1 for ${tag}`, async () => {
      const found = await h.db.sql<{ email: string; provider_message_id: string | null; id: string }[]>`
        select s.email, d.provider_message_id, s.id from deliveries d join subscribers s on s.id = d.subscriber_id
        where s.email = any(${h.db.sql.array(emails)}::text[]) and d.status = 'sent'`;
      return found.length === count ? found : null;
    });
    return rows.map((r) => ({ email: r.email, emailId: r.provider_message_id!, subscriberId: Number(r.id) }));
  }

  const event = (type: string, emailId: string, extra: object = {}) => ({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, to: ['someone@example.com'], subject: 'Day 1', from: 'x@example.com', created_at: new Date().toISOString(), ...extra },
  });

  beforeEach(async () => {
    await applyPendingEvents(h.ctx);
  });

  it('refuses a forged, unsigned, stale or wrongly signed call with 401, and stores nothing', async () => {
    const good = event('email.delivered', 'em_1');
    const cases: Array<[string, Parameters<typeof post>[1]]> = [
      ['no signature', { signature: null }],
      ['a made-up signature', { signature: 'v1,bm90IGEgcmVhbCBzaWduYXR1cmU=' }],
      ['signed with another secret', { secret: `whsec_${randomBytes(24).toString('base64')}` }],
      ['six minutes old', { at: new Date(Date.now() - 6 * 60_000) }],
      ['six minutes in the future', { at: new Date(Date.now() + 6 * 60_000) }],
    ];
    for (const [what, options] of cases) {
      const answer = await post(good, options);
      expect(answer.status, what).toBe(401);
      expect(answer.body, what).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    // Signed over one body, sent with another.
    const id = 'msg_tampered';
    const at = new Date();
    const signature = signer.sign(id, at, JSON.stringify(good));
    const tampered = await post(event('email.complained', 'em_1'), { id, at, signature });
    expect(tampered.status).toBe(401);
    expect(await events()).toBe(0);
  });

  it('answers 400 to a validly signed body that is not JSON or not an event, and stores nothing', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ data: {} })).status).toBe(400);
    expect(await events()).toBe(0);
  });

  it('stores an event once by its svix id: a replay has no further effect', async () => {
    const [mom] = await sentLessons('replay', 1);
    const soft = event('email.bounced', mom!.emailId, { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'Mailbox full' } });
    const first = await post(soft, { id: 'msg_replayed' });
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    for (let i = 0; i < 3; i++) expect((await post(soft, { id: 'msg_replayed' })).body).toEqual({ received: true, duplicate: true });
    await waitFor('the event applied', async () => (await h.db.sql`select 1 from provider_events where applied_at is not null and event_id = 'msg_replayed'`).length === 1);
    const [row] = await h.db.sql<{ soft_bounces: number; status: string }[]>`select soft_bounces, status from subscribers where id = ${mom!.subscriberId}`;
    expect(row).toEqual({ soft_bounces: 1, status: 'active' });
  });

  it('tells apart two long svix ids that share their first 200 characters', async () => {
    const prefix = `msg_${'x'.repeat(220)}`;
    const unknown = { type: 'email.opened_in_a_new_way', created_at: '2026-12-01T12:00:00Z', data: { email_id: 'em_long' } };
    expect((await post(unknown, { id: `${prefix}_one` })).body).toEqual({ received: true, duplicate: false });
    expect((await post(unknown, { id: `${prefix}_two` })).body).toEqual({ received: true, duplicate: false });
    expect((await post(unknown, { id: `${prefix}_two` })).body).toEqual({ received: true, duplicate: true });
    expect(await h.db.sql`select 1 from provider_events where email_id = 'em_long'`).toHaveLength(2);
  });

  it('keeps only the type, time, email id and bounce details; unknown types are stored and ignored', async () => {
    const answer = await post({ type: 'email.opened_in_a_new_way', created_at: '2026-12-01T12:00:00Z', data: { email_id: 'em_x', click: { ipAddress: '203.0.113.9', userAgent: 'Phone' } } }, { id: 'msg_unknown' });
    expect(answer.status).toBe(200);
    await allApplied();
    const [row] = await h.db.sql`select * from provider_events where event_id = 'msg_unknown'`;
    expect(Object.keys(row!).sort()).toEqual(['applied_at', 'bounce_message', 'bounce_subtype', 'bounce_type', 'email_id', 'event_id', 'id', 'occurred_at', 'outcome', 'received_at', 'type']);
    expect(row).toMatchObject({ type: 'email.opened_in_a_new_way', email_id: 'em_x', outcome: 'ignored: not an event the course acts on' });
    expect(JSON.stringify(row)).not.toContain('203.0.113.9');
  });

  it('with TRACKING off, opens and clicks are stored and ignored: nothing is counted, nothing kept of them on the delivery', async () => {
    expect(h.ctx.config.tracking).toBe(false);
    const [mom] = await sentLessons('untracked', 1);
    const template = `${h.ctx.catalog.main.slug}/${h.ctx.catalog.main.lessons[0]!.id}`;
    await post(event('email.delivered', mom!.emailId), { id: 'msg_untracked_delivered' });
    await post(event('email.opened', mom!.emailId), { id: 'msg_untracked_open' });
    await post(event('email.clicked', mom!.emailId, { click: { timestamp: new Date().toISOString(), link: 'https://example.com/?u=1', ipAddress: '203.0.113.9', userAgent: 'Phone' } }), {
      id: 'msg_untracked_click',
    });
    await allApplied();
    const outcomes = await h.db.sql`select event_id, outcome from provider_events where event_id in ('msg_untracked_open', 'msg_untracked_click') order by event_id`;
    expect(outcomes).toEqual([
      { event_id: 'msg_untracked_click', outcome: 'ignored: not an event the course acts on' },
      { event_id: 'msg_untracked_open', outcome: 'ignored: not an event the course acts on' },
    ]);
    const [figures] = await h.db.sql`select opens, machine_opens, clicks, machine_clicks from delivery_figures where template = ${template}`;
    expect(figures).toEqual({ opens: 0, machine_opens: 0, clicks: 0, machine_clicks: 0 });
    const [delivery] = await h.db.sql`
      select delivered_at, first_opened_at, last_opened_at, last_clicked_at, last_click_in_burst, human_clicks, machine_clicks
      from deliveries where provider_message_id = ${mom!.emailId}`;
    expect(Object.values(delivery!).every((v) => v === null)).toBe(true);
  });

  it('a hard bounce suppresses her at once: never emailed again, enrollment stopped, waiting emails cancelled, on the suppression list', async () => {
    const [mom] = await sentLessons('hard', 1);
    // Her lesson 2 is already materialised and waiting when the bounce arrives.
    await h.stopWorkers();
    await h.db.sql`update enrollments set next_due_at = ${h.clock.now()} where subscriber_id = ${mom!.subscriberId}`;
    await dispatchDue(h.ctx);
    const [waiting] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from deliveries where subscriber_id = ${mom!.subscriberId} and status = 'pending'`;
    expect(waiting!.n).toBe(1);

    const bounce = event('email.bounced', mom!.emailId, { bounce: { type: 'Permanent', subType: 'General', message: 'The address does not exist' } });
    expect((await post(bounce, { id: 'msg_hard' })).status).toBe(200);
    await waitFor('the bounce applied', async () => (await h.db.sql`select 1 from provider_events where event_id = 'msg_hard' and applied_at is not null`).length === 1);

    const [subscriber] = await h.db.sql`select status, suppressed_at from subscribers where id = ${mom!.subscriberId}`;
    expect(subscriber!.status).toBe('bounced');
    expect(subscriber!.suppressed_at).not.toBeNull();
    expect(await h.db.sql`select status from enrollments where subscriber_id = ${mom!.subscriberId}`).toEqual([{ status: 'cancelled' }]);
    const deliveries = await h.db.sql<{ status: string; provider_status: string | null; error: string | null }[]>`
      select status, provider_status, error from deliveries where subscriber_id = ${mom!.subscriberId} order by id`;
    expect(deliveries).toEqual([
      { status: 'sent', provider_status: 'bounced', error: null },
      { status: 'cancelled', provider_status: null, error: 'recipient suppressed: hard bounce' },
    ]);
    const [suppressed] = await h.db.sql`select reason, source_event_id from suppressions where email_hash = ${emailHash(h.ctx.config.secret, mom!.email)}`;
    expect(suppressed!.reason).toBe('hard_bounce');
    expect(suppressed!.source_event_id).not.toBeNull();

    const before = h.fake.emails().filter((e) => e.to === mom!.email).length;
    await h.startWorkers();
    await h.afterDispatcherTicks(1);
    expect(h.fake.emails().filter((e) => e.to === mom!.email)).toHaveLength(before);
  });

  it('a complaint and a provider suppression suppress too', async () => {
    const [a, b] = await sentLessons('complaint', 2);
    await post(event('email.complained', a!.emailId), { id: 'msg_complaint' });
    await post(event('email.suppressed', b!.emailId), { id: 'msg_suppressed' });
    await waitFor('both applied', async () => (await h.db.sql`select 1 from provider_events where event_id in ('msg_complaint', 'msg_suppressed') and applied_at is not null`).length === 2);
    const rows = await h.db.sql<{ status: string }[]>`select status from subscribers where id = any(${h.db.sql.array([a!.subscriberId, b!.subscriberId])}::bigint[]) order by id`;
    expect(rows.map((r) => r.status)).toEqual(['complained', 'bounced']);
    const reasons = await h.db.sql<{ reason: string }[]>`
      select reason from suppressions where email_hash = any(${h.db.sql.array([emailHash(h.ctx.config.secret, a!.email), emailHash(h.ctx.config.secret, b!.email)])}::text[]) order by reason`;
    expect(reasons.map((r) => r.reason)).toEqual(['complaint', 'provider_suppressed']);
  });

  it('three soft bounces in a row suppress; a delivery in between starts the count again', async () => {
    const [steady, flaky] = await sentLessons('soft', 2);
    const soft = (emailId: string) => event('email.bounced', emailId, { bounce: { type: 'Undetermined', subType: 'General', message: 'Try later' } });
    for (const step of ['b', 'b', 'd', 'b', 'b'] as const) {
      await post(step === 'b' ? soft(steady!.emailId) : event('email.delivered', steady!.emailId));
    }
    for (let i = 0; i < 3; i++) await post(soft(flaky!.emailId));
    await allApplied();
    const rows = await h.db.sql<{ id: string; status: string; soft_bounces: number }[]>`
      select id, status, soft_bounces from subscribers where id = any(${h.db.sql.array([steady!.subscriberId, flaky!.subscriberId])}::bigint[]) order by id`;
    expect(rows.map((r) => [r.status, r.soft_bounces])).toEqual([
      ['active', 2],
      ['bounced', 3],
    ]);
  });

  it('keeps the running totals per template as batches are sent and events applied', async () => {
    const template = `${h.ctx.catalog.main.slug}/${h.ctx.catalog.main.lessons[0]!.id}`;
    const totals = async () =>
      (await h.db.sql<{ sent: number; delivered: number; bounced: number; complained: number }[]>`
        select sent, delivered, bounced, complained from delivery_figures where template = ${template}`)[0] ?? { sent: 0, delivered: 0, bounced: 0, complained: 0 };
    await allApplied();
    const before = await totals();
    const [a, b, c] = await sentLessons('totals', 3);
    expect((await totals()).sent - before.sent).toBe(3);
    await post(event('email.delivered', a!.emailId));
    await post(event('email.delivered', b!.emailId));
    await post(event('email.complained', b!.emailId));
    await post(event('email.bounced', c!.emailId, { bounce: { type: 'Permanent', subType: 'General', message: 'gone' } }));
    // Replayed and out of order: neither counts twice nor moves anything back.
    await post(event('email.delivered', c!.emailId));
    await allApplied();
    const after = await totals();
    expect({ delivered: after.delivered - before.delivered, bounced: after.bounced - before.bounced, complained: after.complained - before.complained }).toEqual({
      delivered: 2,
      bounced: 1,
      complained: 1,
    });
  });

  it('moves a delivery forward only: delivered after bounced leaves it bounced', async () => {
    const [mom] = await sentLessons('order', 1);
    await post(event('email.delivery_delayed', mom!.emailId));
    await post(event('email.bounced', mom!.emailId, { bounce: { type: 'Transient', subType: 'General', message: 'later' } }));
    await post(event('email.delivered', mom!.emailId));
    await allApplied();
    const [row] = await h.db.sql`select provider_status from deliveries where provider_message_id = ${mom!.emailId}`;
    expect(row!.provider_status).toBe('bounced');
  });

  it('an event stored but not applied (the web process stopped) is applied by the dispatcher; raw events go after 30 days', async () => {
    const [mom] = await sentLessons('sweep', 1);
    await h.db.sql`
      insert into provider_events (event_id, type, email_id) values ('msg_orphan', 'email.complained', ${mom!.emailId})`;
    await dispatchDue(h.ctx);
    const [row] = await h.db.sql`select outcome from provider_events where event_id = 'msg_orphan'`;
    expect(row!.outcome).toBe('suppressed: complaint');

    await h.db.sql`update provider_events set received_at = ${new Date(h.clock.now().getTime() - 31 * 24 * 60 * 60_000)} where event_id = 'msg_orphan'`;
    await dispatchDue(h.ctx);
    expect(await h.db.sql`select 1 from provider_events where event_id = 'msg_orphan'`).toHaveLength(0);
    // What it did stays done.
    expect((await h.db.sql`select status from subscribers where id = ${mom!.subscriberId}`)[0]!.status).toBe('complained');
  });
});

describe('POST /webhooks/resend without RESEND_WEBHOOK_SECRET', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('does not exist', async () => {
    const response = await h.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});
