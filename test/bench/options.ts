import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Emails due at once in the unlimited run. */
  emails: number;
  /** Emails pushed through the naive pipeline; its rate is what the engine is compared with. */
  naiveSample: number;
  /** Requests per second the rate-limited fake admits (and the worker is told to keep to). */
  rate: number;
  rateEmails: number;
  /** Milliseconds the fake adds to every call in an extra burst run; 0 skips that run. */
  providerLatency: number;
  /** Subscribers enrolled and waiting for tomorrow while Redis memory is read. */
  waiting: number;
  concurrency: number;
  workerProcesses: number;
  /** `process`: the fake in its own Node process; `inline`: in the bench's own event loop. */
  fake: 'process' | 'inline';
  skipNaive: boolean;
  skipRate: boolean;
  skipMemory: boolean;
  /** Confirmed subscribers a newsletter goes to, beside the course burst. */
  broadcastRecipients: number;
  skipBroadcast: boolean;
  /** Subscribers behind the funnel query (each with every lesson: 7× as many deliveries). */
  funnelSubscribers: number;
  skipFunnel: boolean;
  /** Subscribers behind the dashboard's overview page (overview-bench.ts), seeded as the funnel's. */
  overviewSubscribers: number;
  skipOverview: boolean;
  /** Directory for `--cpu-prof` of the worker and the fake during the unlimited run. */
  cpuProf: string | null;
  /** Extra Node flags for the worker processes (diagnostics: --trace-gc, heap sizes). */
  workerNodeFlags: string[];
  /** `tsx`: workers/main.ts as `npm run start:worker` runs it; `bundle`: precompiled by esbuild. */
  workerBuild: 'tsx' | 'bundle';
  /** Rows of the generated CSV for the import run (import-bench.ts). */
  importRows: number;
  skipImport: boolean;
  /** Also import 1,000,000 rows, for the peak-RSS figure at that size. */
  importMillion: boolean;
  /** Only the import runs, not the delivery engine. */
  importOnly: boolean;
  /** Seconds of each timed round of the signup run, and of the plain transaction beside it (signup-bench.ts). */
  signupSeconds: number;
  skipSignup: boolean;
  /** Only the signup run. */
  signupOnly: boolean;
  /** Only the dashboard's figures: the funnel query and the overview page. */
  statsOnly: boolean;
  /** Only the scale run: the idle tick, Redis and a burst at each of `scaleSizes` waiting subscribers. */
  scale: boolean;
  scaleSizes: number[];
  /** Subscribers who fall due at once in each burst round of the scale run. */
  scaleBurst: number;
  scaleRounds: number;
  /** Another checkout (the base commit's worktree) whose worker runs the burst alternately with this one's. */
  compareWith: string | null;
  compareRounds: number;
  /** Moms in the course behind the lesson editor's effect sentence and save (authoring-bench.ts). */
  authoringMoms: number;
  skipAuthoring: boolean;
  /** Only the authoring run. */
  authoringOnly: boolean;
  /** Sent public newsletters behind the archive run (archive-bench.ts). */
  archiveLetters: number;
  skipArchive: boolean;
  /** Only the archive run: /letters, a letter and the feed. */
  archiveOnly: boolean;
}

const USAGE = `npm run bench -- [--emails 100000] [--naive-sample 2000] [--rate 10] [--rate-emails 20000]
  [--provider-latency 100] [--waiting 100000] [--concurrency 8] [--worker-processes 1] [--fake process|inline]
  [--skip-naive] [--skip-rate] [--skip-memory] [--broadcast-recipients 100000] [--skip-broadcast] [--funnel-subscribers 100000] [--skip-funnel] [--overview-subscribers 100000] [--skip-overview] [--cpu-prof <dir>] [--worker-node-flags="--trace-gc …"] [--worker-build bundle|tsx]
  [--import-rows 100000] [--skip-import] [--import-million] [--import-only] [--signup-seconds 10] [--skip-signup] [--signup-only] [--stats-only]
  [--scale] [--scale-sizes 10000,100000,1000000] [--scale-burst 10000] [--scale-rounds 3]
  [--compare-with <dir> [--compare-rounds 2]] [--authoring-moms 100000] [--skip-authoring] [--authoring-only]
  [--archive-letters 500] [--skip-archive] [--archive-only]
Every option may also come from the environment as BENCH_<NAME> (BENCH_EMAILS=10000, BENCH_SKIP_NAIVE=1).`;

/** Flags win over BENCH_* variables, so CI can set defaults and a person can still override one. */
export function parseBenchOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      emails: { type: 'string' },
      'naive-sample': { type: 'string' },
      rate: { type: 'string' },
      'rate-emails': { type: 'string' },
      'provider-latency': { type: 'string' },
      waiting: { type: 'string' },
      concurrency: { type: 'string' },
      'worker-processes': { type: 'string' },
      fake: { type: 'string' },
      'skip-naive': { type: 'boolean' },
      'skip-rate': { type: 'boolean' },
      'skip-memory': { type: 'boolean' },
      'broadcast-recipients': { type: 'string' },
      'skip-broadcast': { type: 'boolean' },
      'funnel-subscribers': { type: 'string' },
      'skip-funnel': { type: 'boolean' },
      'overview-subscribers': { type: 'string' },
      'skip-overview': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'worker-node-flags': { type: 'string' },
      'worker-build': { type: 'string' },
      'import-rows': { type: 'string' },
      'skip-import': { type: 'boolean' },
      'import-million': { type: 'boolean' },
      'import-only': { type: 'boolean' },
      'signup-seconds': { type: 'string' },
      'skip-signup': { type: 'boolean' },
      'signup-only': { type: 'boolean' },
      'stats-only': { type: 'boolean' },
      scale: { type: 'boolean' },
      'scale-sizes': { type: 'string' },
      'scale-burst': { type: 'string' },
      'scale-rounds': { type: 'string' },
      'compare-with': { type: 'string' },
      'compare-rounds': { type: 'string' },
      'authoring-moms': { type: 'string' },
      'skip-authoring': { type: 'boolean' },
      'authoring-only': { type: 'boolean' },
      'archive-letters': { type: 'string' },
      'skip-archive': { type: 'boolean' },
      'archive-only': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const pick = (name: string): string | undefined =>
    (values as Record<string, string | boolean | undefined>)[name]?.toString() ??
    env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`];
  const count = (name: string, fallback: number, min = 1) => {
    const raw = pick(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}\n${USAGE}`);
    return value;
  };
  const flag = (name: string) => ['1', 'true', 'yes'].includes(pick(name) ?? '');
  const fake = pick('fake') ?? 'process';
  if (fake !== 'process' && fake !== 'inline') throw new Error(`--fake must be process or inline, got ${fake}\n${USAGE}`);
  const scaleSizes = (pick('scale-sizes') ?? '10000,100000,1000000').split(',').map((raw) => Number(raw.trim().replaceAll('_', '')));
  if (scaleSizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`--scale-sizes must be positive integers separated by commas, got ${pick('scale-sizes')}\n${USAGE}`);
  }
  const workerBuild = pick('worker-build') ?? 'bundle';
  if (workerBuild !== 'tsx' && workerBuild !== 'bundle') throw new Error(`--worker-build must be tsx or bundle, got ${workerBuild}\n${USAGE}`);

  return {
    authoringMoms: count('authoring-moms', 100_000),
    skipAuthoring: flag('skip-authoring'),
    authoringOnly: flag('authoring-only'),
    archiveLetters: count('archive-letters', 500),
    skipArchive: flag('skip-archive'),
    archiveOnly: flag('archive-only'),
    emails: count('emails', 100_000),
    naiveSample: count('naive-sample', 2_000),
    rate: count('rate', 10),
    rateEmails: count('rate-emails', 20_000),
    providerLatency: count('provider-latency', 0, 0),
    waiting: count('waiting', 100_000),
    concurrency: count('concurrency', 8),
    workerProcesses: count('worker-processes', 1),
    fake,
    skipNaive: flag('skip-naive'),
    skipRate: flag('skip-rate'),
    skipMemory: flag('skip-memory'),
    broadcastRecipients: count('broadcast-recipients', 100_000),
    skipBroadcast: flag('skip-broadcast'),
    funnelSubscribers: count('funnel-subscribers', 100_000),
    skipFunnel: flag('skip-funnel'),
    overviewSubscribers: count('overview-subscribers', 100_000),
    skipOverview: flag('skip-overview'),
    cpuProf: pick('cpu-prof') ?? null,
    // The worker runs with the flags `npm run start:worker` gives it, then any the command adds.
    workerNodeFlags: [...deployedWorkerFlags(), ...(pick('worker-node-flags') ?? '').split(/\s+/).filter(Boolean)],
    workerBuild,
    importRows: count('import-rows', 100_000),
    skipImport: flag('skip-import'),
    importMillion: flag('import-million'),
    importOnly: flag('import-only'),
    signupSeconds: count('signup-seconds', 10),
    skipSignup: flag('skip-signup'),
    signupOnly: flag('signup-only'),
    statsOnly: flag('stats-only'),
    scale: flag('scale'),
    scaleSizes,
    scaleBurst: count('scale-burst', 10_000),
    scaleRounds: count('scale-rounds', 3),
    compareWith: pick('compare-with') ?? null,
    compareRounds: count('compare-rounds', 2),
  };
}

/**
 * The Node flags of `npm run start:worker` in package.json (`node --flag … dist/workers/main.mjs`),
 * so the bench measures the worker as it is deployed, its memory settings included.
 */
export function deployedWorkerFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts['start:worker']!.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--'));
}
