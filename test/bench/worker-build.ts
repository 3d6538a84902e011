import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../support/node-process.js';

/**
 * The processes as production runs them (`npm run start:web`, `npm run start:worker`):
 * `npm run build`'s esbuild bundles, packages left external, run by plain node without tsx's
 * loader thread. One build writes both.
 */
export async function buildBundles(): Promise<{ web: string; worker: string }> {
  await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT });
  return { web: join(PROJECT_ROOT, 'dist', 'src', 'main.mjs'), worker: join(PROJECT_ROOT, 'dist', 'workers', 'main.mjs') };
}

export async function bundleWorker(): Promise<string> {
  return (await buildBundles()).worker;
}
