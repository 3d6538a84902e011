import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { exitOf, forEachOutputLine, stopChild } from './child-process.js';
import { reapWithUs } from './reaper.js';
import { waitFor } from './wait-for.js';

export interface PrivateRedis {
  url: string;
  pid: number;
  usedMemoryBytes(): Promise<number>;
  /** INFO memory's used_memory and used_memory_peak (the most this server has held since it started). */
  memory(): Promise<{ usedBytes: number; peakBytes: number }>;
  stop(): Promise<void>;
}

/**
 * A redis-server of our own, without persistence. The shared one on 6379 carries other test
 * files' queues at the same time: a test may FLUSHALL this one, and the bench reads a memory
 * figure that holds nothing but its own keys.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await findFreePort();
  const label = `redis:${port}`;
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  reapWithUs(child);
  // Its chatter is kept back unless it fails on its own (a lost port race); killed by a signal means we stopped it.
  const recent: string[] = [];
  forEachOutputLine(child, (line) => void (recent.push(line) > 20 && recent.shift()));
  child.once('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(recent.map((line) => `  [${label}] ${line}\n`).join(''));
  });

  const url = `redis://127.0.0.1:${port}`;
  // Reconnects every 50 ms until the server listens; `ready` means it answered.
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  client.on('error', () => {});
  try {
    await waitFor(`redis-server on port ${port}`, () => client.status === 'ready', 10_000, { abort: exitOf(child, 'redis-server') });
  } catch (error) {
    client.disconnect();
    await stopChild(child);
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    async usedMemoryBytes() {
      const info = await client.info('memory');
      return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
    },
    async memory() {
      const info = await client.info('memory');
      const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
      return { usedBytes: field('used_memory'), peakBytes: field('used_memory_peak') };
    },
    async stop() {
      client.disconnect();
      await stopChild(child);
    },
  };
}
