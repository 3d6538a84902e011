import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedSubscriber } from '../support/seed.js';

/** Mail filters open every link in an email the moment it arrives: a GET must not sign her up then. */
describe('a confirmation link opened by a mail scanner', () => {
  let h: Harness;
  let id: number;
  const now = new Date('2026-06-01T10:00:00Z');
  // A link made when the email was (it expires seven days later).
  const token = () => signToken(h.ctx.config.secret, 'confirm', id, new Date(now.getTime() + 7 * 24 * 60 * 60_000));
  const state = async () => (await h.db.sql<{ status: string }[]>`select status from subscribers where id = ${id}`)[0]!.status;

  beforeAll(async () => {
    h = await createHarness({ now: now.toISOString() });
  });
  afterAll(async () => h?.close());

  const fresh = async () => {
    h.clock.set(now);
    await h.db.sql`truncate subscribers, enrollments restart identity cascade`;
    id = (await seedSubscriber(h.db.sql, { email: 'ida@example.com', status: 'pending' })).id;
  };

  it('within three minutes of the email, a GET shows one button and changes nothing; the button confirms', async () => {
    await fresh();
    h.clock.set(new Date(now.getTime() + 2 * 60_000));
    const page = await h.app.request(`/confirm?token=${token()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/confirm" id="confirm-form">');
    expect(html).toContain('<button class="button" type="submit">Yes, confirm my email</button>');
    // It presses itself where scripts run; without them the button is there.
    expect(html).toContain('<script src="/assets/confirm.js"></script>');
    // Scripts only from files of ours: an inline one (injected or not) would not run.
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    const script = await h.app.request('/assets/confirm.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain("document.getElementById('confirm-form')");
    expect(await state()).toBe('pending');
    expect(await h.db.sql`select 1 from enrollments`).toHaveLength(0);

    const confirmed = await h.app.request('/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token() }).toString(),
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You’re in');
    expect(await state()).toBe('active');
  });

  it('later, a GET confirms directly', async () => {
    await fresh();
    h.clock.set(new Date(now.getTime() + 3 * 60_000 + 1_000));
    const res = await h.app.request(`/confirm?token=${token()}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You’re in');
    expect(await state()).toBe('active');
  });

  it('a POST with a bad token gets the friendly page and changes nothing', async () => {
    await fresh();
    const res = await h.app.request('/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=not-a-token',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await state()).toBe('pending');
  });
});
