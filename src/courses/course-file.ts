import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Problems } from './authoring-problem.js';
import { defaultEmailsDir, displayPath, LINK_LEADS_OUTSIDE, realPathInEmails, withoutServerPaths } from './emails-dir.js';
import { ID_PATTERN } from './email-file.js';
import { documentKey, rootDir, type EmailsRoot } from './emails-root.js';
import { readFrontMatter, readSource } from './front-matter.js';
import { importTsxLesson } from './import-template.js';
import { checkTsxLesson, loadMarkdownLesson, type LoadedLesson } from './lesson-file.js';
import { namedLength } from './named-length.js';

export interface LoadedCourse {
  slug: string;
  title: string;
  tagline: string;
  description: string;
  /** Lower comes first on the site; the first course is the main one unless MAIN_COURSE says otherwise. */
  order: number;
  /** As messages name it: `emails/courses/<slug>/course.md`. */
  file: string;
  lessons: LoadedLesson[];
  /** Ids of lessons she took out on purpose; a sent lesson that vanished without this is a mistake. */
  removed: string[];
}

/**
 * One course folder: `course.md` (title, tagline, order, the lessons in sending order, the ids
 * removed) with the description as its text, and the lesson files it lists.
 */
export async function loadCourseFolder(root: EmailsRoot, slug: string, problems: Problems): Promise<LoadedCourse | null> {
  const emailsDir = rootDir(root);
  const folder = join(emailsDir, 'courses', slug);
  const path = join(folder, 'course.md');
  const file = displayPath(emailsDir, path);
  if (!ID_PATTERN.test(slug)) {
    problems.error(displayPath(emailsDir, folder), undefined, `A course folder’s name becomes its web address, so it must be lowercase words joined by hyphens (not "${slug}").`);
    return null;
  }
  const source = readSource(root, path, file, problems, 'Every course folder needs a course.md with its title, tagline and list of lessons. Copy one from another course.');
  if (source === null) return null;
  const front = readFrontMatter(file, source, problems);
  if (!front) return null;
  const text = (key: string) => {
    const value = front.data[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    problems.error(file, front.lineOf(key) ?? 2, `"${key}" is missing. Add a line  ${key}: "…"  at the top.`);
    return null;
  };
  const title = text('title');
  const tagline = text('tagline');
  const description = front.body.trim().replace(/\s*\n\s*/g, ' ');
  if (description === '') problems.error(file, front.bodyLine, 'The course has no description. Write a few sentences below the second line of three dashes.');
  const order = front.data.order ?? 100;
  if (typeof order !== 'number') problems.error(file, front.lineOf('order'), '"order" should be a number, like  order: 2');

  const listed = front.data.lessons;
  if (!Array.isArray(listed) || listed.length === 0 || !listed.every((l) => typeof l === 'string')) {
    problems.error(file, front.lineOf('lessons') ?? 2, '"lessons" should be a list of lesson file names, one per line, each starting with "  - ", in the order they are sent.');
    return null;
  }
  const removedRaw = front.data.removed ?? [];
  const removed = Array.isArray(removedRaw) ? removedRaw.filter((r): r is string => typeof r === 'string') : [];
  if (!Array.isArray(removedRaw)) problems.error(file, front.lineOf('removed'), '"removed" should be a list of lesson ids, like  removed: ["old-lesson-id"]  (or  removed: []  when none).');

  warnAboutUnlistedLessons(root, folder, listed as string[], problems);

  const lessons: LoadedLesson[] = [];
  const fileById = new Map<string, string>();
  const defaultDir = defaultEmailsDir();
  for (const name of listed as string[]) {
    const lessonPath = join(folder, name);
    const lessonFile = displayPath(emailsDir, lessonPath);
    let lesson: LoadedLesson | null = null;
    if (name.endsWith('.md')) {
      lesson = loadMarkdownLesson(root, lessonPath, lessonFile, problems);
    } else if (name.endsWith('.tsx') && realPathInEmails(emailsDir, lessonPath) === 'outside') {
      problems.error(lessonFile, undefined, LINK_LEADS_OUTSIDE);
    } else if (name.endsWith('.tsx')) {
      try {
        lesson = checkTsxLesson(await importTsxLesson(emailsDir, defaultDir, slug, name.slice(0, -4)), lessonFile, problems);
      } catch (cause) {
        problems.error(lessonFile, undefined, `This lesson could not be loaded: ${withoutServerPaths(emailsDir, firstLine(cause))}`);
      }
    } else {
      problems.error(file, front.lineOf('lessons'), `"${name}" should end in .md (or .tsx for a programmer’s template).`);
    }
    if (!lesson) continue;
    const clash = fileById.get(lesson.id);
    if (clash) {
      problems.error(lessonFile, 2, `The id "${lesson.id}" is already used by ${clash}. Every lesson needs its own id: give this one a new one.`);
      continue;
    }
    if (removed.includes(lesson.id)) {
      problems.error(file, front.lineOf('removed'), `"${lesson.id}" is listed under removed, but ${lessonFile} still uses it. Take it out of removed, or give the lesson a new id.`);
    }
    fileById.set(lesson.id, lessonFile);
    lessons.push(lesson);
  }
  const named = namedLength([title ?? '', tagline ?? '', description].join(' '));
  if (title && tagline && lessons.length === listed.length && named !== null && named !== lessons.length) {
    problems.warning(file, front.lineOf('tagline') ?? front.bodyLine, `The course's words speak of ${named} days or emails, but it has ${lessons.length} lessons. Moms read that number on the course page: update the title, tagline or description to match.`);
  }
  // What did load is returned even when something did not, so the check still renders and
  // checks every good lesson of the course. The errors recorded above keep the app from
  // serving it: the catalog is null whenever there is one.
  return { slug, title: title ?? slug, tagline: tagline ?? '', description, order: typeof order === 'number' ? order : 100, file, lessons, removed };
}

/**
 * A lesson file that course.md does not list is never sent, which she may not notice: a new
 * lesson she wrote and forgot to add. Files she keeps aside start with _ or a dot.
 */
function warnAboutUnlistedLessons(root: EmailsRoot, folder: string, listed: string[], problems: Problems): void {
  const emailsDir = rootDir(root);
  let names: string[];
  if (typeof root !== 'string') {
    const prefix = `${documentKey(root, folder)}/`;
    names = [...root.documents.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  } else {
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.md') || name === 'course.md' || name.startsWith('_') || name.startsWith('.') || listed.includes(name)) continue;
    problems.warning(
      displayPath(emailsDir, join(folder, name)),
      undefined,
      `No course.md lists this lesson, so it will never be sent: add it to the list in course.md (under lessons:, in the place it should go).`,
    );
  }
}

function firstLine(cause: unknown): string {
  return String(cause instanceof Error ? cause.message : cause).split('\n')[0] ?? '';
}

