import type { AppContext } from '../context.js';
import { sendJobId } from '../queue/queues.js';

/**
 * Puts send jobs in Redis for batches Postgres says are still to be sent and that no worker
 * holds. This is both the normal hand-off after materialising and the reconciler: the job id
 * is derived from the batch, so re-adding a batch that is already waiting is a no-op, while a
 * batch whose job vanished (Redis flushed, worker killed) gets a new one.
 */
export async function enqueuePendingBatches(ctx: AppContext, now: Date, limit = 10_000): Promise<number> {
  const rows = await ctx.sql<{ id: string; attempts: number }[]>`
    select id, attempts from send_batches
    where status = 'pending'
      and (lease_until is null or lease_until < ${now})
      and (not_before is null or not_before <= ${now})
      -- Batches this very pass just materialised and handed over are already in Redis.
      and (enqueued_at is null or enqueued_at < ${now})
    order by id
    limit ${limit}`;
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => Number(r.id));
  await enqueueBatches(
    ctx,
    rows.map((r) => ({ batchId: Number(r.id), attempts: r.attempts })),
  );
  await ctx.sql`update send_batches set enqueued_at = ${now} where id = any(${ctx.sql.array(ids)}::bigint[])`;
  return ids.length;
}

export async function enqueueBatches(
  ctx: Pick<AppContext, 'queues'>,
  batches: Array<{ batchId: number; attempts: number }>,
): Promise<void> {
  for (let i = 0; i < batches.length; i += 1_000) {
    await ctx.queues.send.addBulk(
      batches.slice(i, i + 1_000).map(({ batchId, attempts }) => ({
        name: 'send',
        data: { batchId },
        opts: { jobId: sendJobId(batchId, attempts) },
      })),
    );
  }
}
