import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from './db.js';
import { startFakeResend, type FakeResend, type FakeResendOptions } from './fake-resend.js';
import { TEST_REDIS_URL } from './harness.js';
import { workerEnv } from './worker-env.js';
import { deleteQueueKeys, killAllWorkers } from './worker-process.js';

export interface WorkerSetup {
  db: TestDatabase;
  fake: FakeResend;
  /** The queues' Redis key prefix, this file's alone. */
  prefix: string;
  /** A worker process's environment on this database, Redis prefix and provider (the fake, or a tap in front of it). */
  env(options?: { providerUrl?: string; extra?: Record<string, string> }): Record<string, string>;
  /** Kills every worker process still running, then drops what was made. */
  close(): Promise<void>;
}

/**
 * What every test of real worker processes starts with: a database of its own, a fake Resend on
 * loopback, a Redis prefix of its own, and the teardown of all three and of the workers.
 */
export async function startWorkerSetup(name: string, fakeOptions: FakeResendOptions = {}): Promise<WorkerSetup> {
  const prefix = `${name}-${randomBytes(4).toString('hex')}`;
  const db = await createTestDatabase();
  const fake = await startFakeResend(fakeOptions);
  return {
    db,
    fake,
    prefix,
    env: ({ providerUrl, extra } = {}) =>
      workerEnv({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, resendBaseUrl: providerUrl ?? fake.url, queuePrefix: prefix, extra }),
    async close() {
      await killAllWorkers();
      await fake.close();
      await db.drop();
      await deleteQueueKeys(TEST_REDIS_URL, prefix);
    },
  };
}
