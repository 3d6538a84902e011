import { createHash } from 'node:crypto';
import { Resend } from 'resend';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** The few fields kept of an event; everything else in it is dropped unread. */
const eventShape = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      bounce: z.object({ type: z.string().max(100).optional(), subType: z.string().max(100).optional(), message: z.string().max(2_000).optional() }).optional(),
      // Of a click, only when it happened: never the link, the IP address or the user agent.
      click: z.object({ timestamp: z.string().max(64).optional() }).optional(),
    })
    .passthrough()
    .optional(),
});

/**
 * A Resend webhook call: the signature is checked over the raw body with the SDK's
 * `webhooks.verify` (Standard Webhooks, as Svix signs them; it refuses a timestamp more than five
 * minutes off), then the event is stored once under its svix id. The caller acknowledges and
 * applies it afterwards (apply.ts), so a slow apply never makes Resend retry.
 */
export async function receiveResendEvent(
  ctx: Pick<AppContext, 'sql' | 'clock' | 'config'>,
  secret: string,
  payload: string,
  headers: WebhookHeaders,
): Promise<{ stored: boolean; id: number | null }> {
  if (!headers.id || !headers.timestamp || !headers.signature) {
    throw new AppError('unauthorized', 'This webhook call is not signed: the svix-id, svix-timestamp and svix-signature headers are missing.');
  }
  let event: unknown;
  try {
    // No API key is needed to verify; the client is only the SDK's way in to the verifier.
    event = new Resend(ctx.config.resendApiKey ?? 're_webhook_verification').webhooks.verify({
      payload,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: secret,
    });
  } catch (error) {
    // The signature held but the body is not JSON: a broken sender, not a forger.
    if (error instanceof SyntaxError) throw new AppError('invalid_request', 'The webhook body is not valid JSON.');
    throw new AppError('unauthorized', 'The webhook signature or its timestamp does not check out.');
  }
  const parsed = eventShape.safeParse(event);
  if (!parsed.success) throw new AppError('invalid_request', 'The webhook body is not a Resend event (it needs a "type").');
  const { type, created_at: createdAt, data } = parsed.data;
  // A click's own timestamp is the moment of the click, which the burst rule needs to the
  // millisecond; the event's created_at is when Resend wrote the event down.
  const occurredAt = timeOf(data?.click?.timestamp) ?? timeOf(createdAt);
  const [row] = await ctx.sql<{ id: string }[]>`
    insert into provider_events (event_id, type, email_id, occurred_at, bounce_type, bounce_subtype, bounce_message, received_at)
    values (${eventKey(headers.id)}, ${type}, ${data?.email_id ?? null}, ${occurredAt}, ${data?.bounce?.type ?? null},
            ${data?.bounce?.subType ?? null}, ${data?.bounce?.message ?? null}, ${ctx.clock.now()})
    on conflict (event_id) do nothing
    returning id`;
  return row ? { stored: true, id: Number(row.id) } : { stored: false, id: null };
}

/**
 * The de-duplication key: the whole svix id. Cutting a long one short would make two events that
 * share their first 200 characters one, and the second would be dropped as a repeat; a long one
 * is kept as its hash instead, which is as unique and fits the column.
 */
export function eventKey(svixId: string): string {
  return svixId.length <= 200 ? svixId : `sha256:${createHash('sha256').update(svixId).digest('base64url')}`;
}

const timeOf = (value: string | undefined) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value) : null);
