import { createHmac } from 'node:crypto';
import type postgres from 'postgres';

export type SuppressionReason = 'hard_bounce' | 'soft_bounces' | 'complaint' | 'provider_suppressed';

/**
 * The suppression list's key for an address: HMAC-SHA256 under SECRET of the lower-cased
 * address. Keyed, so the list cannot be reversed with a dictionary of addresses; a hash, so it
 * keeps working after her personal data is erased.
 */
export function emailHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`suppression:${email.trim().toLowerCase()}`).digest('hex');
}

/**
 * Never email her again: her status says why (every send re-reads it right before the provider
 * call), her enrollments stop, whatever is still waiting for her is cancelled, and her address
 * goes on the suppression list with the reason and the event that caused it. One transaction.
 */
export async function suppressSubscriber(
  tx: postgres.TransactionSql,
  options: { subscriberId: number; email: string; reason: SuppressionReason; sourceEventId: number | null; now: Date; secret: string },
): Promise<void> {
  const { subscriberId, reason, now } = options;
  const status = reason === 'complaint' ? 'complained' : 'bounced';
  await tx`
    update subscribers set status = ${status}, suppressed_at = coalesce(suppressed_at, ${now}), updated_at = ${now}
    where id = ${subscriberId} and (status <> 'complained' or ${status} = 'complained')`;
  await tx`
    update enrollments set status = 'cancelled', next_due_at = null, updated_at = ${now}
    where subscriber_id = ${subscriberId} and status in ('active', 'pending')`;
  // Deliveries have no index by subscriber (it would cost every row of the 8:00 burst), but a
  // pending delivery is always in a pending batch: found through those, as few as are waiting.
  // The send-time re-check would cancel them anyway; this makes the counts say so at once.
  await tx`
    update deliveries d set status = 'cancelled', error = ${`recipient suppressed: ${reason.replace('_', ' ')}`}, updated_at = ${now}
    from send_batches b
    where b.status = 'pending' and d.batch_id = b.id and d.subscriber_id = ${subscriberId} and d.status = 'pending'`;
  await tx`
    insert into suppressions (email_hash, reason, source_event_id, created_at)
    values (${emailHash(options.secret, options.email)}, ${reason}, ${options.sourceEventId}, ${now})
    on conflict (email_hash) do nothing`;
}
