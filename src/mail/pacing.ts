/**
 * Providers judge their rate limit over any sliding second; we spend a little less than the
 * budget so that timing jitter cannot put one request too many inside one. Shared by BullMQ's
 * limiter on job starts (workers/send-processor.ts) and the pacing of the calls themselves.
 */
export const RATE_HEADROOM = 1.03;

export interface Pacer {
  spacingMs: number;
  /** Resolves when the caller may send: `spacingMs` after the previous caller actually went. */
  acquire(): Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Spaces this process's provider calls evenly at `ratePerSecond`. BullMQ's limiter spaces job
 * starts across all workers, but a job's request leaves after its database reads and rendering,
 * which take longer for some jobs than others (a garbage collection, a busy database): two
 * requests could then reach the provider closer together than their jobs started, and a single
 * 429 costs a whole `retry-after` second.
 *
 * Each caller waits for the one before it to leave, then `spacingMs` from the moment it did.
 * Slots fixed in advance would not do: a stalled event loop fires several overdue timers at
 * once, and the 3% headroom (30 ms per sliding second) is less than one such stall on a busy
 * machine. Counting from real departures, a stall only delays the requests after it.
 */
export function createPacer(ratePerSecond: number, now: () => number = () => performance.now(), sleep = sleepFor): Pacer {
  const spacingMs = (1_000 / ratePerSecond) * RATE_HEADROOM;
  let lastDeparture = -Infinity;
  let queue: Promise<void> = Promise.resolve();
  return {
    spacingMs,
    acquire() {
      const turn = queue.then(async () => {
        const wait = lastDeparture + spacingMs - now();
        // Under a millisecond is below what a timer can wait, and far below what a provider can tell.
        if (wait >= 1) await sleep(wait);
        lastDeparture = now();
      });
      queue = turn;
      return turn;
    },
  };
}
