import type { WorkerContext } from '../src/context.js';
import { warmTemplates } from '../src/delivery/compose.js';
import { DISPATCH_SCHEDULER_ID } from '../src/queue/queues.js';
import { createDispatchWorker } from './dispatch-processor.js';
import { createSendWorker } from './send-processor.js';

export interface RunningWorkers {
  /** Finishes the jobs in flight, takes no new ones. */
  close(): Promise<void>;
}

/**
 * Starts the dispatcher and the sender, and makes sure the reconciler's job scheduler exists.
 * A Redis FLUSHALL deletes the scheduler with everything else, so a light watchdog checks
 * for it every period and puts it back; Postgres still knows every piece of pending work.
 */
export async function startWorkers(ctx: WorkerContext, options: { maxAttempts?: number } = {}): Promise<RunningWorkers> {
  // The queues' own connection and prefix: workers must meet the jobs the app adds.
  const queue = { connection: ctx.redis, prefix: ctx.config.queuePrefix };
  // A template that throws must cost its own batches (each is recorded failed with the error),
  // not every lesson: failing here would stop the worker from starting at all.
  await warmTemplates(ctx.config, ctx.catalog, ctx.logger).catch((error: unknown) =>
    ctx.logger.error({ err: error }, 'a template failed to render while warming up; its batches will fail until it is fixed'),
  );
  const every = ctx.config.reconcileIntervalMs;
  const upsertScheduler = () =>
    ctx.queues.dispatch.upsertJobScheduler(DISPATCH_SCHEDULER_ID, { every }, { name: 'tick', data: { reason: 'tick' } });
  // Only recreated when missing: upserting on every check would keep pushing the next tick back.
  const ensureScheduler = async () => {
    if (!(await ctx.queues.dispatch.getJobScheduler(DISPATCH_SCHEDULER_ID))) await upsertScheduler();
  };
  // At start-up it is always upserted, so a changed RECONCILE_INTERVAL takes effect.
  await upsertScheduler();
  const watchdog = setInterval(() => {
    ensureScheduler().catch((error) => ctx.logger.warn({ err: error }, 'could not check the reconciler schedule'));
  }, every);
  watchdog.unref();

  const dispatch = createDispatchWorker(ctx, queue);
  const send = createSendWorker(ctx, {
    ...queue,
    concurrency: ctx.config.workerConcurrency,
    ratePerSecond: ctx.config.resendRateLimit,
    leaseMs: ctx.config.sendLeaseMs,
    maxAttempts: options.maxAttempts ?? 12,
  });
  return {
    async close() {
      clearInterval(watchdog);
      await Promise.all([dispatch.close(), send.close()]);
    },
  };
}
