import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signupsBySource } from '../../src/reports/signup-sources.js';
import { setEmbedOrigins } from '../../src/settings/embed-origins.js';
import { createHarness, type Harness } from '../support/harness.js';

const HER_SITE = 'https://www.her-practice.com';
const STRANGER = 'https://copycat.example';

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the form on her website', () => {
  let h: Harness;
  let slug: string;
  const rows = () => h.db.sql<{ email: string; signup_source: string | null }[]>`select email, signup_source from subscribers order by id`;

  beforeAll(async () => {
    h = await createHarness({ env: { EMBED_ORIGINS: HER_SITE } });
    slug = h.ctx.catalog.main.slug;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches, dashboard_settings restart identity cascade`;
  });

  describe('GET /embed/<course>', () => {
    it('may be framed by her sites (and the dashboard’s preview) only', async () => {
      const res = await h.app.request(`/embed/${slug}?source=blog`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(new RegExp(`frame-ancestors ${HER_SITE}(;|$)`));
      expect(csp).not.toContain(STRANGER);
      expect(res.headers.get('x-frame-options')).toBeNull();
      const page = await res.text();
      for (const name of ['email', 'firstName', 'timezone', 'course', 'source', 'website']) expect(page).toContain(`name="${name}"`);
      // Nothing from anywhere else: every script and style is the app's own.
      // Nothing from a third party: the only absolute address is its own canonical one.
      const absolute = [...page.matchAll(/(?:src|href)="(https?:[^"]*)"/g)].map((m) => m[1]!);
      expect(absolute.every((url) => url.startsWith(`${h.ctx.config.appUrl}/embed/`))).toBe(true);
      // Every other page still refuses every frame.
      expect((await h.app.request('/')).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('follows her dashboard’s list, once she has saved one', async () => {
      await setEmbedOrigins(h.ctx, { origins: 'https://new-site.example' });
      const csp = (await h.app.request(`/embed/${slug}`)).headers.get('content-security-policy')!;
      expect(csp).toContain('frame-ancestors https://new-site.example');
      expect(csp).not.toContain(HER_SITE);
    });

    it('signs her up from inside the frame, with the snippet’s source, and keeps the guard', async () => {
      const res = await h.app.request(`/embed/${slug}`, form({ email: 'ana@example.com', course: slug, source: 'blog-mom-guilt', timezone: 'Europe/Paris', website: '' }, { origin: 'http://localhost' }));
      expect(res.status).toBe(200);
      expect(await rows()).toEqual([{ email: 'ana@example.com', signup_source: 'blog-mom-guilt' }]);
      const trapped = await h.app.request(`/embed/${slug}`, form({ email: 'bot@example.com', website: 'http://spam' }));
      expect(trapped.status).toBe(200);
      expect(await rows()).toHaveLength(1);
      const invalid = await h.app.request(`/embed/${slug}`, form({ email: 'not an address' }));
      expect(invalid.status).toBe(422);
      const forged = await h.app.request(`/embed/${slug}`, form({ email: 'cara@example.com' }, { origin: STRANGER }));
      expect(forged.status).toBe(403);
      expect(await rows()).toHaveLength(1);
    });

    it('404s a course that does not exist, page and script', async () => {
      expect((await h.app.request('/embed/no-such-course')).status).toBe(404);
      expect((await h.app.request('/embed/no-such-course.js')).status).toBe(404);
    });
  });

  describe('GET /embed/<course>.js', () => {
    it('is at most 10 KB, loads nothing from elsewhere, and may be loaded by any page', async () => {
      const res = await h.app.request(`/embed/${slug}.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      const body = await res.text();
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(10 * 1024);
      const urls = body.match(/https?:\/\/[^\s"'`)]+/g) ?? [];
      expect(urls.every((u) => u.startsWith(h.ctx.config.appUrl))).toBe(true);
      expect(() => new Function(body)).not.toThrow();
    });
  });

  describe('POST /subscribe from a plain form on her site', () => {
    it('accepts her origin, stores the source, and links back to her page', async () => {
      const res = await h.app.request('/subscribe', form({ email: 'bea@example.com', course: slug, source: 'home' }, { origin: HER_SITE, referer: `${HER_SITE}/blog/mom-guilt` }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`href="${HER_SITE}/blog/mom-guilt"`);
      expect(await rows()).toEqual([{ email: 'bea@example.com', signup_source: 'home' }]);
    });

    it('keeps the label through a refused try: the page asking her to fix it posts it again', async () => {
      const refused = await h.app.request('/subscribe', form({ email: 'not an address', course: slug, source: 'blog-mom-guilt' }, { origin: HER_SITE }));
      expect(refused.status).toBe(422);
      const page = await refused.text();
      expect(page).toContain('<input type="hidden" name="source" value="blog-mom-guilt">');
      expect(await rows()).toEqual([]);
      // What that page's form sends, from the app's own page now.
      await h.app.request('/subscribe', form({ email: 'fixed@example.com', course: slug, source: 'blog-mom-guilt' }, { origin: 'https://course.example.com' }));
      expect(await rows()).toEqual([{ email: 'fixed@example.com', signup_source: 'blog-mom-guilt' }]);
    });

    it('accepts her Referer when a browser sent no Origin', async () => {
      const res = await h.app.request('/subscribe', form({ email: 'bea@example.com' }, { referer: `${HER_SITE}/`, 'sec-fetch-site': 'cross-site' }));
      expect(res.status).toBe(200);
      expect(await rows()).toHaveLength(1);
    });

    it('refuses any other site as before, and links back to no stranger', async () => {
      const res = await h.app.request('/subscribe', form({ email: 'bea@example.com' }, { origin: STRANGER, referer: `${STRANGER}/` }));
      expect(res.status).toBe(403);
      expect(await rows()).toEqual([]);
      const ours = await h.app.request('/subscribe', form({ email: 'bea@example.com' }, { origin: 'https://course.example.com', referer: `${STRANGER}/x` }));
      expect(ours.status).toBe(200);
      expect(await ours.text()).not.toContain(STRANGER);
    });

    it('drops a source that is not a label, and never rewrites a subscriber’s first one', async () => {
      await h.app.request('/subscribe', form({ email: 'dee@example.com', source: 'https://her-practice.com/?ref=x' }, { origin: HER_SITE }));
      expect(await rows()).toEqual([{ email: 'dee@example.com', signup_source: null }]);
      await h.app.request('/subscribe', form({ email: 'eve@example.com', source: 'first' }, { origin: HER_SITE }));
      await h.app.request('/subscribe', form({ email: 'eve@example.com', source: 'second' }, { origin: HER_SITE }));
      expect((await rows()).find((r) => r.email === 'eve@example.com')!.signup_source).toBe('first');
    });
  });

  describe('POST /api/subscribers from the script on her site', () => {
    it('answers her origin’s preflight and post with CORS for that origin alone', async () => {
      const preflight = await h.app.request('/api/subscribers', {
        method: 'OPTIONS',
        headers: { origin: HER_SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(HER_SITE);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
      expect(preflight.headers.get('vary')).toContain('Origin');
      const res = await h.app.request('/api/subscribers', json({ email: 'fay@example.com', course: slug, source: 'sidebar' }, { origin: HER_SITE }));
      expect(res.status).toBe(202);
      expect(res.headers.get('access-control-allow-origin')).toBe(HER_SITE);
      expect(res.headers.get('vary')).toContain('Origin');
      expect(await rows()).toEqual([{ email: 'fay@example.com', signup_source: 'sidebar' }]);
      // An error is readable by her page too.
      const bad = await h.app.request('/api/subscribers', json({ email: 'nope' }, { origin: HER_SITE }));
      expect(bad.status).toBe(422);
      expect(bad.headers.get('access-control-allow-origin')).toBe(HER_SITE);
    });

    it('gives any other site no CORS, and refuses its post', async () => {
      const preflight = await h.app.request('/api/subscribers', { method: 'OPTIONS', headers: { origin: STRANGER, 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const res = await h.app.request('/api/subscribers', json({ email: 'gus@example.com' }, { origin: STRANGER }));
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await rows()).toEqual([]);
      // A program (no Origin) is no browser, and is answered as before.
      expect((await h.app.request('/api/subscribers', json({ email: 'gus@example.com' }))).status).toBe(202);
    });
  });

  it('counts signups per source for the dashboard', async () => {
    await h.app.request('/api/subscribers', json({ email: 'a@example.com', source: 'blog' }, { origin: HER_SITE }));
    await h.app.request('/api/subscribers', json({ email: 'b@example.com', source: 'blog' }, { origin: HER_SITE }));
    await h.app.request('/api/subscribers', json({ email: 'c@example.com' }));
    expect(await signupsBySource(h.ctx)).toEqual([
      { source: 'blog', signups: 2 },
      { source: null, signups: 1 },
    ]);
  });
});

describe('the signup guard, on every way in from her website', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { EMBED_ORIGINS: HER_SITE, SIGNUP_LIMIT_PER_ADDRESS: '1', ADMIN_PASSWORD: 'a long and gentle test password' } });
  });
  afterAll(async () => h?.close());

  it('spends one budget per address across the frame, the plain form and the script', async () => {
    const slug = h.ctx.catalog.main.slug;
    const first = await h.app.request(`/embed/${slug}`, form({ email: 'ana@example.com' }));
    expect(first.status).toBe(200);
    const framed = await h.app.request(`/embed/${slug}`, form({ email: 'ana@example.com' }));
    expect(framed.status).toBe(429);
    expect(framed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await h.app.request('/subscribe', form({ email: 'ana@example.com' }, { origin: HER_SITE }))).status).toBe(429);
    const api = await h.app.request('/api/subscribers', json({ email: 'ana@example.com' }, { origin: HER_SITE }));
    expect(api.status).toBe(429);
    expect(api.headers.get('access-control-allow-origin')).toBe(HER_SITE);
  });

  it('keeps the website page behind her login', async () => {
    const res = await h.app.request('/admin/course/website');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toContain('/admin/login');
    const post = await h.app.request('/admin/course/website/origins', form({ origins: 'https://x.example' }));
    expect([302, 303, 401, 403]).toContain(post.status);
    expect((await h.db.sql`select count(*)::int as n from dashboard_settings where key = 'embed_origins'`)[0]!.n).toBe(0);
  });
});

describe('a plain form whose script her site builder removed', () => {
  let h: Harness;
  const appOrigin = () => new URL(h.ctx.config.appUrl).origin;
  const zoneOf = (email: string) => h.db.sql<{ timezone: string }[]>`select timezone from subscribers where email = ${email}`.then((r) => r[0]?.timezone);
  const tokenIn = (page: string) => /id="late-timezone" data-token="([^"]+)"/.exec(page)?.[1];
  const sendZone = (body: unknown) => h.app.request('/api/subscribers/timezone', json(body, { origin: appOrigin() }));

  beforeAll(async () => {
    h = await createHarness({ env: { EMBED_ORIGINS: HER_SITE } });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  it('lets the "check your inbox" page send the browser’s timezone for the signup', async () => {
    const res = await h.app.request('/subscribe', form({ email: 'bea@example.com', course: h.ctx.catalog.main.slug, source: 'blog' }, { origin: HER_SITE }));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<script src="/assets/late-timezone.js"></script>');
    const token = tokenIn(page)!;
    expect(token).toBeTruthy();
    expect(await zoneOf('bea@example.com')).toBe('UTC');

    expect((await sendZone({ token, timezone: 'America/Chicago' })).status).toBe(204);
    expect(await zoneOf('bea@example.com')).toBe('America/Chicago');
    // Once she has a zone other than the default, the page's token does not move it again.
    expect((await sendZone({ token, timezone: 'Asia/Tokyo' })).status).toBe(204);
    expect(await zoneOf('bea@example.com')).toBe('America/Chicago');
  });

  it('asks a mom without scripts where she is, in a small form on the same page, and keeps her answer', async () => {
    const page = await (await h.app.request('/subscribe', form({ email: 'fay@example.com' }, { origin: HER_SITE }))).text();
    const noscript = page.slice(page.indexOf('<noscript>'), page.indexOf('</noscript>'));
    expect(noscript).toContain('action="/subscribe/timezone"');
    const token = tokenIn(page)!;
    expect(noscript).toContain(`name="token" value="${token}"`);
    expect(noscript).toContain('<select id="timezone-choice" name="timezone" required>');
    const saved = await h.app.request('/subscribe/timezone', { ...form({ token, timezone: 'America/Chicago' }, { origin: appOrigin() }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appOrigin(), accept: 'text/html' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('content-type')).toContain('text/html');
    expect(await zoneOf('fay@example.com')).toBe('America/Chicago');
    // Back to her site only: an address of another site, carried in the form, is not linked.
    const elsewhere = await h.app.request('/subscribe/timezone', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appOrigin(), accept: 'text/html' }, body: new URLSearchParams({ token, timezone: 'America/Chicago', back: `${STRANGER}/trap` }).toString() });
    expect(await elsewhere.text()).not.toContain(STRANGER);
    const home = await h.app.request('/subscribe/timezone', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appOrigin(), accept: 'text/html' }, body: new URLSearchParams({ token, timezone: 'America/Chicago', back: `${HER_SITE}/blog/post` }).toString() });
    expect(await home.text()).toContain(`href="${HER_SITE}/blog/post"`);
    // A forged token: a friendly page, nothing changed.
    const forged = await h.app.request('/subscribe/timezone', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appOrigin(), accept: 'text/html' }, body: new URLSearchParams({ token: `x${token}`, timezone: 'Asia/Tokyo' }).toString() });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('text/html');
    expect(await zoneOf('fay@example.com')).toBe('America/Chicago');
    // From another site: refused.
    const foreign = await h.app.request('/subscribe/timezone', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: STRANGER }, body: new URLSearchParams({ token, timezone: 'Asia/Tokyo' }).toString() });
    expect(foreign.status).toBe(403);
  });

  it('gives no such page when the form sent a timezone, and the same page for any address', async () => {
    const withZone = await h.app.request('/subscribe', form({ email: 'cy@example.com', timezone: 'Europe/Paris' }, { origin: HER_SITE }));
    expect(tokenIn(await withZone.text())).toBeUndefined();
    // An address already active gets the same page, token and all; the token changes nothing for her.
    await h.db.sql`insert into subscribers (email, status, confirmed_at) values ('dee@example.com', 'active', now())`;
    const active = await h.app.request('/subscribe', form({ email: 'dee@example.com' }, { origin: HER_SITE }));
    const token = tokenIn(await active.text())!;
    expect(token).toBeTruthy();
    expect((await sendZone({ token, timezone: 'Asia/Tokyo' })).status).toBe(204);
    expect(await zoneOf('dee@example.com')).toBe('UTC');
  });

  it('refuses a forged, expired or foreign token and a zone that is not one, changing nothing', async () => {
    const page = await (await h.app.request('/subscribe', form({ email: 'eve@example.com' }, { origin: HER_SITE }))).text();
    const token = tokenIn(page)!;
    const forged = await sendZone({ token: token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), timezone: 'Asia/Tokyo' });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.code).toBe('invalid_token');
    const bad = await sendZone({ token, timezone: 'Mars/Base' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('validation_failed');
    // From another site: a form or plain text is refused; JSON would need a preflight, given no yes.
    const plain = await h.app.request('/api/subscribers/timezone', { method: 'POST', headers: { 'content-type': 'text/plain', origin: STRANGER }, body: JSON.stringify({ token, timezone: 'Asia/Tokyo' }) });
    expect(plain.status).toBe(403);
    const preflight = await h.app.request('/api/subscribers/timezone', { method: 'OPTIONS', headers: { origin: STRANGER, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    h.clock.advance(61 * 60 * 1000);
    const late = await sendZone({ token, timezone: 'Asia/Tokyo' });
    expect(late.status).toBe(400);
    expect(await zoneOf('eve@example.com')).toBe('UTC');
  });
});
