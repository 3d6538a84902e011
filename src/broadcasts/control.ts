import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { kickDispatcher } from '../queue/queues.js';
import { getBroadcast, type BroadcastStatus, type BroadcastSummary } from './query.js';

/**
 * Pause, resume and cancel change one row in Postgres; the send workers read it in the same
 * statement that claims a batch, so a pause holds within one batch's send, across restarts and
 * a Redis flush alike. A batch already handed to the provider when she pauses still goes out.
 */
export async function pauseBroadcast(ctx: AppContext, id: number): Promise<BroadcastSummary> {
  const now = ctx.clock.now();
  return change(ctx, id, 'pause', ['scheduled', 'sending'], async () => {
    await ctx.sql`update broadcasts set status = 'paused', paused_at = ${now}, updated_at = ${now} where id = ${id} and status in ('scheduled', 'sending')`;
  });
}

/** Back to `sending`, or to `scheduled` when its first email is not due yet. */
export async function resumeBroadcast(ctx: AppContext, id: number): Promise<BroadcastSummary> {
  const now = ctx.clock.now();
  const summary = await change(ctx, id, 'resume', ['paused'], async () => {
    await ctx.sql`
      update broadcasts set
        status = case when first_due_at <= ${now} then 'sending' else 'scheduled' end,
        started_at = case when first_due_at <= ${now} then coalesce(started_at, ${now}) else started_at end,
        paused_at = null, updated_at = ${now}
      where id = ${id} and status = 'paused'`;
  });
  await kickDispatcher(ctx.queues).catch((error) => ctx.logger.warn({ err: error }, 'could not wake the dispatcher; its next tick will'));
  return summary;
}

/** Everything not yet gone out is cancelled, in one transaction; what went out stays counted as sent. */
export async function cancelBroadcast(ctx: AppContext, id: number): Promise<BroadcastSummary> {
  const now = ctx.clock.now();
  return change(ctx, id, 'cancel', ['scheduled', 'sending', 'paused'], async () => {
    await ctx.sql.begin(async (tx) => {
      const [row] = await tx`
        update broadcasts set status = 'cancelled', finished_at = ${now}, updated_at = ${now}
        where id = ${id} and status in ('scheduled', 'sending', 'paused') returning id`;
      if (!row) return;
      // Batches before their deliveries: the order a worker recording a batch takes its locks in
      // (recordSent, markFailed), so a cancel during a send waits for it instead of deadlocking.
      await tx`update send_batches set status = 'cancelled' where broadcast_id = ${id} and status = 'pending'`;
      await tx`
        update deliveries set status = 'cancelled', error = 'the broadcast was cancelled', updated_at = ${now}
        where broadcast_id = ${id} and status = 'pending'`;
    });
  });
}

async function change(
  ctx: AppContext,
  id: number,
  verb: 'pause' | 'resume' | 'cancel',
  from: BroadcastStatus[],
  apply: () => Promise<void>,
): Promise<BroadcastSummary> {
  // Only its state is needed here; the counts come once, with the answer.
  const [before] = await ctx.sql<{ status: BroadcastStatus }[]>`select status from broadcasts where id = ${id}`;
  if (!before) throw new AppError('not_found', `There is no broadcast ${id}.`, { reason: 'broadcast_missing', details: { broadcastId: id } });
  if (!from.includes(before.status)) throw new AppError('conflict', `Broadcast ${id} is ${before.status}, so it cannot ${verb === 'cancel' ? 'be cancelled' : verb === 'pause' ? 'be paused' : 'resume'}.`, {
      reason: 'broadcast_state',
      details: { broadcastId: id, status: before.status },
    });
  await apply();
  const after = (await getBroadcast(ctx, id))!;
  // Someone else changed it between the two reads (a second command, the last batch going out).
  if (after.status === before.status) {
    throw new AppError('conflict', `Broadcast ${id} changed while this ran; it is ${after.status}.`, { reason: 'broadcast_changed', details: { broadcastId: id, status: after.status } });
  }
  return after;
}

