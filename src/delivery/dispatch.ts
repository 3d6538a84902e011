import type { AppContext } from '../context.js';
import { refreshContent } from '../courses/stored-content.js';
import { advanceBroadcasts } from './broadcast-progress.js';
import { applyPendingEvents, pruneProviderEvents } from './provider-events/apply.js';
import { enqueueBatches, enqueuePendingBatches } from './enqueue.js';
import { materializeDueLessons } from './materialize.js';

export interface DispatchResult {
  batchesCreated: number;
  batchesEnqueued: number;
}

/**
 * One pass of the dispatcher: materialise everything that is due, chunk by chunk, handing
 * each chunk's batches to the send queue at once so sending starts while later chunks are
 * still being written; then re-enqueue any pending batch whose job went missing.
 */
export async function dispatchDue(ctx: AppContext): Promise<DispatchResult> {
  await refreshContent(ctx);
  const now = ctx.clock.now();
  let batchesCreated = 0;
  const chunkLimit = 5_000;
  for (;;) {
    const { batchIds, taken } = await materializeDueLessons(ctx, now, chunkLimit);
    batchesCreated += batchIds.length;
    if (batchIds.length > 0) await enqueueBatches(ctx, batchIds.map((batchId) => ({ batchId, attempts: 0 })));
    if (taken < chunkLimit) break;
  }
  // Newsletters due now start (also those that fell due while the workers were down), before the
  // reconciler looks for batches to hand over; a newsletter's batches are never materialised
  // here, they were written when it was created.
  await advanceBroadcasts(ctx, now);
  const batchesEnqueued = await enqueuePendingBatches(ctx, now);
  // Webhook events the web process stored but did not get to apply (it stopped, or is slow).
  await applyPendingEvents(ctx);
  await pruneProviderEvents(ctx);
  return { batchesCreated, batchesEnqueued };
}
