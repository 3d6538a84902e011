import { Redis } from 'ioredis';
import { findFreePort } from '../../src/infra/free-port.js';
import { exitOf, spawnBinary, stopChild, waitUntil } from './processes.js';

export interface PrivateRedis {
  url: string;
  pid: number;
  usedMemoryBytes(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A redis-server of our own, without persistence: the shared one on 6379 carries other test
 * runs' keys, which would blur the memory figure, and must never be flushed by us.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await findFreePort();
  const child = spawnBinary(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    `redis:${port}`,
  );
  const url = `redis://127.0.0.1:${port}`;
  // Reconnects every 50 ms until the server listens; `ready` means it answered.
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  client.on('error', () => {});
  await waitUntil(`redis-server on port ${port}`, () => client.status === 'ready', {
    timeoutMs: 10_000,
    abort: exitOf(child, 'redis-server'),
  });
  return {
    url,
    pid: child.pid!,
    async usedMemoryBytes() {
      const info = await client.info('memory');
      return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
    },
    async stop() {
      client.disconnect();
      await stopChild(child);
    },
  };
}
