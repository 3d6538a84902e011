/**
 * Providers judge their rate limit over any sliding second; we spend less than the budget so
 * that timing jitter cannot put one request too many inside one. Shared by BullMQ's limiter on
 * job starts (workers/send-processor.ts) and the pacing of the calls themselves.
 *
 * Whatever the rate, the headroom is what separates the first and the last request of a full
 * second's worth: 3% left 30 ms, and on a loaded two-core machine a first request that also
 * opens its connection arrived 27 ms late, so a third request at 2/s met a 429 (which costs a
 * whole retry-after second). 10% leaves 100 ms, for 7% less throughput at the limit.
 */
export const RATE_HEADROOM = 1.1;

/**
 * Spaces this process's provider calls evenly at `ratePerSecond`. BullMQ's limiter spaces job
 * starts across all workers, but a job's request leaves after its database reads and rendering,
 * which take longer for some jobs than others (a garbage collection, a busy database): two
 * requests could then reach the provider closer together than their jobs started, and a single
 * 429 costs a whole `retry-after` second. `reserve` hands out departure slots in call order and
 * returns how long the caller must wait for its slot, usually nothing.
 */
export function createPacer(ratePerSecond: number, now: () => number = () => performance.now()) {
  const spacingMs = (1_000 / ratePerSecond) * RATE_HEADROOM;
  let nextSlot = -Infinity;
  return {
    spacingMs,
    reserve(): number {
      const at = now();
      const slot = Math.max(at, nextSlot);
      nextSlot = slot + spacingMs;
      return slot - at;
    },
  };
}
