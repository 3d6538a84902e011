import { exitOf, stopChild } from '../support/child-process.js';
import { spawnNodeProcess } from '../support/node-process.js';
import { waitFor } from '../support/wait-for.js';
import { sampleRss } from './peak-rss.js';
import { echoOutput } from './progress.js';
import { stageEnv, type Stage } from './stage.js';

/** How the worker processes run: the same in every scenario of one bench run. */
export interface WorkerSetup {
  /** WORKER_CONCURRENCY: send jobs each process runs at once. */
  concurrency: number;
  processes: number;
  /** Extra Node flags (--cpu-prof, --trace-gc, heap sizes). */
  nodeFlags: string[];
  /** A bundle of workers/main.ts to run with plain node; null runs the source through tsx. */
  bundle: string | null;
}

export interface EngineWorkers {
  pids: number[];
  /** From spawning to every worker registered: what tsx (or the bundle) costs at start-up. */
  startupSeconds: number;
  /** Rejects when any worker process exits before `stop`. */
  crashed: Promise<never>;
  peakRssMb(): number;
  /** Stops the workers (SIGTERM: jobs in flight finish) and returns the highest peak RSS. */
  stop(): Promise<number>;
}

/**
 * Starts the real worker entry point (workers/main.ts: dispatcher, reconciler and sender) as
 * separate processes, configured only through the environment as in production, and waits
 * until each has registered its BullMQ workers in Redis, i.e. until start-up is behind it.
 * `rateLimit` is RESEND_RATE_LIMIT, provider requests per second.
 */
export async function startEngineWorkers(stage: Stage, setup: WorkerSetup, rateLimit: number): Promise<EngineWorkers> {
  const env = stageEnv(stage, {
    RECONCILE_INTERVAL: '1s',
    RESEND_RATE_LIMIT: String(rateLimit),
    WORKER_CONCURRENCY: String(setup.concurrency),
  });
  const spawnedAt = Date.now();
  const children = Array.from({ length: setup.processes }, (_, i) =>
    spawnNodeProcess(setup.bundle ?? 'workers/main.ts', {
      // Never the tsx CLI: the pid sampled for RSS and CPU must be the process running the code.
      launcher: setup.bundle === null ? 'tsx-loader' : 'node',
      env,
      nodeFlags: setup.nodeFlags,
      onLine: echoOutput(`worker${setup.processes > 1 ? i + 1 : ''}`),
    }),
  );
  const crashed = Promise.race(children.map((child, i) => exitOf(child, `worker ${i + 1}`)));
  crashed.catch(() => {});
  const samplers = children.map((child) => sampleRss(child.pid!));

  await waitFor(
    'the workers to register with Redis',
    async () =>
      (await stage.queues.send.getWorkersCount()) >= setup.processes &&
      (await stage.queues.dispatch.getWorkersCount()) >= setup.processes,
    60_000,
    { everyMs: 25, abort: crashed },
  );

  const startupSeconds = (Date.now() - spawnedAt) / 1000;
  return {
    pids: children.map((child) => child.pid!),
    startupSeconds,
    crashed,
    peakRssMb: () => Math.max(...samplers.map((s) => s.peakMb())),
    async stop() {
      await Promise.all(children.map((child) => stopChild(child, 15_000)));
      return Math.max(...samplers.map((s) => s.stop()));
    },
  };
}
