import { createHash } from 'node:crypto';
import type { AppContext, WorkerContext } from '../context.js';
import { loadCatalog, type Catalog } from '../courses/catalog.js';
import { CONFIRMATION_FILES } from '../courses/confirmation-file.js';
import { liveTexts, storedDocuments } from '../courses/content-store.js';
import { joinDocument, setText, splitDocument } from '../courses/document-text.js';
import { ContentRejected, refreshContent } from '../courses/stored-content.js';
import { confirmationTemplateKey, lessonTemplateKey, NEWSLETTER_CONFIRMATION_TEMPLATE } from '../courses/template-keys.js';
import { composeResolved } from '../delivery/compose.js';
import { checkTestAddress, sendTestOf, type SendTestResult } from '../delivery/send-test.js';
import { resolveTemplate } from '../delivery/templates.js';
import type { OutgoingEmail } from '../mail/mailer.js';
import type { AuthoringProblem } from '../courses/authoring-problem.js';
import { AppError } from '../errors.js';
import type { ConfirmationKind } from './details.js';
import { requireCourse } from './lessons.js';
import { problemsByField, type FieldProblem } from './save.js';

/**
 * Her words as she is typing them, not saved: the document they would make, and the email it
 * would be, composed exactly as a send composes it (with the sample details). What the editor's
 * preview, its test send and its spam score show, so she sees the email before it goes live.
 */
export interface Draft {
  /** The document under emails/ these fields change. */
  path: string;
  /** The email that shows the change: the lesson, the confirmation, or (for her details) a lesson. */
  key: string;
  fields: Record<string, string>;
}

export interface LessonDraftFields {
  subject: string;
  preview: string;
  title: string;
  summary: string;
  markdown: string;
}

export function lessonDraft(ctx: Pick<AppContext, 'catalog'>, course: string, id: string, fields: LessonDraftFields): Draft {
  const lesson = requireCourse(ctx as AppContext, course).lessons.find((l) => l.id === id);
  if (!lesson) throw new AppError('not_found', `The course "${course}" has no lesson "${id}".`, { reason: 'lesson' });
  return { path: lesson.file.slice('emails/'.length), key: lessonTemplateKey(course, id), fields: { ...fields } };
}

export function confirmationDraft(ctx: Pick<AppContext, 'catalog'>, kind: ConfirmationKind, fields: Omit<LessonDraftFields, 'summary'>): Draft {
  const key = kind === 'course' ? confirmationTemplateKey(ctx.catalog.main.slug) : NEWSLETTER_CONFIRMATION_TEMPLATE;
  return { path: CONFIRMATION_FILES[kind], key, fields: { ...fields } };
}

/** Her details show in every email's signature: the first lesson of the main course shows them. */
export function authorDraft(ctx: Pick<AppContext, 'catalog'>, fields: { name: string; credentials: string; signOff: string; consultationUrl: string; replyTo?: string; repliesNote?: string }): Draft {
  const main = ctx.catalog.main;
  const first = main.lessons[0]!;
  return {
    path: 'author.md',
    key: lessonTemplateKey(main.slug, first.id),
    fields: {
      name: fields.name,
      credentials: fields.credentials,
      sign_off: fields.signOff,
      consultation_url: fields.consultationUrl,
      reply_to: fields.replyTo ?? '',
      replies_note: fields.repliesNote ?? '',
    },
  };
}

/** The document's text with the draft's fields: front-matter fields by name, `markdown` the body. */
export function draftText(current: string, draft: Draft): string {
  const parts = splitDocument(current);
  for (const [field, value] of Object.entries(draft.fields)) {
    if (field === 'markdown') parts.body = value;
    else setText(parts.front, field, value);
  }
  return joinDocument(parts);
}

/**
 * The problems of a refused save of this draft, each on its field: the refusal's lines are the
 * lines of the text the save would have written, which is this draft's text.
 */
export async function draftProblems(ctx: AppContext, draft: Draft, error: ContentRejected): Promise<FieldProblem[]> {
  const current = (await storedDocuments(ctx.sql)).get(draft.path)?.text ?? null;
  return problemsByField(error, draft.path, current === null ? null : draftText(current, draft));
}

/**
 * What a save let through but would have her look again at (an http:// link, a placeholder name),
 * about the email she saved, each on its field. Warnings about her other emails are not this
 * editor's to show; email:check and the course page name those.
 */
export async function savedWarnings(ctx: AppContext, draft: Draft, warnings: readonly AuthoringProblem[]): Promise<FieldProblem[]> {
  const mine = warnings.filter((w) => w.severity === 'warning' && w.file === `emails/${draft.path}`);
  if (mine.length === 0) return [];
  return draftProblems(ctx, draft, new ContentRejected(mine));
}

export type DraftRendering =
  | { ok: true; email: OutgoingEmail; hash: string; catalog: Catalog }
  | { ok: false; problems: FieldProblem[] };

const SAMPLE_RECIPIENT = { deliveryId: 0, subscriberId: 0, email: 'sarah@example.com', firstName: 'Sarah', createdAt: new Date(0) };

/**
 * The email the draft would make, or the problems that stop it from loading, each on its field.
 * The rest of her content is as Postgres holds it now; nothing is written.
 */
export async function renderDraft(ctx: AppContext, draft: Draft, to = SAMPLE_RECIPIENT): Promise<DraftRendering> {
  await refreshContent(ctx);
  const texts = liveTexts(await storedDocuments(ctx.sql));
  const current = texts.get(draft.path);
  if (current === undefined) throw new AppError('not_found', `emails/${draft.path} is not in the content.`, { reason: 'document' });
  const text = draftText(current, draft);
  texts.set(draft.path, text);
  const { catalog, problems } = await loadCatalog({ emailsDir: ctx.catalog.emailsDir, documents: texts, mainCourse: ctx.config.mainCourse });
  if (!catalog) return { ok: false, problems: problemsByField(new ContentRejected(problems.list), draft.path, text) };
  const template = resolveTemplate(catalog, draft.key);
  if (!template) throw new AppError('not_found', 'This email is no longer in the course.', { reason: 'lesson' });
  // A throwaway scope for the render cache: it keys compiled copies by name, and the text under
  // this name changes with every keystroke (see broadcasts/drafts.ts).
  const scope = Object.create(catalog) as Catalog;
  const [email] = await composeResolved(ctx.config, scope, draft.key, template, [to]);
  const hash = createHash('sha256').update(email!.subject).update('\0').update(email!.html).digest('hex');
  return { ok: true, email: email!, hash, catalog };
}

/** One test of the draft to her address, through the one send path ("[Test] …"); nothing is saved. */
export async function sendDraftTestEmail(ctx: WorkerContext, draft: Draft, address: string): Promise<SendTestResult> {
  const to = checkTestAddress(address);
  const rendering = await renderDraft(ctx, draft);
  if (!rendering.ok) {
    throw new AppError('validation_failed', `This email cannot be drawn yet: ${rendering.problems.map((p) => p.message).join(' ')}`, { reason: 'content' });
  }
  const template = resolveTemplate(rendering.catalog, draft.key)!;
  return sendTestOf({ ...ctx, catalog: rendering.catalog }, { name: draft.key, file: `emails/${draft.path}`, template }, to);
}
