import type { AppContext } from '../context.js';
import { checkDocument } from '../checks/check-document.js';
import type { AuthoringProblem } from '../courses/authoring-problem.js';
import type { DocumentWrite, StoredDocument, VersionSource } from '../courses/content-store.js';
import { readFrontMatter } from '../courses/front-matter.js';
import { Problems } from '../courses/authoring-problem.js';
import { changeContent, ContentRejected, useContent, type ContentChange } from '../courses/stored-content.js';
import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Where a save may come from: the dashboard, the API, a restore. Files come in by import. */
export type EditSource = Extract<VersionSource, 'dashboard' | 'api' | 'restore'>;

/** One problem found with what she typed, placed on the field it is about when that is known. */
export interface FieldProblem {
  field: string | null;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Saves a change of her content from the dashboard or the API: the writes `decide` returns, if
 * the whole content still loads and the changed emails pass email:check's rules; otherwise
 * nothing is written and the refusal lists the problems. The process serves the new content at
 * once; the others at their next request or batch.
 */
export async function saveContent(
  ctx: AppContext,
  decide: (current: ReadonlyMap<string, StoredDocument>) => DocumentWrite[],
): Promise<ContentChange> {
  let checked: string[] = [];
  const change = await changeContent(
    ctx.sql,
    { emailsDir: ctx.catalog.emailsDir, mainCourse: ctx.config.mainCourse },
    ctx.clock.now(),
    (current) => {
      const writes = decide(current);
      checked = writes.filter((w) => w.text !== null).map((w) => w.path);
      return writes;
    },
    async (catalog) => (await Promise.all(checked.map((path) => checkDocument(catalog, path)))).flat(),
  );
  useContent(ctx, change.content);
  return change;
}

/** Refuses a save made from a version that is no longer the current one (a second tab). */
export function requireVersion(doc: StoredDocument | undefined, baseVersion: number | undefined, what: string): void {
  if (baseVersion !== undefined && doc && doc.version !== baseVersion) {
    const then = what === 'course' ? 'Open the course again to see it as it is now, then make your change.' : 'Your text is kept below: copy what you need, then open it again.';
    throw new AppError('conflict', `This ${what} changed since you opened it (it is now at version ${doc.version}, you started from ${baseVersion}). ${then}`, {
      reason: 'stale',
      details: { current: doc.version, yours: baseVersion },
    });
  }
}

/**
 * The problems of a refused save, each on its field: a front-matter line names its field, a line
 * of the text is the body's (`markdown`).
 */
export function problemsByField(error: ContentRejected, path: string, text: string | null): FieldProblem[] {
  const file = `emails/${path}`;
  const front = text === null ? null : readFrontMatter(file, text, new Problems());
  const fieldOf = (p: AuthoringProblem): string | null => {
    if (p.file !== file || !front) return null;
    if (p.line === undefined) return null;
    if (p.line >= front.bodyLine) return 'markdown';
    for (const key of Object.keys(front.data)) if (front.lineOf(key) === p.line) return key;
    return null;
  };
  return error.problems.map((p) => ({ field: fieldOf(p), severity: p.severity, message: p.file === file || p.file.startsWith('emails/') === false ? p.message : `${p.file}: ${p.message}` }));
}

export function sourceOf(value: string | undefined): EditSource {
  return value === 'api' ? 'api' : value === 'restore' ? 'restore' : 'dashboard';
}

/** A use case's input through its schema; the first problem is refused, naming its field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  throw new AppError('validation_failed', `${field}: ${issue.code === 'too_small' ? 'this needs some words' : issue.message}.`, { reason: 'field', details: { field } });
}
