import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { exitOf, forEachOutputLine, signalProcessGroup } from '../support/child-process.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { reapWithUs } from '../support/reaper.js';
import { PROJECT_DIR } from '../support/run-command.js';
import { waitFor } from '../support/wait-for.js';
import { deleteQueueKeys } from '../support/worker-process.js';
import { recordCommandRun } from '../support/documented-commands.js';

/** The README's "Sending for real with Resend" block, exactly as a reader copies it. */
function resendExample(): string {
  const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Sending for real with Resend'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no sh block under "Sending for real with Resend"');
  return block;
}

/** An address of this machine that is not loopback, if it has one: where another machine would connect. */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/**
 * The README's Resend example, run through bash as written. The environment adds only what this
 * machine must supply: a test database, the test Redis, the fake Resend in place of Resend's
 * API, a free port, a queue prefix of its own (the Redis is shared by other tests), and a HOME
 * of its own for the secrets the example keeps there.
 */
describe('the README’s Resend example', () => {
  const home = mkdtempSync(join(tmpdir(), 'rmg-home-'));
  const prefix = `resend-example-${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let fake: FakeResend;
  let app: ChildProcess;
  let port: number;
  const output: string[] = [];
  const logged = (text: string) => output.some((line) => line.includes(text));

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeResend();
    port = await findFreePort();
    recordCommandRun(resendExample());
    app = spawn('bash', ['-c', resendExample()], {
      cwd: PROJECT_DIR,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        RESEND_BASE_URL: fake.url,
        PORT: String(port),
        QUEUE_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    reapWithUs(app, { group: true });
    forEachOutputLine(app, (line) => output.push(line));
    await waitFor('the app to say where it listens', () => logged('Landing page:'), 120_000, { abort: exitOf(app, `the example:\n${output.join('\n')}`) });
  }, 150_000);

  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      signalProcessGroup(app.pid!, 'SIGTERM');
      await exited;
    }
    await deleteQueueKeys(TEST_REDIS_URL, prefix).catch(() => {});
    await fake?.close();
    await db?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${port}`;
  const logIn = (password: string, at = base()) =>
    fetch(`${at}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password }).toString(),
    });

  it('starts in production, listening on every network, sending through Resend', async () => {
    expect(output.join('\n')).toMatch(/"level":30,.*listening on 0\.0\.0\.0, port \d+/);
    expect(logged('sending through Resend')).toBe(true);
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    if (networkAddress) expect((await fetch(`http://${networkAddress}:${port}/health`)).status).toBe(200);
  });

  it('refuses the development password, and opens the dashboard to the one it made', async () => {
    const refused = await logIn('gentle-dev-password');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const password = readFileSync(join(home, '.releasing-mom-guilt/admin-password'), 'utf8').trim();
    const accepted = await logIn(password);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('set-cookie')).toMatch(/^rmg_admin=.*; Secure/);
    expect(logged('ADMIN_PASSWORD is not set')).toBe(false);
  });

  it('has no dev mailbox', async () => {
    for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
      const res = await fetch(`${base()}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('keeps its secrets where the example made them, in a folder of the owner’s alone, and never logs them', () => {
    expect(statSync(join(home, '.releasing-mom-guilt')).mode & 0o777).toBe(0o700);
    const secret = readFileSync(join(home, '.releasing-mom-guilt/secret'), 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(output.join('\n')).not.toContain(secret);
  });
});
