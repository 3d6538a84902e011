import type postgres from 'postgres';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { syncCourseLessons } from '../../src/courses/sync-lessons.js';
import { dispatchDue } from '../../src/delivery/dispatch.js';
import { connectDatabase } from '../../src/db/client.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { insertReaders } from '../support/seed.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { pidsNamed, startCpuAccounting, trackDatabaseBackends } from './cpu-accounting.js';
import { startEngineWorkers, type WorkerSetup } from './engine-workers.js';
import { log } from './progress.js';
import { waitForAccepted } from './provider-tally.js';
import { openStage, stageEnv, type Stage } from './stage.js';

export interface ScaleEntry {
  subscribers: number;
  seed_s: number;
  /** Median wall time of one dispatcher pass with nothing due, run in this process. */
  idle_tick_ms: number;
  /** The fastest pass: the least disturbed by whatever else the shared machine was doing. */
  idle_tick_min_ms: number;
  /** Rows Postgres read per idle pass: pg_stat_user_tables' seq_tup_read + idx_tup_fetch over every table. */
  idle_rows_read: number;
  /** Sequential scans per idle pass of enrollments and subscribers (0: everything through an index). */
  idle_seq_scans: number;
  /** Redis's used_memory after the worker ticked over the waiting list for a few seconds. */
  redis_mb: number;
  /** Median of the rounds: `burst` of them fall due at once, commit to the last email at the fake. */
  burst_emails_per_s: number;
  burst_rounds_emails_per_s: number[];
  /** CPU per email over the burst rounds, by party. */
  /** `postgres` is every process of the shared server; `postgres_db` this database's backends. */
  burst_cpu_us_per_email: { worker: number; postgres: number; postgres_db: number };
  duplicates: number;
}

const MB = 1024 * 1024;
const IDLE_TICKS = 40;

/**
 * `npm run bench -- --scale`: what the list's size costs when nobody is due. For each size,
 * `subscribers` moms wait for tomorrow's lesson in a database of their own; the dispatcher's
 * idle pass is timed and its rows counted from Postgres's own statistics, Redis is read while
 * the real worker ticks, and then `burst` of them fall due at once, `rounds` times.
 */
export async function runScaleBench(options: {
  sizes: number[];
  burst: number;
  rounds: number;
  worker: WorkerSetup;
  fakePlacement: 'process' | 'inline';
}): Promise<ScaleEntry[]> {
  const entries: ScaleEntry[] = [];
  for (const size of options.sizes) {
    const stage = await openStage(`scale-${size}`, { placement: options.fakePlacement });
    try {
      entries.push(await measureSize(stage, size, options));
    } finally {
      await stage.close();
    }
  }
  return entries;
}

async function measureSize(
  stage: Stage,
  size: number,
  options: { burst: number; rounds: number; worker: WorkerSetup },
): Promise<ScaleEntry> {
  const sql = stage.db.sql;
  const seedStart = Date.now();
  await seedWaiting(sql, size);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  log(`scale ${size}: seeded in ${seedSeconds.toFixed(1)}s`);

  const idle = await measureIdleTick(stage);
  log(`scale ${size}: idle tick ${idle.ms.toFixed(2)} ms, ${idle.rowsRead} rows read, ${idle.seqScans} seq scans a pass`);

  const workers = await startEngineWorkers(stage, options.worker, 1_000_000);
  try {
    // Several reconcile ticks (RECONCILE_INTERVAL is 1 s in the bench) over the waiting list.
    await sleep(5_000);
    const redisMb = (await stage.redis.usedMemoryBytes()) / MB;
    log(`scale ${size}: Redis ${redisMb.toFixed(2)} MB with ${size} waiting`);

    const rates: number[] = [];
    const backends = await trackDatabaseBackends(stage.db.name);
    const cpu = startCpuAccounting({ worker: () => workers.pids, postgres: () => pidsNamed('postgres'), postgres_db: () => backends.pids() });
    for (let round = 0; round < options.rounds; round++) {
      const before = (await stage.fake.stats()).accepted;
      await fallDue(sql, size, options.burst, round);
      const startedAt = Date.now();
      await kickDispatcher(stage.queues);
      await waitForAccepted(stage.fake, before + options.burst, { label: `scale ${size} burst ${round + 1}`, abort: workers.crashed });
      const lastAt = Math.max(...(await stage.fake.requests()).filter((r) => r.status === 200).map((r) => r.receivedAt));
      rates.push(options.burst / ((lastAt - startedAt) / 1000));
      // Every batch recorded before the next round, so one round's tail does not slow the next.
      await waitFor('the burst to be recorded', async () => (await pendingBatches(sql)) === 0, 30_000);
    }
    const spent = cpu.stop();
    await backends.stop();
    const emails = options.burst * options.rounds;
    const { duplicates } = await stage.fake.stats();
    const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
    log(`scale ${size}: bursts of ${options.burst}: ${rates.map((r) => r.toFixed(0)).join(', ')} emails/s`);
    return {
      subscribers: size,
      seed_s: round1(seedSeconds),
      idle_tick_ms: Number(idle.ms.toFixed(2)),
      idle_tick_min_ms: Number(idle.minMs.toFixed(2)),
      idle_rows_read: idle.rowsRead,
      idle_seq_scans: idle.seqScans,
      redis_mb: Number(redisMb.toFixed(2)),
      burst_emails_per_s: Math.round(median),
      burst_rounds_emails_per_s: rates.map((r) => Math.round(r)),
      burst_cpu_us_per_email: {
        worker: Math.round(((spent.byGroup.worker ?? 0) / emails) * 1e6),
        postgres: Math.round(((spent.byGroup.postgres ?? 0) / emails) * 1e6),
        postgres_db: Math.round(((spent.byGroup.postgres_db ?? 0) / emails) * 1e6),
      },
      duplicates,
    };
  } finally {
    await workers.stop();
  }
}

const round1 = (value: number) => Number(value.toFixed(1));

/**
 * `count` confirmed moms who have had lesson 1 and wait for lesson 2 tomorrow at 8:00, in one
 * `insert … select generate_series` (subscribers, and their enrollments from the same CTE).
 */
async function seedWaiting(sql: postgres.Sql, count: number): Promise<void> {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  await sql.begin(async (tx) => {
    await tx`
      with fresh as (${insertReaders(tx, count, { tag: 'waiting', mixed: true })})
      insert into enrollments (subscriber_id, course_slug, position, done, next_due_at, status, enrolled_at, updated_at)
      select id, ${MAIN_COURSE_SLUG}, 1, '{0}'::smallint[], ${tomorrow}, 'active', now(), now() from fresh`;
  });
  // A list that grew over months has long been vacuumed and frozen. Without this, autovacuum
  // takes on the fresh million rows (and sets their hint bits) during the first bursts, and its
  // CPU counts as this database's: at 1,000,000 that more than doubled Postgres's cost per email.
  await sql`vacuum (freeze, analyze) subscribers`;
  await sql`vacuum (freeze, analyze) enrollments`;
}

/**
 * `burst` enrollments spread over the whole list (every size/burst-th one, a different residue
 * each round) fall due a second ago. When the list is no larger than the burst, all of them do,
 * each round for her next lesson.
 */
async function fallDue(sql: postgres.Sql, size: number, burst: number, round: number): Promise<void> {
  const step = Math.max(1, Math.floor(size / burst));
  await sql`
    update enrollments set next_due_at = now() - interval '1 second'
    where id in (select id from enrollments where status = 'active' and id % ${step} = ${round % step} order by id limit ${burst})`;
}

/**
 * The dispatcher's pass (dispatchDue, as the worker runs it each RECONCILE_INTERVAL) with nobody
 * due, in this process against the stage's database and Redis, before any worker starts. Rows
 * read come from pg_stat_user_tables, whose counters a backend publishes within a second of
 * going idle: hence the waits, before and after the passes, until they stop moving.
 */
async function measureIdleTick(stage: Stage): Promise<{ ms: number; minMs: number; rowsRead: number; seqScans: number }> {
  const config = loadConfig(stageEnv(stage));
  const catalog = await loadCatalogOrThrow();
  const { schedule } = await syncCourseLessons(stage.db.sql, catalog, systemClock.now());
  // Connections of its own, as a worker has: the stage's pool ran the seeding, and its plans
  // there read the whole list (seen at 10,000 only, and never on a fresh connection).
  const database = connectDatabase(stage.db.url, { max: 2 });
  try {
    return await timeIdlePasses(stage, {
      config,
      db: database.db,
      sql: database.sql,
      clock: systemClock,
      queues: stage.queues,
      redis: stage.connection,
      logger: silentLogger,
      catalog,
      schedule,
    });
  } finally {
    await database.close();
  }
}

async function timeIdlePasses(stage: Stage, ctx: AppContext): Promise<{ ms: number; minMs: number; rowsRead: number; seqScans: number }> {
  // One pass first: plans cached and connections open, as in a worker that has run for a while.
  await dispatchDue(ctx);
  const before = await settledCounters(stage.db.sql);
  const times: number[] = [];
  for (let i = 0; i < IDLE_TICKS; i++) {
    const startedAt = process.hrtime.bigint();
    const result = await dispatchDue(ctx);
    times.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
    if (result.batchesCreated > 0) throw new Error('the idle tick found someone due');
  }
  const after = await settledCounters(stage.db.sql);
  times.sort((a, b) => a - b);
  const read = [...after.byTable].map(([table, rows]) => [table, rows - (before.byTable.get(table) ?? 0)] as const).filter(([, rows]) => rows > 0);
  log(`idle passes read ${read.map(([table, rows]) => `${table}: ${rows}`).join(', ') || 'nothing'} over ${IDLE_TICKS} passes`);
  return {
    ms: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    rowsRead: Math.round((after.rowsRead - before.rowsRead) / IDLE_TICKS),
    seqScans: Number(((after.seqScans - before.seqScans) / IDLE_TICKS).toFixed(2)),
  };
}

/**
 * The counters once nothing more arrives: the seeding's backends (and autovacuum's analyze) may
 * publish theirs late, and they must not be counted as the tick's.
 */
async function settledCounters(sql: postgres.Sql): Promise<Counters> {
  let last = await readCounters(sql);
  for (let i = 0; i < 15; i++) {
    await sleep(1_100);
    const now = await readCounters(sql);
    if (now.rowsRead === last.rowsRead && now.seqScans === last.seqScans) return now;
    last = now;
  }
  throw new Error('the table statistics kept moving while nothing ran');
}

interface Counters {
  rowsRead: number;
  seqScans: number;
  /** `table: rows` for each table read, for the progress line. */
  byTable: Map<string, number>;
}

async function readCounters(sql: postgres.Sql): Promise<Counters> {
  return sql.begin(async (tx) => {
    // A transaction's first look at the statistics is cached until it ends; start from fresh.
    await tx`select pg_stat_clear_snapshot()`;
    const rows = await tx<{ relname: string; rows_read: string; seq_scan: string }[]>`
      select relname, seq_tup_read + coalesce(idx_tup_fetch, 0) as rows_read, seq_scan from pg_stat_user_tables`;
    const byTable = new Map(rows.map((row) => [row.relname, Number(row.rows_read)]));
    return {
      rowsRead: [...byTable.values()].reduce((a, b) => a + b, 0),
      seqScans: rows.filter((row) => row.relname === 'enrollments' || row.relname === 'subscribers').reduce((a, row) => a + Number(row.seq_scan), 0),
      byTable,
    };
  });
}

async function pendingBatches(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*) as n from send_batches where status = 'pending'`;
  return Number(row!.n);
}
