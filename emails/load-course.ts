import { course } from './course';
import type { LessonMeta, LessonModule } from './types';

export type LessonComponent = LessonModule['default'];

export interface LoadedLesson extends LessonMeta {
  /** The file name under emails/lessons/, kept so errors and logs can point at the file. */
  file: string;
  Component: LessonComponent;
}

export interface CourseAuthor {
  name: string;
  credentials: string;
}

export interface LoadedCourse {
  slug: string;
  title: string;
  tagline: string;
  description: string;
  author: CourseAuthor;
  lessons: LoadedLesson[];
}

/** The shape of `course` in course.ts; spelled out so tests can pass a different one. */
export interface CourseDefinition {
  slug: string;
  title: string;
  tagline: string;
  description: string;
  author: CourseAuthor;
  lessons: readonly string[];
}

export class CourseDefinitionError extends Error {
  override name = 'CourseDefinitionError';
}

// The specifier keeps its `.tsx` extension so tsx (Node) and vitest (Vite) both resolve it; Vite
// turns this template into a glob over ./lessons/*.tsx.
const importLessonFile = (file: string): Promise<unknown> => import(`./lessons/${file}.tsx`);

const META_FIELDS = ['slug', 'subject', 'preview', 'title', 'summary'] as const satisfies readonly (keyof LessonMeta)[];
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Imports every lesson listed in course.ts and checks it at start-up, so a typo in a lesson file
 * stops the app with the file's name instead of failing on day 4 of someone's course.
 * `importLesson` is a seam for tests; the app never passes it.
 */
export async function loadCourse(
  definition: CourseDefinition = course,
  importLesson: (file: string) => Promise<unknown> = importLessonFile,
): Promise<LoadedCourse> {
  const lessons: LoadedLesson[] = [];
  const fileBySlug = new Map<string, string>();

  for (const file of definition.lessons) {
    const where = `emails/lessons/${file}.tsx`;
    let loaded: unknown;
    try {
      loaded = await importLesson(file);
    } catch (cause) {
      throw new CourseDefinitionError(`Could not load ${where} (listed in emails/course.ts): ${String(cause)}`, { cause });
    }
    const lesson = checkLessonModule(loaded, where);

    const clash = fileBySlug.get(lesson.meta.slug);
    if (clash) {
      throw new CourseDefinitionError(`${where} uses slug "${lesson.meta.slug}", which emails/lessons/${clash}.tsx already uses. Slugs must be unique.`);
    }
    fileBySlug.set(lesson.meta.slug, file);
    lessons.push({ ...pickMeta(lesson.meta), file, Component: lesson.default });
  }

  return {
    slug: definition.slug,
    title: definition.title,
    tagline: definition.tagline,
    description: definition.description,
    author: { name: definition.author.name, credentials: definition.author.credentials },
    lessons,
  };
}

function checkLessonModule(loaded: unknown, where: string): LessonModule {
  const mod = (loaded ?? {}) as Partial<Record<'default' | 'meta', unknown>>;
  if (typeof mod.default !== 'function') {
    throw new CourseDefinitionError(`${where} must have a default export: the lesson's React component.`);
  }
  if (typeof mod.meta !== 'object' || mod.meta === null) {
    throw new CourseDefinitionError(`${where} must export \`meta\` ({ slug, subject, preview, title, summary }).`);
  }
  const meta = mod.meta as Record<string, unknown>;
  for (const field of META_FIELDS) {
    const value = meta[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new CourseDefinitionError(`${where}: meta.${field} must be a non-empty string.`);
    }
  }
  if (!SLUG_PATTERN.test(meta.slug as string)) {
    throw new CourseDefinitionError(`${where}: meta.slug "${String(meta.slug)}" must be lowercase words joined by hyphens.`);
  }
  return mod as LessonModule;
}

// Copies only the known fields so a stray export on `meta` cannot leak into what the app stores.
function pickMeta(meta: LessonMeta): LessonMeta {
  return { slug: meta.slug, subject: meta.subject, preview: meta.preview, title: meta.title, summary: meta.summary };
}
