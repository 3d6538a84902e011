import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/infra/free-port.js';
import { waitFor } from './harness.js';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own, without persistence, that the test may FLUSHALL: the shared
 * one on 6379 carries other test files' queues at the same time.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await findFreePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = `redis-server on port ${port} exited with ${signal ?? code}`));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  await waitFor(`redis-server on port ${port}`, async () => {
    if (exit) throw new Error(exit);
    return probe.connect().then(
      () => probe.ping(),
      () => false,
    );
  }, 10_000);
  probe.disconnect();
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exit) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
