import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('signup', () => {
  let h: Harness;
  const counts = async () => {
    const [row] = await h.db.sql<{ subscribers: number; deliveries: number; batches: number }[]>`
      select (select count(*)::int from subscribers) as subscribers,
             (select count(*)::int from deliveries) as deliveries,
             (select count(*)::int from send_batches) as batches`;
    return row!;
  };

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  it('accepts a JSON signup with 202 and queues one confirmation email', async () => {
    const res = await h.app.request('/api/subscribers', json({ email: ' Ana@Example.COM ', firstName: 'Ana', timezone: 'Asia/Tokyo' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending_confirmation' });
    const [sub] = await h.db.sql`select email, first_name, timezone, status from subscribers`;
    expect(sub).toEqual({ email: 'ana@example.com', first_name: 'Ana', timezone: 'Asia/Tokyo', status: 'pending' });
    const deliveries = await h.db.sql`select kind, status from deliveries`;
    expect(deliveries).toEqual([{ kind: 'confirmation', status: 'pending' }]);
  });

  it('answers the same for an address already on the list, and resends at most once per 10 minutes', async () => {
    const first = await h.app.request('/api/subscribers', json({ email: 'ben@example.com' }));
    const again = await h.app.request('/api/subscribers', json({ email: 'ben@example.com' }));
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await again.json()).toEqual({ status: 'pending_confirmation' });
    expect(await counts()).toEqual({ subscribers: 1, deliveries: 1, batches: 1 });

    h.clock.advance(9 * 60_000);
    await h.app.request('/api/subscribers', json({ email: 'ben@example.com' }));
    expect((await counts()).deliveries).toBe(1);
    h.clock.advance(61_000);
    await h.app.request('/api/subscribers', json({ email: 'ben@example.com' }));
    expect(await counts()).toEqual({ subscribers: 1, deliveries: 2, batches: 2 });
  });

  it('queues one confirmation, in one batch, for one address signed up many times at the same moment', async () => {
    // The clock stands still: every one of these claims the confirmation in the same millisecond.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.app.request('/api/subscribers', json({ email: 'dot@example.com', firstName: `Dot ${i}` }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(await counts()).toEqual({ subscribers: 1, deliveries: 1, batches: 1 });
    const [row] = await h.db.sql`
      select d.batch_id = b.id as same_batch, d.status, b.status as batch_status
      from deliveries d join send_batches b on b.id = d.batch_id`;
    expect(row).toEqual({ same_batch: true, status: 'pending', batch_status: 'pending' });
    const enrollments = await h.db.sql`select status from enrollments`;
    expect(enrollments).toEqual([{ status: 'pending' }]);
  });

  it('sends nothing new to an active subscriber but answers the same', async () => {
    await h.app.request('/api/subscribers', json({ email: 'cy@example.com' }));
    await h.db.sql`update subscribers set status = 'active'`;
    h.clock.advance(60 * 60_000);
    const res = await h.app.request('/api/subscribers', json({ email: 'cy@example.com', firstName: 'Intruder' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending_confirmation' });
    expect((await counts()).deliveries).toBe(1);
    const [sub] = await h.db.sql`select first_name from subscribers`;
    expect(sub!.first_name).toBeNull();
  });

  it('lets someone who unsubscribed come back through a fresh double opt-in', async () => {
    await h.app.request('/api/subscribers', json({ email: 'gia@example.com', timezone: 'Europe/Rome' }));
    await h.db.sql`update subscribers set status = 'unsubscribed'`;
    h.clock.advance(11 * 60_000);
    const res = await h.app.request('/api/subscribers', json({ email: 'gia@example.com', timezone: 'Asia/Seoul' }));
    expect(res.status).toBe(202);
    const [sub] = await h.db.sql`select status, timezone from subscribers`;
    expect(sub).toEqual({ status: 'pending', timezone: 'Asia/Seoul' });
    expect((await counts()).deliveries).toBe(2);
  });

  const bad: Array<[string, RequestInit, number]> = [
    ['an invalid email', json({ email: 'not-an-email' }), 422],
    ['a missing email', json({ firstName: 'Ana' }), 422],
    ['a non-string email', json({ email: 42 }), 422],
    ['a 10 KB first name', json({ email: 'a@example.com', firstName: 'x'.repeat(10_000) }), 422],
    ['a 1 MB body', json({ email: 'a@example.com', firstName: 'x'.repeat(1_000_000) }), 413],
    ['a non-JSON body with a JSON content type', json('{"email": "a@example.com"'), 400],
    ['a JSON array', json([{ email: 'a@example.com' }]), 400],
    ['a JSON null', json('null'), 400],
    ['control characters in the name', json({ email: 'a@example.com', firstName: 'Ana\u0000\u001b[31m' }), 422],
    ['control characters in the email', json({ email: 'a@example.com\r\nBcc: x@example.com' }), 422],
    ['an unknown timezone', json({ email: 'a@example.com', timezone: 'Mars/Olympus_Mons' }), 422],
    ['a newsletter answer in words', json({ email: 'a@example.com', newsletter: 'yes' }), 422],
    ['a newsletter answer as a string boolean', json({ email: 'a@example.com', newsletter: 'false' }), 422],
    ['a newsletter answer as a number', json({ email: 'a@example.com', newsletter: 1 }), 422],
    ['a null newsletter answer', json({ email: 'a@example.com', newsletter: null }), 422],
    ['a wrong content type', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a@example.com' }, 415],
  ];
  for (const [what, init, status] of bad) {
    it(`rejects ${what} with ${status} and a JSON error, writing nothing`, async () => {
      const res = await h.app.request('/api/subscribers', init);
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^[a-z_]+$/);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(await counts()).toEqual({ subscribers: 0, deliveries: 0, batches: 0 });
    });
  }

  it('answers a form post with the check-your-inbox page', async () => {
    const res = await h.app.request('/subscribe', form({ email: 'dee@example.com', firstName: '', timezone: 'Europe/Berlin' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toMatch(/inbox/i);
    expect((await counts()).subscribers).toBe(1);
  });

  it('answers a bad form post with a friendly page that keeps her input, escaped, and writes nothing', async () => {
    const res = await h.app.request('/subscribe', form({ email: '<script>alert(1)</script>', firstName: '"><img src=x>' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('"><img src=x>');
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0, batches: 0 });
  });

  it('answers a huge form post with a friendly 413 page', async () => {
    const res = await h.app.request('/subscribe', form({ email: 'a@example.com', firstName: 'x'.repeat(1_000_000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0, batches: 0 });
  });

  it('stores a ticked form box as yes and an unticked one as no', async () => {
    await h.app.request('/subscribe', form({ email: 'ticked@example.com', timezone: 'Europe/Berlin', newsletter: 'on' }));
    await h.app.request('/subscribe', form({ email: 'unticked@example.com', timezone: 'Europe/Berlin' }));
    expect(await h.db.sql`select email, newsletter from subscribers order by email`).toEqual([
      { email: 'ticked@example.com', newsletter: true },
      { email: 'unticked@example.com', newsletter: false },
    ]);
  });

  it('refuses a form box value our form never sends, and keeps the tick on the page after a rejected post', async () => {
    const odd = await h.app.request('/subscribe', form({ email: 'odd@example.com', newsletter: 'false' }));
    expect(odd.status).toBe(422);
    expect(await odd.text()).toContain('role="alert"');
    const typo = await h.app.request('/subscribe', form({ email: 'typo@', newsletter: 'on' }));
    expect(typo.status).toBe(422);
    expect(/<input id="newsletter"[^>]*>/.exec(await typo.text())?.[0]).toMatch(/\schecked/);
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0, batches: 0 });
  });

  it('defaults the timezone to UTC when the browser sent none', async () => {
    await h.app.request('/subscribe', form({ email: 'eve@example.com', timezone: '' }));
    const [sub] = await h.db.sql`select timezone from subscribers`;
    expect(sub!.timezone).toBe('UTC');
  });

  describe('the newsletter choice', () => {
    const newsletterOf = async (email: string) => {
      const [sub] = await h.db.sql<{ newsletter: boolean }[]>`select newsletter from subscribers where email = ${email}`;
      return sub?.newsletter;
    };

    it('is stored as the JSON API sends it, and is no when left out', async () => {
      await h.app.request('/api/subscribers', json({ email: 'yes@example.com', newsletter: true }));
      await h.app.request('/api/subscribers', json({ email: 'no@example.com', newsletter: false }));
      await h.app.request('/api/subscribers', json({ email: 'unsaid@example.com' }));
      expect([await newsletterOf('yes@example.com'), await newsletterOf('no@example.com'), await newsletterOf('unsaid@example.com')]).toEqual([
        true,
        false,
        false,
      ]);
    });

    it('names the field in the error for a non-boolean', async () => {
      const res = await h.app.request('/api/subscribers', json({ email: 'a@example.com', newsletter: 'on' }));
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: 'newsletter must be true or false' } });
    });

    it('is not changed for an active subscriber by someone else submitting her address, either way', async () => {
      await h.app.request('/api/subscribers', json({ email: 'ida@example.com' }));
      await h.app.request('/api/subscribers', json({ email: 'jo@example.com', newsletter: true }));
      await h.db.sql`update subscribers set status = 'active'`;
      h.clock.advance(60 * 60_000);
      await h.app.request('/api/subscribers', json({ email: 'ida@example.com', newsletter: true }));
      await h.app.request('/api/subscribers', json({ email: 'jo@example.com', newsletter: false }));
      expect([await newsletterOf('ida@example.com'), await newsletterOf('jo@example.com')]).toEqual([false, true]);
    });

    it('keeps an earlier yes when she signs up for a second course without the box, before or after confirming', async () => {
      const second = h.ctx.catalog.courses.find((c) => c !== h.ctx.catalog.main)?.slug;
      expect(second).toBeDefined();
      await h.app.request('/api/subscribers', json({ email: 'kay@example.com', newsletter: true }));
      await h.app.request('/api/subscribers', json({ email: 'kay@example.com', course: second }));
      expect(await newsletterOf('kay@example.com')).toBe(true);

      await h.app.request('/api/subscribers', json({ email: 'lu@example.com', newsletter: true }));
      await h.db.sql`update subscribers set status = 'active' where email = 'lu@example.com'`;
      await h.app.request('/api/subscribers', json({ email: 'lu@example.com', course: second }));
      expect(await newsletterOf('lu@example.com')).toBe(true);
      const enrolled = await h.db.sql`select count(*)::int as n from enrollments where course_slug = ${second!}`;
      expect(enrolled[0]!.n).toBe(2);
    });

    it('lets a pending signup add a yes it did not have', async () => {
      await h.app.request('/api/subscribers', json({ email: 'mo@example.com' }));
      await h.app.request('/api/subscribers', json({ email: 'mo@example.com', newsletter: true }));
      expect(await newsletterOf('mo@example.com')).toBe(true);
    });

    it('is taken afresh when someone who unsubscribed signs up again, so her old yes does not come back', async () => {
      await h.app.request('/api/subscribers', json({ email: 'nia@example.com', newsletter: true }));
      await h.db.sql`update subscribers set status = 'unsubscribed'`;
      h.clock.advance(11 * 60_000);
      await h.app.request('/api/subscribers', json({ email: 'nia@example.com' }));
      expect(await h.db.sql`select status, newsletter from subscribers`).toEqual([{ status: 'pending', newsletter: false }]);
    });

    it('is kept as it is when she confirms', async () => {
      await h.app.request('/api/subscribers', json({ email: 'ola@example.com', newsletter: true }));
      await h.app.request('/api/subscribers', json({ email: 'pia@example.com' }));
      for (const { id } of await h.db.sql<{ id: string }[]>`select id from subscribers`) {
        const token = signToken(h.ctx.config.secret, 'confirm', Number(id), new Date('2026-03-09T12:00:00Z'));
        expect((await h.app.request(`/confirm?token=${token}`)).status).toBe(200);
      }
      expect(await h.db.sql`select email, status, newsletter from subscribers order by email`).toEqual([
        { email: 'ola@example.com', status: 'active', newsletter: true },
        { email: 'pia@example.com', status: 'active', newsletter: false },
      ]);
    });
  });
});
