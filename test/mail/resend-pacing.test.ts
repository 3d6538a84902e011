import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../support/course.js';
import { createPacer, RATE_HEADROOM } from '../../src/mail/pacing.js';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { countFullyDelivered } from '../support/exactly-once.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { sampleEmail } from '../support/sample-email.js';
import { startFakeResendProcess, type FakeResendProcess } from '../support/fake-resend-process.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';
import { workerEnv } from '../support/worker-env.js';
import { deleteQueueKeys, killAllWorkers, spawnWorker, startedLine, type WorkerProcess } from '../support/worker-process.js';

describe('createPacer', () => {
  // A clock that only moves when a caller sleeps, by `late` ms more than asked when told to.
  const fakeTime = () => {
    const t = { now: 1_000, late: 0, departures: [] as number[] };
    const sleep = async (ms: number) => {
      t.now += ms + t.late;
    };
    return { t, sleep };
  };

  it('lets callers go one spacing apart, in call order', async () => {
    const { t, sleep } = fakeTime();
    const pacer = createPacer(10, () => t.now, sleep);
    const spacing = 100 * RATE_HEADROOM;
    await Promise.all([0, 1, 2].map(() => pacer.acquire().then(() => t.departures.push(t.now))));
    [1_000, 1_000 + spacing, 1_000 + 2 * spacing].forEach((at, i) => expect(t.departures[i]).toBeCloseTo(at));
    t.now += 500; // a quiet spell: the next call goes at once
    await pacer.acquire();
    expect(t.now).toBeCloseTo(1_000 + 2 * spacing + 500);
  });

  it('counts from when a late caller really went, so a stall never bunches the ones after it', async () => {
    const { t, sleep } = fakeTime();
    const pacer = createPacer(10, () => t.now, sleep);
    t.late = 40; // every timer fires 40 ms late, as on a stalled event loop
    await Promise.all([0, 1, 2, 3].map(() => pacer.acquire().then(() => t.departures.push(t.now))));
    const gaps = t.departures.slice(1).map((at, i) => at - t.departures[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(pacer.spacingMs);
  });
});

describe('resend mailer with RESEND_RATE_LIMIT', () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await startFakeResend({ rateLimitPerSecond: 20 });
  });
  afterAll(() => fake.close());

  it('spaces a burst of calls so that a provider judging any sliding second never says 429', async () => {
    const mailer = createResendMailer({ apiKey: 're_test', baseUrl: fake.url, requestsPerSecond: 20 });
    // Open the keep-alive connection first: its set-up would delay the first request of the burst.
    await mailer.send([sampleEmail(100)], 'pacing-warm-up');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    fake.reset();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => mailer.send([sampleEmail(i)], `pacing-${i}`)));

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.stats()).toMatchObject({ requests: 30, rateLimited: 0, accepted: 30 });
    // Sent 51.5 ms apart; what arrives may bunch by a connection set-up, never by a second's worth.
    const arrivals = fake.requests().map((r) => r.receivedAt);
    for (let i = 20; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 20]!).toBeGreaterThanOrEqual(1_000);
  });
});

/**
 * The default RESEND_RATE_LIMIT of 2 as deployed: a worker process whose BullMQ limiter spaces
 * job starts and whose mailer paces its calls, against a fake that answers 429 to a third
 * request inside any sliding second, as Resend's default team limit does.
 */
describe('a worker at the default rate of 2 requests a second', () => {
  const prefix = `pacing-${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  // The fake in a process of its own: it judges arrivals, and in this test's busy process a
  // stalled event loop would stamp two requests that arrived apart as if they came together.
  let fake: FakeResendProcess;
  let worker: WorkerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeResendProcess({ rateLimitPerSecond: 2 });
    worker = spawnWorker(
      'paced',
      workerEnv({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, resendBaseUrl: fake.url, queuePrefix: prefix, extra: { RESEND_RATE_LIMIT: '2' } }),
    );
    await worker.waitForLog(startedLine);
  });
  afterAll(async () => {
    await killAllWorkers();
    await fake?.close();
    await db?.drop();
    await deleteQueueKeys(TEST_REDIS_URL, prefix);
  });

  // The pacer leaves 3% of the budget (15 ms a request at 2 a second) for jitter between a request
  // leaving the worker and reaching the provider; more would cost the 10-a-second target its margin.
  // On this 2-core machine under a whole suite's load that jitter is sometimes larger (1 run in
  // about 8): one 429 then, which the worker obeys and which costs nothing but the wait.
  it('sends 6 batches over at least 2.5 s, never 3 inside one second at the provider, a 429 at most once and obeyed', async () => {
    const course = await loadCourse();
    // A first batch opens the keep-alive connection (and loads fetch): that set-up would make the
    // first measured request arrive late, squeezing the first sliding second of the burst.
    const warmUp = await seedDueEnrollments(db.sql, 1, { tag: 'warm', courseSlug: course.slug });
    await waitFor('the warm-up delivery', async () => (await countFullyDelivered(db.sql, warmUp)) === 1, 30_000);
    const warmUpRequests = (await fake.requests()).length;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // 100 to a batch: 600 readers due at once are 6 batches, all ready together.
    const addresses = await seedDueEnrollments(db.sql, 600, { tag: 'paced', courseSlug: course.slug });
    await waitFor('600 deliveries sent', async () => (await countFullyDelivered(db.sql, addresses)) === 600, 30_000);

    const burst = (await fake.requests()).slice(warmUpRequests).sort((a, b) => a.receivedAt - b.receivedAt);
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeLessThanOrEqual(1);
    expect({
      requests: burst.length,
      accepted: burst.reduce((n, r) => n + r.emailCount, 0),
      duplicates: (await fake.stats()).duplicates,
    }).toEqual({ requests: 6 + limited.length, accepted: 600, duplicates: 0 });
    // Told to wait, the worker sent nothing more for at least the second it was told.
    for (const refused of limited) {
      const next = burst.find((r) => r.receivedAt > refused.receivedAt);
      expect(next!.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(1_000);
    }
    const arrivals = burst.filter((r) => r.status !== 429).map((r) => r.receivedAt);
    const gaps = arrivals.slice(2).map((at, i) => at - arrivals[i]!);
    console.info(`[resend-pacing] rate 2: ${limited.length} × 429, span ${arrivals.at(-1)! - arrivals[0]!} ms, spans of 3 consecutive: ${gaps.join(', ')} ms`);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2_500);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
  });
});
