/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { countAudience, describeAudience, parseAudience } from '../../../broadcasts/audience.js';
import { reviewDraftSend } from '../../../broadcasts/draft-send.js';
import { createDraft, draftNewsletter, getDraft, lastTestAddress, listDrafts, renderDraftPreview, saveDraft, sendDraftTest, type Draft } from '../../../broadcasts/drafts.js';
import { listBroadcastsWithOutcomes } from '../../../reports/newsletter-outcomes.js';
import type { AppContext, WorkerContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { ComposePage, type ComposeProps } from './compose-page.js';
import { autosaveBody, choiceOf, composeForm, DEFAULT_CHOICE, parseForm, shownOnPage } from './form.js';
import { ListPage } from './list-page.js';
import { notice } from './notices.js';
import { PreviewProblemsPage } from './preview-problems.js';
import { composeScript } from './scripts.js';
import { dashboardHtml } from '../render.js';

type C = Context<HonoEnv>;

/** Loads a draft named in a path, or answers 404. */
export async function draftOr404(ctx: AppContext, raw: string): Promise<Draft> {
  const draft = /^\d{1,15}$/.test(raw) ? await getDraft(ctx, Number(raw)) : null;
  if (!draft) throw new AppError('not_found', 'There is no such draft. It may have been sent already; the list of newsletters has it.');
  return draft;
}

/** The compose page for a draft, with its audience's live count and whatever the route adds. */
export async function composeView(ctx: AppContext, c: C, draft: Draft, extra: Partial<ComposeProps> & { status?: 200 | 409 | 422 | 503 } = {}) {
  const mailer = 'mailer' in ctx ? (ctx as WorkerContext) : null;
  const choice = extra.choice ?? DEFAULT_CHOICE;
  let count: number | null = null;
  try {
    count = await countAudience(ctx.sql, parseAudience(ctx.catalog, choice.audience, choice.course));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  const props: ComposeProps = {
    draft,
    problems: draftNewsletter(draft).problems,
    choice,
    count,
    courses: ctx.catalog.courses.map((course) => ({ slug: course.slug, title: course.title })),
    sendHour: ctx.config.sendHour,
    testEmail: extra.testEmail ?? (await lastTestAddress(ctx)) ?? '',
    canSendTests: mailer !== null,
    ...extra,
  };
  return dashboardHtml(c, <ComposePage {...props} />, extra.status ?? 200);
}

/**
 * The list of newsletters and writing one: drafts saved by form and by autosave, the preview,
 * test sends and the audience's live count. Thin over src/broadcasts/drafts.ts.
 */
export function draftPages(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  const mailer = 'mailer' in ctx ? (ctx as WorkerContext) : null;

  app.get('/assets/compose.js', (c) => c.body(composeScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/', async (c) => {
    const [drafts, broadcasts] = await Promise.all([listDrafts(ctx), listBroadcastsWithOutcomes(ctx)]);
    return dashboardHtml(c, <ListPage drafts={drafts} broadcasts={broadcasts} providerReports={ctx.config.resendWebhookSecret !== null} />);
  });

  app.post('/drafts', async (c) => {
    const draft = await createDraft(ctx);
    return c.redirect(`/admin/broadcasts/drafts/${draft.id}`, 303);
  });

  app.get('/audience-count', async (c) => {
    const audience = parseAudience(ctx.catalog, c.req.query('audience'), c.req.query('course'));
    return c.json({ audience: audience.name, course: audience.course, description: describeAudience(audience), count: await countAudience(ctx.sql, audience) });
  });

  app.get('/drafts/:id', async (c) => {
    const draft = await draftOr404(ctx, c.req.param('id'));
    if (draft.broadcastId !== null) return c.redirect(`/admin/broadcasts/${draft.broadcastId}`, 303);
    const message = c.req.query('tested') !== undefined ? `A test is on its way to ${(await lastTestAddress(ctx)) ?? 'you'}.` : notice(c.req.query('notice'));
    return composeView(ctx, c, draft, { notice: message });
  });

  // Every button of the compose form: the text is saved first, whatever else it asks for.
  app.post('/drafts/:id', async (c) => {
    const draft = await draftOr404(ctx, c.req.param('id'));
    const form = parseForm(composeForm, await c.req.parseBody());
    const choice = choiceOf(form);
    const text = { subject: form.subject, preview: form.preview, body: form.body, public: form.public === 'on' };
    let saved: Draft;
    try {
      saved = await saveDraft(ctx, draft.id, text);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return composeView(ctx, c, { ...draft, ...text }, { choice, testEmail: form.testEmail, error: error.message, status: 422 });
    }
    const base = `/admin/broadcasts/drafts/${draft.id}`;
    try {
      if (form.action === 'test') {
        if (!mailer) throw new AppError('unavailable', 'Test sends need the mailer, which this process does not have.');
        await sendDraftTest(mailer, draft.id, form.testEmail);
        return c.redirect(`${base}?tested`, 303);
      }
      if (form.action === 'review') {
        await reviewDraftSend(ctx, draft.id, choice);
        const query = new URLSearchParams(Object.entries(choice).flatMap(([k, v]) => (v ? [[k, v === true ? 'yes' : String(v)]] : [])));
        return c.redirect(`${base}/review?${query}`, 303);
      }
    } catch (error) {
      if (!shownOnPage(error) && !(error instanceof AppError && error.code === 'unavailable')) throw error;
      return composeView(ctx, c, saved, { choice, testEmail: form.testEmail, error: error.message, errorAt: form.action === 'test' ? 'test' : 'send', status: error.status as 422 });
    }
    return c.redirect(form.action === 'preview' ? `${base}#preview-heading` : `${base}?notice=saved`, 303);
  });

  app.post('/drafts/:id/autosave', async (c) => {
    const draft = await draftOr404(ctx, c.req.param('id'));
    // JSON only: a form on another site cannot send this type without asking first (CORS).
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      throw new AppError('unsupported_media_type', 'Send the draft as JSON.');
    }
    const parsed = autosaveBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw new AppError('validation_failed', 'Send JSON like {"subject": "…", "preview": "…", "body": "…"}.');
    const saved = await saveDraft(ctx, draft.id, parsed.data);
    return c.json({ id: saved.id, updatedAt: saved.updatedAt, problems: draftNewsletter(saved).problems });
  });

  app.get('/drafts/:id/preview', async (c) => {
    const preview = await renderDraftPreview(ctx, await draftOr404(ctx, c.req.param('id')));
    if (preview.ok) return c.html(preview.html);
    return dashboardHtml(c, <PreviewProblemsPage problems={preview.problems} />);
  });

  return app;
}
