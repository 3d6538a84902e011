import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_FAILURES_ALLOWED } from '../../src/access/login-guard.js';
import { CONCURRENT_PASSWORD_CHECKS, WAITING_PASSWORD_CHECKS } from '../../src/access/password-checks.js';
import { loadConfig } from '../../src/config.js';
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

  it('counts a try before checking the password: of 60 wrong passwords sent at once to a real port, at most 10 are checked', async () => {
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const before = log.join('').split('dashboard login refused: wrong password').length;
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 60 }, async () => {
          const res = await fetch(`${base}/admin/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ password: 'a wrong guess' }).toString(),
          });
          await res.text();
          return { status: res.status, retryAfter: res.headers.get('retry-after') };
        }),
      );
      const ms = Math.round(performance.now() - started);
      const refused = answers.filter((a) => a.status === 401).length;
      const limited = answers.filter((a) => a.status === 429);
      console.info(`60 wrong passwords at once: ${refused} × 401, ${limited.length} × 429, in ${ms} ms`);
      expect(refused).toBeLessThanOrEqual(LOGIN_FAILURES_ALLOWED);
      expect(refused + limited.length).toBe(60);
      for (const a of limited) expect(Number(a.retryAfter)).toBeGreaterThan(0);
      // Each 401 is one password check, and the log has one line for each.
      expect(log.join('').split('dashboard login refused: wrong password').length - before).toBe(refused);
      // The connection is still usable, and the client is still held back.
      expect((await fetch(`${base}/admin/login`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives a right password its try back, so she is not locked out by her own logins', async () => {
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED + 5; i++) expect((await tryPassword(PASSWORD)).status).toBe(303);
    expect((await tryPassword('one wrong guess')).status).toBe(401);
  });

  it('checks only a few passwords at once for the whole process: clients from many addresses beyond that are told to come back', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => tryPassword('a wrong guess', `198.51.100.${i + 1}`)));
    const checked = answers.filter((r) => r.status === 401).length;
    const busy = answers.filter((r) => r.status === 429);
    expect(checked).toBeGreaterThanOrEqual(CONCURRENT_PASSWORD_CHECKS);
    expect(checked).toBeLessThan(60);
    expect(checked + busy.length).toBe(60);
    for (const r of busy) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(await r.text()).toContain('Too many logins at once');
    }
    // Nearly always exactly the turns plus the waiting line; more only if a check ended before every request had arrived.
    expect(checked).toBeGreaterThanOrEqual(Math.min(60, CONCURRENT_PASSWORD_CHECKS + WAITING_PASSWORD_CHECKS));
    // A busy answer cost those clients nothing: the right password works from them at once.
    const turnedAway = answers.findIndex((r) => r.status === 429);
    expect((await tryPassword(PASSWORD, `198.51.100.${turnedAway + 1}`)).status).toBe(303);
  });

  it('ends a session after 7 days however busy, and every session when ADMIN_PASSWORD changes', async () => {
    const cookie = await logIn(app, PASSWORD);
    const start = new Date('2026-06-01T08:00:00Z').getTime();
    try {
      // Used every 11 hours, so never idle for 12: still it ends 7 days after the login.
      for (let t = 0; t < 7 * 24 * 3600_000 - 11 * 3600_000; t += 11 * 3600_000) {
        h.clock.set(new Date(start + t));
        expect((await get('/admin', cookie)).status, `after ${t / 3600_000} h`).toBe(200);
      }
      h.clock.set(new Date(start + 7 * 24 * 3600_000 + 60_000));
      expect((await get('/admin', cookie)).status).toBe(303);
    } finally {
      h.clock.set(new Date(start));
    }

    const fresh = await logIn(app, PASSWORD);
    // A restart with the same password (hashed again at start-up) keeps her logged in.
    const restarted = createApp({ ...h.ctx, config: loadConfig({ ...envOf(h.ctx.config), ADMIN_PASSWORD: PASSWORD }) });
    expect((await restarted.request('/admin', { headers: { cookie: fresh } })).status).toBe(200);
    // A new password ends it.
    const changed = createApp({ ...h.ctx, config: { ...h.ctx.config, adminPassword: 'a brand new gentle password' } });
    const refused = await changed.request('/admin', { headers: { cookie: fresh } });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/admin/login?status=expired');
  });

  it('warns once when requests carry X-Forwarded-For and TRUST_PROXY is unset', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const untrusting = createApp({ ...h.ctx, config: { ...h.ctx.config, trustProxyHops: 0 }, logger: pino({ level: 'info' }, sink) });
    for (let i = 0; i < 3; i++) await untrusting.request('/health', { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    const warnings = () => lines.filter((l) => l.includes('X-Forwarded-For but TRUST_PROXY is not set'));
    expect(warnings()).toHaveLength(1);
    expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: 40 });
    // With TRUST_PROXY set, the header is expected and nothing is said.
    lines.length = 0;
    const trusting = createApp({ ...h.ctx, logger: pino({ level: 'info' }, sink) });
    await trusting.request('/health', { headers: { 'x-forwarded-for': '203.0.113.1' } });
    expect(warnings()).toHaveLength(0);
  });
});

/** The settings the harness started from, to load them again as a restart would. */
function envOf(config: ReturnType<typeof loadConfig>): Record<string, string> {
  return {
    NODE_ENV: config.env,
    APP_URL: config.appUrl,
    SECRET: config.secret,
    RESEND_API_KEY: config.resendApiKey ?? '',
    QUEUE_PREFIX: config.queuePrefix,
    TRUST_PROXY: String(config.trustProxyHops),
  };
}
