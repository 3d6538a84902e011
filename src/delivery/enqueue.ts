import type { AppContext } from '../context.js';
import { jobPriority, sendJobId } from '../queue/queues.js';

/**
 * Puts send jobs in Redis for batches Postgres says are still to be sent and that no worker
 * holds. This is the reconciler: a batch whose job vanished (Redis flushed, worker killed)
 * gets a new one, and one whose job is still waiting, delayed or running is left alone.
 */
export async function enqueuePendingBatches(ctx: AppContext, now: Date, limit = 10_000): Promise<number> {
  const rows = await ctx.sql<{ id: string; attempts: number; broadcast: boolean }[]>`
    select id, attempts, broadcast_id is not null as broadcast from send_batches
    where status = 'pending'
      and (lease_until is null or lease_until < ${now})
      and (not_before is null or not_before <= ${now})
      -- Batches this very pass just materialised and handed over are already in Redis.
      and (enqueued_at is null or enqueued_at < ${now})
      -- A newsletter's batches only while it is sending: a paused one's wait in Postgres alone.
      and (broadcast_id is null or exists (select 1 from broadcasts b where b.id = send_batches.broadcast_id and b.status = 'sending'))
    order by id
    limit ${limit}`;
  if (rows.length === 0) return 0;
  const missing = await withoutJobs(ctx, rows.map((r) => ({ batchId: Number(r.id), attempts: r.attempts, broadcast: r.broadcast })));
  if (missing.length === 0) return 0;
  await enqueueBatches(ctx, missing);
  const ids = missing.map((b) => b.batchId);
  await ctx.sql`update send_batches set enqueued_at = ${now} where id = any(${ctx.sql.array(ids)}::bigint[])`;
  return ids.length;
}

/**
 * The batches that have no send job in Redis. Finished and failed send jobs are removed
 * (queues.ts), so a job's key exists exactly while it is waiting, delayed or running. Asking is
 * one pipelined EXISTS per batch; re-adding every pending batch on every tick, as a no-op add
 * per waiting job, plus rewriting their rows, was a few percent of the whole send path's CPU
 * with 100,000 emails queued behind each other.
 */
async function withoutJobs<Batch extends { batchId: number; attempts: number }>(ctx: Pick<AppContext, 'queues' | 'redis'>, batches: Batch[]) {
  const pipeline = ctx.redis.pipeline();
  for (const { batchId, attempts } of batches) pipeline.exists(ctx.queues.send.toKey(sendJobId(batchId, attempts)));
  const found = (await pipeline.exec()) ?? [];
  return batches.filter((_, i) => {
    const [error, exists] = found[i] ?? [null, 0];
    if (error) throw error;
    return exists === 0;
  });
}

export async function enqueueBatches(
  ctx: Pick<AppContext, 'queues'>,
  batches: Array<{ batchId: number; attempts: number; broadcast?: boolean }>,
): Promise<void> {
  for (let i = 0; i < batches.length; i += 1_000) {
    await ctx.queues.send.addBulk(
      batches.slice(i, i + 1_000).map(({ batchId, attempts, broadcast }) => ({
        name: 'send',
        data: { batchId },
        opts: { jobId: sendJobId(batchId, attempts), ...jobPriority(!!broadcast) },
      })),
    );
  }
}
