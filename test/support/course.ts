import { fileURLToPath } from 'node:url';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import type { LoadedCourse } from '../../src/courses/course-file.js';

export type { LoadedCourse };

/** The project's main course, as the app loads it from emails/. */
export async function loadCourse(): Promise<LoadedCourse> {
  return (await loadCatalogOrThrow()).main;
}

/** The main course's folder name, for seeding rows without loading the files. */
export const MAIN_COURSE_SLUG = 'releasing-mom-guilt';

/** A second emails/ folder for tests: a course whose first lesson is TSX and second Markdown. */
export const FIXTURE_EMAILS_DIR = fileURLToPath(new URL('../fixtures/emails', import.meta.url));
