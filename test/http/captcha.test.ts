import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { verifyCaptcha } from '../../src/subscribers/captcha.js';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { createHarness, type Harness } from '../support/harness.js';

const json = (body: Record<string, unknown>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  body: new URLSearchParams(fields).toString(),
});

describe('CAPTCHA=altcha', () => {
  let h: Harness;
  const counts = async () => {
    const [row] = await h.db.sql<{ subscribers: number; deliveries: number }[]>`
      select (select count(*)::int from subscribers) as subscribers, (select count(*)::int from deliveries) as deliveries`;
    return row!;
  };

  /** What the widget does in her browser: fetch the app's challenge, solve it, encode the answer. */
  const solved = async (): Promise<string> => {
    const res = await h.app.request('/altcha/challenge');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const challenge = (await res.json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  };

  beforeAll(async () => {
    h = await createHarness({ env: { CAPTCHA: 'altcha' } });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  it('refuses a signup without an answer, by form and by API, and writes nothing', async () => {
    const api = await h.app.request('/api/subscribers', json({ email: 'no-answer@example.com' }));
    expect(api.status).toBe(403);
    expect(await api.json()).toMatchObject({ error: { code: 'captcha_failed', reason: 'missing', message: expect.any(String) } });

    const page = await h.app.request('/subscribe', form({ email: 'no-answer@example.com', timezone: 'UTC' }));
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('I’m not a robot');
    expect(html).toContain('href="/#signup"');
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0 });
  });

  it('keeps the check on her website’s forms: the framed form carries the widget and needs an answer; the script draws that frame', async () => {
    const slug = h.ctx.catalog.main.slug;
    const page = await (await h.app.request(`/embed/${slug}?source=blog`)).text();
    expect(page).toContain('<altcha-widget');
    const refused = await h.app.request(`/embed/${slug}`, form({ email: 'framed@example.com', timezone: 'UTC', source: 'blog' }));
    expect(refused.status).toBe(403);
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0 });
    const accepted = await h.app.request(`/embed/${slug}`, form({ email: 'framed@example.com', timezone: 'UTC', source: 'blog', altcha: await solved() }));
    expect(accepted.status).toBe(200);
    const [row] = await h.db.sql<{ signup_source: string }[]>`select signup_source from subscribers where email = 'framed@example.com'`;
    expect(row!.signup_source).toBe('blog');
    // Her page's own origin cannot run the check's worker: the script puts the app's frame there.
    const script = await (await h.app.request(`/embed/${slug}.js`)).text();
    expect(script).toContain(`/embed/${slug}`);
    expect(script).toContain("createElement('iframe')");
    expect(script).not.toContain('/api/subscribers');
  });

  it('refuses a forged or tampered answer and writes nothing', async () => {
    const good = JSON.parse(Buffer.from(await solved(), 'base64').toString()) as { challenge: Challenge; solution: { derivedKey: string } };
    const key = good.solution.derivedKey;
    const tampered = { ...good, solution: { ...good.solution, derivedKey: `${key[0] === '0' ? '1' : '0'}${key.slice(1)}` } };
    for (const altcha of ['not base64 json', Buffer.from(JSON.stringify(tampered)).toString('base64'), Buffer.from('{"challenge":1}').toString('base64')]) {
      const res = await h.app.request('/api/subscribers', json({ email: 'forged@example.com', altcha }));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'captcha_failed', reason: 'invalid' } });
    }
    expect(await counts()).toEqual({ subscribers: 0, deliveries: 0 });
  });

  it('accepts an answer to the app’s own challenge once, and refuses the same answer the second time', async () => {
    const altcha = await solved();
    const first = await h.app.request('/api/subscribers', json({ email: 'solver@example.com', altcha }));
    expect(first.status).toBe(202);
    const again = await h.app.request('/api/subscribers', json({ email: 'another@example.com', altcha }));
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error: { code: 'captcha_failed', reason: 'reused' } });
    const rows = await h.db.sql<{ email: string }[]>`select email from subscribers`;
    expect(rows.map((r) => r.email)).toEqual(['solver@example.com']);
  });

  it('still counts an answer once while Redis cannot be reached: Postgres keeps it, for every web process', async () => {
    // Real clients to a port where no Redis listens: every command fails at once, as in an outage.
    const port = await findFreePort();
    const unreachable = () => {
      const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      return client;
    };
    const [one, two] = [unreachable(), unreachable()];
    const warnings: string[] = [];
    const logger = { ...h.ctx.logger, warn: (_: unknown, message: string) => void warnings.push(message) } as typeof h.ctx.logger;
    // Two web processes: each its own Redis client, one Postgres between them.
    const first = { config: h.ctx.config, redis: one, logger, sql: h.ctx.sql };
    const second = { config: h.ctx.config, redis: two, logger, sql: h.ctx.sql };
    try {
      await h.db.sql`insert into captcha_spent (nonce, expires_at) values ('long-expired', now() - interval '1 hour')`;
      const altcha = await solved();
      await expect(verifyCaptcha(first, altcha)).resolves.toBeUndefined();
      await expect(verifyCaptcha(first, altcha)).rejects.toMatchObject({ code: 'captcha_failed', reason: 'reused' });
      await expect(verifyCaptcha(second, altcha)).rejects.toMatchObject({ code: 'captcha_failed', reason: 'reused' });
      expect(warnings[0]).toMatch(/cannot reach Redis/);
      // Another answer is its own, and is taken; expired rows are gone, the live ones stay until they expire.
      await expect(verifyCaptcha(second, await solved())).resolves.toBeUndefined();
      const rows = await h.db.sql<{ nonce: string; live: boolean }[]>`select nonce, expires_at > now() as live from captcha_spent`;
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.live)).toBe(true);
    } finally {
      one.disconnect();
      two.disconnect();
    }
  });

  it('accepts the form with the widget’s field, and shows the check-your-inbox page', async () => {
    const res = await h.app.request('/subscribe', form({ email: 'form@example.com', timezone: 'UTC', altcha: await solved() }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your inbox');
    expect(await counts()).toEqual({ subscribers: 1, deliveries: 1 });
  });

  it('signs challenges with a key derived from SECRET, never SECRET itself', async () => {
    const challenge = (await (await h.app.request('/altcha/challenge')).json()) as Challenge;
    const { createHmac } = await import('node:crypto');
    const { canonicalJSON } = await import('../../node_modules/altcha-lib/dist/esm/v2/helpers.js');
    const withSecret = createHmac('sha256', h.ctx.config.secret).update(canonicalJSON(challenge.parameters)).digest('hex');
    expect(challenge.signature).toBeTruthy();
    expect(challenge.signature).not.toBe(withSecret);
  });

  it('puts the widget, its script and a no-script note in the landing form, and serves the files for a year', async () => {
    const html = await (await h.app.request('/')).text();
    const script = /<script src="(\/assets\/altcha\/[0-9a-f]+\/widget\.js)" defer><\/script>/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).toMatch(/<altcha-widget challenge="\/altcha\/challenge" name="altcha"/);
    expect(html).toMatch(/<noscript><p class="alert">This form needs JavaScript switched on/);
    const res = await h.app.request(script!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await res.text();
    expect(body).toContain('customElements.define("altcha-widget"');
    const worker = /new Worker\("([^"]+)"\)/.exec(body)?.[1];
    expect((await h.app.request(worker!)).status).toBe(200);
    expect((await h.app.request('/assets/altcha/000000000000/widget.js')).status).toBe(404);
    // The page's policy stays as strict as before: scripts from this origin only.
    expect((await h.app.request('/')).headers.get('content-security-policy')).toContain("script-src 'self';");
  });
});

describe('CAPTCHA off (the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('has no challenge route, no widget in the form, and takes a signup without an answer', async () => {
    expect((await h.app.request('/altcha/challenge')).status).toBe(404);
    expect(await (await h.app.request('/')).text()).not.toContain('altcha');
    expect((await h.app.request('/api/subscribers', json({ email: 'plain@example.com' }))).status).toBe(202);
  });
});

describe('the CAPTCHA setting', () => {
  it('takes altcha, off or nothing, and refuses anything else by name', () => {
    const base = { NODE_ENV: 'test', SECRET: 'test-secret-test-secret-test-secret-1234', DATA_DIR: '/tmp/rmg-test-data' };
    expect(loadConfig({ ...base, CAPTCHA: 'altcha' }).captcha).toBe('altcha');
    expect(loadConfig({ ...base, CAPTCHA: 'off' }).captcha).toBeNull();
    expect(loadConfig(base).captcha).toBeNull();
    expect(() => loadConfig({ ...base, CAPTCHA: 'recaptcha' })).toThrow(/CAPTCHA must be altcha or off \(off when unset\), not "recaptcha"/);
  });
});
