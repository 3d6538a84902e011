import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppContext } from '../src/context.js';
import { dispatchDue } from '../src/delivery/dispatch.js';
import { QUEUES, type DispatchJob } from '../src/queue/queues.js';

/**
 * Runs the dispatcher for ticks of the job scheduler and for kicks. One at a time per process;
 * several processes may run it together, since Postgres row locks split the due set.
 */
export function createDispatchWorker(
  ctx: AppContext,
  options: { connection: ConnectionOptions; prefix: string },
): Worker<DispatchJob> {
  const worker = new Worker<DispatchJob>(
    QUEUES.dispatch,
    async (job) => {
      const stopTimer = ctx.metrics?.dispatchSeconds.startTimer({ reason: job.data.reason });
      try {
        const result = await dispatchDue(ctx);
        if (result.batchesCreated > 0) ctx.logger.info(result, 'dispatched due lessons');
        return result;
      } finally {
        stopTimer?.();
      }
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => ctx.logger.error({ err: error }, 'dispatch worker error'));
  return worker;
}
