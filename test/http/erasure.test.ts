import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createDevMailboxMailer } from '../../src/mail/dev-mailbox.js';
import { emailHash } from '../../src/subscribers/suppression.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

const EMAIL = 'wilhelmina.erase@example.com';
const NAME = 'Wilhelmina';
const OTHER = 'ottilie.stays@example.com';

/**
 * Her data, downloaded and then deleted, through the real app with the dev mailbox: signed up,
 * confirmed, lesson 1 received, a provider event about it, a preference change. After the
 * erasure a search of every column of every table in the database finds neither her address
 * nor her name, while the mom beside her is untouched.
 */
describe('download and erasure', () => {
  let h: Harness;
  let id: number;
  const form = (path: string, fields: Record<string, string>) =>
    h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' },
      body: new URLSearchParams(fields).toString(),
    });
  const mailbox = (to: string) => h.db.sql<{ subject: string; html: string }[]>`select subject, html from dev_mailbox where to_address = ${to} order by id`;

  const signUpAndConfirm = async (email: string, firstName: string) => {
    const res = await h.app.request('/api/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, firstName, timezone: 'Europe/Lisbon' }),
    });
    expect(res.status).toBe(202);
    const [confirmation] = await waitFor(`the confirmation to ${email}`, async () => ((await mailbox(email)).length > 0 ? mailbox(email) : null));
    const link = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation!.html)![1]!;
    h.clock.set(new Date(h.clock.now().getTime() + 5 * 60_000));
    expect((await openConfirmationLink((url, init) => h.app.request(url, init), link)).status).toBe(200);
    await waitFor(`lesson 1 to ${email}`, async () => (await mailbox(email)).length === 2);
    const [row] = await h.db.sql<{ id: string }[]>`select id from subscribers where email = ${email}`;
    return Number(row!.id);
  };

  /** Every row of every table, as text, searched for `needle`: where it still is, by table. */
  const findEverywhere = async (needle: string) => {
    const tables = await h.db.sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`;
    const found: string[] = [];
    for (const t of tables) {
      const [hit] = await h.db.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "${t.schema}"."${t.name}" x where x::text ilike $1`, [`%${needle}%`]);
      if (hit!.n > 0) found.push(`${t.schema}.${t.name}: ${hit!.n}`);
    }
    return found;
  };

  beforeAll(async () => {
    h = await createHarness({ now: '2026-06-01T09:00:00Z', env: { RESEND_API_KEY: '' }, mailer: (db) => createDevMailboxMailer(db.db) });
    await h.startWorkers();
    id = await signUpAndConfirm(EMAIL, NAME);
    await signUpAndConfirm(OTHER, 'Ottilie');
    // What the provider's webhook would have said about her lesson, and a change of hers.
    const [lesson] = await h.db.sql<{ id: string }[]>`select id from deliveries where subscriber_id = ${id} and kind = 'lesson'`;
    await h.db.sql`update deliveries set provider_message_id = 'email-of-wilhelmina', provider_status = 'delivered' where id = ${lesson!.id}`;
    await h.db.sql`insert into provider_events (event_id, type, email_id, occurred_at) values ('msg_erase_1', 'email.delivered', 'email-of-wilhelmina', now())`;
    const token = signToken(h.ctx.config.secret, 'preferences', id);
    expect((await form('/preferences/send-hour', { token, hour: '6' })).status).toBe(303);
  });
  afterAll(async () => h?.close());

  it('downloads everything kept about her as JSON, from the link on her page, and nobody else', async () => {
    const page = await (await h.app.request(`/preferences?token=${signToken(h.ctx.config.secret, 'preferences', id)}`)).text();
    const href = /href="(\/preferences\/export\?token=[^"]+)"/.exec(page)![1]!;
    const res = await h.app.request(href.replace(/&amp;/g, '&'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
    const data = await res.json();
    expect(data.profile).toMatchObject({ email: EMAIL, firstName: NAME, timezone: 'Europe/Lisbon', lessonHour: 6, status: 'active' });
    expect(data.consent.confirmedAt).toEqual(expect.any(String));
    expect(data.consent.confirmationSentAt).toEqual(expect.any(String));
    expect(data.enrollments).toEqual([expect.objectContaining({ course: 'releasing-mom-guilt', title: 'Fixture Main Course', status: 'active', lessonsSent: 1 })]);
    expect(data.deliveries.map((d: { kind: string }) => d.kind)).toEqual(['confirmation', 'lesson']);
    expect(data.deliveries[1]).toMatchObject({ status: 'sent', subject: h.ctx.catalog.main.lessons[0]!.subject, providerStatus: 'delivered' });
    expect(data.deliveries[1].events).toEqual([expect.objectContaining({ type: 'email.delivered' })]);
    expect(data.preferenceChanges).toEqual([expect.objectContaining({ type: 'send_hour', detail: '6' })]);
    expect(JSON.stringify(data)).not.toContain(OTHER);
  });

  it('an export link expires after an hour, and a preferences token is not one', async () => {
    const secret = h.ctx.config.secret;
    const stale = signToken(secret, 'export', id, new Date(h.clock.now().getTime() - 1000));
    expect((await h.app.request(`/preferences/export?token=${stale}`)).status).toBe(400);
    expect((await h.app.request(`/preferences/export?token=${signToken(secret, 'preferences', id)}`)).status).toBe(400);
  });

  it('deletes her after one more press, and her address and name are nowhere in the database', async () => {
    expect(await findEverywhere(EMAIL)).not.toEqual([]);
    const token = signToken(h.ctx.config.secret, 'preferences', id);
    const confirmPage = await h.app.request(`/preferences/delete?token=${token}`);
    expect(await confirmPage.text()).toContain('Delete everything about you?');
    expect(await findEverywhere(EMAIL)).not.toEqual([]);

    const res = await form('/preferences/delete', { token });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your data is deleted');

    expect(await findEverywhere(EMAIL)).toEqual([]);
    expect(await findEverywhere(NAME)).toEqual([]);
    expect(await findEverywhere('email-of-wilhelmina')).toEqual([]);
    expect(await h.db.sql`select 1 from deliveries where subscriber_id = ${id}`).toHaveLength(0);
    // What remains: a count, and a keyed hash that is not her address.
    expect(await h.db.sql`select day, count from erasures`).toEqual([{ day: '2026-06-01', count: 1 }]);
    expect(await h.db.sql`select reason from suppressions where email_hash = ${emailHash(h.ctx.config.secret, EMAIL)}`).toEqual([{ reason: 'erased' }]);
    // The mom beside her is untouched, her emails in the mailbox included.
    expect(await findEverywhere(OTHER)).toEqual(expect.arrayContaining(['public.subscribers: 1', 'public.dev_mailbox: 2']));
    // Her old links lead nowhere now, kindly; a second press changes nothing.
    expect((await h.app.request(`/preferences?token=${token}`)).status).toBe(400);
    expect((await form('/preferences/delete', { token })).status).toBe(200);
    expect(await h.db.sql`select count from erasures`).toEqual([{ count: 1 }]);
  });

  it('a later signup of her address needs a new confirmation, which takes her off the list', async () => {
    const res = await h.app.request('/api/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, timezone: 'UTC' }),
    });
    expect(res.status).toBe(202);
    const [row] = await h.db.sql<{ id: string; status: string }[]>`select id, status from subscribers where email = ${EMAIL}`;
    expect(row!.status).toBe('pending');
    const [confirmation] = await waitFor('a new confirmation', async () => ((await mailbox(EMAIL)).length > 0 ? mailbox(EMAIL) : null));
    const link = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation!.html)![1]!;
    h.clock.set(new Date(h.clock.now().getTime() + 5 * 60_000));
    expect((await openConfirmationLink((url, init) => h.app.request(url, init), link)).status).toBe(200);
    expect((await h.db.sql<{ status: string }[]>`select status from subscribers where email = ${EMAIL}`)[0]!.status).toBe('active');
    expect(await h.db.sql`select 1 from suppressions where email_hash = ${emailHash(h.ctx.config.secret, EMAIL)}`).toHaveLength(0);
  });
});
