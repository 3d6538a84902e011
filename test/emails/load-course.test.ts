import { describe, expect, it } from 'vitest';
import { course } from '../../emails/course.js';
import { type CourseDefinition, loadCourse } from '../../emails/load-course.js';

const Lesson = () => null;
const meta = (slug: string) => ({ slug, subject: 'Subject', preview: 'Preview', title: 'Title', summary: 'Summary' });
const definition = (lessons: string[]): CourseDefinition => ({ ...course, lessons });

/** Stands in for the lessons folder, so each broken case needs no broken file on disk. */
const fakeLessons =
  (files: Record<string, unknown>) =>
  async (file: string): Promise<unknown> => {
    if (!(file in files)) throw new Error(`no such file ${file}`);
    return files[file];
  };

describe('loadCourse', () => {
  it('names the file when the default export is missing', async () => {
    const load = loadCourse(definition(['01-a']), fakeLessons({ '01-a': { meta: meta('a') } }));
    await expect(load).rejects.toThrow(/emails\/lessons\/01-a\.tsx must have a default export/);
  });

  it('names the file when meta is missing or incomplete', async () => {
    await expect(loadCourse(definition(['01-a']), fakeLessons({ '01-a': { default: Lesson } }))).rejects.toThrow(
      /emails\/lessons\/01-a\.tsx must export `meta`/,
    );
    const noSubject = { default: Lesson, meta: { ...meta('a'), subject: ' ' } };
    await expect(loadCourse(definition(['01-a']), fakeLessons({ '01-a': noSubject }))).rejects.toThrow(
      /01-a\.tsx: meta\.subject must be a non-empty string/,
    );
  });

  it('names both files when two lessons share a slug', async () => {
    const load = loadCourse(
      definition(['01-a', '02-b']),
      fakeLessons({ '01-a': { default: Lesson, meta: meta('same') }, '02-b': { default: Lesson, meta: meta('same') } }),
    );
    await expect(load).rejects.toThrow(/02-b\.tsx uses slug "same", which emails\/lessons\/01-a\.tsx already uses/);
  });

  it('rejects a slug that is not kebab-case', async () => {
    const load = loadCourse(definition(['01-a']), fakeLessons({ '01-a': { default: Lesson, meta: meta('Day One') } }));
    await expect(load).rejects.toThrow(/01-a\.tsx: meta\.slug "Day One"/);
  });

  it('names a listed file that does not exist on disk', async () => {
    await expect(loadCourse(definition(['99-not-written-yet']))).rejects.toThrow(
      /Could not load emails\/lessons\/99-not-written-yet\.tsx \(listed in emails\/course\.ts\)/,
    );
  });
});
