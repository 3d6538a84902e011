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

/**
 * The tests' own course content, laid out as emails/ is: the same course folders and lesson ids
 * as hers, with words of the suite's own. The harness loads it unless a test asks for another,
 * so the therapist can rewrite any subject, sentence or her name and the suite does not notice.
 */
export const FIXTURE_CONTENT_DIR = fileURLToPath(new URL('../fixtures/content', import.meta.url));

/** The fixture content's newsletter, as a path a broadcast can be given. */
export const FIXTURE_NEWSLETTER = fileURLToPath(new URL('../fixtures/content/newsletters/2026-12-gentle-december.md', import.meta.url));
