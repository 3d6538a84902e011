import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { waitFor } from './wait-for.js';
import { afterDispatcherTicks } from './dispatch-ticks.js';
import { stopProcessGroup } from './child-process.js';
import { recordCommandRun } from './documented-commands.js';
import { PROJECT_DIR } from './run-command.js';

/** One email in the running app's dev mailbox, as /dev/mailbox.json lists it. */
export interface Mail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  createdAt: string;
}

export interface EmbeddedApp {
  base: string;
  dataDir: string;
  /** Everything the app has printed so far. */
  output(): string;
  mailbox(to: string): Promise<Mail[]>;
  /** Resolves once its dispatcher has run `ticks` whole ticks from now, and their sends are done. */
  afterDispatcherTicks(ticks?: number): Promise<void>;
  /** SIGTERM, then removes its data folder. */
  stop(): Promise<void>;
}

/** Where `npm start` finds Redis with nothing configured. */
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The app as `npm start` runs it on the embedded defaults (built-in Postgres, local Redis, dev
 * mailbox), with lessons a second apart, in a data folder of its own; answers once /health does.
 * `command` is typed into a shell as a person would (the quick start's `npm install && npm start`).
 * Another process may take the free port between the probe and the listen: then it tries again.
 */
export async function startEmbeddedApp(name: string, command = 'npm start'): Promise<EmbeddedApp> {
  recordCommandRun(command);
  const dataDir = mkdtempSync(join(tmpdir(), `rmg-${name}-`));
  const queuePrefix = `e2e-${name}-${randomBytes(4).toString('hex')}`;
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const base = `http://localhost:${port}`;
    let output = '';
    // In a process group of its own: npm, its shell and the app stop together.
    const server: ChildProcess = spawn('bash', ['-c', command], {
      cwd: PROJECT_DIR,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        DATA_DIR: dataDir,
        COURSE_INTERVAL: '1s',
        RECONCILE_INTERVAL: '1s',
        QUEUE_PREFIX: queuePrefix,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    // The whole group (shell, npm, the app), until none is left: npm may be gone before the app
    // has closed its database.
    const stop = () => stopProcessGroup(server.pid!, 20_000);
    try {
      await waitFor('the app to answer /health', async () => {
        if (server.exitCode !== null) throw new Error(`the app exited:\n${output}`);
        return fetch(`${base}/health`).then((r) => r.ok).catch(() => false);
      }, 90_000);
    } catch (error) {
      await stop();
      if (attempt < 3 && output.includes('EADDRINUSE')) continue;
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return {
      base,
      dataDir,
      output: () => output,
      afterDispatcherTicks: (ticks = 1) => afterDispatcherTicks(LOCAL_REDIS_URL, queuePrefix, ticks),
      async mailbox(to) {
        const all = (await (await fetch(`${base}/dev/mailbox.json`)).json()) as Mail[];
        return all.filter((m) => m.to === to);
      },
      async stop() {
        await stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}

