import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../../src/broadcasts/create.js';
import { draftMarkdown } from '../../../src/broadcasts/drafts.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';

const PASSWORD = 'a long and gentle password';
const BODY = 'A few kind words for you tonight.\n\n:::practice Tonight\nBreathe out slowly, twice.\n:::\n';

// The Newsletters pages over real Postgres: drafts, preview, the review step, sending as the
// command line does, the controls, and refusals that change nothing.
describe('/admin/broadcasts', () => {
  let h: Harness;
  let cookie: string;
  const get = (path: string) => h.app.request(path, { headers: { cookie, accept: 'text/html' } });
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    h.app.request(path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const newDraft = async () => {
    const res = await post('/admin/broadcasts/drafts', {});
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/broadcasts\/drafts\/\d+$/);
    return location;
  };
  const counts = async () =>
    (
      await h.db.sql<[{ broadcasts: number; deliveries: number; batches: number }]>`
        select (select count(*) from broadcasts)::int as broadcasts, (select count(*) from deliveries)::int as deliveries,
               (select count(*) from send_batches)::int as batches`
    )[0];

  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
    await h.db.sql`
      insert into subscribers (email, timezone, status, newsletter, confirmed_at) values
        ('a@example.com', 'UTC', 'active', true, now()), ('b@example.com', 'America/New_York', 'active', false, now()),
        ('c@example.com', 'UTC', 'unsubscribed', true, now())`;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate broadcasts, send_batches, deliveries, broadcast_drafts, test_sends restart identity cascade`;
  });

  it('needs a session: no cookie is sent to the login, and JSON asks get a 401', async () => {
    const page = await h.app.request('/admin/broadcasts');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    const json = await h.app.request('/admin/broadcasts/audience-count?audience=all', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
  });

  it('creates a draft, saves it with the form and with autosave, and lists it', async () => {
    const path = await newDraft();
    const saved = await post(path, { action: 'save', subject: 'Hello  from\nme', preview: 'A short hello.', body: BODY });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?notice=saved`);
    const [row] = await h.db.sql`select subject, preview, body, broadcast_id from broadcast_drafts`;
    expect(row).toEqual({ subject: 'Hello from me', preview: 'A short hello.', body: BODY, broadcast_id: null });

    const auto = await h.app.request(`${path}/autosave`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', accept: 'application/json', origin: 'https://course.example.com' },
      body: JSON.stringify({ subject: 'Hello again', preview: 'A short hello.', body: BODY }),
    });
    expect(auto.status).toBe(200);
    expect(await auto.json()).toMatchObject({ problems: [] });
    expect((await h.db.sql`select subject from broadcast_drafts`)[0]!.subject).toBe('Hello again');

    // A text/plain "JSON" (what a cross-site form could send) is not taken.
    const plain = await h.app.request(`${path}/autosave`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: '{"subject":"x","preview":"","body":""}' });
    expect(plain.status).toBe(415);
    expect((await h.db.sql`select subject from broadcast_drafts`)[0]!.subject).toBe('Hello again');

    const list = await (await get('/admin/broadcasts')).text();
    expect(list).toContain('Hello again');
    const compose = await (await get(path)).text();
    expect(compose).toContain('value="Hello again"');
    expect(compose).toContain(`${path}/preview?width=phone`);
  });

  it('saves a long newsletter (beyond the 16 KB of a signup) and refuses one past a megabyte, keeping the last save', async () => {
    const path = await newDraft();
    const save = (body: string) =>
      h.app.request(`${path}/autosave`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', accept: 'application/json', origin: 'https://course.example.com' },
        body: JSON.stringify({ subject: 'Long', preview: 'A long one.', body }),
      });
    const long = `${'A gentle paragraph about rest, and about letting the dishes wait. '.repeat(1500)}\n`;
    expect((await save(long)).status).toBe(200);
    const tooLong = await save('x'.repeat(1100 * 1024));
    expect(tooLong.status).toBe(413);
    expect(await tooLong.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    expect((await h.db.sql<{ body: string }[]>`select body from broadcast_drafts order by id desc limit 1`)[0]!.body).toBe(long);
  });

  it('previews the draft with the real newsletter layout, and shows a Markdown error clearly', async () => {
    const path = await newDraft();
    await post(path, { action: 'save', subject: 'Hello', preview: 'A short hello.', body: BODY });
    const preview = await (await get(`${path}/preview?width=phone`)).text();
    expect(preview).toContain('A few kind words for you tonight.');
    expect(preview).toContain('Sarah');
    expect(preview).toContain('1 Test Lane'); // the footer's postal address: the real frame

    await post(path, { action: 'preview', subject: 'Hello', preview: 'A short hello.', body: 'Hi <b>there</b>\n' });
    const broken = await (await get(`${path}/preview`)).text();
    expect(broken).toContain('Body, line 1: This line has HTML in it');
    const compose = await (await get(path)).text();
    expect(compose).toContain('Not ready to send yet');
    expect(compose).toContain('Body, line 1: This line has HTML in it');

    // Review and send refuse it on the page, and nothing is written.
    const review = await post(path, { action: 'review', subject: 'Hello', preview: 'A short hello.', body: 'Hi <b>there</b>\n', audience: 'all', when: 'now' });
    expect(review.status).toBe(422);
    expect(await review.text()).toContain('This newsletter cannot be sent yet');
    const send = await post(`${path}/send`, { audience: 'all', when: 'now' });
    expect(send.status).toBe(422);
    expect(await counts()).toEqual({ broadcasts: 0, deliveries: 0, batches: 0 });
  });

  it('sends a test of the draft to her address, and remembers the address', async () => {
    const path = await newDraft();
    const before = h.fake.emails().length;
    const bad = await post(path, { action: 'test', subject: 'Hello', preview: 'A short hello.', body: BODY, testEmail: 'not an address' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('is not an email address');
    const res = await post(path, { action: 'test', subject: 'Hello', preview: 'A short hello.', body: BODY, testEmail: 'Me@Example.com' });
    expect(res.status).toBe(303);
    const sent = h.fake.emails().slice(before);
    expect(sent.map((e) => [e.to, e.subject])).toEqual([['me@example.com', '[Test] Hello']]);
    const page = await (await get(res.headers.get('location')!)).text();
    expect(page).toContain('A test is on its way to me@example.com');
    expect(page).toContain('value="me@example.com"');
    expect(await counts()).toEqual({ broadcasts: 0, deliveries: 0, batches: 0 });
  });

  it('refuses a time in the past on the page, and writes nothing', async () => {
    const path = await newDraft();
    const form = { subject: 'Hello', preview: 'A short hello.', body: BODY, audience: 'all', when: 'at', at: '2026-11-30T09:00', timezone: 'Europe/Paris' };
    const review = await post(path, { action: 'review', ...form });
    expect(review.status).toBe(422);
    const html = await review.text();
    expect(html).toContain('is in the past');
    expect(html).toContain('role="alert"');
    const send = await post(`${path}/send`, form);
    expect(send.status).toBe(422);
    expect(await send.text()).toContain('is in the past');
    expect(await counts()).toEqual({ broadcasts: 0, deliveries: 0, batches: 0 });
    expect((await h.db.sql`select broadcast_id from broadcast_drafts`)[0]!.broadcast_id).toBeNull();
  });

  it('reviews with the final count, then sends: the same broadcast the command line makes', async () => {
    const path = await newDraft();
    const review = await post(path, { action: 'review', subject: 'Hello', preview: 'A short hello.', body: BODY, audience: 'all', when: 'now' });
    expect(review.status).toBe(303);
    const page = await (await get(review.headers.get('location')!)).text();
    expect(page).toContain('Send to 2 moms');
    expect(await counts()).toEqual({ broadcasts: 0, deliveries: 0, batches: 0 });

    const sent = await post(`${path}/send`, { audience: 'all', when: 'now' });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/broadcasts\/\d+\?notice=sent$/);
    const id = Number(/\/(\d+)\?/.exec(location)![1]);

    const draftId = Number(path.split('/').pop());
    const [draft] = await h.db.sql`select * from broadcast_drafts where id = ${draftId}`;
    expect(Number(draft!.broadcast_id)).toBe(id);
    const [broadcast] = await h.db.sql`select newsletter_id, file, format, subject, source, audience, status, recipients from broadcasts where id = ${id}`;
    expect(broadcast).toEqual({
      newsletter_id: `draft-${draftId}`,
      file: `emails/newsletters/draft-${draftId}.md`,
      format: 'markdown',
      subject: 'Hello',
      source: draftMarkdown({ id: draftId, subject: 'Hello', preview: 'A short hello.', body: BODY }),
      audience: 'all',
      status: 'sending',
      recipients: 2,
    });
    const recipients = await h.db.sql`
      select s.email from deliveries d join subscribers s on s.id = d.subscriber_id where d.broadcast_id = ${id} order by s.email`;
    expect(recipients.map((r) => r.email)).toEqual(['a@example.com', 'b@example.com']);

    // The command line's use case, given the same text, would reach the very same people.
    const plan = await createBroadcast(h.ctx, { markdown: draftMarkdown({ id: 999, subject: 'Hello', preview: 'A short hello.', body: BODY }), name: 'other', audience: 'all', dryRun: true });
    expect(plan).toMatchObject({ recipients: 2 });

    // Sent drafts are no longer edited; a second click does not send twice.
    expect((await get(path)).headers.get('location')).toBe(`/admin/broadcasts/${id}`);
    const again = await post(`${path}/send`, { audience: 'all', when: 'now' });
    expect(again.status).toBe(303);
    expect((await counts()).broadcasts).toBe(1);
    const list = await (await get('/admin/broadcasts')).text();
    expect(list).toContain(`/admin/broadcasts/${id}`);
    expect(list).toContain('Sending');
  });

  it('schedules at a time in her time zone, and at the local hour on a date', async () => {
    const path = await newDraft();
    await post(path, { action: 'save', subject: 'Later', preview: 'A later hello.', body: BODY });
    const at = await post(`${path}/send`, { audience: 'newsletter', when: 'at', at: '2026-12-05T09:30', timezone: 'America/New_York' });
    expect(at.status).toBe(303);
    expect(at.headers.get('location')).toMatch(/notice=scheduled$/);
    const [row] = await h.db.sql`select status, timing, first_due_at, recipients from broadcasts`;
    expect(row).toMatchObject({ status: 'scheduled', timing: 'at', recipients: 1 });
    expect((row!.first_due_at as Date).toISOString()).toBe('2026-12-05T14:30:00.000Z');

    const other = await newDraft();
    await post(other, { action: 'save', subject: 'Morning', preview: 'A morning hello.', body: BODY });
    const review = await get(`${other}/review?audience=all&when=local-hour&date=2026-12-06`);
    expect(await review.text()).toContain('Schedule for 2 moms');
    const local = await post(`${other}/send`, { audience: 'all', when: 'local-hour', date: '2026-12-06' });
    expect(local.status).toBe(303);
    const [second] = await h.db.sql`select timing, local_date, recipients from broadcasts where timing = 'local-hour'`;
    expect(second).toMatchObject({ local_date: '2026-12-06', recipients: 2 });
  });

  it('pauses, resumes and cancels from the broadcast page; a wrong step is explained on the page', async () => {
    const path = await newDraft();
    await post(path, { action: 'save', subject: 'Hello', preview: 'A short hello.', body: BODY });
    const sent = await post(`${path}/send`, { audience: 'all', when: 'now' });
    const id = Number(/\/(\d+)\?/.exec(sent.headers.get('location')!)![1]);
    const status = async () => (await h.db.sql`select status from broadcasts where id = ${id}`)[0]!.status;

    const page = await (await get(`/admin/broadcasts/${id}`)).text();
    expect(page).toContain('<progress');
    expect(page).toContain(`action="/admin/broadcasts/${id}/pause"`);
    // Nothing has gone out yet: cancelling stops the whole newsletter, not "the rest", and the
    // page does not say "Started not yet".
    const cancel = page.slice(page.indexOf(`action="/admin/broadcasts/${id}/cancel"`));
    expect(cancel.slice(0, cancel.indexOf('</form>'))).not.toMatch(/the rest/i);
    expect(page).not.toMatch(/Started not yet/i);
    expect(page).toMatch(/to 2 moms/);

    expect((await post(`/admin/broadcasts/${id}/pause`, {})).status).toBe(303);
    expect(await status()).toBe('paused');
    const again = await post(`/admin/broadcasts/${id}/pause`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('is paused, so it cannot be paused');
    expect((await post(`/admin/broadcasts/${id}/resume`, {})).status).toBe(303);
    expect(await status()).toBe('sending');
    const progress = await h.app.request(`/admin/broadcasts/${id}/progress`, { headers: { cookie, accept: 'application/json' } });
    expect(await progress.json()).toEqual({ id, status: 'sending', recipients: 2, sent: 0, pending: 2, failed: 0, cancelled: 0 });
    expect((await post(`/admin/broadcasts/${id}/cancel`, {})).status).toBe(303);
    expect(await status()).toBe('cancelled');
    const pending = await h.db.sql`select count(*)::int as n from deliveries where broadcast_id = ${id} and status = 'pending'`;
    expect(pending[0]!.n).toBe(0);
  });

  it('refuses a form it does not know (an unknown button) with 400, and saves nothing', async () => {
    const path = await newDraft();
    const before = (await h.db.sql`select subject from broadcast_drafts`)[0]!.subject;
    const odd = await post(path, { action: 'launch', subject: 'Changed', preview: '', body: BODY });
    expect(odd.status).toBe(400);
    expect((await h.db.sql`select subject from broadcast_drafts`)[0]!.subject).toBe(before);
  });

  it('refuses a cross-origin POST with 403 and changes nothing', async () => {
    const path = await newDraft();
    await post(path, { action: 'save', subject: 'Hello', preview: 'A short hello.', body: BODY });
    const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    expect((await post(`${path}/send`, { audience: 'all', when: 'now' }, evil)).status).toBe(403);
    expect((await post(path, { action: 'save', subject: 'Hacked', preview: 'x', body: 'x' }, evil)).status).toBe(403);
    expect((await post('/admin/broadcasts/drafts', {}, evil)).status).toBe(403);
    expect(await counts()).toEqual({ broadcasts: 0, deliveries: 0, batches: 0 });
    expect((await h.db.sql`select count(*)::int as n from broadcast_drafts`)[0]!.n).toBe(1);
    expect((await h.db.sql`select subject from broadcast_drafts`)[0]!.subject).toBe('Hello');
  });
});
