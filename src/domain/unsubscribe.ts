import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { verifyToken } from './tokens.js';

/**
 * Stops everything for her at once: the subscriber row, every enrollment and every delivery
 * not yet handed to the provider. The send path re-reads her status right before each
 * provider call too, so a batch already queued in Redis skips her as well.
 */
export async function unsubscribe(ctx: AppContext, token: string): Promise<void> {
  const now = ctx.clock.now();
  const subscriberId = verifyToken(ctx.config.secret, 'unsubscribe', token, now);
  if (subscriberId === null) throw new AppError('invalid_token', 'This unsubscribe link is not valid.');

  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      update subscribers set status = 'unsubscribed', unsubscribed_at = ${now}, updated_at = ${now}
      where id = ${subscriberId} and status in ('pending', 'active')`);
    await tx.execute(sql`
      update enrollments set status = 'cancelled', next_due_at = null, updated_at = ${now}
      where subscriber_id = ${subscriberId} and status = 'active'`);
    await tx.execute(sql`
      update deliveries set status = 'cancelled', error = 'unsubscribed', updated_at = ${now}
      where subscriber_id = ${subscriberId} and status = 'pending'`);
  });
}
