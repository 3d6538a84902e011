import { availableParallelism } from 'node:os';
import type { WorkerSetup } from './engine-workers.js';
import { runBroadcastDelivery, type BroadcastRunResult } from './broadcast-run.js';
import { runComparison } from './compare-run.js';
import { runEngineDelivery, type EngineRunResult } from './engine-run.js';
import { runFunnelBench } from './funnel-bench.js';
import { runOverviewBench } from './overview-bench.js';
import { runAuthoringBench } from './authoring-bench.js';
import { runArchiveBench } from './archive-bench.js';
import { runNaiveDelivery, type NaiveRunResult } from './naive-run.js';
import { runImportBench, type ImportBenchResult } from './import-bench.js';
import { runScaleBench } from './scale-bench.js';
import { runSignupBench } from './signup-bench.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { abandonRun } from './interrupt.js';
import { log } from './progress.js';
import { measureRedisMemory, type RedisMemoryResult } from './redis-memory.js';
import { bundleWorker } from './worker-build.js';

/**
 * `npm run bench`: the delivery engine end to end on this machine (real Postgres, a private
 * Redis, the real worker processes, a fake Resend on loopback). Progress goes to stderr; the
 * figures go to stdout as one JSON line, last. See options.ts for the flags.
 */
const TARGETS = {
  emailsPerS: 10_000,
  speedupVsNaive: 20,
  rateShare: 0.95,
  redisMb: 10,
  workerRssMb: 250,
  /** A newsletter's send rate beside the course burst's, in the same run. */
  broadcastShareOfBurst: 0.8,
  funnelP50Ms: 300,
  /** GET /admin's server time, every figure and the render. */
  overviewP50Ms: 300,
  /** The lesson editor's effect sentence and save, with 100,000 moms in the course. */
  authoringP50Ms: 300,
  archiveP50Ms: 50,
  /** The import's rows/s as a share of a plain batched insert of the same rows. */
  importVsPlain: 0.3,
  importRssMb: 250,
  /** Signups/s through the web process as a share of a plain transaction making the same writes. */
  signupVsPlain: 0.7,
  signupP99Ms: 100,
  /** The idle tick at the largest size against the smallest. */
  scaleIdleTickRatio: 2,
  /** The slowest size's burst against the fastest's. */
  scaleBurstShare: 0.8,
  scaleRedisMb: 10,
};
// Effectively no limit: BullMQ's limiter still runs, as it does in production.
const UNLIMITED_RATE = 1_000_000;

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** The unlimited run's CPU by party, over the timed window (postgres: every backend on the server). */
function cpuSummary(run: EngineRunResult) {
  const groups = Object.fromEntries(Object.entries(run.cpu.byGroup).map(([name, seconds]) => [name, round(seconds, 2)]));
  return { ...groups, machine_busy: round(run.cpu.machineBusy, 2), machine_capacity: round(run.cpu.machineCapacity, 2), wall: round(run.cpu.wall, 2) };
}

/**
 * CPU per email by party, and the rate those costs allow on this machine's cores if nothing else
 * ran: a shared machine (other test runs) slows the wall clock, not these. One worker process
 * is one thread, so it alone caps the rate at 1 s / its cost per email.
 */
function cpuPerEmail(run: EngineRunResult, workerProcesses: number) {
  const us = (party: string) => ((run.cpu.byGroup[party] ?? 0) / run.recipients) * 1e6;
  const total = us('worker') + us('fake') + us('postgres') + us('redis');
  return {
    cpu_us_per_email: {
      worker: round(us('worker'), 0),
      fake: round(us('fake'), 0),
      postgres: round(us('postgres'), 0),
      // Only this run's database's backends: the figure above counts every database on the shared server.
      postgres_db: round(us('postgres_db'), 0),
      redis: round(us('redis'), 0),
      total: round(total, 0),
    },
    cpu_bound_emails_per_s: round(Math.min((availableParallelism() * 1e6) / total, (workerProcesses * 1e6) / us('worker')), 0),
  };
}

/** The import's figures, as their own part of the result line (see import-bench.ts). */
async function funnelFigures(options: BenchOptions) {
  if (options.skipFunnel) return {};
  const run = await runFunnelBench(options.funnelSubscribers);
  log(`funnel: ${run.deliveries} deliveries, p50 ${run.p50Ms.toFixed(0)} ms, p95 ${run.p95Ms.toFixed(0)} ms over ${run.runs} runs`);
  return {
    funnel_subscribers: run.subscribers,
    funnel_deliveries: run.deliveries,
    funnel_p50_ms: round(run.p50Ms, 0),
    funnel_p95_ms: round(run.p95Ms, 0),
    funnel_target_met: run.p50Ms <= TARGETS.funnelP50Ms,
  };
}

/** The dashboard's overview page, timed in-process (see overview-bench.ts). */
async function overviewFigures(options: BenchOptions) {
  if (options.skipOverview) return {};
  const run = await runOverviewBench(options.overviewSubscribers);
  log(`overview: GET /admin over ${run.subscribers} subscribers and ${run.deliveries} deliveries, p50 ${run.p50Ms.toFixed(0)} ms, p95 ${run.p95Ms.toFixed(0)} ms over ${run.runs} runs`);
  return {
    overview_subscribers: run.subscribers,
    overview_deliveries: run.deliveries,
    overview_p50_ms: round(run.p50Ms, 0),
    overview_p95_ms: round(run.p95Ms, 0),
    overview_target_met: run.p50Ms <= TARGETS.overviewP50Ms,
  };
}

/** Her public archive: /letters, a letter and the feed over `archiveLetters` sent letters (archive-bench.ts). */
async function archiveFigures(options: BenchOptions) {
  if (options.skipArchive) return {};
  const run = await runArchiveBench(options.archiveLetters);
  log(
    `archive: ${run.letters} public letters, p50 GET /letters ${run.listP50Ms.toFixed(1)} ms, a letter ${run.letterP50Ms.toFixed(1)} ms, ` +
      `the feed ${run.feedP50Ms.toFixed(1)} ms over ${run.runs} runs; the first /letters after a new letter ${run.coldListMs.toFixed(0)} ms`,
  );
  return {
    archive_letters: run.letters,
    archive_list_p50_ms: round(run.listP50Ms, 1),
    archive_letter_p50_ms: round(run.letterP50Ms, 1),
    archive_feed_p50_ms: round(run.feedP50Ms, 1),
    archive_cold_list_ms: round(run.coldListMs, 0),
    archive_target_met: Math.max(run.listP50Ms, run.letterP50Ms, run.feedP50Ms) <= TARGETS.archiveP50Ms,
  };
}

/** The lesson editor: the effect sentence, a save, and the render cost of an edited lesson (authoring-bench.ts). */
async function authoringFigures(options: BenchOptions) {
  if (options.skipAuthoring) return {};
  const run = await runAuthoringBench(options.authoringMoms);
  const r = run.render;
  log(`authoring: render of a batch of ${r.batch}: file-based ${r.fileUsPerEmail.toFixed(0)} µs/email (first batch ${r.fileCompileMs.toFixed(0)} ms), dashboard-edited ${r.editedUsPerEmail.toFixed(0)} µs/email (first batch ${r.editedCompileMs.toFixed(0)} ms)`);
  return {
    authoring_moms: run.moms,
    authoring_effect_p50_ms: round(run.effectP50Ms, 0),
    authoring_save_p50_ms: round(run.saveP50Ms, 0),
    authoring_target_met: run.effectP50Ms <= TARGETS.authoringP50Ms && run.saveP50Ms <= TARGETS.authoringP50Ms,
    render_file_us_per_email: round(r.fileUsPerEmail, 0),
    render_edited_us_per_email: round(r.editedUsPerEmail, 0),
    render_edited_vs_file: round(r.editedUsPerEmail / r.fileUsPerEmail, 2),
    render_file_first_batch_ms: round(r.fileCompileMs, 0),
    render_edited_first_batch_ms: round(r.editedCompileMs, 0),
  };
}

async function importFigures(options: BenchOptions) {
  if (options.skipImport) return {};
  const run: ImportBenchResult = await runImportBench(options.importRows);
  const million: ImportBenchResult | null = options.importMillion ? await runImportBench(1_000_000) : null;
  const ratio = run.importRowsPerS / run.plainRowsPerS;
  return {
    import_rows: run.rows,
    import_file_mb: round(run.fileMb, 1),
    import_rows_per_s: round(run.importRowsPerS, 0),
    plain_insert_rows_per_s: round(run.plainRowsPerS, 0),
    import_vs_plain: round(ratio, 2),
    import_peak_rss_mb: round(run.importPeakRssMb, 1),
    import_confirmations: run.confirmations,
    import_skipped: run.skipped,
    import_million_skipped: million ? million.skipped : null,
    import_million_rows_per_s: million ? round(million.importRowsPerS, 0) : null,
    import_million_plain_rows_per_s: million ? round(million.plainRowsPerS, 0) : null,
    import_million_peak_rss_mb: million ? round(million.importPeakRssMb, 1) : null,
    import_targets_met: {
      import_vs_plain: ratio >= TARGETS.importVsPlain,
      import_rss: run.importPeakRssMb <= TARGETS.importRssMb && (!million || million.importPeakRssMb <= TARGETS.importRssMb),
    },
  };
}

/** The signup run's figures (see signup-bench.ts). */
async function signupFigures(options: BenchOptions) {
  if (options.skipSignup) return {};
  const run = await runSignupBench({ seconds: options.signupSeconds, cpuProfileDir: options.cpuProf });
  const ratio = run.signup.perSecond / run.plain.perSecond;
  log(
    `signup: ${run.signup.perSecond.toFixed(0)} req/s (p50 ${run.signup.p50Ms.toFixed(1)} ms, p99 ${run.signup.p99Ms.toFixed(1)} ms) ` +
      `beside ${run.plain.perSecond.toFixed(0)} tx/s plain: ${ratio.toFixed(2)}×` +
      (run.non202 > 0 ? `; ${run.non202} answers not 202, the first: ${run.signup.firstFailure}` : ''),
  );
  return {
    signup_seconds: options.signupSeconds,
    signup_requests: run.signup.calls,
    signup_rps: round(run.signup.perSecond, 0),
    signup_p50_ms: round(run.signup.p50Ms, 1),
    signup_p99_ms: round(run.signup.p99Ms, 1),
    signup_non_202: run.non202,
    plain_tx_rps: round(run.plain.perSecond, 0),
    plain_tx_p99_ms: round(run.plain.p99Ms, 1),
    signup_vs_plain: round(ratio, 2),
    signup_rounds_rps: run.signupRoundsPerS.map((r) => round(r, 0)),
    plain_tx_rounds_rps: run.plainRoundsPerS.map((r) => round(r, 0)),
    signup_cpu_us_per_request: run.signupCpuUs,
    plain_tx_cpu_us: run.plainCpuUs,
    signup_rows_verified: run.verified,
    signup_target_met: ratio >= TARGETS.signupVsPlain && run.signup.p99Ms <= TARGETS.signupP99Ms && run.non202 === 0 && run.verified,
  };
}

/** The scale run's figures (see scale-bench.ts), with its targets judged between the smallest and largest size. */
async function scaleFigures(options: BenchOptions, worker: WorkerSetup) {
  const scale = await runScaleBench({ sizes: options.scaleSizes, burst: options.scaleBurst, rounds: options.scaleRounds, worker, fakePlacement: options.fake });
  const smallest = scale.reduce((a, b) => (b.subscribers < a.subscribers ? b : a));
  const largest = scale.reduce((a, b) => (b.subscribers > a.subscribers ? b : a));
  const rates = scale.map((entry) => entry.burst_emails_per_s);
  // Judged on each size's fastest pass: a median moves with other people's work on this machine.
  const tickRatio = largest.idle_tick_min_ms / smallest.idle_tick_min_ms;
  const burstShare = Math.min(...rates) / Math.max(...rates);
  return {
    scale,
    scale_rows_read_source: 'pg_stat_user_tables: seq_tup_read + idx_tup_fetch over every table, per idle pass',
    scale_idle_tick_min_ratio: round(tickRatio, 2),
    scale_idle_tick_median_ratio: round(largest.idle_tick_ms / smallest.idle_tick_ms, 2),
    scale_burst_min_over_max: round(burstShare, 2),
    scale_targets_met: {
      idle_tick: tickRatio <= TARGETS.scaleIdleTickRatio && scale.every((entry) => entry.idle_seq_scans === 0),
      burst: burstShare >= TARGETS.scaleBurstShare,
      redis: largest.redis_mb <= TARGETS.scaleRedisMb,
      no_duplicates: scale.every((entry) => entry.duplicates === 0),
    },
  };
}

async function main() {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  log(`options ${JSON.stringify(options)}`);
  if (options.scale || options.compareWith) {
    const bundle = options.workerBuild === 'bundle' ? await bundleWorker() : null;
    const worker: WorkerSetup = { concurrency: options.concurrency, processes: options.workerProcesses, nodeFlags: options.workerNodeFlags, bundle };
    const compared = options.compareWith
      ? await runComparison({ baseDir: options.compareWith, rounds: options.compareRounds, emails: options.emails, naiveSample: options.naiveSample, worker, fakePlacement: options.fake })
      : {};
    const scaled = options.scale ? await scaleFigures(options, worker) : {};
    process.stdout.write(`${JSON.stringify({ ...compared, ...scaled })}\n`);
    return;
  }
  if (options.importOnly || options.signupOnly || options.statsOnly || options.authoringOnly || options.archiveOnly) {
    const only = {
      ...(options.importOnly ? await importFigures(options) : {}),
      ...(options.signupOnly ? await signupFigures(options) : {}),
      ...(options.statsOnly ? { ...(await funnelFigures(options)), ...(await overviewFigures(options)) } : {}),
      ...(options.authoringOnly ? await authoringFigures(options) : {}),
      ...(options.archiveOnly ? await archiveFigures(options) : {}),
    };
    process.stdout.write(`${JSON.stringify(only)}\n`);
    return;
  }
  const worker: WorkerSetup = {
    concurrency: options.concurrency,
    processes: options.workerProcesses,
    nodeFlags: options.workerNodeFlags,
    bundle: options.workerBuild === 'bundle' ? await bundleWorker() : null,
  };

  log(`engine: ${options.emails} emails due at once, no provider rate limit`);
  const engine: EngineRunResult = await runEngineDelivery({
    name: 'engine',
    emails: options.emails,
    workerRateLimit: UNLIMITED_RATE,
    worker,
    fakePlacement: options.fake,
    cpuProfileDir: options.cpuProf,
  });
  log(`engine: ${engine.recipients} emails in ${engine.seconds.toFixed(2)}s = ${engine.emailsPerS.toFixed(0)}/s; cpu ${JSON.stringify(cpuSummary(engine))}`);

  let latency: EngineRunResult | null = null;
  if (options.providerLatency > 0) {
    log(`latency: ${options.emails} emails due at once, the fake answering each call ${options.providerLatency} ms late`);
    latency = await runEngineDelivery({
      name: 'latency',
      emails: options.emails,
      workerRateLimit: UNLIMITED_RATE,
      providerLatencyMs: options.providerLatency,
      worker,
      fakePlacement: options.fake,
    });
    log(`latency: ${latency.recipients} emails in ${latency.seconds.toFixed(2)}s = ${latency.emailsPerS.toFixed(0)}/s`);
  }

  let naive: NaiveRunResult | null = null;
  if (!options.skipNaive) {
    log(`naive: ${options.naiveSample} emails, one job, one render and one API call each`);
    naive = await runNaiveDelivery({ emails: options.naiveSample, concurrency: options.concurrency, fakePlacement: options.fake });
    log(`naive: ${naive.recipients} emails in ${naive.seconds.toFixed(2)}s = ${naive.emailsPerS.toFixed(0)}/s`);
  }

  let limited: EngineRunResult | null = null;
  if (!options.skipRate) {
    log(`rate-limited: ${options.rateEmails} emails, fake and worker at ${options.rate} requests/s`);
    limited = await runEngineDelivery({
      name: 'rate',
      emails: options.rateEmails,
      workerRateLimit: options.rate,
      fakeRateLimit: options.rate,
      worker,
      fakePlacement: options.fake,
    });
    log(`rate-limited: ${limited.sustainedEmailsPerS.toFixed(0)}/s sustained, ${limited.rateLimited} 429s served`);
  }

  let broadcast: BroadcastRunResult | null = null;
  if (!options.skipBroadcast) {
    log(`broadcast: a newsletter to ${options.broadcastRecipients} confirmed subscribers, no provider rate limit`);
    broadcast = await runBroadcastDelivery({ recipients: options.broadcastRecipients, worker, fakePlacement: options.fake, rate: UNLIMITED_RATE });
    log(`broadcast: recorded in ${broadcast.recordSeconds.toFixed(2)}s; ${broadcast.recipients} emails in ${broadcast.sendSeconds.toFixed(2)}s = ${broadcast.emailsPerS.toFixed(0)}/s`);
  }

  let memory: RedisMemoryResult | null = null;
  if (!options.skipMemory) {
    memory = await measureRedisMemory({ waiting: options.waiting, worker, fakePlacement: options.fake });
    log(`memory: ${memory.usedMemoryMb.toFixed(2)} MB used (baseline ${memory.baselineMb.toFixed(2)} MB)`);
  }

  const imported = await importFigures(options);

  const speedup = naive ? engine.emailsPerS / naive.emailsPerS : NaN;
  const rateTarget = options.rate * 100;
  const unhandled429s = limited ? limited.deliveriesFailed + limited.lost : null;
  const result = {
    emails: options.emails,
    seconds: round(engine.seconds, 3),
    emails_per_s: round(engine.emailsPerS, 0),
    sustained_emails_per_s: round(engine.sustainedEmailsPerS, 0),
    naive_emails_per_s: naive ? round(naive.emailsPerS, 1) : null,
    naive_sample: naive ? options.naiveSample : null,
    naive_note: naive
      ? `naive rate measured on a ${options.naiveSample}-email sample (one BullMQ job, one render() and one emails.send per email) in the same run`
      : 'skipped',
    speedup_vs_naive: round(speedup, 1),
    duplicates: engine.duplicates + (limited?.duplicates ?? 0) + (latency?.duplicates ?? 0),
    lost: engine.lost + (limited?.lost ?? 0) + (latency?.lost ?? 0),
    deliveries_sent_in_postgres: engine.deliveriesSent,
    latency_ms: latency ? options.providerLatency : null,
    latency_emails_per_s: latency ? round(latency.emailsPerS, 0) : null,
    latency_seconds: latency ? round(latency.seconds, 3) : null,
    redis_used_memory_mb: memory ? round(memory.usedMemoryMb, 2) : null,
    redis_baseline_memory_mb: memory ? round(memory.baselineMb, 2) : null,
    redis_waiting_subscribers: memory?.waiting ?? null,
    redis_burst_peak_memory_mb: round(engine.redisBurst.peakMb, 2),
    redis_burst_sampled_max_mb: round(engine.redisBurst.sampledMaxMb, 2),
    worker_peak_rss_mb: round(engine.workerPeakRssMb, 1),
    worker_idle_rss_mb: memory ? round(memory.workerPeakRssMb, 1) : null,
    worker_startup_s: round(engine.workerStartupSeconds, 2),
    broadcast_recipients: broadcast?.recipientsRecorded ?? null,
    broadcast_record_s: broadcast ? round(broadcast.recordSeconds, 2) : null,
    broadcast_emails_per_s: broadcast ? round(broadcast.emailsPerS, 0) : null,
    broadcast_vs_burst: broadcast ? round(broadcast.emailsPerS / engine.emailsPerS, 2) : null,
    broadcast_duplicates: broadcast?.duplicates ?? null,
    broadcast_lost: broadcast?.lost ?? null,
    broadcast_worker_peak_rss_mb: broadcast ? round(broadcast.workerPeakRssMb, 1) : null,
    rate_limited_emails_per_s: limited ? round(limited.sustainedEmailsPerS, 1) : null,
    rate_limit_target: limited ? rateTarget : null,
    rate_limited_emails: limited ? options.rateEmails : null,
    rate_limited_429s: limited?.rateLimited ?? null,
    unhandled_429s: unhandled429s,
    cpu_seconds: cpuSummary(engine),
    ...cpuPerEmail(engine, options.workerProcesses),
    worker_concurrency: options.concurrency,
    worker_processes: options.workerProcesses,
    worker_build: options.workerBuild,
    fake_placement: options.fake,
    targets_met: {
      emails_per_s: engine.emailsPerS >= TARGETS.emailsPerS,
      speedup_vs_naive: naive ? speedup >= TARGETS.speedupVsNaive : null,
      rate_limited: limited ? limited.sustainedEmailsPerS >= TARGETS.rateShare * rateTarget && unhandled429s === 0 : null,
      // The fake saw each recipient once, and Postgres agrees that every delivery was sent.
      exactly_once:
        engine.duplicates === 0 &&
        engine.lost === 0 &&
        engine.deliveriesSent === options.emails &&
        (limited ? limited.duplicates === 0 && limited.lost === 0 && limited.deliveriesSent === options.rateEmails : true) &&
        (latency ? latency.duplicates === 0 && latency.lost === 0 && latency.deliveriesSent === options.emails : true),
      redis_memory: memory ? memory.usedMemoryMb <= TARGETS.redisMb : null,
      broadcast: broadcast
        ? broadcast.emailsPerS >= TARGETS.broadcastShareOfBurst * engine.emailsPerS &&
          broadcast.duplicates === 0 &&
          broadcast.lost === 0 &&
          broadcast.deliveriesSent === options.broadcastRecipients
        : null,
      worker_rss: engine.workerPeakRssMb <= TARGETS.workerRssMb,
    },
    ...imported,
    ...(await funnelFigures(options)),
    ...(await signupFigures(options)),
    ...(await overviewFigures(options)),
    ...(await authoringFigures(options)),
    ...(await archiveFigures(options)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the processes this bench started and dropping its database`);
    void abandonRun().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void abandonRun().finally(() => process.exit(1));
  },
);
