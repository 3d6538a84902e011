import { Worker, type ConnectionOptions } from 'bullmq';
import type { WorkerContext } from '../src/context.js';
import { sendBatch, type SendBatchOptions } from '../src/delivery/send-batch.js';
import { RATE_HEADROOM } from '../src/mail/pacing.js';
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
 *
 * BullMQ counts job starts in fixed windows, while a provider like Resend judges any sliding
 * second. A whole second's budget started at the top of each window would put up to twice the
 * rate inside one sliding second, so the budget is spread over tenths of a second, and each
 * tenth is stretched by 3% (RATE_HEADROOM). The Resend mailer also paces its own requests at
 * the same rate (src/mail/pacing.ts), since a request leaves a variable time after its job starts.
 */
export function limiterFor(ratePerSecond: number): { max: number; duration: number } {
  const max = Math.max(1, Math.floor(ratePerSecond / 10));
  return { max, duration: Math.ceil(((1_000 * max) / ratePerSecond) * RATE_HEADROOM) };
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
      // A worker killed between taking a job and claiming its batch in Postgres leaves the job
      // "active" under its id, and the reconciler cannot re-add that id until BullMQ declares
      // it stalled. BullMQ's 30 s defaults made that a minute; the batch lease in Postgres is
      // what prevents double sends, so detecting stalls sooner costs only a few lock renewals.
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );
  worker.on('failed', (job, error) => {
    ctx.logger.warn({ batchId: job?.data.batchId, err: error.message, attempt: job?.attemptsMade }, 'send attempt failed');
  });
  worker.on('error', (error) => ctx.logger.error({ err: error }, 'send worker error'));
  return worker;
}
