import type postgres from 'postgres';
import type { AppContext } from '../context.js';
import { cancelPendingDeliveries } from './cancel-pending.js';
import { AppError } from '../errors.js';
import { verifyToken } from '../tokens.js';

/**
 * Stops everything for her at once: the subscriber row, every enrollment and every delivery
 * not yet handed to the provider. The send path re-reads her status right before each
 * provider call too, so a batch already queued in Redis skips her as well.
 */
export async function unsubscribe(ctx: AppContext, token: string): Promise<void> {
  const now = ctx.clock.now();
  const subscriberId = verifyToken(ctx.config.secret, 'unsubscribe', token, now);
  if (subscriberId === null) throw new AppError('invalid_token', 'This unsubscribe link is not valid.');
  await ctx.sql.begin((tx) => unsubscribeSubscriber(tx, subscriberId, now));
}

/** The same, inside a transaction of the caller's (her preference page's "unsubscribe from everything"). */
export async function unsubscribeSubscriber(tx: postgres.TransactionSql, subscriberId: number, now: Date): Promise<void> {
  const [changed] = await tx`
    update subscribers set status = 'unsubscribed', unsubscribed_at = ${now}, updated_at = ${now}
    where id = ${subscriberId} and status in ('pending', 'active')
    returning id`;
  await tx`
    update enrollments set status = 'cancelled', next_due_at = null, updated_at = ${now}
    where subscriber_id = ${subscriberId} and status in ('active', 'paused')`;
  await cancelPendingDeliveries(tx, { subscriberId, reason: 'unsubscribed', now });
  if (changed) await tx`insert into subscriber_events (subscriber_id, type, created_at) values (${subscriberId}, 'unsubscribed', ${now})`;
}
