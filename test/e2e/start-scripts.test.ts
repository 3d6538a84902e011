import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { forEachOutputLine, signalProcessGroup } from '../support/child-process.js';
import { TEST_PG_URL } from '../support/db.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { PROJECT_ROOT } from '../support/node-process.js';
import { reapWithUs } from '../support/reaper.js';
import { waitFor } from '../support/wait-for.js';
import { appProcessEnv } from '../support/worker-env.js';
import { deleteQueueKeys } from '../support/worker-process.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { recordCommandRun } from '../support/documented-commands.js';

interface NpmProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm run <script>` exactly as a user types it, npm and its prestart build included, in a
 * process group of its own so that a failed test can take the whole tree down.
 */
function npmRun(script: string, env: Record<string, string>): NpmProcess {
  recordCommandRun(`npm run ${script}`);
  const child = spawn('npm', ['run', script], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  reapWithUs(child, { group: true });
  const output: string[] = [];
  forEachOutputLine(child, (line) => output.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

const logged = (p: NpmProcess, msg: string) => p.output.some((line) => line.includes(`"msg":"${msg}"`));

/**
 * The two production commands, run as an operator would run them: `npm run start:web` and
 * `npm run start:worker` (each builds dist/ in its prestart hook and runs the bundle), against
 * a fresh database they migrate themselves, the test Redis and a fake Resend. A signup goes to
 * the web process, the worker sends the confirmation, its link confirms, lesson 1 arrives, and
 * SIGTERM stops both with exit status 0.
 */
describe('npm run start:web and npm run start:worker', () => {
  const name = `t_start_${randomBytes(4).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(TEST_PG_URL), { pathname: `/${name}` }).toString();
  const prefix = `start-${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  let fake: FakeResend;
  let web: NpmProcess;
  let worker: NpmProcess;
  let base: string;

  beforeAll(async () => {
    await admin.unsafe(`create database ${name}`);
    fake = await startFakeResend({ keepBodies: true });
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    const env = appProcessEnv({
      PORT: String(port),
      APP_URL: base,
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      RESEND_BASE_URL: fake.url,
      RESEND_RATE_LIMIT: '1000',
      QUEUE_PREFIX: prefix,
      RECONCILE_INTERVAL: '1s',
      DATA_DIR: '/tmp/rmg-test-data',
      LOG_LEVEL: 'info',
    });
    // One after the other: both prestart hooks write the same dist/ files, and a process that
    // starts while the other build rewrites its bundle could read half a file.
    web = npmRun('start:web', env);
    await waitFor('the web process to answer /health', async () => {
      if (web.child.exitCode !== null) throw new Error(`start:web exited ${web.child.exitCode}:\n${web.output.join('\n')}`);
      return fetch(`${base}/health`).then((r) => r.ok, () => false);
    }, 90_000, { everyMs: 200 });
    worker = npmRun('start:worker', env);
    await waitFor('the worker to start', () => {
      if (worker.child.exitCode !== null) throw new Error(`start:worker exited ${worker.child.exitCode}:\n${worker.output.join('\n')}`);
      return logged(worker, 'worker started');
    }, 90_000, { everyMs: 200 });
  }, 200_000);

  afterAll(async () => {
    // The whole group, even when npm is gone: a node process it left behind would live on.
    for (const p of [web, worker]) if (p) signalProcessGroup(p.child.pid!, 'SIGKILL');
    await fake?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await deleteQueueKeys(TEST_REDIS_URL, prefix);
  });

  it('a signup is confirmed from the emailed link and lesson 1 arrives', async () => {
    const email = `start-${randomBytes(3).toString('hex')}@example.com`;
    const signup = await fetch(`${base}/api/subscribers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, firstName: 'Noor', timezone: 'Europe/Amsterdam' }),
    });
    expect(signup.status).toBe(202);

    const confirmation = await waitFor('the confirmation email at the fake', () => fake.emails().find((e) => e.to === email), 30_000);
    const link = new RegExp(`${base.replace(/[.]/g, '\\.')}/confirm\\?token=[\\w.-]+`).exec(confirmation.text ?? '')?.[0];
    expect(link, confirmation.text).toBeDefined();
    const confirmed = await openConfirmationLink(fetch, link!);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You’re in, Noor');

    const lessons = await waitFor('lesson 1 at the fake', () => {
      const mine = fake.emails().filter((e) => e.to === email && e.id !== confirmation.id);
      return mine.length > 0 && mine;
    }, 30_000);
    expect(lessons).toHaveLength(1);
    expect(fake.stats().duplicates).toBe(0);
  }, 90_000);

  it('SIGTERM stops both with exit status 0', async () => {
    // To npm alone, as `docker stop` signals PID 1. npm passes it to its child, which must be node
    // itself (the scripts `exec`): a `sh -c` in between died of it and left node running, orphaned.
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const bound = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000));
    const [webExit, workerExit] = await Promise.all([Promise.race([web.exited, bound]), Promise.race([worker.exited, bound])]);
    expect(webExit, web.output.slice(-20).join('\n')).toEqual({ code: 0, signal: null });
    expect(workerExit, worker.output.slice(-20).join('\n')).toEqual({ code: 0, signal: null });
    expect(logged(worker, 'worker shutting down: finishing jobs in flight')).toBe(true);
  }, 30_000);
});
