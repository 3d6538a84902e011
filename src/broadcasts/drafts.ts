import type { AppContext, WorkerContext } from '../context.js';
import { Problems } from '../courses/authoring-problem.js';
import type { Catalog } from '../courses/catalog.js';
import { parseMarkdownNewsletter, type LoadedNewsletter } from '../courses/newsletter-file.js';
import { checkTestAddress, sendTestOf, type SendTestResult } from '../delivery/send-test.js';
import { AppError } from '../errors.js';
import { composeResolved } from '../delivery/compose.js';
import { newsletterTemplate } from '../delivery/templates.js';

/**
 * A newsletter she is writing in the dashboard: subject, preview line and Markdown body, saved
 * in Postgres as she types. Once sent it points at its broadcast and is no longer edited; the
 * broadcast keeps its own copy of the text, as one made from a file does.
 */
export interface Draft {
  id: number;
  subject: string;
  preview: string;
  body: string;
  /** Ticked: once sent, it joins her public archive (/letters). */
  public: boolean;
  broadcastId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface DraftText {
  subject: string;
  preview: string;
  body: string;
  /** Left out (the autosave sends only the text), the draft keeps what it had. */
  public?: boolean;
}

/** What the page says about a draft that cannot be sent yet: which field, which line of the body. */
export interface DraftProblem {
  field: 'subject' | 'preview' | 'body';
  /** The line of the body (1 = its first line), when known. */
  line?: number;
  message: string;
}

interface Row {
  id: string;
  subject: string;
  preview: string;
  body: string;
  public: boolean;
  broadcast_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const LIMITS = { subject: 200, preview: 300, body: 100_000 } as const;
/** The front matter draftMarkdown writes is this many lines; the body starts after them. */
const FRONT_MATTER_LINES = 5;

const toDraft = (row: Row): Draft => ({
  id: Number(row.id),
  subject: row.subject,
  preview: row.preview,
  body: row.body,
  public: row.public,
  broadcastId: row.broadcast_id === null ? null : Number(row.broadcast_id),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function createDraft(ctx: Pick<AppContext, 'sql' | 'clock'>): Promise<Draft> {
  const now = ctx.clock.now();
  const [row] = await ctx.sql<Row[]>`insert into broadcast_drafts (created_at, updated_at) values (${now}, ${now}) returning *`;
  return toDraft(row!);
}

export async function getDraft(ctx: Pick<AppContext, 'sql'>, id: number): Promise<Draft | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await ctx.sql<Row[]>`select * from broadcast_drafts where id = ${id}`;
  return row ? toDraft(row) : null;
}

/** Drafts not sent yet, the one she touched last first. */
export async function listDrafts(ctx: Pick<AppContext, 'sql'>, limit = 50): Promise<Draft[]> {
  const rows = await ctx.sql<Row[]>`select * from broadcast_drafts where broadcast_id is null order by updated_at desc, id desc limit ${limit}`;
  return rows.map(toDraft);
}

/**
 * Saves what she has typed, as it is: a half-written draft is still worth keeping, so nothing
 * here checks the Markdown (draftProblems does, for the page). A sent draft is not changed.
 */
export async function saveDraft(ctx: Pick<AppContext, 'sql' | 'clock'>, id: number, text: DraftText): Promise<Draft> {
  const clean = {
    // One line each: a line break would end the subject early in the front matter and the inbox.
    subject: text.subject.replace(/\s+/g, ' ').trim(),
    preview: text.preview.replace(/\s+/g, ' ').trim(),
    body: text.body.replace(/\r\n?/g, '\n'),
  };
  for (const field of ['subject', 'preview', 'body'] as const) {
    if (clean[field].length > LIMITS[field]) {
      throw new AppError('validation_failed', `The ${field} is longer than ${LIMITS[field].toLocaleString('en-US')} characters. Please shorten it; nothing was saved.`);
    }
  }
  const now = ctx.clock.now();
  const [row] = await ctx.sql<Row[]>`
    update broadcast_drafts set subject = ${clean.subject}, preview = ${clean.preview}, body = ${clean.body},
      public = coalesce(${text.public ?? null}::boolean, public), updated_at = ${now}
    where id = ${id} and broadcast_id is null returning *`;
  if (row) return toDraft(row);
  const existing = await getDraft(ctx, id);
  if (!existing) throw new AppError('not_found', `There is no draft ${id}.`);
  throw new AppError('conflict', `This newsletter was already sent (broadcast ${existing.broadcastId}), so it can no longer be changed. Start a new one instead.`);
}

/** The newsletter id and file name a draft's broadcast is recorded under. */
export const draftName = (id: number) => `draft-${id}`;

/**
 * The draft as a newsletter file's text: front matter, then her Markdown. The same text the
 * command line sends from emails/newsletters/; JSON strings are valid YAML double-quoted values.
 */
export function draftMarkdown(draft: Pick<Draft, 'id' | 'subject' | 'preview' | 'body'>): string {
  return `---\nid: ${JSON.stringify(draftName(draft.id))}\nsubject: ${JSON.stringify(draft.subject)}\npreview: ${JSON.stringify(draft.preview)}\n---\n${draft.body}\n`;
}

/** The draft parsed as a newsletter, with every problem in her terms (field, line of the body). */
export function draftNewsletter(draft: Draft): { newsletter: LoadedNewsletter | null; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  if (draft.subject === '') problems.push({ field: 'subject', message: 'The newsletter needs a subject: the line moms see in their inbox.' });
  if (draft.preview === '') problems.push({ field: 'preview', message: 'Add a preview line: the grey sentence an inbox shows after the subject.' });
  if (draft.body.trim() === '') problems.push({ field: 'body', message: 'The newsletter has no text yet. Write it in the body box.' });
  if (problems.length > 0) return { newsletter: null, problems };

  const found = new Problems();
  const newsletter = parseMarkdownNewsletter(draftMarkdown(draft), `emails/newsletters/${draftName(draft.id)}.md`, found);
  for (const p of found.list) {
    if (p.severity !== 'error') continue;
    const line = p.line !== undefined && p.line > FRONT_MATTER_LINES ? p.line - FRONT_MATTER_LINES : undefined;
    problems.push({ field: line !== undefined || p.line === undefined ? 'body' : p.line === 4 ? 'preview' : 'subject', line, message: p.message });
  }
  return { newsletter: problems.length === 0 ? newsletter : null, problems };
}

/** Thrown when a draft is asked to render or send while it still has problems. */
export function problemsError(problems: DraftProblem[]): AppError {
  const lines = problems.map((p) => (p.line ? `Body, line ${p.line}: ${p.message}` : p.message));
  return new AppError('validation_failed', `This newsletter cannot be sent yet:\n${lines.join('\n')}`);
}

export type DraftPreview = { ok: true; subject: string; html: string } | { ok: false; problems: DraftProblem[] };

/**
 * The draft as a mom named Sarah would receive it: the same template and composition as the
 * broadcast's send (greeting, footer, links and all), not a look-alike.
 */
export async function renderDraftPreview(ctx: Pick<AppContext, 'config' | 'catalog'>, draft: Draft): Promise<DraftPreview> {
  const { newsletter, problems } = draftNewsletter(draft);
  if (!newsletter) return { ok: false, problems };
  // A throwaway scope for the render cache: it keys compiled copies by name, and the text under
  // this name changes with every keystroke. Compiled in the shared scope, each version would
  // stay in memory for the life of the process (and the first one would be served again).
  const scope = Object.create(ctx.catalog) as Catalog;
  const [email] = await composeResolved(ctx.config, scope, `newsletter:${newsletter.id}`, newsletterTemplate(newsletter), [
    { deliveryId: 0, subscriberId: 0, email: 'sarah@example.com', firstName: 'Sarah', createdAt: new Date(0) },
  ]);
  return { ok: true, subject: email!.subject, html: email!.html };
}

/** One test email of the draft to her address, through the one send path (subject "[Test] …"). */
export async function sendDraftTest(ctx: WorkerContext, id: number, email: string): Promise<SendTestResult> {
  const to = checkTestAddress(email);
  const draft = await getDraft(ctx, id);
  if (!draft) throw new AppError('not_found', `There is no draft ${id}.`);
  const { newsletter, problems } = draftNewsletter(draft);
  if (!newsletter) throw problemsError(problems);
  return sendTestOf(ctx, { name: `newsletter:${newsletter.id}`, file: newsletter.file, template: newsletterTemplate(newsletter) }, to);
}

/** Where her last test went, to fill in the address next time (test_sends keeps it already). */
export async function lastTestAddress(ctx: Pick<AppContext, 'sql'>): Promise<string | null> {
  const [row] = await ctx.sql<{ to_address: string }[]>`select to_address from test_sends order by id desc limit 1`;
  return row?.to_address ?? null;
}
