import { pathToFileURL } from 'node:url';

/**
 * Imports a TSX lesson or newsletter. For the project's own emails/ folder the specifier is a
 * template literal, which esbuild (the production bundle) and Vite (the tests) turn into a glob
 * over the folder at build time: plain Node cannot load a .tsx file by itself. Any other folder
 * (a test's fixtures) is imported by path, which tsx and vitest both allow.
 */
export function importTsxLesson(emailsDir: string, defaultDir: string, course: string, name: string): Promise<unknown> {
  if (emailsDir === defaultDir) return import(`../../emails/courses/${course}/${name}.tsx`);
  return import(pathToFileURL(`${emailsDir}/courses/${course}/${name}.tsx`).href);
}

export function importTsxNewsletter(emailsDir: string, defaultDir: string, name: string): Promise<unknown> {
  if (emailsDir === defaultDir) return import(`../../emails/newsletters/${name}.tsx`);
  return import(pathToFileURL(`${emailsDir}/newsletters/${name}.tsx`).href);
}
