/** @jsxImportSource hono/jsx */
import { dashboardHtml } from '../render.js';
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { draftProblems, renderDraft, savedWarnings, sendDraftTestEmail, type Draft } from '../../../authoring/draft.js';
import type { FieldProblem } from '../../../authoring/save.js';
import type { SpamChecks } from '../../../authoring/spam-check.js';
import { lastTestAddress } from '../../../broadcasts/drafts.js';
import type { AppContext, WorkerContext } from '../../../context.js';
import { ContentRejected } from '../../../courses/stored-content.js';
import type { AuthoringProblem } from '../../../courses/authoring-problem.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { EditorPage, spamSentence, type EditorProps } from './editor-page.js';
import type { FieldDef } from './parts.js';

type C = Context<HonoEnv>;

export interface Loaded {
  values: Record<string, string>;
  version: number;
  title: string;
  heading: string;
  back: { href: string; label: string };
  /** A framed route showing the saved email; null draws the saved text into srcdoc. */
  savedPreview: string | null;
  links?: Child;
}

/** What one kind of editor (a lesson, her details, a confirmation) plugs into the shared routes. */
export interface EditorSpec {
  fields: FieldDef[];
  load(c: C): Promise<Loaded>;
  draft(c: C, values: Record<string, string>): Draft;
  /** Saves through its use case, which answers with the warnings the save let through. */
  save(c: C, values: Record<string, string>, version: number | undefined): Promise<{ warnings: AuthoringProblem[] }>;
  /** The first words of a stale save's refusal: "This lesson changed since you opened it." */
  stale: string;
}

const NOTICES: Record<string, string> = {
  saved: 'Saved. Every email from now on has these words.',
  restored: 'Restored. That version is the newest one now.',
};

/** A browser sends a textarea's lines with CRLF; her documents have LF. */
const lf = (s: string) => s.replace(/\r\n?/g, '\n');

/**
 * The routes every editor shares: the page, its one form (save, preview, test, spam score), and
 * the two JSON endpoints the script calls as she types. Thin: each calls one authoring use case.
 */
export function mountEditor(app: Hono<HonoEnv>, ctx: AppContext, path: string, spec: EditorSpec, spam: SpamChecks): void {
  const mailer = 'mailer' in ctx ? (ctx as WorkerContext) : null;
  const readValues = (form: Record<string, unknown>) => Object.fromEntries(spec.fields.map((f) => [f.name, typeof form[f.name] === 'string' ? lf(form[f.name] as string) : '']));

  const view = async (c: C, extra: Partial<EditorProps> & { values?: Record<string, string>; version?: number; status?: 200 | 409 | 422 | 503 }) => {
    const loaded = await spec.load(c);
    let draftHtml = extra.draftHtml;
    if (loaded.savedPreview === null && draftHtml == null) {
      const rendering = await renderDraft(ctx, spec.draft(c, extra.values ?? loaded.values));
      draftHtml = rendering.ok ? rendering.email.html : null;
    }
    const props: EditorProps = {
      title: loaded.title,
      heading: loaded.heading,
      back: loaded.back,
      links: loaded.links,
      action: c.req.path,
      fields: spec.fields,
      values: loaded.values,
      version: loaded.version,
      problems: [],
      savedPreview: loaded.savedPreview ?? 'about:blank',
      testEmail: (await lastTestAddress(ctx)) ?? '',
      canSendTests: mailer !== null,
      ...extra,
      draftHtml,
    };
    return dashboardHtml(c, <EditorPage {...props} />, extra.status ?? 200);
  };

  app.get(path, (c) => view(c, { notice: NOTICES[c.req.query('notice') ?? ''] }));

  app.post(path, async (c) => {
    const form = await c.req.parseBody();
    const values = readValues(form);
    const version = /^\d{1,9}$/.test(String(form.version ?? '')) ? Number(form.version) : undefined;
    const testEmail = typeof form.testEmail === 'string' ? form.testEmail : '';
    const action = typeof form.action === 'string' ? form.action : 'save';
    const kept = { values, version, testEmail };
    const draft = spec.draft(c, values);

    if (action === 'preview' || action === 'spam') {
      const rendering = await renderDraft(ctx, draft);
      if (!rendering.ok) return view(c, { ...kept, previewProblems: rendering.problems, problems: rendering.problems });
      const check = action === 'spam' ? await spam.wait(rendering.hash, rendering.email) : null;
      return view(c, { ...kept, draftHtml: rendering.email.html, spam: check });
    }
    if (action === 'test') {
      if (!mailer) return view(c, { ...kept, error: 'Test sends need the mailer, which this process does not have.', status: 503 });
      try {
        const sent = await sendDraftTestEmail(mailer, draft, testEmail);
        return view(c, { ...kept, notice: `A test is on its way to ${sent.to}. Nothing is saved until you press Save.` });
      } catch (error) {
        if (!(error instanceof AppError) || !['validation_failed', 'unavailable'].includes(error.code)) throw error;
        return view(c, { ...kept, error: error.message, status: error.status as 422 });
      }
    }
    let saved: { warnings: AuthoringProblem[] };
    try {
      saved = await spec.save(c, values, version);
    } catch (error) {
      const refusal = await refusalOf(ctx, error, draft, spec.stale);
      return view(c, { ...kept, ...refusal });
    }
    // Saved, with something worth a second look: said here, on its field, rather than lost in a redirect.
    const warnings = await savedWarnings(ctx, draft, saved.warnings);
    if (warnings.length > 0) return view(c, { testEmail, notice: `${NOTICES.saved} ${warnings.length === 1 ? 'One thing is' : 'A few things are'} worth a second look, below.`, problems: warnings });
    return c.redirect(`${c.req.path}?notice=saved`, 303);
  });

  // JSON only: a form on another site cannot send this type without asking first (CORS).
  const jsonValues = async (c: C) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) throw new AppError('unsupported_media_type', 'Send the text as JSON.');
    const parsed = z.record(z.string(), z.string().max(200_000)).safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw new AppError('validation_failed', 'Send JSON like {"subject": "…", "markdown": "…"}.');
    return readValues(parsed.data);
  };

  app.post(`${path}/live-preview`, async (c) => {
    const rendering = await renderDraft(ctx, spec.draft(c, await jsonValues(c)));
    c.header('cache-control', 'no-store');
    if (!rendering.ok) return c.json({ ok: false, problems: rendering.problems });
    return c.json({ ok: true, html: rendering.email.html, hash: rendering.hash });
  });

  app.post(`${path}/spam-score`, async (c) => {
    const rendering = await renderDraft(ctx, spec.draft(c, await jsonValues(c)));
    c.header('cache-control', 'no-store');
    if (!rendering.ok) return c.json({ state: 'unrenderable', text: 'The spam score comes once the email can be drawn.' });
    const check = spam.peek(rendering.hash, rendering.email);
    return c.json({ state: check.state, text: spamSentence(check) });
  });
}

/** A refused save, said on the page: each problem on its field, her text kept. */
async function refusalOf(ctx: AppContext, error: unknown, draft: Draft, stale: string): Promise<{ problems?: FieldProblem[]; error?: string; status: 409 | 422 }> {
  if (error instanceof ContentRejected) return { problems: await draftProblems(ctx, draft, error), status: 422 };
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'conflict' && error.reason === 'stale') {
    return { error: `${stale} Another tab or window saved it first, so nothing was saved. Your text is still here: copy what you need, then open it again to see the saved version.`, status: 409 };
  }
  if (error.code === 'validation_failed' && error.reason === 'field' && typeof error.details?.field === 'string') {
    const field = error.details.field;
    const message = error.message.startsWith(`${field}: `) ? capitalise(error.message.slice(field.length + 2)) : error.message;
    return { problems: [{ field, severity: 'error', message }], status: 422 };
  }
  if (error.code === 'validation_failed' || error.code === 'conflict') return { error: error.message, status: error.status as 409 | 422 };
  throw error;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
