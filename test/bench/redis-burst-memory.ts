import type { PrivateRedis } from '../support/private-redis.js';

export interface RedisBurstMemory {
  /** The highest used_memory among the samples taken during the burst. */
  sampledMaxMb: number;
  /** used_memory_peak at the end of the burst: the server's high-water mark, between samples too. */
  peakMb: number;
  samples: number;
}

const MB = 1024 * 1024;

/**
 * Reads Redis's memory while a burst runs. The waiting-subscribers figure says what Redis holds
 * at rest; this one says what it needs while 100,000 emails are in flight (jobs, their results,
 * the limiter's keys). Each scenario has a redis-server of its own, started just before, so its
 * used_memory_peak is this run's alone: Redis 7.0's CONFIG RESETSTAT leaves the peak as it is
 * (checked), and there is no other way to reset it short of a restart. The samples show how
 * the memory moved; the peak also covers what rose and fell between two of them.
 */
export function sampleRedisMemory(redis: PrivateRedis, everyMs = 100) {
  let sampledMax = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedBytes } = await redis.memory();
      sampledMax = Math.max(sampledMax, usedBytes);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<RedisBurstMemory> {
      running = false;
      await loop;
      const { usedBytes, peakBytes } = await redis.memory();
      return { sampledMaxMb: Math.max(sampledMax, usedBytes) / MB, peakMb: peakBytes / MB, samples: samples + 1 };
    },
  };
}
