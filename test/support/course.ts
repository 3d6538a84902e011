import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Problems } from '../../src/courses/authoring-problem.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { defaultEmailsDir } from '../../src/courses/emails-dir.js';
import { loadNewsletterFile } from '../../src/courses/newsletter-file.js';
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

/**
 * Her words as her files say them right now, for the tests that run a documented command on her
 * real emails/: they compare with this, never with a subject written into the test.
 */
export const herContent = {
  async lessonSubject(courseSlug: string, lessonId: string): Promise<string> {
    const lesson = (await loadCatalogOrThrow()).course(courseSlug)?.lessons.find((l) => l.id === lessonId);
    if (!lesson) throw new Error(`emails/ has no lesson ${courseSlug}/${lessonId}`);
    return lesson.subject;
  },
  async newsletterSubject(file: string): Promise<string> {
    const emailsDir = defaultEmailsDir();
    const newsletter = await loadNewsletterFile(emailsDir, join(emailsDir, '..', file), new Problems());
    if (!newsletter) throw new Error(`${file} does not load`);
    return newsletter.subject;
  },
};

/** A throw-away copy of the suite's content, for a test that writes into its emails/ folder. */
export function copyOfFixtureContent(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rmg-content-'));
  cpSync(FIXTURE_CONTENT_DIR, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
