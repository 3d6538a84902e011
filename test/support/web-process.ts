import type { ChildProcess } from 'node:child_process';
import { signalProcessGroup } from './child-process.js';
import { spawnNodeProcess } from './node-process.js';
import { waitFor } from './wait-for.js';

export interface WebProcess {
  child: ChildProcess;
  /** Every line it wrote, JSON log lines and anything else. */
  output: string[];
  isRunning(): boolean;
  /** kill -9 of its whole process group (tsx's supervisor and the Node process under it). */
  kill(): void;
}

/**
 * `tsx src/main.ts --web`, the web process alone as `npm run start:web` runs it (without the
 * esbuild step, which a test that is not about the build need not pay for). Resolves once
 * `GET /health` answers 200 at `baseUrl`.
 */
export async function spawnWebProcess(env: Record<string, string>, baseUrl: string): Promise<WebProcess> {
  const output: string[] = [];
  const child = spawnNodeProcess('src/main.ts', { launcher: 'tsx-cli', env, args: ['--web'], detached: true, onLine: (line) => output.push(line) });
  const web: WebProcess = {
    child,
    output,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    kill: () => {
      if (web.isRunning()) signalProcessGroup(child.pid!, 'SIGKILL');
    },
  };
  try {
    await waitFor('the web process to answer /health', async () => {
      if (!web.isRunning()) throw new Error(`the web process exited (${child.exitCode ?? child.signalCode}):\n${output.join('\n')}`);
      return fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    }, 60_000, { everyMs: 200 });
  } catch (error) {
    web.kill();
    throw error;
  }
  return web;
}
