import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { loadCourse } from '../support/course.js';
import { countFullyDelivered, expectDeliveredExactlyOnce } from '../support/exactly-once.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';
import { spawnWebProcess, type WebProcess } from '../support/web-process.js';
import { appProcessEnv, workerEnv } from '../support/worker-env.js';
import { deleteQueueKeys, killAllWorkers, spawnWorker, startedLine, type WorkerProcess } from '../support/worker-process.js';

const N = 300; // three batches per lesson
const OUTAGE_MS = 10_000;
const COURSE_INTERVAL = '3s';

/** A signup's answer and how long it took. */
async function timed(request: () => Promise<Response>): Promise<{ status: number; body: string; ms: number; type: string }> {
  const started = Date.now();
  const response = await request();
  const body = await response.text();
  return { status: response.status, body, ms: Date.now() - started, type: response.headers.get('content-type') ?? '' };
}

/**
 * A managed Postgres restarting for an upgrade or a fail-over, mid-course: the web process and
 * two workers run against a cluster of this file's own, which is stopped (`pg_ctl stop -m fast`,
 * sessions end with 57P01) while a provider call is in flight, kept down for 10 s and started
 * again. Nobody restarts any process.
 */
describe('Postgres stopped for 10 seconds in the middle of a send', () => {
  const prefix = `pgrestart-${randomBytes(4).toString('hex')}`;
  let pg: PrivatePostgres;
  let sql: postgres.Sql;
  let fake: FakeResend;
  let web: WebProcess | undefined;
  let base: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const admin = postgres(pg.url(), { max: 1, onnotice: () => {} });
    await admin`create database rmg`;
    await admin.end();
    sql = postgres(pg.url('rmg'), { max: 2, onnotice: () => {} });
    // Every provider call takes a while, so that the stop lands while one is in flight.
    fake = await startFakeResend({ latencyMs: 400 });
  }, 60_000);

  afterAll(async () => {
    web?.kill();
    await killAllWorkers();
    await fake?.close();
    await sql?.end({ timeout: 1 }).catch(() => {});
    await deleteQueueKeys(TEST_REDIS_URL, prefix);
    await pg?.destroy();
  });

  it('loses nothing, sends nothing twice, answers 503 while it is down and recovers by itself', async () => {
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    const settings = { COURSE_INTERVAL, RECONCILE_INTERVAL: '1s', SEND_LEASE: '3s', WORKER_CONCURRENCY: '2' };
    // The web process migrates the database and syncs the course's lessons, which the seed needs.
    web = await spawnWebProcess(
      appProcessEnv({
        PORT: String(port),
        APP_URL: base,
        DATABASE_URL: pg.url('rmg'),
        REDIS_URL: TEST_REDIS_URL,
        RESEND_BASE_URL: fake.url,
        RESEND_RATE_LIMIT: '1000',
        QUEUE_PREFIX: prefix,
        DATA_DIR: '/tmp/rmg-test-data',
        LOG_LEVEL: 'info',
        // The test signs one address up over and over during the outage.
        SIGNUP_LIMIT_PER_IP: '0',
        SIGNUP_LIMIT_PER_ADDRESS: '0',
        ...settings,
      }),
      base,
    );
    const course = await loadCourse();
    const lessons = course.lessons.length;
    const addresses = await seedDueEnrollments(sql, N, { tag: 'pgrestart', courseSlug: course.slug });
    const env = workerEnv({ databaseUrl: pg.url('rmg'), redisUrl: TEST_REDIS_URL, resendBaseUrl: fake.url, queuePrefix: prefix, extra: settings });
    const workers: WorkerProcess[] = [spawnWorker('A', env), spawnWorker('B', env)];
    await Promise.all(workers.map((w) => w.waitForLog(startedLine)));

    await waitFor(
      'batches answered and one in flight',
      () => {
        const requests = fake.requests();
        return requests.filter((r) => r.status === 200).length >= 4 && requests.some((r) => r.status === 0);
      },
      30_000,
      { everyMs: 20 },
    );
    const acceptedBefore = fake.stats().accepted;
    const stoppedAt = Date.now();
    await pg.stop();
    const downAt = Date.now();

    // /health says so...
    await waitFor('/health to answer 503', () => fetch(`${base}/health`).then((r) => r.status === 503), 5_000, { everyMs: 100 });
    const unhealthyAfterMs = Date.now() - downAt;

    // ...and a signup during the outage is told to come back, quickly, never a 500 or a hang.
    const api = await timed(() =>
      fetch(`${base}/api/subscribers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'during-outage@example.com', firstName: 'Ana', timezone: 'UTC' }),
      }),
    );
    expect(api.status, api.body).toBe(503);
    expect(JSON.parse(api.body)).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(api.ms).toBeLessThanOrEqual(5_000);
    const form = await timed(() =>
      fetch(`${base}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ email: 'form-during-outage@example.com', firstName: 'Bea', timezone: 'UTC' }),
      }),
    );
    expect(form.status).toBe(503);
    expect(form.type).toContain('text/html');
    expect(form.body).toContain('try again in a minute');
    expect(form.ms).toBeLessThanOrEqual(5_000);

    // Down for the whole outage: every answer in it is a 503, and a signup late in it is as quick
    // as one at its start (postgres.js's reconnect backoff grows with every failed connect).
    const healthDuringOutage = new Set<number>();
    const signupsDuringOutage: Array<{ status: number; ms: number }> = [];
    await waitFor(`${OUTAGE_MS} ms of outage`, async () => {
      healthDuringOutage.add((await fetch(`${base}/health`)).status);
      const { status, ms } = await timed(() =>
        fetch(`${base}/api/subscribers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'during-outage@example.com' }),
        }),
      );
      signupsDuringOutage.push({ status, ms });
      return Date.now() - stoppedAt >= OUTAGE_MS;
    }, OUTAGE_MS + 30_000, { everyMs: 250 });
    expect([...healthDuringOutage]).toEqual([503]);
    expect(new Set(signupsDuringOutage.map((s) => s.status))).toEqual(new Set([503]));
    const slowestSignupMs = Math.max(...signupsDuringOutage.map((s) => s.ms));
    expect(slowestSignupMs).toBeLessThanOrEqual(5_000);

    await pg.start();
    const upAt = Date.now();
    await waitFor('/health to answer 200 again', () => fetch(`${base}/health`).then((r) => r.status === 200), 15_000, { everyMs: 50 });
    const healthyAfterMs = Date.now() - upAt;

    const signup = await fetch(`${base}/api/subscribers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'after-outage@example.com', firstName: 'Cat', timezone: 'UTC' }),
    });
    expect(signup.status).toBe(202);

    await waitFor(
      `all ${lessons} lessons delivered to ${N}`,
      () => countFullyDelivered(sql, addresses, lessons).then((n) => n === N, () => false),
      90_000,
      { everyMs: 250 },
    );
    await expectDeliveredExactlyOnce(fake, sql, addresses, lessons);
    await waitFor('the confirmation of the signup after the outage', () => fake.emails().some((e) => e.to === 'after-outage@example.com'), 20_000);
    expect(fake.emails().filter((e) => e.to === 'during-outage@example.com' || e.to === 'form-during-outage@example.com')).toEqual([]);

    expect(web.isRunning()).toBe(true);
    for (const w of workers) expect(w.isRunning(), `${w.name}:\n${w.otherOutput()}`).toBe(true);
    const lost = N * lessons - (await countSent(sql, addresses));
    console.info(
      `[postgres-restart] stopped with ${acceptedBefore}/${N * lessons} emails accepted (pg_ctl stop took ${downAt - stoppedAt} ms); ` +
        `/health 503 after ${unhealthyAfterMs} ms; signup during the outage: API 503 in ${api.ms} ms, form 503 in ${form.ms} ms, ` +
        `slowest of ${signupsDuringOutage.length} more 503s ${slowestSignupMs} ms; ` +
        `/health 200 again ${healthyAfterMs} ms after Postgres started; lost ${lost}, duplicates ${fake.stats().duplicates}`,
    );
  }, 180_000);
});

async function countSent(sql: postgres.Sql, addresses: string[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from deliveries d join subscribers s on s.id = d.subscriber_id
    where s.email = any(${sql.array(addresses)}::text[]) and d.kind = 'lesson' and d.status = 'sent'`;
  return row!.n;
}
