import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { WorkerSetup } from './engine-workers.js';
import { runEngineDelivery, type EngineRunResult } from './engine-run.js';
import { runNaiveDelivery } from './naive-run.js';
import { log } from './progress.js';

export interface ComparedRun {
  side: 'base' | 'head';
  emails_per_s: number;
  cpu_us_per_email: Record<'worker' | 'postgres' | 'postgres_db' | 'fake' | 'redis' | 'total' | 'total_db', number>;
  worker_peak_rss_mb: number;
  duplicates: number;
  lost: number;
}

/**
 * `npm run bench -- --compare-with <dir>`: the same burst through another checkout's worker (a
 * `git worktree` of the base commit, with this one's node_modules linked in) and this one's,
 * alternately, `rounds` times each, in one run on one machine. Each side's worker migrates its own
 * fresh database, so each runs against its own schema. The naive pipeline runs once, in the
 * middle, for both sides' ratio. On a shared machine the wall clock moves with other people's
 * work; CPU per email, per party, is what the comparison rests on.
 */
export async function runComparison(options: {
  baseDir: string;
  rounds: number;
  emails: number;
  naiveSample: number;
  worker: WorkerSetup;
  fakePlacement: 'process' | 'inline';
}) {
  const baseDir = resolve(options.baseDir);
  if (!existsSync(join(baseDir, 'node_modules'))) {
    throw new Error(`${baseDir} has no node_modules: link this checkout's in (ln -s "$PWD/node_modules" ${baseDir}/node_modules)`);
  }
  await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: baseDir });
  const setups = { base: { ...options.worker, bundle: join(baseDir, 'dist', 'workers', 'main.mjs') }, head: options.worker };
  const runs: ComparedRun[] = [];
  let naiveEmailsPerS = NaN;
  for (let round = 0; round < options.rounds; round++) {
    for (const side of ['base', 'head'] as const) {
      log(`compare: round ${round + 1}, ${side}: ${options.emails} emails due at once`);
      const run = await runEngineDelivery({
        name: side,
        emails: options.emails,
        workerRateLimit: 1_000_000,
        worker: setups[side],
        fakePlacement: options.fakePlacement,
        migrate: false,
      });
      runs.push(summarise(side, run));
      log(`compare: ${side} ${JSON.stringify(runs.at(-1))}`);
    }
    if (round === Math.floor((options.rounds - 1) / 2)) {
      const naive = await runNaiveDelivery({ emails: options.naiveSample, concurrency: options.worker.concurrency, fakePlacement: options.fakePlacement });
      naiveEmailsPerS = naive.emailsPerS;
      log(`compare: naive ${naive.emailsPerS.toFixed(0)} emails/s`);
    }
  }
  const median = (side: 'base' | 'head', pick: (run: ComparedRun) => number) => {
    const values = runs.filter((run) => run.side === side).map(pick).sort((a, b) => a - b);
    const mid = Math.floor(values.length / 2);
    return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  };
  const sideSummary = (side: 'base' | 'head') => ({
    emails_per_s: Math.round(median(side, (run) => run.emails_per_s)),
    speedup_vs_naive: Number((median(side, (run) => run.emails_per_s) / naiveEmailsPerS).toFixed(1)),
    cpu_us_per_email: Object.fromEntries(
      (['worker', 'postgres', 'postgres_db', 'fake', 'redis', 'total', 'total_db'] as const).map((party) => [party, Math.round(median(side, (run) => run.cpu_us_per_email[party]))]),
    ),
    worker_peak_rss_mb: Number(median(side, (run) => run.worker_peak_rss_mb).toFixed(1)),
  });
  return {
    compare_base: baseDir,
    compare_emails: options.emails,
    compare_naive_emails_per_s: Number(naiveEmailsPerS.toFixed(1)),
    compare_runs: runs,
    compare_median: { base: sideSummary('base'), head: sideSummary('head') },
  };
}

function summarise(side: 'base' | 'head', run: EngineRunResult): ComparedRun {
  const us = (party: string) => Math.round(((run.cpu.byGroup[party] ?? 0) / run.recipients) * 1e6);
  const parts = { worker: us('worker'), postgres: us('postgres'), postgres_db: us('postgres_db'), fake: us('fake'), redis: us('redis') };
  return {
    side,
    emails_per_s: Math.round(run.emailsPerS),
    cpu_us_per_email: {
      ...parts,
      total: parts.worker + parts.postgres + parts.fake + parts.redis,
      total_db: parts.worker + parts.postgres_db + parts.fake + parts.redis,
    },
    worker_peak_rss_mb: Number(run.workerPeakRssMb.toFixed(1)),
    duplicates: run.duplicates,
    lost: run.lost,
  };
}
