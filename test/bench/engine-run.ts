import type postgres from 'postgres';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';
import { pidsNamed, startCpuAccounting, trackDatabaseBackends, type CpuSeconds } from './cpu-accounting.js';
import { startEngineWorkers, type WorkerSetup } from './engine-workers.js';
import { log } from './progress.js';
import { sustainedRate, tallyProvider, waitForAccepted, type ProviderTally } from './provider-tally.js';
import { sampleRedisMemory, type RedisBurstMemory } from './redis-burst-memory.js';
import { openStage } from './stage.js';

export interface EngineRunOptions {
  name: string;
  emails: number;
  /** RESEND_RATE_LIMIT for the workers. */
  workerRateLimit: number;
  /** Requests per second the fake admits; none when absent. */
  fakeRateLimit?: number;
  /** Milliseconds the fake waits before handling each call; none when absent. */
  providerLatencyMs?: number;
  worker: WorkerSetup;
  fakePlacement: 'process' | 'inline';
  /** Writes CPU profiles of the worker and the fake under <dir>/worker and <dir>/fake. */
  cpuProfileDir?: string | null;
  /** false: the database is left for the worker to migrate (a worker of another checkout, with its own schema). */
  migrate?: boolean;
}

export interface EngineRunResult extends ProviderTally {
  emails: number;
  /** From the moment the due rows became visible to the last email the fake accepted. */
  seconds: number;
  emailsPerS: number;
  /** Between first and last accepted email: steady state, without the first dispatch. */
  sustainedEmailsPerS: number;
  deliveriesSent: number;
  deliveriesFailed: number;
  batchesPending: number;
  workerPeakRssMb: number;
  workerStartupSeconds: number;
  /** CPU spent by each party while the emails went out. */
  cpu: CpuSeconds;
  /** Redis's memory while the emails went out. */
  redisBurst: RedisBurstMemory;
}

/**
 * `emails` enrollments fall due at one instant in front of the real, already running worker:
 * the clock starts when the seeding transaction commits and the dispatcher is kicked, and stops
 * at the arrival of the last email at the fake. Worker start-up (tsx compiling, migrations,
 * connections) is over before then.
 */
export async function runEngineDelivery(options: EngineRunOptions): Promise<EngineRunResult> {
  const profile = (party: string) => (options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}/${party}`] : []);
  const stage = await openStage(options.name, {
    placement: options.fakePlacement,
    rateLimitPerSecond: options.fakeRateLimit,
    latencyMs: options.providerLatencyMs,
    nodeFlags: profile('fake'),
  }, options.migrate ?? true);
  try {
    const workers = await startEngineWorkers(
      stage,
      { ...options.worker, nodeFlags: [...options.worker.nodeFlags, ...profile('worker')] },
      options.workerRateLimit,
    );
    try {
      log(`${options.name}: worker pid ${workers.pids.join(', ')} ready after ${workers.startupSeconds.toFixed(1)}s; seeding ${options.emails} due enrollments`);
      await seedDueEnrollments(stage.db.sql, options.emails, { tag: 'reader', courseSlug: MAIN_COURSE_SLUG, mixed: true });
      const backends = await trackDatabaseBackends(stage.db.name);
      const cpu = startCpuAccounting({
        worker: () => workers.pids,
        fake: () => [stage.fake.pid ?? process.pid],
        postgres: () => pidsNamed('postgres'),
        postgres_db: () => backends.pids(),
        redis: () => [stage.redis.pid],
        bench: () => (stage.fake.pid ? [process.pid] : []),
      });
      const redisMemory = sampleRedisMemory(stage.redis);
      const startedAt = Date.now();
      await kickDispatcher(stage.queues);
      await waitForAccepted(stage.fake, options.emails, { label: options.name, abort: workers.crashed });
      const finishedAt = Date.now();
      const cpuSeconds = cpu.stop();
      await backends.stop();
      const redisBurst = await redisMemory.stop();

      // Let the workers record what the fake accepted, so Postgres can be cross-checked.
      await waitFor('the last batches to be recorded', async () => (await pendingBatches(stage.db.sql)) === 0, 30_000).catch(
        (error: Error) => log(`${options.name}: ${error.message}`),
      );
      const tally = await tallyProvider(stage.fake, options.emails);
      const [counts] = await stage.db.sql<{ sent: string; failed: string }[]>`
        select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'failed') as failed from deliveries`;
      const batchesPending = await pendingBatches(stage.db.sql);
      const workerPeakRssMb = await workers.stop();

      const lastAt = Number.isFinite(tally.lastAcceptedAt) ? tally.lastAcceptedAt : finishedAt;
      const seconds = (lastAt - startedAt) / 1000;
      return {
        ...tally,
        emails: options.emails,
        seconds,
        emailsPerS: tally.recipients / seconds,
        sustainedEmailsPerS: sustainedRate(tally),
        deliveriesSent: Number(counts!.sent),
        deliveriesFailed: Number(counts!.failed),
        batchesPending,
        workerPeakRssMb,
        workerStartupSeconds: workers.startupSeconds,
        cpu: cpuSeconds,
        redisBurst,
      };
    } finally {
      await workers.stop();
    }
  } finally {
    await stage.close();
  }
}

async function pendingBatches(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*) as n from send_batches where status = 'pending'`;
  return Number(row!.n);
}
