import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { countFullyDelivered, expectDeliveredExactlyOnce } from '../support/exactly-once.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { startProviderTap, type ProviderTap } from '../support/provider-tap.js';
import { runCommand } from '../support/run-command.js';
import { waitFor } from '../support/wait-for.js';
import { workerEnv } from '../support/worker-env.js';
import { deleteQueueKeys, killAllWorkers, spawnWorker, startedLine } from '../support/worker-process.js';

const N = 10_000;
const FILE = 'emails/newsletters/2026-12-gentle-december.md';

/**
 * The issue's "done when": her list of 10,000 imported with the real command, a newsletter sent
 * to it with the real command on a terminal (progress bar and all), and the worker process
 * killed with kill -9 in the middle. Another worker finishes it: each mom gets it exactly once.
 */
describe('a newsletter to 10,000 imported subscribers, its worker killed mid-send', () => {
  const prefix = `bcrash-${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let fake: FakeResend;
  let tapA: ProviderTap;
  let tapB: ProviderTap;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeResend();
    tapA = await startProviderTap(fake.url);
    tapB = await startProviderTap(fake.url);
    dir = mkdtempSync(join(tmpdir(), 'rmg-bcrash-'));
  });
  afterAll(async () => {
    await killAllWorkers();
    await tapA?.close();
    await tapB?.close();
    await fake?.close();
    await db?.drop();
    await deleteQueueKeys(TEST_REDIS_URL, prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('goes out exactly once each, its progress shown until the end', { timeout: 180_000 }, async () => {
    const addresses = Array.from({ length: N }, (_, i) => `imported-${i + 1}@example.com`);
    const csv = join(dir, 'list.csv');
    writeFileSync(
      csv,
      `email,first_name,timezone,consented_at,consent_source\n${addresses
        .map((a, i) => `${a},Mom ${i + 1},America/Chicago,2025-06-01T10:00:00Z,old newsletter signup form`)
        .join('\n')}\n`,
    );
    const env = workerEnv({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, resendBaseUrl: tapA.url, queuePrefix: prefix, extra: { WORKER_CONCURRENCY: '4' } });
    const imported = await runCommand(`npm run cli -- subscribers import ${csv}`, { env: { DATABASE_URL: db.url }, timeoutMs: 120_000 });
    expect(imported.code, imported.stderr).toBe(0);
    const [{ active }] = await db.sql<[{ active: number }]>`select count(*)::int as active from subscribers where status = 'active'`;
    expect(active).toBe(N);

    // Slow provider calls at first, so that the kill lands while one is in flight.
    fake.behave(Array.from({ length: 12 }, () => ({ delayMs: 400 })));
    const a = spawnWorker('A', env);
    await a.waitForLog(startedLine);

    // On a terminal, as she types it; REDIS_URL lets the command wake the dispatcher at once.
    const cliEnv = `DATABASE_URL=${db.url} REDIS_URL=${TEST_REDIS_URL} QUEUE_PREFIX=${prefix} RESEND_API_KEY=re_test`;
    const sending = runCommand(`script -qefc "env ${cliEnv} npm run cli -- broadcast send ${FILE} --audience all" /dev/null`, { timeoutMs: 150_000 });

    await waitFor('A to have batches answered and one in flight', () => {
      const requests = fake.requests();
      return requests.filter((r) => r.status === 200).length >= 2 && requests.some((r) => r.status === 0);
    }, 60_000);
    const exit = await a.kill();
    expect(exit.signal).toBe('SIGKILL');
    const acceptedAtKill = fake.stats().accepted;
    expect(acceptedAtKill).toBeLessThan(N);

    spawnWorker('B', { ...env, RESEND_BASE_URL: tapB.url });
    const cli = await sending;
    expect(cli.code, cli.stdout).toBe(0);
    expect(cli.stdout).toContain(`to ${N.toLocaleString('en-US')} people, recorded. It goes out now.`);
    expect(cli.stdout).toMatch(/\d+% \| \d+\/10000 sent/);
    expect(cli.stdout).toContain('100% | 10000/10000 sent');
    expect(cli.stdout).toContain(`Sent to ${N.toLocaleString('en-US')} people.`);

    await waitFor('every recipient recorded', () => countFullyDelivered(db.sql, addresses, 1, 'broadcast').then((n) => n === N), 30_000);
    await expectDeliveredExactlyOnce(fake, db.sql, addresses, 1, 'broadcast');
    expect(tapB.requests.length).toBeGreaterThan(0);
    const [broadcast] = await db.sql<{ status: string; recipients: number }[]>`select status, recipients from broadcasts`;
    expect(broadcast).toEqual({ status: 'sent', recipients: N });
  });
});
