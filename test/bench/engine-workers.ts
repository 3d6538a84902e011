import type { Queues } from '../../src/queue/queues.js';
import { exitOf, sampleRss, spawnNodeScript, stopChild, waitUntil } from './processes.js';

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

export interface EngineWorkerOptions {
  databaseUrl: string;
  redisUrl: string;
  fakeUrl: string;
  queuePrefix: string;
  /** Provider requests per second, RESEND_RATE_LIMIT. */
  rateLimit: number;
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

// Variables the app's config reads; an inherited one (a developer's SEND_LEASE) must not leak in.
const CONFIG_VARIABLES = [
  'NODE_ENV', 'PORT', 'APP_URL', 'SEND_HOUR', 'COURSE_INTERVAL', 'DATABASE_URL', 'REDIS_URL', 'RESEND_API_KEY',
  'RESEND_BASE_URL', 'RESEND_RATE_LIMIT', 'EMAIL_FROM', 'POSTAL_ADDRESS', 'CONSULTATION_URL', 'SECRET', 'DATA_DIR',
  'LOG_LEVEL', 'RECONCILE_INTERVAL', 'SEND_LEASE', 'QUEUE_PREFIX', 'WORKER_CONCURRENCY',
];

export const BENCH_APP_ENV = {
  // Production as deployed: React's development build renders several times slower.
  NODE_ENV: 'production',
  APP_URL: 'https://course.example.com',
  SECRET: 'bench-secret-bench-secret-bench-secret-0000',
  EMAIL_FROM: 'Releasing Mom Guilt <hello@course.example.com>',
  POSTAL_ADDRESS: '1 Bench Street, Suite 2, Loadville, LV 00000',
  LOG_LEVEL: 'warn',
};

/** The environment a worker gets: ours, minus any app setting inherited from the shell. */
export function workerEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return Object.assign(env, BENCH_APP_ENV, settings);
}

/**
 * Starts the real worker entry point (workers/main.ts: dispatcher, reconciler and sender) as
 * separate processes, configured only through the environment as in production, and waits
 * until each has registered its BullMQ workers in Redis, i.e. until start-up is behind it.
 */
export async function startEngineWorkers(options: EngineWorkerOptions, setup: WorkerSetup, queues: Queues): Promise<EngineWorkers> {
  const env = workerEnvironment({
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    RESEND_API_KEY: 're_bench',
    RESEND_BASE_URL: options.fakeUrl,
    QUEUE_PREFIX: options.queuePrefix,
    RECONCILE_INTERVAL: '1s',
    RESEND_RATE_LIMIT: String(options.rateLimit),
    WORKER_CONCURRENCY: String(setup.concurrency),
  });
  const spawnedAt = Date.now();
  const children = Array.from({ length: setup.processes }, (_, i) =>
    spawnNodeScript(setup.bundle ?? 'workers/main.ts', {
      env,
      label: `worker${setup.processes > 1 ? i + 1 : ''}`,
      nodeFlags: setup.nodeFlags,
      plainNode: setup.bundle !== null,
    }),
  );
  const crashed = Promise.race(children.map((child, i) => exitOf(child, `worker ${i + 1}`)));
  crashed.catch(() => {});
  const samplers = children.map((child) => sampleRss(child.pid!));

  await waitUntil(
    'the workers to register with Redis',
    async () =>
      (await queues.send.getWorkersCount()) >= setup.processes && (await queues.dispatch.getWorkersCount()) >= setup.processes,
    { timeoutMs: 60_000, everyMs: 25, abort: crashed },
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
