import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { applyPendingEvents } from '../delivery/provider-events/apply.js';
import { receiveResendEvent } from '../delivery/provider-events/receive.js';
import type { HonoEnv } from './env.js';

export const RESEND_WEBHOOK_PATH = '/webhooks/resend';

/**
 * POST /webhooks/resend: stored once under its svix id, acknowledged, then applied. The apply
 * runs after the answer has gone; if this process dies first, the dispatcher's next tick applies
 * it (applied_at is null until then).
 */
export function resendWebhook(ctx: AppContext, secret: string) {
  let applying: Promise<unknown> | null = null;
  const applySoon = () => {
    applying ??= applyPendingEvents(ctx)
      .catch((error) => ctx.logger.warn({ err: error }, 'could not apply webhook events; the dispatcher will'))
      .finally(() => (applying = null));
  };
  return new Hono<HonoEnv>().post(RESEND_WEBHOOK_PATH, async (c) => {
    const payload = await c.req.text();
    const result = await receiveResendEvent(ctx, secret, payload, {
      id: c.req.header('svix-id'),
      timestamp: c.req.header('svix-timestamp'),
      signature: c.req.header('svix-signature'),
    });
    if (result.stored) setImmediate(applySoon);
    return c.json({ received: true, duplicate: !result.stored }, 200);
  });
}
