import { z } from 'zod';
import type { AppContext } from '../context.js';
import { CONFIRMATION_FILES } from '../courses/confirmation-file.js';
import { documentVersions, storedDocuments, type StoredDocument } from '../courses/content-store.js';
import { getText, joinDocument, newDocument, setText, setValue, splitDocument } from '../courses/document-text.js';
import { REPLY_TO_PATTERN } from '../courses/author.js';
import { ID_PATTERN } from '../courses/email-file.js';
import { refreshContent } from '../courses/stored-content.js';
import { AppError } from '../errors.js';
import { requireCourse } from './lessons.js';
import { parseInput as parse, requireVersion, saveContent, type EditSource } from './save.js';

/** Her details, her course's settings and her two confirmation emails: edited like a lesson. */

const words = (max: number) => z.string().trim().min(1).max(max);

async function current(ctx: AppContext, path: string): Promise<StoredDocument & { text: string }> {
  const doc = (await storedDocuments(ctx.sql)).get(path);
  if (!doc?.text) throw new AppError('not_found', `emails/${path} is not in the content.`, { reason: 'document' });
  return doc as StoredDocument & { text: string };
}

function textOf(docs: ReadonlyMap<string, StoredDocument>, path: string): { doc: StoredDocument; text: string } {
  const doc = docs.get(path);
  if (!doc?.text) throw new AppError('not_found', `emails/${path} is not in the content.`, { reason: 'document' });
  return { doc, text: doc.text };
}

// ---- her details (emails/author.md) ----

export const AUTHOR_PATH = 'author.md';

export interface AuthorDetails {
  name: string;
  credentials: string;
  signOff: string;
  consultationUrl: string;
  /** Where replies go; empty: to the sending address. */
  replyTo: string;
  /** The footer's line about replies; empty: the default line. */
  repliesNote: string;
  version: number;
}

export async function authorDetails(ctx: AppContext): Promise<AuthorDetails> {
  await refreshContent(ctx);
  const doc = await current(ctx, AUTHOR_PATH);
  const front = splitDocument(doc.text).front;
  return { name: getText(front, 'name'), credentials: getText(front, 'credentials'), signOff: getText(front, 'sign_off'), consultationUrl: getText(front, 'consultation_url'), replyTo: getText(front, 'reply_to'), repliesNote: getText(front, 'replies_note'), version: doc.version };
}

const authorInput = z.object({
  name: words(120),
  credentials: words(200),
  signOff: words(120),
  consultationUrl: z.string().trim().max(500).default(''),
  replyTo: z
    .string()
    .trim()
    .max(254)
    .default('')
    .refine((s) => s === '' || REPLY_TO_PATTERN.test(s), 'should be one email address, like hello@example.com, or empty'),
  repliesNote: z.string().trim().max(400).default(''),
  version: z.number().int().positive().optional(),
});

export async function saveAuthorDetails(ctx: AppContext, input: z.input<typeof authorInput> & { source: EditSource }) {
  const details = parse(authorInput, input);
  await refreshContent(ctx);
  const change = await saveContent(ctx, (docs) => {
    const { doc, text } = textOf(docs, AUTHOR_PATH);
    requireVersion(doc, details.version, 'page');
    const parts = splitDocument(text);
    setText(parts.front, 'name', details.name);
    setText(parts.front, 'credentials', details.credentials);
    setText(parts.front, 'sign_off', details.signOff);
    setText(parts.front, 'consultation_url', details.consultationUrl);
    // Optional lines: written when she fills them in, and kept (emptied) once they exist.
    if (details.replyTo !== '' || parts.front.has('reply_to')) setText(parts.front, 'reply_to', details.replyTo);
    if (details.repliesNote !== '' || parts.front.has('replies_note')) setText(parts.front, 'replies_note', details.repliesNote);
    return [{ path: AUTHOR_PATH, text: joinDocument(parts), source: input.source }];
  });
  return { version: change.content.versions.get(AUTHOR_PATH) ?? 0, warnings: change.warnings };
}

// ---- her two confirmation emails ----

export type ConfirmationKind = keyof typeof CONFIRMATION_FILES;

export interface EditableConfirmation {
  kind: ConfirmationKind;
  path: string;
  subject: string;
  preview: string;
  title: string;
  markdown: string;
  version: number;
}

export async function editableConfirmation(ctx: AppContext, kind: ConfirmationKind): Promise<EditableConfirmation> {
  await refreshContent(ctx);
  const path = CONFIRMATION_FILES[kind];
  const doc = await current(ctx, path);
  const parts = splitDocument(doc.text);
  return { kind, path, subject: getText(parts.front, 'subject'), preview: getText(parts.front, 'preview'), title: getText(parts.front, 'title'), markdown: parts.body.replace(/\s+$/, ''), version: doc.version };
}

const confirmationInput = z.object({
  subject: words(200),
  preview: words(300),
  title: words(200),
  markdown: z.string().max(100_000).refine((s) => s.trim() !== '', 'is empty'),
  version: z.number().int().positive().optional(),
});

export async function saveConfirmation(ctx: AppContext, input: z.input<typeof confirmationInput> & { kind: ConfirmationKind; source: EditSource }) {
  const fields = parse(confirmationInput, input);
  const path = CONFIRMATION_FILES[input.kind];
  const change = await saveContent(ctx, (docs) => {
    const { doc, text } = textOf(docs, path);
    requireVersion(doc, fields.version, 'email');
    const parts = splitDocument(text);
    setText(parts.front, 'subject', fields.subject);
    setText(parts.front, 'preview', fields.preview);
    setText(parts.front, 'title', fields.title);
    parts.body = fields.markdown;
    return [{ path, text: joinDocument(parts), source: input.source }];
  });
  return { version: change.content.versions.get(path) ?? 0, warnings: change.warnings };
}

// ---- a course's settings, and a new course ----

const courseInput = z.object({
  title: words(200),
  tagline: words(400),
  description: words(4000),
  order: z.coerce.number().int().min(0).max(10_000).optional(),
  version: z.number().int().positive().optional(),
});

export async function saveCourseSettings(ctx: AppContext, input: z.input<typeof courseInput> & { course: string; source: EditSource }) {
  const fields = parse(courseInput, input);
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  const path = `courses/${course.slug}/course.md`;
  const change = await saveContent(ctx, (docs) => {
    const { doc, text } = textOf(docs, path);
    requireVersion(doc, fields.version, 'course');
    const parts = splitDocument(text);
    setText(parts.front, 'title', fields.title);
    setText(parts.front, 'tagline', fields.tagline);
    if (fields.order !== undefined) setValue(parts.front, 'order', fields.order);
    parts.body = fields.description;
    return [{ path, text: joinDocument(parts), source: input.source }];
  });
  return { version: change.content.versions.get(path) ?? 0, warnings: change.warnings };
}

const newCourse = z.object({
  slug: z.string().trim().regex(ID_PATTERN, 'should be lowercase words joined by hyphens; it becomes the course’s web address'),
  title: words(200),
  tagline: words(400),
  description: words(4000),
  lesson: z.object({
    id: z.string().trim().regex(ID_PATTERN, 'should be lowercase words joined by hyphens'),
    subject: words(200),
    preview: words(300),
    title: words(200),
    summary: words(500),
    markdown: z.string().max(200_000).refine((s) => s.trim() !== '', 'is empty'),
  }),
});

/** A new course, with its first lesson: a course is never empty. */
export async function createCourse(ctx: AppContext, input: z.input<typeof newCourse> & { source: EditSource }) {
  const fields = parse(newCourse, input);
  await refreshContent(ctx);
  if (ctx.catalog.course(fields.slug)) throw new AppError('conflict', `There is already a course at /${fields.slug}. Choose another web address.`, { reason: 'duplicate', details: { slug: fields.slug } });
  const order = Math.max(0, ...ctx.catalog.courses.map((c) => c.order)) + 1;
  const lessonName = `${fields.lesson.id}.md`;
  const courseText = (() => {
    const parts = splitDocument(newDocument({ title: fields.title, tagline: fields.tagline }, fields.description));
    setValue(parts.front, 'order', order);
    setValue(parts.front, 'lessons', [lessonName]);
    setValue(parts.front, 'removed', []);
    return joinDocument(parts);
  })();
  const { lesson } = fields;
  await saveContent(ctx, (docs) => {
    if (docs.get(`courses/${fields.slug}/course.md`)?.text) throw new AppError('conflict', `There is already a course at /${fields.slug}.`, { reason: 'duplicate' });
    return [
      { path: `courses/${fields.slug}/course.md`, text: courseText, source: input.source },
      { path: `courses/${fields.slug}/${lessonName}`, text: newDocument({ id: lesson.id, subject: lesson.subject, preview: lesson.preview, title: lesson.title, summary: lesson.summary }, lesson.markdown), source: input.source },
    ];
  });
  return { slug: fields.slug };
}

// ---- any document's history ----

export async function versionsOf(ctx: AppContext, path: string) {
  return documentVersions(ctx.sql, path);
}
