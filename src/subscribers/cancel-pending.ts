import type postgres from 'postgres';

type Tx = postgres.TransactionSql | postgres.Sql;

/**
 * Cancels her emails that are still waiting, with `reason` as their error: every one, or only a
 * course's lessons (`enrollmentId`), or only newsletters (`kind`). Deliveries have no index by
 * subscriber (it would cost every row of the 8:00 burst), but a waiting delivery is always in a
 * pending batch, so they are found through those, as few as are waiting. The send path re-reads
 * her status right before the provider call as well; this makes the counts say so at once.
 */
export async function cancelPendingDeliveries(
  tx: Tx,
  options: { subscriberId: number; reason: string; now: Date; enrollmentId?: number; kind?: 'broadcast' },
): Promise<number> {
  const { subscriberId, reason, now } = options;
  const rows = await tx`
    update deliveries d set status = 'cancelled', error = ${reason}, updated_at = ${now}
    from send_batches b
    where b.status = 'pending' and d.batch_id = b.id and d.subscriber_id = ${subscriberId} and d.status = 'pending'
      ${options.enrollmentId !== undefined ? tx`and d.enrollment_id = ${options.enrollmentId}` : tx``}
      ${options.kind !== undefined ? tx`and d.kind = ${options.kind}` : tx``}`;
  return rows.count;
}
