import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../src/http/dashboard/subscribers/import.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { PROJECT_DIR } from '../../support/run-command.js';
import { tableCounts } from '../../subscribers/import-support.js';

const PASSWORD = 'a long and gentle password';
const at = (iso: string) => new Date(iso);

/** The dashboard's Subscribers section over real Postgres: each page, its bad input, its security. */
describe('/admin/subscribers', () => {
  let h: Harness;
  let cookie: string;
  const get = (path: string, headers: Record<string, string> = {}) => h.app.request(path, { headers: { cookie, ...headers } });
  const post = (path: string, body?: BodyInit, headers: Record<string, string> = {}) =>
    h.app.request(path, { method: 'POST', headers: { cookie, ...headers }, body: body ?? new URLSearchParams().toString() });
  const upload = (file: File | null, fields: Record<string, string> = {}) => {
    const form = new FormData();
    if (file) form.set('file', file);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return post('/admin/subscribers/import', form);
  };
  const count = async () => (await h.db.sql<{ n: number }[]>`select count(*)::int as n from subscribers`)[0]!.n;
  const seedPerson = async (email: string, firstName: string | null, createdAt: string) =>
    Number((await h.db.sql<{ id: string }[]>`insert into subscribers (email, first_name, status, created_at) values (${email}, ${firstName}, 'active', ${at(createdAt)}) returning id`)[0]!.id);

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches, provider_events, suppressions, erasures restart identity cascade`;
  });

  it('needs a session for every page, the download and the upload', async () => {
    const id = await seedPerson('ana@example.com', 'Ana', '2026-01-01T00:00:00Z');
    for (const path of ['/admin/subscribers', `/admin/subscribers/${id}`, `/admin/subscribers/${id}/data.json`, `/admin/subscribers/${id}/erase`, '/admin/subscribers/import', '/admin/subscribers/export']) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login');
    }
    const erase = await h.app.request(`/admin/subscribers/${id}/erase`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(erase.status).toBe(303);
    expect(await count()).toBe(1);
  });

  it('finds people by address and by name, in any case, newest first, with the counts', async () => {
    const ana = await seedPerson('ana.silva@example.com', 'Ana', '2026-01-01T00:00:00Z');
    await seedPerson('mariana@example.org', 'Mariana', '2026-01-02T00:00:00Z');
    await seedPerson('zoe@example.net', 'Zoë', '2026-01-03T00:00:00Z');
    const byAddress = await (await get('/admin/subscribers?q=SILVA')).text();
    expect(byAddress).toContain(`href="/admin/subscribers/${ana}"`);
    expect(byAddress).toContain('ana.silva@example.com');
    expect(byAddress).not.toContain('zoe@example.net');
    const byName = await (await get('/admin/subscribers?q=ana')).text();
    expect(byName.indexOf('mariana@example.org')).toBeGreaterThan(-1);
    expect(byName.indexOf('mariana@example.org')).toBeLessThan(byName.indexOf('ana.silva@example.com'));
    expect(byName).toContain('2 people whose address or name contains');
    const everyone = await (await get('/admin/subscribers')).text();
    expect(everyone).toContain('<strong>3</strong> in all');
    const none = await (await get('/admin/subscribers?q=nobody')).text();
    expect(none).toContain('No one&#39;s address or name contains');
  });

  it('shows a bad search or status as a message on the page', async () => {
    const long = await get(`/admin/subscribers?q=${'x'.repeat(300)}`);
    expect(long.status).toBe(422);
    expect(await long.text()).toMatch(/class="alert" role="alert"[^>]*>That search is too long/);
    const status = await get('/admin/subscribers?status=happy');
    expect(status.status).toBe(422);
    expect(await status.text()).toContain('Choose a status from the list');
  });

  it('shows her profile and her timeline in order, and a page for an id that is no one', async () => {
    const [s] = await h.db.sql<{ id: string }[]>`
      insert into subscribers (email, first_name, status, created_at, confirmed_at, unsubscribed_at)
      values ('ana@example.com', 'Ana', 'unsubscribed', ${at('2026-03-01T10:00:00Z')}, ${at('2026-03-01T10:05:00Z')}, ${at('2026-03-05T08:00:00Z')}) returning id`;
    const id = Number(s!.id);
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, template, status, provider_message_id, provider_status, due_at, sent_at)
      values ('lesson', ${id}, 'releasing-mom-guilt/what-mom-guilt-is', 'sent', 'em-1', 'delivered', ${at('2026-03-01T10:05:00Z')}, ${at('2026-03-01T10:06:00Z')})`;
    await h.db.sql`insert into provider_events (event_id, type, email_id, occurred_at) values ('ev-1', 'email.delivered', 'em-1', ${at('2026-03-01T10:06:30Z')})`;
    await h.db.sql`insert into subscriber_events (subscriber_id, type, detail, created_at) values (${id}, 'send_hour', '20', ${at('2026-03-02T09:00:00Z')})`;
    const res = await get(`/admin/subscribers/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = ['Joined the list', 'Confirmed her address', 'Fixture main 1: what mom guilt is', 'delivered, Mar 1, 2026, 10:06 UTC', 'Changed her lesson hour to 20:00 her time', 'Unsubscribed</strong>'].map((text) => [text, html.indexOf(text)] as const);
    for (const [text, index] of order) expect(index, text).toBeGreaterThan(-1);
    expect(order.map(([, i]) => i)).toEqual([...order.map(([, i]) => i)].sort((a, b) => a - b));
    expect(html).toContain(`href="/admin/subscribers/${id}/data.json"`);
    expect(html).toContain(`href="/admin/subscribers/${id}/erase"`);

    const data = await get(`/admin/subscribers/${id}/data.json`);
    expect(data.headers.get('content-disposition')).toContain('attachment');
    expect(await data.json()).toMatchObject({ profile: { email: 'ana@example.com' }, deliveries: [{ kind: 'lesson', events: [{ type: 'email.delivered' }] }] });

    for (const path of ['/admin/subscribers/999999', '/admin/subscribers/999999/erase', '/admin/subscribers/999999/data.json']) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
      expect(await missing.text()).toContain('There is no one with this number on the list');
    }
  });

  it('imports an uploaded CSV and shows the same report as the command line: counts, skipped rows by line, warnings', async () => {
    const csv = 'email,first_name,consented_at,phone\nana@example.com,Ana,2025-01-01,555\nbea@example.com,Bea,,\nnot-an-address,Dee,,\n';
    const res = await upload(new File([csv], 'my-list.csv', { type: 'text/csv' }), { enroll: 'releasing-mom-guilt' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Imported my-list.csv: 3 rows read.');
    expect(html).toMatch(/<dt>added<\/dt><dd>2<\/dd>/);
    expect(html).toContain('Of those added: 1 with consent, on your list now; 1 asked to confirm first.');
    expect(html).toContain('1: not an email address');
    expect(html).toMatch(/line 4: .*not-an-address/);
    // A warning that names the column it did not use.
    expect(html).toMatch(/<li>[^<]*&quot;phone&quot;[^<]*<\/li>/);
    expect(html).toContain('Enrolled in releasing-mom-guilt: 2 people');
    expect(await tableCounts(h)).toMatchObject({ subscribers: 2, enrollments: 2 });
  });

  it('checks a file without writing anything when "Check only" is ticked', async () => {
    const res = await upload(new File(['email\nana@example.com\n'], 'list.csv', { type: 'application/vnd.ms-excel' }), { dryRun: 'yes' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Dry run of list.csv: nothing was written and no email was sent. 1 rows read.');
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0, deliveries: 0 });
  });

  it('checks a MailerLite export on upload: shows how each column is read and who would be asked to confirm, and why', async () => {
    const file = readFileSync(join(PROJECT_DIR, 'test/fixtures/subscribers/mailerlite.csv'));
    const res = await upload(new File([file], 'mailerlite.csv', { type: 'text/csv' }), { dryRun: 'yes' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Read as a MailerLite export');
    expect(html).toContain('subscribed_at → consent time (when she subscribed)');
    expect(html).toContain('status → whether she is on the list (who left is never emailed)');
    expect(html).toContain('Would be asked to confirm first');
    expect(html).toMatch(/line 9: ml\.[a-z]+@example\.com \(never confirmed her subscription in MailerLite\)/);
    expect(html).toContain('Would be put on the suppression list: 3 people');
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0, deliveries: 0 });
  });

  it('refuses a file that is not a CSV, one without an email column, an unknown course and no file at all, on the page, writing nothing', async () => {
    const cases: Array<[Response, number, string]> = [
      [await upload(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png', { type: 'image/png' })), 415, '&quot;photo.png&quot; is not a CSV file.'],
      [await upload(new File(['name\nAnn\n'], 'names.csv', { type: 'text/csv' })), 422, 'no &quot;email&quot; column'],
      [await upload(new File(['email\nx@example.com\n'], 'list.csv', { type: 'text/csv' }), { enroll: 'nope' }), 422, 'There is no course called &quot;nope&quot;'],
      [await upload(null), 422, 'No file was chosen.'],
      [await post('/admin/subscribers/import', 'file=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'Choose a CSV file with the form below'],
    ];
    for (const [res, status, message] of cases) {
      expect(res.status, message).toBe(status);
      const html = await res.text();
      expect(html, message).toContain(message);
      expect(html).toContain('Nothing was imported and nothing changed.');
    }
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0, enrollments: 0, deliveries: 0 });
  });

  it(`refuses an upload over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB with a clear page, writing nothing`, async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1024).fill(0x61);
    big.set(new TextEncoder().encode('email\nana@example.com\n'));
    const res = await upload(new File([big], 'huge.csv', { type: 'text/csv' }));
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('That file is larger than 50 MB, more than this page takes.');
    expect(html).toContain('Nothing was imported and nothing changed.');
    expect(await count()).toBe(0);
  }, 30_000);

  it('downloads the list as CSV, all or by status; a bad status is a message on the page', async () => {
    await seedPerson('ana@example.com', 'Ana', '2026-01-01T00:00:00Z');
    await h.db.sql`insert into subscribers (email, status) values ('bea@example.com', 'pending')`;
    const all = await get('/admin/subscribers/export');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(all.headers.get('content-disposition')).toMatch(/^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await all.text()).trim().split('\n');
    expect(lines[0]).toBe('email,first_name,timezone,consented_at,consent_source,newsletter,status,created_at,confirmed_at,unsubscribed_at');
    expect(lines).toHaveLength(3);
    const pending = (await (await get('/admin/subscribers/export?status=pending')).text()).trim().split('\n');
    expect(pending.slice(1).map((l) => l.split(',')[0])).toEqual(['bea@example.com']);
    const bad = await get('/admin/subscribers/export?status=happy');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('There is no status &quot;happy&quot;');
  });

  it('erases one person only behind the confirmation: the page changes nothing, the button erases her and says so', async () => {
    const ana = await seedPerson('ana@example.com', 'Ana', '2026-01-01T00:00:00Z');
    await seedPerson('bea@example.com', 'Bea', '2026-01-02T00:00:00Z');
    const page = await get(`/admin/subscribers/${ana}/erase`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Erase Ana?');
    expect(html).toContain(`<form method="post" action="/admin/subscribers/${ana}/erase"`);
    expect(await count()).toBe(2);

    // A form another site made her browser send is refused.
    const forged = await post(`/admin/subscribers/${ana}/erase`, '', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await count()).toBe(2);

    const erased = await post(`/admin/subscribers/${ana}/erase`, '', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe('/admin/subscribers?notice=erased');
    expect(await h.db.sql`select email from subscribers`).toEqual([{ email: 'bea@example.com' }]);
    expect((await h.db.sql`select reason from suppressions`).map((r) => r.reason)).toEqual(['erased']);
    expect(await (await get('/admin/subscribers?notice=erased')).text()).toContain('She has been erased');
    expect((await get(`/admin/subscribers/${ana}`)).status).toBe(404);

    const again = await post(`/admin/subscribers/${ana}/erase`, '', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(again.headers.get('location')).toBe('/admin/subscribers?notice=gone');
  });
});
