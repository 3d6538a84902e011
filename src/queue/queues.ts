import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { coalesceKicks } from './coalesced-kicks.js';

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

/**
 * A send job's id names the batch and how many provider attempts it has had. Re-adding a batch
 * that is merely waiting is then a no-op, while a batch whose attempt died with its worker
 * (the old job is stuck "active" until BullMQ notices the stall) gets a fresh job at once.
 */
export const sendJobId = (batchId: number, attempts: number) => `batch-${batchId}-${attempts}`;

/**
 * Lessons and confirmations go before newsletters. BullMQ takes every job without a priority
 * before any prioritised one, so a lesson due at 8:00 is sent next even behind 1,000 waiting
 * batches of a newsletter; the newsletter uses what the rate limit leaves.
 */
export const BROADCAST_PRIORITY = 10;
export const jobPriority = (broadcast: boolean): { priority?: number } => (broadcast ? { priority: BROADCAST_PRIORITY } : {});

/** Backoff after a transient provider error: 1 s, 2 s, 4 s … capped at 5 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);

const dispatchDefaults: DefaultJobOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 1,
};

const sendDefaults: DefaultJobOptions = {
  // Postgres keeps the outcome, the attempt count and the last error, and schedules retries
  // itself (send_batches.not_before), so a finished job has nothing left to say: it goes.
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 1,
};

export interface Queues {
  dispatch: Queue<DispatchJob>;
  send: Queue<SendJob>;
  /**
   * kickDispatcher as a use case calls it after a commit: coalesced with this process's other
   * kicks (see coalesced-kicks.ts), so it may land up to KICK_DEDUPE_MS later.
   */
  kick(): Promise<void>;
  /** Sends a kick still waiting, then closes the queues. */
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix = 'rmg'): Queues {
  const dispatch = new Queue<DispatchJob>(QUEUES.dispatch, { connection, prefix, defaultJobOptions: dispatchDefaults });
  const send = new Queue<SendJob>(QUEUES.send, { connection, prefix, defaultJobOptions: sendDefaults });
  const kicks = coalesceKicks(() => kickDispatcher({ dispatch }), KICK_DEDUPE_MS);
  return {
    dispatch,
    send,
    kick: kicks.kick,
    async close() {
      await kicks.flush();
      await Promise.all([dispatch.close(), send.close()]);
    },
  };
}

/** Kicks within this long of each other collapse into one dispatch job. */
const KICK_DEDUPE_MS = 200;

/**
 * Asks the dispatcher to run soon, e.g. right after a confirmation so lesson 1 need not wait
 * for the next tick. Kicks within the same 200 ms collapse into one job.
 */
export async function kickDispatcher(queues: Pick<Queues, 'dispatch'>): Promise<void> {
  await queues.dispatch.add('kick', { reason: 'kick' }, { deduplication: { id: 'kick', ttl: KICK_DEDUPE_MS } });
}
