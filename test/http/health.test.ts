import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('GET /health', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('is 200 with db and redis ok when both answer', async () => {
    const res = await h.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  it('is 503 and names Redis when Redis does not answer', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on('error', () => {});
    const app = createApp({ ...h.ctx, redis: deadRedis });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', db: 'ok', redis: 'down' });
    deadRedis.disconnect();
  });

  it('is 503 and names the database when Postgres does not answer', async () => {
    const deadSql = postgres('postgres://postgres@127.0.0.1:1/none', { max: 1, connect_timeout: 1 });
    const app = createApp({ ...h.ctx, sql: deadSql });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', db: 'down', redis: 'ok' });
    await deadSql.end({ timeout: 0 });
  });
});
