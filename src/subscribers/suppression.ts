import { createHmac } from 'node:crypto';
import type postgres from 'postgres';
import { cancelPendingDeliveries } from './cancel-pending.js';

export type SuppressionReason = 'hard_bounce' | 'soft_bounces' | 'complaint' | 'provider_suppressed';

/**
 * An import from another tool whose file says she unsubscribed, bounced or complained there. Her
 * address was never on this list; the hash keeps every import from adding her, while her own
 * signup still may, with her own confirmation (which takes the hash off, as for an erasure).
 */
export type ImportedSuppression = 'imported_unsubscribed' | 'imported_bounced' | 'imported_complained';
export const IMPORTED_SUPPRESSIONS: readonly ImportedSuppression[] = ['imported_unsubscribed', 'imported_bounced', 'imported_complained'];

/** Every reason an address is on the suppression list; `erased`: she deleted herself. */
export type SuppressionListReason = SuppressionReason | ImportedSuppression | 'erased';

/** Suppressed for a reason that means her mailbox must never be written to again (not an erasure). */
export const DELIVERY_SUPPRESSIONS: readonly SuppressionReason[] = ['hard_bounce', 'soft_bounces', 'complaint', 'provider_suppressed'];

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
    where subscriber_id = ${subscriberId} and status in ('active', 'paused', 'pending')`;
  await cancelPendingDeliveries(tx, { subscriberId, reason: `recipient suppressed: ${reason.replace('_', ' ')}`, now });
  await tx`
    insert into suppressions (email_hash, reason, source_event_id, created_at)
    values (${emailHash(options.secret, options.email)}, ${reason}, ${options.sourceEventId}, ${now})
    on conflict (email_hash) do nothing`;
}
