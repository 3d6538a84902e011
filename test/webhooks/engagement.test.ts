import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLICK_BURST_MS, countedOpens, MACHINE_OPEN_MS, withClick, type ClickState } from '../../src/delivery/provider-events/engagement.js';
import { TRACKING_NOTE } from '../../src/reports/figures.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const TOKEN = 'tracking-token-tracking-token-1234';
const SENT_AT = new Date('2026-12-01T08:00:00Z');
const after = (ms: number) => new Date(SENT_AT.getTime() + ms);

interface Totals {
  opens: number;
  machine_opens: number;
  clicks: number;
  machine_clicks: number;
}

describe('opens and clicks with TRACKING=on', () => {
  let h: Harness;
  let lessonKey: string;
  let nextEmail = 0;

  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { RESEND_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: TOKEN, TRACKING: 'on' } });
    lessonKey = `${h.ctx.catalog.main.slug}/${h.ctx.catalog.main.lessons[0]!.id}`;
  });
  afterAll(async () => h?.close());

  /** Posts one signed event, as Resend does, and waits until the web process has applied it; its outcome. */
  async function send(type: string, emailId: string, at: Date, extra: object = {}): Promise<string> {
    const id = `msg_${randomUUID()}`;
    const payload = JSON.stringify({
      type,
      created_at: at.toISOString(),
      data: { email_id: emailId, to: ['mom@example.com'], subject: 'Day 1', created_at: SENT_AT.toISOString(), ...extra },
    });
    const now = new Date();
    const response = await h.app.request('/webhooks/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(now.getTime() / 1000)), 'svix-signature': new Webhook(SECRET).sign(id, now, payload) },
      body: payload,
    });
    expect(response.status).toBe(200);
    const [row] = await waitFor(`${type} applied`, async () => h.db.sql<{ outcome: string }[]>`select outcome from provider_events where event_id = ${id} and applied_at is not null`.then((r) => (r.length ? r : null)));
    return row!.outcome;
  }
  const click = (emailId: string, at: Date) =>
    send('email.clicked', emailId, new Date(at.getTime() + 40), {
      click: { timestamp: at.toISOString(), link: 'https://course.example.com/offer?utm_source=mom-42', ipAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 (iPhone)' },
    });

  /** A lesson-1 email (or a broadcast's) that the provider accepted at SENT_AT; its email id. */
  async function sentEmail(template = lessonKey, broadcastId: number | null = null): Promise<string> {
    const emailId = `em_track_${++nextEmail}`;
    await h.db.sql`
      with s as (insert into subscribers (email, status) values (${`track-${nextEmail}@example.com`}, 'active') returning id)
      insert into deliveries (kind, subscriber_id, broadcast_id, template, status, provider_message_id, due_at, sent_at)
      select ${broadcastId ? 'broadcast' : 'lesson'}, s.id, ${broadcastId}, ${template}, 'sent', ${emailId}, ${SENT_AT}, ${SENT_AT} from s`;
    return emailId;
  }
  const totals = async (template = lessonKey): Promise<Totals> =>
    (await h.db.sql<Totals[]>`select opens, machine_opens, clicks, machine_clicks from delivery_figures where template = ${template}`)[0] ?? {
      opens: 0,
      machine_opens: 0,
      clicks: 0,
      machine_clicks: 0,
    };
  /** What one event changed of the lesson's figures. */
  async function change(step: () => Promise<unknown>): Promise<Partial<Totals>> {
    const before = await totals();
    await step();
    const now = await totals();
    const moved = Object.entries(now).filter(([k, v]) => v !== before[k as keyof Totals]);
    return Object.fromEntries(moved.map(([k, v]) => [k, v - before[k as keyof Totals]]));
  }

  it('counts a human open once per email: a second open of the same email is not counted again', async () => {
    const email = await sentEmail();
    await send('email.delivered', email, after(2_000));
    expect(await change(() => send('email.opened', email, after(10 * 60_000)))).toEqual({ opens: 1 });
    expect(await change(async () => expect(await send('email.opened', email, after(40 * 60_000))).toBe('open: this email was already counted'))).toEqual({});
  });

  it('counts an open within 5 s of delivery as a machine’s, apart', async () => {
    const email = await sentEmail();
    await send('email.delivered', email, after(1_000));
    expect(await change(() => send('email.opened', email, after(1_000 + MACHINE_OPEN_MS - 2_000)))).toEqual({ machine_opens: 1 });
    // She opens it herself later: the email now counts in both.
    expect(await change(() => send('email.opened', email, after(3 * 3_600_000)))).toEqual({ opens: 1 });
  });

  it('judges an open that arrived before the delivery event again once the delivery time is known', async () => {
    const email = await sentEmail();
    // Six seconds after sent_at looks human while sent_at is all that is known...
    expect(await change(() => send('email.opened', email, after(6_000)))).toEqual({ opens: 1 });
    // ...but it came two seconds after the delivery Resend reports.
    expect(await change(() => send('email.delivered', email, after(4_000)))).toEqual({ opens: -1, machine_opens: 1 });
  });

  it('counts a burst of clicks under a second apart as a machine’s, and moves the burst’s first click there too', async () => {
    const email = await sentEmail();
    expect(await change(() => click(email, after(60_000)))).toEqual({ clicks: 1 });
    expect(await change(() => click(email, after(60_300)))).toEqual({ clicks: -1, machine_clicks: 1 });
    expect(await change(() => click(email, after(60_600)))).toEqual({});
  });

  it('counts a human click once per email, however many links she follows', async () => {
    const email = await sentEmail();
    expect(await change(() => click(email, after(5 * 60_000)))).toEqual({ clicks: 1 });
    expect(await change(() => click(email, after(7 * 60_000)))).toEqual({});
  });

  it('keeps no link, IP address or user agent of a click: only its type, time and email id', async () => {
    const email = await sentEmail();
    await click(email, after(90_000));
    const [row] = await h.db.sql`select * from provider_events where type = 'email.clicked' and email_id = ${email}`;
    expect(Object.keys(row!).sort()).toEqual(['applied_at', 'bounce_message', 'bounce_subtype', 'bounce_type', 'email_id', 'event_id', 'id', 'occurred_at', 'outcome', 'received_at', 'type']);
    // The click's own moment, not the event's created_at (40 ms later).
    expect(row!.occurred_at).toEqual(after(90_000));
    const stored = JSON.stringify(row);
    for (const personal of ['203.0.113.9', 'iPhone', 'course.example.com', 'utm_source', 'mom-42']) expect(stored).not.toContain(personal);
    const [delivery] = await h.db.sql`select * from deliveries where provider_message_id = ${email}`;
    for (const personal of ['203.0.113.9', 'iPhone', 'utm_source', 'mom-42']) expect(JSON.stringify(delivery)).not.toContain(personal);
  });

  it('shows the counts per lesson and per broadcast behind the admin token, as estimates and never per person', async () => {
    const get = (path: string, token: string | null = TOKEN) => h.app.request(`/api/admin${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const lesson = await totals();
    const funnel = (await (await get(`/stats/funnel?course=${h.ctx.catalog.main.slug}`)).json()) as { trackingNote: string; lessons: Array<{ tracking: unknown }> };
    expect(funnel.trackingNote).toBe(TRACKING_NOTE);
    expect(funnel.lessons[0]!.tracking).toEqual({ opens: lesson.opens, machineOpens: lesson.machine_opens, clicks: lesson.clicks, machineClicks: lesson.machine_clicks });
    // What the tests above left: opens from the first two, machine opens from the second and third,
    // a lone click in two emails (one of them the test of what is kept), one burst.
    expect(funnel.lessons[0]!.tracking).toEqual({ opens: 2, machineOpens: 2, clicks: 2, machineClicks: 1 });
    expect(funnel.lessons[1]!.tracking).toEqual({ opens: 0, machineOpens: 0, clicks: 0, machineClicks: 0 });
    expect(JSON.stringify(funnel)).not.toContain('@example.com');

    const [b] = await h.db.sql<{ id: string }[]>`
      insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at)
      values ('n', 'emails/newsletters/n.md', 'markdown', 'Hi', 'all', 'now', 'sent', 2, now(), now()) returning id`;
    const template = `broadcast:${b!.id}`;
    const [first, second] = [await sentEmail(template, Number(b!.id)), await sentEmail(template, Number(b!.id))];
    await send('email.delivered', first, after(1_000));
    await send('email.opened', first, after(2_000));
    await send('email.opened', second, after(30 * 60_000));
    await click(second, after(31 * 60_000));
    const figures = await (await get(`/stats/broadcasts/${b!.id}`)).json();
    expect(figures).toMatchObject({ id: Number(b!.id), trackingNote: TRACKING_NOTE, tracking: { opens: 1, machineOpens: 1, clicks: 1, machineClicks: 0 } });
    expect((await get(`/stats/broadcasts/${b!.id}`, null)).status).toBe(401);
  });
});

describe('the open and click rules, whatever order the events arrive in', () => {
  const none: ClickState = { lastClickedAt: null, lastClickInBurst: false, humanClicks: 0, machineClicks: 0 };
  const clicks = (...ms: number[]) => ms.reduce((s, t) => withClick(s, after(t)), none);

  it('places a burst’s clicks in one burst in any order', () => {
    for (const order of [
      [0, 300, 600],
      [600, 0, 300],
      [300, 600, 0],
    ]) {
      expect(clicks(...order), order.join()).toMatchObject({ humanClicks: 0, machineClicks: 3, lastClickedAt: after(600) });
    }
  });

  it('keeps clicks a second or more apart as lone ones', () => {
    expect(clicks(0, CLICK_BURST_MS, 5_000)).toMatchObject({ humanClicks: 3, machineClicks: 0 });
    // A burst, then her own click a minute later.
    expect(clicks(0, 200, 60_000)).toMatchObject({ humanClicks: 1, machineClicks: 2 });
  });

  it('judges opens by the first and last of them against the delivery time', () => {
    const opens = (delivered: number | null, first: number, last: number) =>
      countedOpens({ deliveredAt: delivered === null ? null : after(delivered), sentAt: SENT_AT, firstOpenedAt: after(first), lastOpenedAt: after(last) });
    expect(opens(null, 4_000, 4_000)).toEqual({ opens: false, machineOpens: true });
    expect(opens(null, 5_000, 5_000)).toEqual({ opens: true, machineOpens: false });
    expect(opens(1_000, 5_000, 5_000)).toEqual({ opens: false, machineOpens: true });
    expect(opens(1_000, 3_000, 60_000)).toEqual({ opens: true, machineOpens: true });
  });
});
