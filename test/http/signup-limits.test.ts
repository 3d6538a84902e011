import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { createHarness, rawRedis, TEST_REDIS_URL, type Harness } from '../support/harness.js';

const json = (body: Record<string, unknown>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});
const from = (forwardedFor: string) => ({ 'x-forwarded-for': forwardedFor });

describe('signup limits', () => {
  let h: Harness;
  let redis: Redis;
  let run = 0;
  /** Each test counts in keys of its own, as a fresh deployment would. */
  let prefix: string;

  /** An app over the harness's database and Redis with these limits. */
  const appWith = (config: Partial<Config>, ctx: Partial<AppContext> = {}) =>
    createApp({ ...h.ctx, ...ctx, config: { ...h.ctx.config, queuePrefix: prefix, ...config } });

  const counts = async () => {
    const [row] = await h.db.sql<{ subscribers: number; deliveries: number }[]>`
      select (select count(*)::int from subscribers) as subscribers, (select count(*)::int from deliveries) as deliveries`;
    return row!;
  };

  beforeAll(async () => {
    h = await createHarness();
    redis = rawRedis();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${h.prefix}-limits-*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await h?.close();
  });
  beforeEach(async () => {
    prefix = `${h.prefix}-limits-${++run}`;
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  it('lets the first signups of a 1,000-signup flood from one IP through, answers the rest 429 with retry-after, and writes and sends nothing for them', async () => {
    const app = appWith({ signupLimitPerIp: 20, signupLimitPerAddress: 5 });
    const answers: Response[] = [];
    // Fifty at a time, alternating the form and the JSON API: both spend the same budget.
    for (let start = 0; start < 1000; start += 50) {
      const wave = Array.from({ length: 50 }, (_, i) => {
        const email = `flood-${start + i}@example.com`;
        return (start + i) % 2 === 0 ? app.request('/api/subscribers', json({ email })) : app.request('/subscribe', form({ email, timezone: 'UTC' }));
      });
      answers.push(...(await Promise.all(wave)));
    }
    const ok = answers.filter((r) => r.status === 202 || r.status === 200);
    const limited = answers.filter((r) => r.status === 429);
    expect([ok.length, limited.length]).toEqual([20, 980]);
    for (const res of limited) {
      const seconds = Number(res.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(3000);
      expect(seconds).toBeLessThanOrEqual(3600);
    }
    expect(await counts()).toEqual({ subscribers: 20, deliveries: 20 });

    const api = limited.find((r) => r.headers.get('content-type')?.includes('json'))!;
    expect(await api.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many tries from here — please wait 60 minutes, then try again.' } });
    const page = limited.find((r) => r.headers.get('content-type')?.includes('text/html'))!;
    const html = await page.text();
    expect(html).toContain('Let’s take a short pause');
    expect(html).toContain('Too many tries from here — please wait 60 minutes, then try again.');
  });

  it('limits one address whichever IP it comes from, and answers its limit in JSON and on the page', async () => {
    const app = appWith({ signupLimitPerIp: 20, signupLimitPerAddress: 5, trustProxyHops: 1 });
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) statuses.push((await app.request('/api/subscribers', json({ email: 'Target@Example.com' }, from(`198.51.100.${i}`)))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    // The address is one budget however it is written.
    const page = await app.request('/subscribe', form({ email: ' target@example.COM ' }, from('198.51.100.99')));
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Too many tries for this address');
    expect(await counts()).toEqual({ subscribers: 1, deliveries: 1 });
    // Another address from one of those IPs is still welcome.
    expect((await app.request('/api/subscribers', json({ email: 'other@example.com' }, from('198.51.100.1')))).status).toBe(202);
  });

  it('turns each limit off with 0', async () => {
    const noIpLimit = appWith({ signupLimitPerIp: 0, signupLimitPerAddress: 5 });
    for (let i = 0; i < 30; i++) expect((await noIpLimit.request('/api/subscribers', json({ email: `many-${i}@example.com` }))).status).toBe(202);
    expect((await counts()).subscribers).toBe(30);

    prefix = `${prefix}-b`;
    const noAddressLimit = appWith({ signupLimitPerIp: 20, signupLimitPerAddress: 0, trustProxyHops: 1 });
    for (let i = 0; i < 10; i++) expect((await noAddressLimit.request('/api/subscribers', json({ email: 'same@example.com' }, from(`203.0.113.${i}`)))).status).toBe(202);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a spoofed header does not buy a fresh budget', async () => {
    const app = appWith({ signupLimitPerIp: 3, signupLimitPerAddress: 0, trustProxyHops: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request('/api/subscribers', json({ email: `spoof-${i}@example.com` }, from(`192.0.2.${i}`)))).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });

  it('with one trusted proxy, counts the right-most X-Forwarded-For entry, not what the client put before it', async () => {
    const app = appWith({ signupLimitPerIp: 3, signupLimitPerAddress: 0, trustProxyHops: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request('/api/subscribers', json({ email: `chain-${i}@example.com` }, from(`10.9.9.${i}, 203.0.113.7`)))).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    // A different client behind the same proxy has her own budget; so does a whole other /64.
    expect((await app.request('/api/subscribers', json({ email: 'next@example.com' }, from('203.0.113.8')))).status).toBe(202);
    for (let i = 0; i < 3; i++) await app.request('/api/subscribers', json({ email: `v6-${i}@example.com` }, from(`2001:db8:1:2::${i + 1}`)));
    expect((await app.request('/api/subscribers', json({ email: 'v6-3@example.com' }, from('2001:db8:1:2:ffff::9')))).status).toBe(429);
    expect((await app.request('/api/subscribers', json({ email: 'v6-4@example.com' }, from('2001:db8:1:3::1')))).status).toBe(202);
  });

  it('is one budget for two app instances over the same Redis, and keeps neither the address nor the IP there', async () => {
    const secondConnection = connectRedis(TEST_REDIS_URL);
    try {
      // A limiter on a connection not yet ready counts in memory (see the test below); a signup
      // takes a few milliseconds, less than a fresh connection may need.
      await secondConnection.ping();
      const limits = { signupLimitPerIp: 4, signupLimitPerAddress: 0, trustProxyHops: 1 };
      const first = appWith(limits);
      const second = appWith(limits, { redis: secondConnection });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const app = i % 2 === 0 ? first : second;
        statuses.push((await app.request('/api/subscribers', json({ email: `shared-${i}@example.com` }, from('198.51.100.77')))).status);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
      const keys = await redis.keys(`${prefix}:signup-limit:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).not.toContain('198.51.100.77');
        expect(key).not.toContain('example.com');
      }
    } finally {
      secondConnection.disconnect();
    }
  });

  it('counts in each process on its own when Redis is unreachable, says so in the log, and still signs her up', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const deadRedis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: null });
    try {
      const app = appWith({ signupLimitPerIp: 3, signupLimitPerAddress: 0 }, { redis: deadRedis, logger });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await app.request('/api/subscribers', json({ email: `offline-${i}@example.com` }))).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
      expect((await counts()).subscribers).toBe(3);
      expect(lines.filter((l) => l.includes('signup limits cannot reach Redis'))).toHaveLength(1);
    } finally {
      deadRedis.disconnect();
    }
  });

  describe('the honeypot', () => {
    it('answers a filled-in form exactly as a real signup, and writes nothing', async () => {
      const app = appWith({ signupLimitPerIp: 20, signupLimitPerAddress: 5 });
      const trapped = await app.request('/subscribe', form({ email: 'bot@example.com', timezone: 'UTC', website: 'http://spam.example' }));
      expect(trapped.status).toBe(200);
      const trappedPage = await trapped.text();
      expect(await counts()).toEqual({ subscribers: 0, deliveries: 0 });

      const real = await app.request('/subscribe', form({ email: 'bot@example.com', timezone: 'UTC', website: '' }));
      expect(real.status).toBe(200);
      expect(await real.text()).toBe(trappedPage);
      expect(await counts()).toEqual({ subscribers: 1, deliveries: 1 });
    });

    it('answers a filled-in JSON field with the usual 202, and writes nothing', async () => {
      const app = appWith({ signupLimitPerIp: 20, signupLimitPerAddress: 5 });
      const res = await app.request('/api/subscribers', json({ email: 'bot@example.com', website: 'x' }));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'pending_confirmation' });
      expect(await counts()).toEqual({ subscribers: 0, deliveries: 0 });
      expect((await app.request('/api/subscribers', json({ email: 'human@example.com', website: '' }))).status).toBe(202);
      expect((await counts()).subscribers).toBe(1);
    });
  });
});
