import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/runtime/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { deleteQueueKeys } from '../support/worker-process.js';

/**
 * Start-up as `npm start` runs it, against the test Postgres and Redis, in settings where the
 * development conveniences must be off: what it says, and what the app then serves.
 */
describe('start-up without ADMIN_PASSWORD where the development password is not allowed', () => {
  let db: TestDatabase;
  const prefix = `bootstrap-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await deleteQueueKeys(TEST_REDIS_URL, prefix).catch(() => {});
    await db?.drop();
  });

  const start = async (env: Record<string, string>) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ DATA_DIR: '/tmp/rmg-test-data', SECRET: 'test-secret-test-secret-test-secret-1234', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...env });
    const runtime = await bootstrap(config, pino({ level: 'info' }, sink));
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40).map((l) => l.msg);
    return { runtime, app: createApp(runtime.ctx), warnings };
  };

  it.each([
    ['development on every network', { HOST: '0.0.0.0' }, /HOST \(0\.0\.0\.0\) is not loopback/],
    ['development with a key and a public APP_URL (the README’s old Resend example)', { RESEND_API_KEY: 're_x', APP_URL: 'https://course.example.com' }, /RESEND_API_KEY is set, and APP_URL \(course\.example\.com\) is not this machine/],
    [
      'production',
      { NODE_ENV: 'production', RESEND_API_KEY: 're_x', APP_URL: 'https://course.example.com', EMAIL_FROM: 'A <a@example.com>', POSTAL_ADDRESS: '1 Main St' },
      /^ADMIN_PASSWORD is not set: the dashboard at \/admin \(and Bull Board in it\) is off\. Set a password/,
    ],
  ])('%s: warns, and /admin and /dev/* are 404', async (_name, env, reason) => {
    const { runtime, app, warnings } = await start(env);
    try {
      const warning = warnings.find((w) => w.startsWith('ADMIN_PASSWORD is not set'));
      expect(warning).toMatch(reason);
      for (const path of ['/admin', '/admin/login', '/admin/queues', '/dev/mailbox', '/dev/mailbox.json']) {
        expect((await app.request(path)).status, path).toBe(404);
      }
      const login = await app.request('/admin/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=gentle-dev-password' });
      expect(login.status).toBe(404);
    } finally {
      await runtime.shutdown();
    }
  });
});
