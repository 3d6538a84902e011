import { type LoadedAuthor, loadAuthor } from './author.js';
import { Problems } from './authoring-problem.js';
import { type LoadedCourse, loadCourseFolder } from './course-file.js';
import { defaultEmailsDir } from './emails-dir.js';
import { courseFolders, type EmailsRoot } from './emails-root.js';
import { loadConfirmations, type Confirmations } from './confirmation-file.js';

/** Every course she has written, and who she is. What the app serves and the engine sends. */
export interface Catalog {
  emailsDir: string;
  author: LoadedAuthor;
  /** In site order (`order`, then folder name). */
  courses: LoadedCourse[];
  /** What `/` shows and a signup without a course joins. */
  main: LoadedCourse;
  course(slug: string): LoadedCourse | undefined;
  /** Her two double opt-in emails (emails/confirm-*.md). */
  confirmations: Confirmations;
}

export interface CatalogOptions {
  emailsDir?: string;
  /** Her documents as Postgres holds them (content_documents); the files of emailsDir when absent. */
  documents?: ReadonlyMap<string, string>;
  /** MAIN_COURSE: the slug `/` shows; the first course when unset. */
  mainCourse?: string | null;
}

/**
 * Loads emails/: the author file and every folder under emails/courses/. Returns every problem
 * found, so the check can list them all; the catalog is null when anything is an error.
 */
export interface CatalogLoad {
  catalog: Catalog | null;
  problems: Problems;
  /** What did load, even when something else failed: the check still looks at these. */
  loaded: { author: LoadedAuthor | null; courses: LoadedCourse[]; confirmations: Confirmations | null };
}

export async function loadCatalog(options: CatalogOptions = {}): Promise<CatalogLoad> {
  const emailsDir = options.emailsDir ?? defaultEmailsDir();
  const root: EmailsRoot = options.documents ? { dir: emailsDir, documents: options.documents } : emailsDir;
  const problems = new Problems();
  const author = loadAuthor(root, problems);
  const confirmations = loadConfirmations(root, problems);
  const slugs = courseFolders(root);
  const courses: LoadedCourse[] = [];
  for (const slug of slugs.sort()) {
    const course = await loadCourseFolder(root, slug, problems);
    if (course) courses.push(course);
  }
  courses.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  if (slugs.length === 0) problems.error('emails/courses', undefined, 'There is no course yet: make a folder emails/courses/<course-name>/ with a course.md and its lessons.');

  const main = options.mainCourse ? courses.find((c) => c.slug === options.mainCourse) : courses[0];
  if (options.mainCourse && !main) {
    problems.error('MAIN_COURSE', undefined, `MAIN_COURSE is "${options.mainCourse}", but there is no course folder of that name. Known: ${courses.map((c) => c.slug).join(', ')}.`);
  }
  const loaded = { author, courses, confirmations };
  if (problems.hasErrors || !author || !main || !confirmations) return { catalog: null, problems, loaded };
  const bySlug = new Map(courses.map((c) => [c.slug, c]));
  return { catalog: { emailsDir, author, courses, main, course: (slug) => bySlug.get(slug), confirmations }, problems, loaded };
}

/** For start-up: any error stops the app with every file and line to fix. */
export async function loadCatalogOrThrow(options: CatalogOptions = {}): Promise<Catalog> {
  const { catalog, problems } = await loadCatalog(options);
  problems.throwIfErrors();
  return catalog!;
}
