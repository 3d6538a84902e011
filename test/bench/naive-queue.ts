import { Queue, type ConnectionOptions } from 'bullmq';

/** The naive pipeline's queue: one job per email, carrying the delivery's id. */
export const NAIVE_QUEUE = 'naive-send';

export interface NaiveJob {
  deliveryId: number;
}

export function createNaiveQueue(connection: ConnectionOptions, prefix: string): Queue<NaiveJob> {
  return new Queue<NaiveJob>(NAIVE_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: true },
  });
}
