import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The project's `emails/` folder, found by walking up from this module: the same answer under
 * tsx, vitest and the esbuild bundle in dist/, whatever the working directory.
 */
export function defaultEmailsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'emails'))) return join(dir, 'emails');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('could not find the emails/ folder above the app (src/courses/emails-dir.ts)');
    dir = parent;
  }
}

/** How messages name a file: from the project folder, e.g. `emails/courses/x/01-a.md`. */
export function displayPath(emailsDir: string, absolute: string): string {
  return join('emails', relative(emailsDir, absolute)).split(sep).join('/');
}

/**
 * Where a file of hers really is, links followed: its real path when that lies inside emails/,
 * `outside` when a link (the file's, or a folder's on the way) leads out of it, or `missing`.
 * A link in emails/ to /etc/passwd would otherwise be read, and its lines quoted back in the
 * check's messages and the preview.
 */
export function realPathInEmails(emailsDir: string, path: string): string | 'outside' | 'missing' {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return 'missing';
  }
  const fromRoot = relative(realpathSync(emailsDir), real);
  return fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot) ? 'outside' : real;
}

/** What she is told about a link that leads out of emails/. */
export const LINK_LEADS_OUTSIDE =
  'This is a link to a file outside the emails folder, which the app does not read. Put the file itself here instead of a link.';

/**
 * A message from Node (a failed import, say) without this machine's folders in it: paths are
 * shown from the project folder, as everywhere else she reads them.
 */
export function withoutServerPaths(emailsDir: string, message: string): string {
  const project = dirname(emailsDir);
  return message.split(pathToFileURL(project).href + '/').join('').split(project + sep).join('');
}
