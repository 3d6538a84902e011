import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { LoadedCourse } from '../courses/course-file.js';
import { documentVersions, storedDocuments, type DocumentWrite, type StoredDocument } from '../courses/content-store.js';
import { getList, getText, joinDocument, newDocument, setText, setValue, splitDocument } from '../courses/document-text.js';
import { ID_PATTERN } from '../courses/email-file.js';
import { refreshContent } from '../courses/stored-content.js';
import { AppError } from '../errors.js';
import { parseInput as parse, requireVersion, saveContent, type EditSource } from './save.js';

export const LESSON_TEXT_FIELDS = ['subject', 'preview', 'title', 'summary'] as const;
export type LessonTextField = (typeof LESSON_TEXT_FIELDS)[number];

export interface EditableLesson {
  id: string;
  /** The document's path under emails/. */
  path: string;
  subject: string;
  preview: string;
  title: string;
  summary: string;
  markdown: string;
  version: number;
  /** A programmer's TSX lesson is shown, not edited. */
  editable: boolean;
}

export interface EditableCourse {
  slug: string;
  title: string;
  tagline: string;
  description: string;
  order: number;
  path: string;
  version: number;
  lessons: EditableLesson[];
  removed: string[];
}

const coursePath = (slug: string) => `courses/${slug}/course.md`;

/** A course with every lesson's fields and version, as the editor and the API show them. */
export async function editableCourse(ctx: AppContext, slug: string): Promise<EditableCourse> {
  await refreshContent(ctx);
  const course = requireCourse(ctx, slug);
  const docs = await storedDocuments(ctx.sql);
  const courseDoc = docs.get(coursePath(slug));
  const lessons = course.lessons.map((lesson) => {
    const path = lesson.file.slice('emails/'.length);
    const doc = docs.get(path);
    const body = doc?.text ? splitDocument(doc.text).body.replace(/\s+$/, '') : '';
    return {
      id: lesson.id,
      path,
      subject: lesson.subject,
      preview: lesson.preview,
      title: lesson.title,
      summary: lesson.summary,
      markdown: lesson.format === 'markdown' ? body : '',
      version: doc?.version ?? 0,
      editable: lesson.format === 'markdown' && Boolean(doc?.text),
    };
  });
  return {
    slug,
    title: course.title,
    tagline: course.tagline,
    description: course.description,
    order: course.order,
    path: coursePath(slug),
    version: courseDoc?.version ?? 0,
    lessons,
    removed: course.removed,
  };
}

export function requireCourse(ctx: AppContext, slug: string): LoadedCourse {
  const course = ctx.catalog.course(slug);
  if (!course) throw new AppError('not_found', `There is no course "${slug}".`, { reason: 'course', details: { course: slug } });
  return course;
}

function requireLesson(course: LoadedCourse, id: string) {
  const lesson = course.lessons.find((l) => l.id === id);
  if (!lesson) throw new AppError('not_found', `The course "${course.slug}" has no lesson "${id}".`, { reason: 'lesson', details: { course: course.slug, lesson: id } });
  if (lesson.format !== 'markdown') {
    throw new AppError('validation_failed', `The lesson "${id}" is a programmer's template (${lesson.file}); it is changed in its file, not here.`, { reason: 'template', details: { lesson: id } });
  }
  return { lesson, path: lesson.file.slice('emails/'.length) };
}

function currentText(current: ReadonlyMap<string, StoredDocument>, path: string): { doc: StoredDocument; text: string } {
  const doc = current.get(path);
  if (!doc?.text) throw new AppError('not_found', `emails/${path} is not in the content.`, { reason: 'document' });
  return { doc, text: doc.text };
}

const text = (max: number) => z.string().trim().min(1).max(max);
const lessonChanges = z.object({
  subject: text(200).optional(),
  preview: text(300).optional(),
  title: text(200).optional(),
  summary: text(500).optional(),
  markdown: z.string().max(200_000).refine((s) => s.trim() !== '', 'is empty').optional(),
  version: z.number().int().positive().optional(),
});
export type LessonChanges = z.input<typeof lessonChanges>;


/** Saves a new version of a lesson with the fields given; the others stay as they are. */
export async function saveLesson(ctx: AppContext, input: { course: string; id: string; source: EditSource } & LessonChanges) {
  const changes = parse(lessonChanges, input);
  await refreshContent(ctx);
  const { path } = requireLesson(requireCourse(ctx, input.course), input.id);
  const change = await saveContent(ctx, (current) => {
    const { doc, text: before } = currentText(current, path);
    requireVersion(doc, changes.version, 'lesson');
    return [{ path, text: withLessonFields(before, changes), source: input.source }];
  });
  return { path, version: change.made.get(path) ?? currentVersion(change, path), warnings: change.warnings };
}

function currentVersion(change: { content: { versions: ReadonlyMap<string, number> } }, path: string): number {
  return change.content.versions.get(path) ?? 0;
}

function withLessonFields(text: string, changes: LessonChanges): string {
  const parts = splitDocument(text);
  for (const field of LESSON_TEXT_FIELDS) {
    const value = changes[field];
    if (value !== undefined) setText(parts.front, field, value);
  }
  if (changes.markdown !== undefined) parts.body = changes.markdown;
  return joinDocument(parts);
}

const newLesson = z.object({
  id: z.string().trim().regex(ID_PATTERN, 'should be lowercase words joined by hyphens, like "rest-without-earning-it"'),
  subject: text(200),
  preview: text(300),
  title: text(200),
  summary: text(500),
  markdown: z.string().max(200_000).refine((s) => s.trim() !== '', 'is empty'),
  after: z.string().trim().min(1).default('end'),
});
export type NewLesson = z.input<typeof newLesson>;

/** Where `after` puts a lesson in a list of ids: after that id, at the start, or at the end. */
export function placeAfter(ids: string[], after: string, course: string): number {
  if (after === 'start') return 0;
  if (after === 'end') return ids.length;
  const index = ids.indexOf(after);
  if (index < 0) throw new AppError('validation_failed', `There is no lesson "${after}" in this course to put the new one after.`, { reason: 'unknown_after', details: { after, course } });
  return index + 1;
}

/** Adds a lesson to a course at the place `after` names. */
export async function addLesson(ctx: AppContext, input: { course: string; source: EditSource } & NewLesson) {
  const lesson = parse(newLesson, input);
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  const ids = course.lessons.map((l) => l.id);
  if (ids.includes(lesson.id)) throw new AppError('conflict', `This course already has a lesson with the id "${lesson.id}". Choose another.`, { reason: 'duplicate', details: { id: lesson.id } });
  if (course.removed.includes(lesson.id)) {
    throw new AppError('conflict', `"${lesson.id}" belonged to a lesson you removed; moms who had it keep that record. Choose another id.`, { reason: 'removed_id', details: { id: lesson.id } });
  }
  const at = placeAfter(ids, lesson.after, course.slug);
  const change = await saveContent(ctx, (current) => {
    const { doc, text: courseText } = currentText(current, coursePath(course.slug));
    void doc;
    let name = `${lesson.id}.md`;
    for (let n = 2; current.get(`courses/${course.slug}/${name}`)?.text; n++) name = `${lesson.id}-${n}.md`;
    const parts = splitDocument(courseText);
    const names = getList(parts.front, 'lessons');
    names.splice(at, 0, name);
    setValue(parts.front, 'lessons', names);
    const path = `courses/${course.slug}/${name}`;
    const body = newDocument({ id: lesson.id, subject: lesson.subject, preview: lesson.preview, title: lesson.title, summary: lesson.summary }, lesson.markdown);
    return [
      { path, text: body, source: input.source },
      { path: coursePath(course.slug), text: joinDocument(parts), source: input.source },
    ];
  });
  const added = change.sync.added.find((a) => a.course === course.slug && a.id === lesson.id);
  return { id: lesson.id, position: at + 1, skippedFor: added?.skippedFor ?? 0, warnings: change.warnings };
}

/** Takes a lesson out of its course; moms who had it keep that record, the rest skip it. */
export async function removeLesson(ctx: AppContext, input: { course: string; id: string; source: EditSource; version?: number }) {
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  const { path } = requireLesson(course, input.id);
  if (course.lessons.length === 1) {
    throw new AppError('validation_failed', 'This is the course’s only lesson. Add another before removing it.', { reason: 'last_lesson' });
  }
  await saveContent(ctx, (current) => {
    const { doc, text: courseText } = currentText(current, coursePath(course.slug));
    requireVersion(doc, input.version, 'course');
    const parts = splitDocument(courseText);
    const name = path.slice(`courses/${course.slug}/`.length);
    setValue(parts.front, 'lessons', getList(parts.front, 'lessons').filter((n) => n !== name));
    const removed = getList(parts.front, 'removed');
    if (!removed.includes(input.id)) setValue(parts.front, 'removed', [...removed, input.id]);
    return [
      { path: coursePath(course.slug), text: joinDocument(parts), source: input.source },
      { path, text: null, source: input.source },
    ] satisfies DocumentWrite[];
  });
  return { id: input.id };
}

/** Puts the lessons in the order given; every lesson must be in it, once. */
export async function reorderLessons(ctx: AppContext, input: { course: string; ids: unknown; source: EditSource; version?: number }) {
  const ids = parse(z.array(z.string()).min(1), input.ids);
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  const known = course.lessons.map((l) => l.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new AppError('validation_failed', `This course has no lesson ${unknown.map((id) => `"${id}"`).join(', ')}.`, { reason: 'unknown_lesson', details: { ids: unknown.join(',') } });
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new AppError('validation_failed', `${twice.map((id) => `"${id}"`).join(', ')} appears more than once in the order.`, { reason: 'repeated_lesson' });
  const missing = known.filter((id) => !ids.includes(id));
  if (missing.length > 0) {
    throw new AppError('validation_failed', `The order leaves out ${missing.map((id) => `"${id}"`).join(', ')}. Every lesson needs a place (to take one out, remove it).`, { reason: 'incomplete_order', details: { missing: missing.join(',') } });
  }
  const fileOf = new Map(course.lessons.map((l) => [l.id, l.file.slice(`emails/courses/${course.slug}/`.length)]));
  await saveContent(ctx, (current) => {
    const { doc, text: courseText } = currentText(current, coursePath(course.slug));
    requireVersion(doc, input.version, 'course');
    const parts = splitDocument(courseText);
    setValue(parts.front, 'lessons', ids.map((id) => fileOf.get(id)!));
    return [{ path: coursePath(course.slug), text: joinDocument(parts), source: input.source }];
  });
  return { ids };
}

/** Moves one lesson to just after another (or to the start or end): the no-script position menu. */
export async function moveLesson(ctx: AppContext, input: { course: string; id: string; after: string; source: EditSource; version?: number }) {
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  requireLesson(course, input.id);
  const ids = course.lessons.map((l) => l.id).filter((id) => id !== input.id);
  ids.splice(placeAfter(ids, input.after, course.slug), 0, input.id);
  return reorderLessons(ctx, { course: input.course, ids, source: input.source, version: input.version });
}

export interface LessonVersion {
  version: number;
  source: string;
  savedAt: Date;
  subject: string;
  text: string | null;
}

/** A lesson's versions, newest first. */
export async function lessonVersions(ctx: AppContext, input: { course: string; id: string }): Promise<LessonVersion[]> {
  await refreshContent(ctx);
  const { path } = requireLesson(requireCourse(ctx, input.course), input.id);
  return (await documentVersions(ctx.sql, path)).map((v) => ({ ...v, subject: v.text ? getText(splitDocument(v.text).front, 'subject') : '' }));
}

/** Saves an earlier version's text as the newest version: nothing in between is lost. */
export async function restoreLessonVersion(ctx: AppContext, input: { course: string; id: string; version: number }) {
  await refreshContent(ctx);
  const { path } = requireLesson(requireCourse(ctx, input.course), input.id);
  const old = (await documentVersions(ctx.sql, path)).find((v) => v.version === input.version);
  if (!old?.text) throw new AppError('not_found', `This lesson has no version ${input.version}.`, { reason: 'version', details: { version: input.version } });
  const oldId = getText(splitDocument(old.text).front, 'id');
  const restored = oldId === input.id ? old.text : (() => {
    // Its id is what the engine knows it by: an old id is not restored with the words.
    const parts = splitDocument(old.text!);
    setText(parts.front, 'id', input.id);
    return joinDocument(parts);
  })();
  const change = await saveContent(ctx, () => [{ path, text: restored, source: 'restore' }]);
  return { version: change.made.get(path) ?? currentVersion(change, path), restoredFrom: input.version };
}
