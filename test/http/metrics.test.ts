import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/runtime/bootstrap.js';
import type { WorkerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import { serveMetrics } from '../../src/http/operator/metrics-server.js';
import { silentLogger } from '../../src/logger.js';
import { createProcessMetrics } from '../../src/metrics/process-metrics.js';
import { applyPendingEvents } from '../../src/delivery/provider-events/apply.js';
import { startWorkers, type RunningWorkers } from '../../workers/start.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { createHarness, type Harness } from '../support/harness.js';
import { parseScrape, type Scrape } from '../support/prometheus-text.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'metrics-token-metrics-token-1234';

/**
 * GET /metrics: who may read it, and that its figures move with a real send. The context is the
 * harness's with what bootstrap adds in a server process: this process's metrics, and a Resend
 * mailer (pointed at the fake) that reports its calls to them.
 */
describe('GET /metrics', () => {
  let h: Harness;
  let ctx: WorkerContext;
  let workers: RunningWorkers | null = null;

  beforeAll(async () => {
    h = await createHarness({ env: { METRICS_TOKEN: TOKEN } });
    const metrics = createProcessMetrics();
    ctx = { ...h.ctx, metrics, mailer: createMailer(h.ctx.config, h.ctx.db, silentLogger, metrics) };
  });
  afterAll(async () => {
    await workers?.close();
    await h?.close();
  });

  const scrape = async (app = createApp(ctx)): Promise<Scrape> => {
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseScrape(await res.text());
  };

  const observedCount = async (name: string, labels: Record<string, string>) => {
    const metric = await ctx.metrics!.registry.getSingleMetric(name)!.get();
    const values = metric.values as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
    return values.find((v) => v.metricName === `${name}_count` && Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  };

  describe('access', () => {
    it('refuses a request from elsewhere without the token, as JSON whatever it accepts', async () => {
      const app = createApp(ctx);
      const none = await app.request('/metrics', { headers: { accept: 'text/plain' } });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      const wrong = await app.request('/metrics', { headers: { authorization: 'Bearer not-the-metrics-token-at-all' } });
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe('unauthorized');
    });

    it('without METRICS_TOKEN, answers only this machine (403 for others)', async () => {
      const app = createApp({ ...ctx, config: { ...ctx.config, metricsToken: null } });
      const res = await app.request('/metrics', { headers: { authorization: 'Bearer anything-anything-anything' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('METRICS_TOKEN') } });
    });

    it('serves loopback without a token, but not what a proxy forwarded', async () => {
      const app = createApp({ ...ctx, config: { ...ctx.config, metricsToken: null } });
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((resolve) => server.once('listening', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      try {
        const local = await fetch(url);
        expect(local.status).toBe(200);
        expect(parseScrape(await local.text()).type('rmg_emails_total')).toBe('COUNTER');
        const forwarded = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9' } });
        expect(forwarded.status).toBe(403);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  it('shows the queues, and counts a real send: signup, provider calls with a 429, confirmation, lesson 1', async () => {
    const before = await scrape();
    for (const queue of ['dispatch', 'send']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(before.value('rmg_queue_jobs', { queue, state })).toBe(0);
    }
    expect(before.value('rmg_metrics_source_up', { source: 'postgres' })).toBe(1);
    expect(before.value('rmg_metrics_source_up', { source: 'redis' })).toBe(1);
    for (const kind of ['lesson', 'newsletter', 'confirmation', 'test']) expect(before.value('rmg_emails_total', { kind, status: 'sent' })).toBe(0);

    // The provider's first answer is a 429; the batch is sent on the next call.
    h.fake.behave([{ status: 429, retryAfter: 1 }]);
    const app = createApp(ctx);
    const signup = await app.request('/api/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'metrics-mom@example.com', firstName: 'Mia', timezone: 'UTC' }),
    });
    expect(signup.status).toBe(202);
    // Before any worker runs, the dispatcher's kick waits in its queue (kicks are coalesced, so it
    // may land a moment after the answer).
    const queued = await waitFor('the kick in the dispatch queue', async () => {
      const s = await scrape();
      return (s.value('rmg_queue_jobs', { queue: 'dispatch', state: 'waiting' }) ?? 0) > 0 && s;
    }, 5_000);
    expect(queued.value('rmg_signups_total', { outcome: 'accepted' })).toBe(1);

    workers = await startWorkers(ctx);
    const confirmation = await waitFor('the confirmation at the provider', () => h.fake.emails().find((e) => e.to === 'metrics-mom@example.com'), 20_000);
    const afterConfirmation = await waitFor('the confirmation counted as sent', async () => {
      const s = await scrape();
      return s.value('rmg_emails_total', { kind: 'confirmation', status: 'sent' }) === 1 && s;
    });
    expect(afterConfirmation.value('rmg_provider_calls_total', { outcome: 'rate_limited' })).toBe(1);
    expect(afterConfirmation.value('rmg_provider_calls_total', { outcome: 'sent' })).toBe(1);
    expect(afterConfirmation.type('rmg_provider_call_duration_seconds')).toBe('HISTOGRAM');
    expect(afterConfirmation.observations('rmg_provider_call_duration_seconds')).toBeGreaterThanOrEqual(1);
    expect(afterConfirmation.type('rmg_dispatch_duration_seconds')).toBe('HISTOGRAM');
    expect(afterConfirmation.observations('rmg_dispatch_duration_seconds')).toBeGreaterThanOrEqual(1);
    // Per outcome, from prom-client's own view of the same histogram.
    expect(await observedCount('rmg_provider_call_duration_seconds', { outcome: 'sent' })).toBe(1);
    expect(await observedCount('rmg_provider_call_duration_seconds', { outcome: 'rate_limited' })).toBe(1);

    const link = /https:\/\/course\.example\.com\/confirm\?token=[\w.-]+/.exec(confirmation.text ?? '')?.[0];
    expect(link).toBeDefined();
    const confirmed = await openConfirmationLink((url, init) => app.request(url, init), link!);
    expect(confirmed.status).toBe(200);
    // Both figures move for the lesson: Postgres's total and this process's count of provider
    // calls, each on its own path; wait for both rather than for one and then read the other.
    const afterLesson = await waitFor('lesson 1 counted as sent, and its provider call', async () => {
      const s = await scrape();
      return s.value('rmg_emails_total', { kind: 'lesson', status: 'sent' }) === 1 && (s.value('rmg_provider_calls_total', { outcome: 'sent' }) ?? 0) >= 2 && s;
    }, 20_000);
    expect(afterLesson.value('rmg_confirmations_total')).toBe(1);
    expect(afterLesson.value('rmg_provider_calls_total', { outcome: 'sent' })).toBe(2);
  }, 60_000);

  it('counts failed and cancelled emails by kind from running totals that an erasure does not lower', async () => {
    const [mom] = await h.db.sql<{ id: string }[]>`
      insert into subscribers (email, status) values ('totals-mom@example.com', 'active') returning id`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, template, due_at)
      values ('lesson', ${mom!.id}, 'a', now()), ('broadcast', ${mom!.id}, 'broadcast:1', now()), ('broadcast', ${mom!.id}, 'broadcast:1', now())`;
    const before = await scrape();
    await h.db.sql`update deliveries set status = 'failed' where subscriber_id = ${mom!.id} and kind = 'lesson'`;
    await h.db.sql`update deliveries set status = 'cancelled' where subscriber_id = ${mom!.id} and kind = 'broadcast'`;
    const after = await scrape();
    expect(after.value('rmg_emails_total', { kind: 'lesson', status: 'failed' })).toBe(before.value('rmg_emails_total', { kind: 'lesson', status: 'failed' })! + 1);
    expect(after.value('rmg_emails_total', { kind: 'newsletter', status: 'cancelled' })).toBe(before.value('rmg_emails_total', { kind: 'newsletter', status: 'cancelled' })! + 2);
    // A change that is not a change of status counts nothing.
    await h.db.sql`update deliveries set updated_at = now() where subscriber_id = ${mom!.id}`;
    await h.db.sql`delete from deliveries where subscriber_id = ${mom!.id}`;
    const erased = await scrape();
    expect(erased.value('rmg_emails_total', { kind: 'newsletter', status: 'cancelled' })).toBe(after.value('rmg_emails_total', { kind: 'newsletter', status: 'cancelled' }));
    expect(erased.value('rmg_emails_total', { kind: 'lesson', status: 'failed' })).toBe(after.value('rmg_emails_total', { kind: 'lesson', status: 'failed' }));
  });

  it('counts webhook events as they are applied', async () => {
    await h.db.sql`insert into provider_events (event_id, type, email_id) values ('msg_metrics_1', 'email.delivered', 'no-such-email')`;
    expect(await applyPendingEvents(ctx)).toBeGreaterThanOrEqual(1);
    const s = await scrape();
    expect(s.value('rmg_webhook_events_applied_total', { type: 'email.delivered' })).toBe(1);
  });

  it('a worker serves its own process metrics on METRICS_PORT, with the same access rule', async () => {
    const server = await serveMetrics(ctx.metrics!.registry, { port: 0, token: TOKEN, trustProxyHops: 0, logger: silentLogger });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      const s = parseScrape(await res.text());
      expect(s.value('rmg_provider_calls_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
      expect(s.type('process_cpu_user_seconds_total')).toBe('COUNTER');
      const wrong = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: 'Bearer wrong-wrong-wrong-wrong-wrong' } });
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
