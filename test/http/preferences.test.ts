import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';

const ZONE = 'America/Chicago';
// 2026-06-01 15:00 UTC = 10:00 in Chicago (CDT, UTC-5).
const NOW = '2026-06-01T15:00:00Z';
const COURSE = 'releasing-mom-guilt';

/** Her preference page, as every email links to it: each change is a POST of the page's own forms. */
describe('her preference page', () => {
  let h: Harness;
  let id: number;
  const token = () => signToken(h.ctx.config.secret, 'preferences', id);
  const page = (t = token()) => h.app.request(`/preferences?token=${t}`);
  const post = (change: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    h.app.request(`/preferences/${change}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com', ...headers },
      body: new URLSearchParams({ token: token(), ...fields }).toString(),
    });
  const me = async () =>
    (await h.db.sql<{ status: string; send_hour: number | null; timezone: string; newsletter: boolean }[]>`
      select status, send_hour, timezone, newsletter from subscribers where id = ${id}`)[0]!;
  const course = async () =>
    (await h.db.sql<{ status: string; next_due_at: Date | null; position: number }[]>`
      select status, next_due_at, position from enrollments where subscriber_id = ${id} and course_slug = ${COURSE}`)[0]!;
  const events = async () => (await h.db.sql<{ type: string; detail: string | null }[]>`select type, detail from subscriber_events where subscriber_id = ${id} order by id`).map((e) => `${e.type}${e.detail ? ` ${e.detail}` : ''}`);
  const local = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-LL-dd HH:mm') : null);

  beforeAll(async () => {
    h = await createHarness({ now: NOW });
  });
  afterAll(async () => h?.close());

  // She is two lessons in; the third is due tomorrow at 8:00 her time.
  beforeEach(async () => {
    h.clock.set(new Date(NOW));
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches, subscriber_events, broadcasts restart identity cascade`;
    const [row] = await h.db.sql<{ id: string }[]>`
      insert into subscribers (email, first_name, timezone, status, newsletter, confirmed_at)
      values ('rosa@example.com', 'Rosa', ${ZONE}, 'active', true, now()) returning id`;
    id = Number(row!.id);
    await h.db.sql`
      insert into enrollments (subscriber_id, course_slug, status, position, done, next_due_at)
      values (${id}, ${COURSE}, 'active', 2, '{1,2}', '2026-06-02T13:00:00Z')`;
  });

  it('shows her settings and courses, changes nothing by being opened, and is not cached', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Your emails, Rosa');
    expect(html).toContain('rosa@example.com');
    expect(html).toContain('Fixture Main Course');
    expect(html).toContain('2 of 7 lessons sent. Next one: Tuesday 2 June at 8:00.');
    for (const action of ['pause', 'leave', 'send-hour', 'timezone', 'newsletter', 'unsubscribe']) {
      expect(html).toContain(`<form method="post" action="/preferences/${action}"`);
    }
    expect(html).toContain('Download my data');
    expect(html).toContain(`/preferences/delete?token=${token()}`);
    expect(await course()).toMatchObject({ status: 'active', position: 2 });
    expect(await events()).toEqual([]);
  });

  it('pauses the course and resumes it at her next lesson hour, from where she was', async () => {
    const paused = await post('pause', { course: COURSE });
    expect(paused.status).toBe(303);
    expect(paused.headers.get('location')).toBe(`/preferences?token=${encodeURIComponent(token())}&done=paused`);
    expect(await course()).toMatchObject({ status: 'paused', next_due_at: null, position: 2 });
    const shown = await (await page(`${token()}&done=paused`)).text();
    expect(shown).toContain('Your course is paused.');
    expect(shown).toContain('<form method="post" action="/preferences/resume"');

    // Three days later, at 21:30 her time: the next lesson is tomorrow at 8:00.
    h.clock.set(new Date('2026-06-05T02:30:00Z'));
    expect((await post('resume', { course: COURSE })).status).toBe(303);
    const resumed = await course();
    expect(resumed).toMatchObject({ status: 'active', position: 2 });
    expect(local(resumed.next_due_at)).toBe('2026-06-05 08:00');
    expect(await events()).toEqual([`paused ${COURSE}`, `resumed ${COURSE}`]);
  });

  it('moves her lessons to the hour she picks, and the lesson after that follows it', async () => {
    expect((await post('send-hour', { hour: '20' })).status).toBe(303);
    expect((await me()).send_hour).toBe(20);
    // The lesson due tomorrow at 8:00 comes tomorrow at 20:00 instead.
    expect(local((await course()).next_due_at)).toBe('2026-06-02 20:00');
    expect(await events()).toEqual(['send_hour 20']);

    // The dispatcher takes it at 20:00 and schedules the next one for 20:00 the day after.
    h.clock.set(new Date('2026-06-03T01:00:00Z'));
    const { materializeDueLessons } = await import('../../src/delivery/materialize.js');
    const { taken } = await materializeDueLessons(h.ctx, h.clock.now());
    expect(taken).toBe(1);
    expect(local((await course()).next_due_at)).toBe('2026-06-03 20:00');
  });

  it('follows her to a new timezone, keeping the hour and the day', async () => {
    expect((await post('timezone', { timezone: 'Europe/Berlin' })).status).toBe(303);
    expect((await me()).timezone).toBe('Europe/Berlin');
    expect(DateTime.fromJSDate((await course()).next_due_at!, { zone: 'Europe/Berlin' }).toFormat('yyyy-LL-dd HH:mm')).toBe('2026-06-02 08:00');
  });

  it('refuses an hour or a timezone that is not real, with a page that says so, and changes nothing', async () => {
    for (const [change, fields, text] of [
      ['send-hour', { hour: '25' }, 'Please choose an hour from the list'],
      ['send-hour', { hour: 'eight' }, 'Please choose an hour from the list'],
      ['timezone', { timezone: 'Mars/Olympus_Mons' }, 'Please choose your time zone from the list'],
      ['pause', { course: 'no-such-course' }, 'That course is not one of yours'],
      ['newsletter', { on: 'maybe' }, 'Please use the button on your preference page'],
      ['sing', {}, 'There is no such change'],
    ] as const) {
      const res = await post(change, fields);
      expect(res.status, change).toBeGreaterThanOrEqual(400);
      expect(res.status, change).toBeLessThan(500);
      const body = await res.text();
      expect(body).toContain(text);
      expect(body).toContain('Back to your preferences');
    }
    expect(await me()).toEqual({ status: 'active', send_hour: null, timezone: ZONE, newsletter: true });
    expect(await course()).toMatchObject({ status: 'active', position: 2 });
    expect(await events()).toEqual([]);
  });

  it('answers a program asking for JSON with the error body', async () => {
    const res = await post('send-hour', { hour: '99' }, { accept: 'application/json' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: expect.stringContaining('hour') } });
  });

  it('turns the letters off (cancelling one on its way) and on again', async () => {
    const [batch] = await h.db.sql<{ id: string }[]>`insert into send_batches (template, broadcast_id) values ('broadcast:1', 1) returning id`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, broadcast_id, template, batch_id, due_at, dedupe_key)
      values ('broadcast', ${id}, 1, 'broadcast:1', ${batch!.id}, now(), ${`broadcast:1:${id}`})`;
    expect((await post('newsletter', { on: 'no' })).status).toBe(303);
    expect((await me()).newsletter).toBe(false);
    expect(await h.db.sql`select status, error from deliveries`).toEqual([{ status: 'cancelled', error: 'newsletters turned off' }]);
    expect(await (await page(`${token()}&done=newsletter-off`)).text()).toContain('No more letters; your course lessons are unchanged.');
    expect((await post('newsletter', { on: 'yes' })).status).toBe(303);
    expect((await me()).newsletter).toBe(true);
    expect(await events()).toEqual(['newsletter_off', 'newsletter_on']);
  });

  it('with the letters off, no newsletter of any audience reaches her; a paused course still counts as hers', async () => {
    const { countAudience } = await import('../../src/broadcasts/audience.js');
    const count = (name: 'all' | 'in-course' | 'newsletter') => countAudience(h.db.sql, { name, course: null });
    expect([await count('all'), await count('in-course'), await count('newsletter')]).toEqual([1, 1, 1]);
    await post('pause', { course: COURSE });
    expect(await count('in-course')).toBe(1);
    await post('newsletter', { on: 'no' });
    expect([await count('all'), await count('in-course'), await count('newsletter')]).toEqual([0, 0, 0]);
    await post('newsletter', { on: 'yes' });
    expect([await count('all'), await count('in-course'), await count('newsletter')]).toEqual([1, 1, 1]);
  });

  it('leaves a course, cancelling its lesson on its way, and can join it again where she left off', async () => {
    const [batch] = await h.db.sql<{ id: string }[]>`insert into send_batches (template) values (${`${COURSE}/x`}) returning id`;
    const [enrollment] = await h.db.sql<{ id: string }[]>`select id from enrollments where subscriber_id = ${id}`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, batch_id, due_at)
      values ('lesson', ${id}, ${enrollment!.id}, 3, ${`${COURSE}/x`}, ${batch!.id}, now())`;
    expect((await post('leave', { course: COURSE })).status).toBe(303);
    expect(await course()).toMatchObject({ status: 'left', next_due_at: null });
    expect(await h.db.sql`select status, error from deliveries`).toEqual([{ status: 'cancelled', error: 'left the course' }]);
    expect(await (await page()).text()).toContain('Join again where I left off');
    expect((await post('resume', { course: COURSE })).status).toBe(303);
    expect(await course()).toMatchObject({ status: 'active', position: 2 });
  });

  it('unsubscribes her from everything, a paused course included', async () => {
    await post('pause', { course: COURSE });
    expect((await post('unsubscribe', {})).status).toBe(303);
    expect((await me()).status).toBe('unsubscribed');
    expect(await course()).toMatchObject({ status: 'cancelled', next_due_at: null });
    const html = await (await page(`${token()}&done=unsubscribed`)).text();
    expect(html).toContain('You are unsubscribed from everything.');
    // Nothing left to change but her data: no pause, hour or letters buttons.
    expect(html).not.toContain('action="/preferences/send-hour"');
    expect(html).toContain('Download my data');
    const refused = await post('send-hour', { hour: '9' });
    expect(refused.status).toBe(409);
    expect((await me()).send_hour).toBeNull();
  });

  it('refuses a form posted from another website, and changes nothing', async () => {
    const res = await post('pause', { course: COURSE }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await course()).toMatchObject({ status: 'active' });
    const erase = await h.app.request('/preferences/delete', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ token: token() }).toString(),
    });
    expect(erase.status).toBe(403);
    expect(await h.db.sql`select 1 from subscribers where id = ${id}`).toHaveLength(1);
  });

  it('takes only a preferences token of hers: another purpose, an altered or a cut-short token is a friendly 400', async () => {
    const secret = h.ctx.config.secret;
    const good = token();
    const [body, signature] = good.split('.');
    const altered = `${Buffer.from(JSON.stringify({ p: 'preferences', s: id + 1 })).toString('base64url')}.${signature}`;
    for (const bad of [
      signToken(secret, 'unsubscribe', id),
      signToken(secret, 'confirm', id, new Date('2026-07-01T00:00:00Z')),
      signToken(secret, 'export', id, new Date('2026-07-01T00:00:00Z')),
      signToken('another-secret-another-secret-another', 'preferences', id),
      good.slice(0, -5),
      body!,
      altered,
      '',
    ]) {
      const res = await page(encodeURIComponent(bad));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link didn’t work');
      const change = await h.app.request('/preferences/pause', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: bad, course: COURSE }).toString(),
      });
      expect(change.status).toBe(400);
    }
    expect(await course()).toMatchObject({ status: 'active' });
  });

  it('never acts on a GET of an action address', async () => {
    for (const path of ['/preferences/pause', '/preferences/unsubscribe', '/preferences/newsletter']) {
      const res = await h.app.request(`${path}?token=${token()}&course=${COURSE}`);
      expect(res.status).toBe(404);
    }
    const del = await h.app.request(`/preferences/delete?token=${token()}`);
    expect(del.status).toBe(200);
    expect(await del.text()).toContain('<button class="button" type="submit">Yes, delete me</button>');
    expect(await course()).toMatchObject({ status: 'active' });
    expect(await h.db.sql`select 1 from subscribers where id = ${id}`).toHaveLength(1);
  });
});
