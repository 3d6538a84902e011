import { Hono } from 'hono';
import type { HonoEnv } from '../env.js';

const TIMEOUT_MS = 1_500;

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
  ]);
}

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await within(probe());
    return 'ok';
  } catch {
    return 'down';
  }
}

export const health = new Hono<HonoEnv>().get('/health', async (c) => {
  const ctx = c.var.ctx;
  const [db, redis] = await Promise.all([
    check(() => ctx.sql`select 1`),
    check(() => ctx.redis.ping()),
  ]);
  const ok = db === 'ok' && redis === 'ok';
  return c.json({ status: ok ? 'ok' : 'degraded', db, redis }, ok ? 200 : 503);
});
