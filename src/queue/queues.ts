import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';

/**
 * Every queue, its payload and its defaults, in one place. Payloads carry ids only: the
 * content lives in Postgres, and Redis holds nothing for a subscriber who is merely waiting.
 */
export const QUEUES = {
  /** Turns due rows in Postgres into send batches; also the periodic reconciler. */
  dispatch: 'dispatch',
  /** One job per send batch; the processor makes one provider call. */
  send: 'send',
} as const;

export interface DispatchJob {
  reason: 'tick' | 'kick';
}

export interface SendJob {
  batchId: number;
}

export const DISPATCH_SCHEDULER_ID = 'dispatch-tick';

export const sendJobId = (batchId: number) => `batch-${batchId}`;

const dispatchDefaults: DefaultJobOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 1,
};

const sendDefaults: DefaultJobOptions = {
  // Postgres keeps the outcome and the last error. A finished job left in Redis would only
  // block the reconciler from re-adding the same job id, so completed and failed jobs go.
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 6,
  backoff: { type: 'exponential', delay: 1_000 },
};

export interface Queues {
  dispatch: Queue<DispatchJob>;
  send: Queue<SendJob>;
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix = 'rmg'): Queues {
  const dispatch = new Queue<DispatchJob>(QUEUES.dispatch, { connection, prefix, defaultJobOptions: dispatchDefaults });
  const send = new Queue<SendJob>(QUEUES.send, { connection, prefix, defaultJobOptions: sendDefaults });
  return {
    dispatch,
    send,
    async close() {
      await Promise.all([dispatch.close(), send.close()]);
    },
  };
}

/**
 * Asks the dispatcher to run soon, e.g. right after a confirmation so lesson 1 need not wait
 * for the next tick. Kicks within the same 200 ms collapse into one job.
 */
export async function kickDispatcher(queues: Pick<Queues, 'dispatch'>): Promise<void> {
  await queues.dispatch.add('kick', { reason: 'kick' }, { deduplication: { id: 'kick', ttl: 200 } });
}
