import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { Registry } from 'prom-client';
import { AppError } from '../../errors.js';

export interface MetricsAccess {
  /** METRICS_TOKEN: a scraper elsewhere sends it as a bearer token. */
  token: string | null;
  /** TRUST_PROXY: with a proxy in front, a loopback peer is that proxy, so it proves nothing. */
  trustProxyHops: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A request from this very machine: its socket's peer is loopback, no proxy of ours stands in
 * front (TRUST_PROXY is off), and it carries no forwarding header, which a proxy on this
 * machine that nobody declared would add. Tests' app.request() has no socket: not loopback.
 */
function fromThisMachine(c: Context, trustProxyHops: number): boolean {
  if (trustProxyHops > 0 || c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    return false;
  }
}

/** What stops a request, or null when it may read the figures. */
function refusal(c: Context, access: MetricsAccess): AppError | null {
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (access.token && given !== undefined && timingSafeEqual(digest(access.token), digest(given))) return null;
  if (given === undefined && fromThisMachine(c, access.trustProxyHops)) return null;
  if (!access.token) return new AppError('forbidden', 'The metrics are served to this machine only. Set METRICS_TOKEN to scrape them from elsewhere.');
  return new AppError('unauthorized', 'This needs the metrics token: send it as "Authorization: Bearer <METRICS_TOKEN>".');
}

/**
 * GET /metrics in Prometheus's text format, for a scraper on this machine or one that brings
 * METRICS_TOKEN. A wrong token is refused even from loopback, so a misconfigured scraper hears
 * about it. Refusals are JSON whatever the Accept header: whoever reads them is a program.
 */
export function metricsRoute(registry: Registry, access: MetricsAccess): Hono {
  return new Hono().get('/metrics', async (c) => {
    const refused = refusal(c, access);
    if (refused) {
      if (refused.code === 'unauthorized') c.header('www-authenticate', 'Bearer');
      return c.json(refused.toJSON(), refused.status);
    }
    c.header('content-type', registry.contentType);
    c.header('cache-control', 'no-store');
    return c.body(await registry.metrics());
  });
}
