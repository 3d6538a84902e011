import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../logger.js';
import { findFreePort } from './free-port.js';
import { InfraError } from './infra-error.js';

export { InfraError };

export interface ResolvedRedis {
  url: string;
  /** `configured`: REDIS_URL; `local`: a server already answering on 6379; `spawned`: ours. */
  source: 'configured' | 'local' | 'spawned';
  /** Stops a server this process spawned; a no-op otherwise. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const NOT_INSTALLED =
  'Redis is not reachable at 127.0.0.1:6379 and redis-server is not installed: install it (e.g. `apt-get install redis-server` or `brew install redis`) or set REDIS_URL.';
const READY_TIMEOUT_MS = 5_000;
// Another process can take the port between findFreePort and redis-server binding it.
const SPAWN_ATTEMPTS = 3;

/**
 * REDIS_URL when set; otherwise a Redis already answering on the default port; otherwise a
 * private redis-server this process starts and stops. Redis only moves work (Postgres is the
 * truth), so the spawned server persists nothing.
 */
export async function resolveRedis(options: {
  redisUrl: string | null | undefined;
  dataDir: string;
  logger?: Logger;
  /** Where an already running Redis is looked for; tests point it at a closed port. */
  probeUrl?: string;
  redisServerBin?: string;
}): Promise<ResolvedRedis> {
  if (options.redisUrl) return { url: options.redisUrl, source: 'configured', stop: async () => {} };
  const probeUrl = options.probeUrl ?? `redis://${HOST}:6379`;
  if (await answersPing(probeUrl)) return { url: probeUrl, source: 'local', stop: async () => {} };

  const workDir = resolve(options.dataDir, 'redis');
  mkdirSync(workDir, { recursive: true });
  const bin = options.redisServerBin ?? 'redis-server';
  const logger = options.logger ?? silentLogger;
  for (let attempt = 1; ; attempt++) {
    const started = await spawnRedisServer(bin, await findFreePort(HOST), workDir, logger);
    if ('url' in started) return { ...started, source: 'spawned' };
    if (attempt >= SPAWN_ATTEMPTS) throw new InfraError(`redis-server did not start: ${started.failure}`);
  }
}

/** Resolves to the running server, or to why it exited before answering PING. */
async function spawnRedisServer(
  bin: string,
  port: number,
  workDir: string,
  logger: Logger,
): Promise<{ url: string; stop(): Promise<void> } | { failure: string }> {
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', workDir];
  const child = spawn(bin, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept for the error message; reading also keeps a chatty server from blocking on a full pipe.
  let output = '';
  const keepTail = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000));
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  let settled = false;
  let stopping = false;
  const exited = new Promise<{ failure: string }>((resolveExit, rejectExit) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      rejectExit(error.code === 'ENOENT' ? new InfraError(NOT_INSTALLED) : error),
    );
    child.once('exit', (code, signal) => {
      if (settled && !stopping) logger.warn({ port, code, signal, output: lastLine(output) }, 'the private redis-server exited');
      resolveExit({ failure: `exited with ${signal ?? code}: ${lastLine(output)}` });
    });
  });
  // It persists nothing, so nothing is lost by killing it outright when the app exits.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `redis://${HOST}:${port}`;

  try {
    const outcome = await Promise.race([waitForPing(url, READY_TIMEOUT_MS, () => settled), exited]);
    if (outcome === true) {
      return {
        url,
        stop: () => {
          stopping = true;
          process.removeListener('exit', killOnExit);
          return stopChild(child);
        },
      };
    }
    stopping = true;
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    if (outcome === false) throw new InfraError(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS / 1000}s`);
    return outcome;
  } catch (error) {
    process.removeListener('exit', killOnExit);
    throw error;
  } finally {
    settled = true;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

/** `cancelled` stops the polling once the server has exited, so no timer outlives start-up. */
async function waitForPing(url: string, timeoutMs: number, cancelled: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    if (await answersPing(url)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** One short attempt: a port that takes the connection but never answers must not stall start-up. */
export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() || 'no output';
}
