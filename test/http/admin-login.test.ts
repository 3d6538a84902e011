import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_FAILURES_ALLOWED } from '../../src/admin/login-guard.js';
import { createApp } from '../../src/http/app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { logIn } from '../support/admin-session.js';

const PASSWORD = 'a long and gentle password';

describe('the dashboard login', () => {
  let h: Harness;
  const log: string[] = [];
  let app: ReturnType<typeof createApp>;
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const tryPassword = (password: string, ip = '203.0.113.7') =>
    app.request('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      body: new URLSearchParams({ password }).toString(),
    });

  beforeAll(async () => {
    h = await createHarness({ now: '2026-06-01T08:00:00Z', env: { ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: '1' } });
    const sink = new Writable({
      write(chunk, _e, done) {
        log.push(String(chunk));
        done();
      },
    });
    app = createApp({ ...h.ctx, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate admin_sessions`;
    const keys = await h.redis.keys(`${h.prefix}:login-limit*`);
    if (keys.length) await h.redis.del(...keys);
  });

  it('sends every page to the login page until she logs in; a JSON client gets 401', async () => {
    for (const path of ['/admin', '/admin/queues']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login');
    }
    const json = await app.request('/admin', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const page = await get('/admin/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input id="password" name="password" type="password" autocomplete="current-password" required');
  });

  it('logs her in with the right password: a signed, HttpOnly, SameSite=Lax cookie, Secure behind https; the log never holds the password', async () => {
    const res = await tryPassword(PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^rmg_admin=[^;]+\.[^;]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/admin');
    expect((await get('/admin', cookie.split(';')[0])).status).toBe(200);
    expect(log.join('')).toContain('"msg":"dashboard login"');
    expect(log.join('')).not.toContain(PASSWORD);
    // Only a hash of the session's token is stored.
    const [row] = await h.db.sql<{ token_hash: string }[]>`select token_hash from admin_sessions`;
    expect(cookie).not.toContain(row!.token_hash);
  });

  it('refuses a wrong password slowly, with a clear message, and stops a client after too many', async () => {
    const started = performance.now();
    const wrong = await tryPassword('not the password');
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That password is not right.');
    await Promise.all(Array.from({ length: LOGIN_FAILURES_ALLOWED - 1 }, () => tryPassword('guess')));
    const blocked = await tryPassword(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await blocked.text()).toContain('Too many wrong passwords from here.');
    // Another client is not held back by this one's guesses.
    expect((await tryPassword(PASSWORD, '198.51.100.9')).status).toBe(303);
    expect(await h.db.sql`select 1 from admin_sessions`).toHaveLength(1);
  });

  it('logout ends the session: the same cookie no longer opens anything', async () => {
    const cookie = await logIn(app, PASSWORD);
    const out = await app.request('/admin/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login?status=logged-out');
    const again = await get('/admin', cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/admin/login?status=expired');
  });

  it('refuses a cookie that is altered, signed with another secret, or idle for more than 12 hours', async () => {
    const cookie = await logIn(app, PASSWORD);
    const [name, value] = cookie.split('=');
    const [token, signature] = decodeURIComponent(value!).split('.');
    const altered = `${name}=${encodeURIComponent(`${token!.slice(0, -2)}xy.${signature}`)}`;
    expect((await get('/admin', altered)).status).toBe(303);
    const other = createApp({ ...h.ctx, config: { ...h.ctx.config, secret: 'another-secret-another-secret-another-1' } });
    expect((await other.request('/admin', { headers: { cookie } })).status).toBe(303);

    h.clock.set(new Date('2026-06-01T19:59:00Z'));
    expect((await get('/admin', cookie)).status).toBe(200);
    // Each use restarts the 12 idle hours: used at 19:59 and 07:58, it lapses at 19:58.
    h.clock.set(new Date('2026-06-02T07:58:00Z'));
    expect((await get('/admin', cookie)).status).toBe(200);
    h.clock.set(new Date('2026-06-02T20:01:00Z'));
    expect((await get('/admin', cookie)).status).toBe(303);
    h.clock.set(new Date('2026-06-01T08:00:00Z'));
  });

  it('refuses a form posted from another website', async () => {
    const cookie = await logIn(app, PASSWORD);
    const res = await app.request('/admin/logout', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(403);
    expect((await get('/admin', cookie)).status).toBe(200);
  });
});
