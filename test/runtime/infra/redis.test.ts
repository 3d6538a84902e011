import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../src/runtime/infra/free-port.js';
import { answersPing, InfraError, resolveRedis } from '../../../src/runtime/infra/redis.js';

describe('resolveRedis', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rmg-redis-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns REDIS_URL untouched without connecting to it', async () => {
    const redis = await resolveRedis({ redisUrl: 'redis://redis.invalid:6390/3', dataDir });
    expect(redis).toMatchObject({ url: 'redis://redis.invalid:6390/3', source: 'configured' });
    await redis.stop();
  });

  it('uses the Redis already answering on 6379', async () => {
    const redis = await resolveRedis({ redisUrl: null, dataDir });
    expect(redis).toMatchObject({ url: 'redis://127.0.0.1:6379', source: 'local' });
    await redis.stop();
    expect(await answersPing(redis.url)).toBe(true);
  });

  it('spawns a private redis-server when nothing answers, and stops it', async () => {
    const closedPort = await findFreePort();
    const redis = await resolveRedis({ redisUrl: null, dataDir, probeUrl: `redis://127.0.0.1:${closedPort}` });
    try {
      expect(redis.source).toBe('spawned');
      expect(await answersPing(redis.url)).toBe(true);
    } finally {
      await redis.stop();
    }
    expect(await answersPing(redis.url)).toBe(false);
  });

  it('explains in one line how to get Redis when redis-server is not installed', async () => {
    const closedPort = await findFreePort();
    const attempt = resolveRedis({
      redisUrl: null,
      dataDir,
      probeUrl: `redis://127.0.0.1:${closedPort}`,
      redisServerBin: join(dataDir, 'no-such-redis-server'),
    });
    await expect(attempt).rejects.toBeInstanceOf(InfraError);
    await expect(attempt).rejects.toThrow(
      'Redis is not reachable at 127.0.0.1:6379 and redis-server is not installed: install it (e.g. `apt-get install redis-server` or `brew install redis`) or set REDIS_URL.',
    );
  });
});
