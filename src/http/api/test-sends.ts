import { Hono } from 'hono';
import { z } from 'zod';
import type { WorkerContext } from '../../context.js';
import { sendTestEmail } from '../../delivery/send-test.js';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';

const body = z.object({ target: z.string().min(1).max(500), email: z.string().max(254) });

/** POST /api/admin/test-sends `{ target, email }`: the same use case as `cli send-test`. */
export function testSendsRoute(ctx: WorkerContext) {
  return new Hono<HonoEnv>().post('/test-sends', async (c) => {
    const parsed = body.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw new AppError('validation_failed', 'Send JSON like {"target": "what-mom-guilt-is", "email": "you@example.com"}.');
    const sent = await sendTestEmail(ctx, parsed.data);
    return c.json(sent, 201);
  });
}
