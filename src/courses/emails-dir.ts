import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's `emails/` folder, found by walking up from this module: the same answer under
 * tsx, vitest and the esbuild bundle in dist/, whatever the working directory.
 */
export function defaultEmailsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'emails'))) return join(dir, 'emails');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('could not find the emails/ folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** How messages name a file: from the project folder, e.g. `emails/courses/x/01-a.md`. */
export function displayPath(emailsDir: string, absolute: string): string {
  return join('emails', relative(emailsDir, absolute)).split(sep).join('/');
}
