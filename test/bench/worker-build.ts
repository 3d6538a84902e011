import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../support/node-process.js';

/**
 * workers/main.ts bundled by esbuild into one ESM file, packages left external, to measure what
 * running through tsx costs (start-up, memory of its loader thread). The file sits two folders
 * below the project root, like src/db/migrate.ts, so `new URL('../../drizzle', import.meta.url)`
 * still finds the migrations, and in .data/, which git ignores.
 */
export async function bundleWorker(): Promise<string> {
  const dir = join(PROJECT_ROOT, '.data', 'bench-build');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'worker.mjs');
  await promisify(execFile)(
    join(PROJECT_ROOT, 'node_modules/.bin/esbuild'),
    ['workers/main.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--jsx=automatic', '--log-level=warning', `--outfile=${outfile}`],
    { cwd: PROJECT_ROOT },
  );
  return outfile;
}
