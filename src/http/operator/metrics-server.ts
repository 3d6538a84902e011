import { serve } from '@hono/node-server';
import type { Registry } from 'prom-client';
import type { Logger } from '../../logger.js';
import { metricsRoute, type MetricsAccess } from './metrics.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A worker's own /metrics, on METRICS_PORT: what only that process can measure (provider calls
 * and their latency, the dispatcher's ticks). The same access rule as the web process's.
 */
export function serveMetrics(registry: Registry, options: MetricsAccess & { port: number; logger: Logger }): Promise<MetricsServer> {
  const app = metricsRoute(registry, options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: '0.0.0.0' }, (info) => {
      options.logger.info({ port: info.port }, 'metrics served at /metrics');
      resolve({ port: info.port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
    server.once('error', reject);
  });
}
