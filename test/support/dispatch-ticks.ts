import { Queue, QueueEvents } from 'bullmq';
import { QUEUES } from '../../src/queue/queues.js';
import { waitFor } from './wait-for.js';

/**
 * The positive signal behind "and then nothing more happened": the dispatcher (in this process
 * or in worker processes) has run whole ticks that began after this was called, and every send
 * those ticks queued has finished. A sleep proves nothing on a loaded machine; this waits exactly
 * as long as the engine needs to have looked, and no longer.
 */
export async function afterDispatcherTicks(redisUrl: string, prefix: string, ticks = 1, timeoutMs = 30_000): Promise<void> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const events = new QueueEvents(QUEUES.dispatch, { connection, prefix });
  const send = new Queue(QUEUES.send, { connection, prefix });
  try {
    await events.waitUntilReady();
    const begun = new Set<string>();
    let finished = 0;
    events.on('active', ({ jobId }) => begun.add(jobId));
    const end = ({ jobId }: { jobId: string }) => {
      if (begun.delete(jobId)) finished++;
    };
    events.on('completed', end);
    events.on('failed', end);
    await waitFor(`${ticks} dispatcher tick(s) begun after now`, () => finished >= ticks, timeoutMs);
    await waitFor(
      'the sends those ticks queued',
      async () => {
        const counts = await send.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
        return Object.values(counts).every((n) => n === 0);
      },
      timeoutMs,
    );
  } finally {
    await events.close();
    await send.close();
  }
}
