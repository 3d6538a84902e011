import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../support/node-process.js';

/**
 * The worker as production runs it (`npm run start:worker`): `npm run build`'s esbuild bundle,
 * packages left external, run by plain node without tsx's loader thread.
 */
export async function bundleWorker(): Promise<string> {
  await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT });
  return join(PROJECT_ROOT, 'dist', 'workers', 'main.mjs');
}
