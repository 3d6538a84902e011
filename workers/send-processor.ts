import { Worker, type ConnectionOptions } from 'bullmq';
import type { WorkerContext } from '../src/context.js';
import { sendBatch, type SendBatchOptions } from '../src/delivery/send-batch.js';
import { QUEUES, type SendJob } from '../src/queue/queues.js';

export interface SendWorkerOptions extends SendBatchOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Provider requests per second across every worker process together. */
  ratePerSecond: number;
}

/**
 * Converts a requests-per-second budget into BullMQ's limiter. The limiter lives in Redis and
 * is shared by every worker on the queue; each worker passes it with every fetch, so it is
 * back in force at once after Redis is flushed.
 */
export function limiterFor(ratePerSecond: number): { max: number; duration: number } {
  return ratePerSecond >= 1
    ? { max: Math.floor(ratePerSecond), duration: 1_000 }
    : { max: 1, duration: Math.ceil(1_000 / ratePerSecond) };
}

export function createSendWorker(ctx: WorkerContext, options: SendWorkerOptions): Worker<SendJob> {
  const worker = new Worker<SendJob>(
    QUEUES.send,
    async (job) => {
      const outcome = await sendBatch(ctx, job.data.batchId, options);
      switch (outcome.status) {
        case 'rate_limited':
          // The provider said slow down: pause the whole queue for retry-after and put this
          // job back without spending one of its attempts.
          ctx.logger.warn({ batchId: job.data.batchId, retryAfterMs: outcome.retryAfterMs }, 'provider rate limit; pausing sends');
          await ctx.queues.send.rateLimit(outcome.retryAfterMs);
          throw Worker.RateLimitError();
        case 'retry':
          ctx.logger.warn({ batchId: job.data.batchId, err: outcome.message, retryInMs: outcome.retryInMs }, 'provider error; retrying later');
          return outcome;
        default:
          return outcome;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      limiter: limiterFor(options.ratePerSecond),
    },
  );
  worker.on('failed', (job, error) => {
    ctx.logger.warn({ batchId: job?.data.batchId, err: error.message, attempt: job?.attemptsMade }, 'send attempt failed');
  });
  worker.on('error', (error) => ctx.logger.error({ err: error }, 'send worker error'));
  return worker;
}
