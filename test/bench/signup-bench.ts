import { Agent, request } from 'node:http';
import postgres from 'postgres';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { confirmationTemplateKey } from '../../src/courses/template-keys.js';
import { exitOf, stopChild } from '../support/child-process.js';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { createTestDatabase } from '../support/db.js';
import { spawnNodeProcess } from '../support/node-process.js';
import { startPrivateRedis } from '../support/private-redis.js';
import { waitFor } from '../support/wait-for.js';
import { appProcessEnv } from '../support/worker-env.js';
import { combineRounds, runClosedLoop, type ClosedLoopFigures, type ClosedLoopRound } from './closed-loop.js';
import { pidsNamed, startCpuAccounting, type CpuSeconds } from './cpu-accounting.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { log } from './progress.js';
import { buildBundles } from './worker-build.js';

/** Keep-alive connections to the web process, and callers of the plain transaction. */
const CONNECTIONS = 50;
/** What bootstrap.ts opens for a web process on a configured DATABASE_URL. */
const WEB_POOL_SIZE = 10;
/** Rounds of each side, alternated: this machine's speed drifts by ±20% from minute to minute. */
const ROUNDS = 2;
const WARM_UP_SECONDS = 2;
/** Within SIGNUP_LIMIT_PER_IP's seven digits and far above an hour of this load from one IP. */
const LIMIT_ABOVE_LOAD = '9999999';

export interface SignupBenchResult {
  signup: ClosedLoopFigures;
  /** Answers other than 202 in every signup round, the warm-up included. */
  non202: number;
  plain: ClosedLoopFigures;
  /** Each round's rate, in the order they ran (signup, plain, signup, plain …). */
  signupRoundsPerS: number[];
  plainRoundsPerS: number[];
  /** CPU per request (signup) and per transaction (plain), by process, over the timed rounds. */
  signupCpuUs: Record<string, number>;
  plainCpuUs: Record<string, number>;
  /** After the run: rows in Postgres for every 202, and for every plain commit; none more. */
  verified: boolean;
  counts: Record<string, number>;
}

/**
 * `npm run bench -- --signup-seconds N`: the production web process (`npm run start:web`'s
 * bundle, LOG_LEVEL info, the signup limits on in Redis but above this load) on a fresh
 * database, taking `POST /api/subscribers` with a new address on each request from 50
 * keep-alive connections. Alternating with it, 50 callers of a plain postgres.js transaction
 * making the same writes over a pool as large as the web process's. No worker runs: the
 * confirmations stay pending, which is what a signup leaves behind anyway.
 */
export async function runSignupBench(options: { seconds: number; cpuProfileDir: string | null }): Promise<SignupBenchResult> {
  const { web: bundle } = await buildBundles();
  const db = await createTestDatabase();
  const forget = cleanUpOnInterrupt(() => db.drop());
  const redis = await startPrivateRedis();
  const plainSql = postgres(db.url, { max: WEB_POOL_SIZE, onnotice: () => {} });
  let web;
  try {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    web = spawnNodeProcess(bundle, {
      launcher: 'node',
      args: ['--web'],
      nodeFlags: ['--enable-source-maps', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}/web`] : [])],
      env: appProcessEnv({
        PORT: String(port),
        APP_URL: base,
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        // Nothing is sent from a web process; were it to try, it would fail here, not reach Resend.
        RESEND_BASE_URL: 'http://127.0.0.1:9',
        QUEUE_PREFIX: 'bench-signup',
        SIGNUP_LIMIT_PER_IP: LIMIT_ABOVE_LOAD,
        // SIGNUP_LIMIT_PER_ADDRESS stays at its default: every request names a new address.
        // The production default, a line per request.
        LOG_LEVEL: 'info',
      }),
      onLine: echoWarnings,
    });
    const crashed = exitOf(web, 'the web process');
    await waitFor('the web process to answer /health', () => fetch(`${base}/health`).then((r) => r.ok, () => false), 60_000, { everyMs: 100, abort: crashed });
    log(`signup: web process pid ${web.pid} on ${base}; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${options.seconds}s each side`);

    // Warm-up: the JIT, the pools' connections, Postgres's caches. Counted in the check, not in the figures.
    const warmUp = [await signupRound(port, WARM_UP_SECONDS), await plainRound(plainSql, WARM_UP_SECONDS)];

    const signupRounds: ClosedLoopRound[] = [];
    const plainRounds: ClosedLoopRound[] = [];
    const signupCpu: CpuSeconds[] = [];
    const plainCpu: CpuSeconds[] = [];
    const plainGroups = { postgres: () => pidsNamed('postgres'), bench: () => [process.pid] };
    const signupGroups = { web: () => [web!.pid!], redis: () => [redis.pid], ...plainGroups };
    for (let round = 1; round <= ROUNDS; round++) {
      let cpu = startCpuAccounting(signupGroups);
      const signup = await Promise.race([signupRound(port, options.seconds), crashed]);
      signupCpu.push(cpu.stop());
      signupRounds.push(signup);
      cpu = startCpuAccounting(plainGroups);
      const plain = await plainRound(plainSql, options.seconds);
      plainCpu.push(cpu.stop());
      plainRounds.push(plain);
      log(`signup: round ${round}: ${(signup.calls / signup.seconds).toFixed(0)} req/s, plain ${(plain.calls / plain.seconds).toFixed(0)} tx/s`);
    }
    await stopChild(web, 15_000);

    const non202 = [warmUp[0]!, ...signupRounds].reduce((sum, r) => sum + r.failures, 0);
    const plainFailures = [warmUp[1]!, ...plainRounds].reduce((sum, r) => sum + r.failures, 0);
    const signupAccepted = [warmUp[0]!, ...signupRounds].reduce((sum, r) => sum + r.calls - r.failures, 0);
    const plainCommitted = [warmUp[1]!, ...plainRounds].reduce((sum, r) => sum + r.calls - r.failures, 0);
    const counts = await countRows(db.sql);
    const verified =
      non202 === 0 &&
      plainFailures === 0 &&
      counts.signupSubscribers === signupAccepted &&
      counts.signupEnrollments === signupAccepted &&
      counts.signupDeliveries === signupAccepted &&
      counts.plainSubscribers === plainCommitted &&
      counts.batches === signupAccepted + plainCommitted;
    if (!verified) log(`signup: Postgres does not hold what was answered: ${JSON.stringify({ signupAccepted, plainCommitted, ...counts })}`);
    return {
      signup: combineRounds(signupRounds),
      non202,
      plain: combineRounds(plainRounds),
      signupRoundsPerS: signupRounds.map((r) => r.calls / r.seconds),
      plainRoundsPerS: plainRounds.map((r) => r.calls / r.seconds),
      signupCpuUs: cpuPerCall(signupCpu, signupRounds),
      plainCpuUs: cpuPerCall(plainCpu, plainRounds),
      verified,
      counts: { signupAccepted, plainCommitted, ...counts },
    };
  } finally {
    if (web) await stopChild(web, 5_000);
    await plainSql.end({ timeout: 5 });
    await redis.stop();
    forget();
    await db.drop();
  }
}

/** The web process logs a line per request at info; only what is worse joins the bench's progress. */
function echoWarnings(line: string): void {
  const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 50);
  if (level >= 40 && line.trim()) process.stderr.write(`  [web] ${line}\n`);
}

/** One side of the comparison: signups through HTTP, each a new address, on fresh keep-alive sockets. */
async function signupRound(port: number, seconds: number): Promise<ClosedLoopRound> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    return await runClosedLoop({
      concurrency: CONNECTIONS,
      seconds,
      call: (n) => postSignup(agent, port, JSON.stringify({ email: `signup-${n}@bench.example.com`, firstName: 'Ana', timezone: 'Europe/Amsterdam' })),
    });
  } finally {
    agent.destroy();
  }
}

function postSignup(agent: Agent, port: number, body: string): Promise<true | string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: '/api/subscribers', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(res.statusCode === 202 ? true : `${res.statusCode}: ${text.slice(0, 300)}`));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The other side: what one signup writes, as five statements in one transaction, written as
 * plainly as postgres.js allows: the subscriber, her pending enrollment, the claim of the
 * confirmation, its send batch and its delivery row.
 */
function plainRound(sql: postgres.Sql, seconds: number): Promise<ClosedLoopRound> {
  const template = confirmationTemplateKey(MAIN_COURSE_SLUG);
  return runClosedLoop({
    concurrency: CONNECTIONS,
    seconds,
    call: async (n) => {
      const now = new Date();
      await sql.begin(async (tx) => {
        const [subscriber] = await tx<{ id: string }[]>`
          insert into subscribers (email, first_name, timezone, newsletter, status, created_at, updated_at)
          values (${`plain-${n}@bench.example.com`}, 'Ana', 'Europe/Amsterdam', false, 'pending', ${now}, ${now})
          returning id`;
        await tx`
          insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
          values (${subscriber!.id}, ${MAIN_COURSE_SLUG}, null, 'pending', ${now}, ${now})`;
        await tx`update subscribers set confirmation_sent_at = ${now} where id = ${subscriber!.id}`;
        const [batch] = await tx<{ id: string }[]>`insert into send_batches (template, created_at) values (${template}, ${now}) returning id`;
        await tx`
          insert into deliveries (dedupe_key, kind, subscriber_id, template, batch_id, due_at, created_at, updated_at)
          values (${`confirm:${subscriber!.id}:${now.getTime()}`}, 'confirmation', ${subscriber!.id}, ${template}, ${batch!.id}, ${now}, ${now}, ${now})`;
      });
      return true;
    },
  });
}

async function countRows(sql: postgres.Sql) {
  const [row] = await sql<Record<string, string>[]>`
    select
      (select count(*) from subscribers where email like 'signup-%') as signup_subscribers,
      (select count(*) from enrollments e join subscribers s on s.id = e.subscriber_id
        where s.email like 'signup-%' and e.status = 'pending') as signup_enrollments,
      (select count(*) from deliveries d join subscribers s on s.id = d.subscriber_id
        where s.email like 'signup-%' and d.kind = 'confirmation' and d.status = 'pending') as signup_deliveries,
      (select count(*) from subscribers where email like 'plain-%') as plain_subscribers,
      (select count(*) from send_batches) as batches`;
  return {
    signupSubscribers: Number(row!.signup_subscribers),
    signupEnrollments: Number(row!.signup_enrollments),
    signupDeliveries: Number(row!.signup_deliveries),
    plainSubscribers: Number(row!.plain_subscribers),
    batches: Number(row!.batches),
  };
}

function cpuPerCall(windows: CpuSeconds[], rounds: ClosedLoopRound[]): Record<string, number> {
  const calls = rounds.reduce((sum, r) => sum + r.calls, 0);
  const out: Record<string, number> = {};
  for (const window of windows) {
    for (const [party, seconds] of Object.entries(window.byGroup)) out[party] = (out[party] ?? 0) + seconds;
  }
  const perCall = Object.fromEntries(Object.entries(out).map(([party, seconds]) => [party, Math.round((seconds / calls) * 1e6)]));
  return { ...perCall, total: Object.values(perCall).reduce((a, b) => a + b, 0) };
}
