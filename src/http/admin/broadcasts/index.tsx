/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { countAudience, describeAudience, parseAudience } from '../../../broadcasts/audience.js';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../../../broadcasts/control.js';
import { reviewDraftSend, sendDraft, type DraftSendChoice } from '../../../broadcasts/draft-send.js';
import { createDraft, draftNewsletter, getDraft, lastTestAddress, listDrafts, renderDraftPreview, saveDraft, sendDraftTest, type Draft } from '../../../broadcasts/drafts.js';
import { listBroadcastsWithOutcomes } from '../../../broadcasts/overview.js';
import { getBroadcast } from '../../../broadcasts/query.js';
import type { AppContext, WorkerContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { broadcastFigures } from '../../../stats/figures.js';
import type { HonoEnv } from '../../env.js';
import { BroadcastPage } from './broadcast-page.js';
import { ComposePage, type ComposeProps } from './compose-page.js';
import { ListPage } from './list-page.js';
import { ReviewPage } from './review-page.js';
import { broadcastScript, composeScript } from './scripts.js';

type C = Context<HonoEnv>;

const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  paused: 'Paused. Nothing more goes out until you resume it.',
  resumed: 'Resumed.',
  cancelled: 'Cancelled. What had gone out stays counted as sent; nothing else will go.',
  sent: 'It is on its way.',
  scheduled: 'Scheduled. It goes out on its own at the time you chose.',
};

const autosaveBody = z.object({ subject: z.string().max(1_000), preview: z.string().max(1_000), body: z.string().max(200_000) });

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

function choiceFrom(values: (name: string) => string): DraftSendChoice {
  const when = values('when');
  return {
    audience: values('audience') || 'all',
    course: values('course') || null,
    when: when === 'at' || when === 'local-hour' ? when : 'now',
    at: values('at') || null,
    timezone: values('timezone') || null,
    date: values('date') || null,
    force: values('force') === 'yes',
  };
}

const DEFAULT_CHOICE: DraftSendChoice = { audience: 'all', when: 'now' };

/** A use case's refusal, shown on the page it came from; anything else is the app's error page. */
const shownOnPage = (error: unknown): error is AppError => error instanceof AppError && (error.code === 'validation_failed' || error.code === 'conflict');

/**
 * /admin/broadcasts: her newsletters. Thin pages over src/broadcasts (drafts, draft-send,
 * create, control, query) and src/stats: what the command line and the admin API call too.
 */
export function broadcastPages(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  const mailer = 'mailer' in ctx ? (ctx as WorkerContext) : null;

  const draftOr404 = async (raw: string): Promise<Draft> => {
    const draft = /^\d{1,15}$/.test(raw) ? await getDraft(ctx, Number(raw)) : null;
    if (!draft) throw new AppError('not_found', 'There is no such draft. It may have been sent already; the list of newsletters has it.');
    return draft;
  };

  const composeView = async (c: C, draft: Draft, extra: Partial<ComposeProps> & { status?: 200 | 409 | 422 | 503 } = {}) => {
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
    return c.html(<ComposePage {...props} />, extra.status ?? 200);
  };

  app.get('/assets/compose.js', (c) => c.body(composeScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/assets/broadcast.js', (c) => c.body(broadcastScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/', async (c) => {
    const [drafts, broadcasts] = await Promise.all([listDrafts(ctx), listBroadcastsWithOutcomes(ctx)]);
    return c.html(<ListPage drafts={drafts} broadcasts={broadcasts} />);
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
    const draft = await draftOr404(c.req.param('id'));
    if (draft.broadcastId !== null) return c.redirect(`/admin/broadcasts/${draft.broadcastId}`, 303);
    const notice = c.req.query('tested') !== undefined ? `A test is on its way to ${(await lastTestAddress(ctx)) ?? 'you'}.` : NOTICES[c.req.query('notice') ?? ''];
    return composeView(c, draft, { notice });
  });

  // Every button of the compose form: the text is saved first, whatever else it asks for.
  app.post('/drafts/:id', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
    const form = await c.req.parseBody();
    const action = field(form, 'action') || 'save';
    const choice = choiceFrom((name) => field(form, name));
    const testEmail = field(form, 'testEmail');
    let saved: Draft;
    try {
      saved = await saveDraft(ctx, draft.id, { subject: field(form, 'subject'), preview: field(form, 'preview'), body: field(form, 'body') });
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return composeView(c, { ...draft, subject: field(form, 'subject'), preview: field(form, 'preview'), body: field(form, 'body') }, { choice, testEmail, error: error.message, status: 422 });
    }
    const base = `/admin/broadcasts/drafts/${draft.id}`;
    try {
      if (action === 'test') {
        if (!mailer) throw new AppError('unavailable', 'Test sends need the mailer, which this process does not have.');
        await sendDraftTest(mailer, draft.id, testEmail);
        return c.redirect(`${base}?tested`, 303);
      }
      if (action === 'review') {
        await reviewDraftSend(ctx, draft.id, choice);
        const query = new URLSearchParams(Object.entries(choice).flatMap(([k, v]) => (v ? [[k, v === true ? 'yes' : String(v)]] : [])));
        return c.redirect(`${base}/review?${query}`, 303);
      }
    } catch (error) {
      if (!shownOnPage(error) && !(error instanceof AppError && error.code === 'unavailable')) throw error;
      return composeView(c, saved, { choice, testEmail, error: error.message, errorAt: action === 'test' ? 'test' : 'send', status: error.status as 422 });
    }
    return c.redirect(action === 'preview' ? `${base}#preview-heading` : `${base}?notice=saved`, 303);
  });

  app.post('/drafts/:id/autosave', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
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
    const preview = await renderDraftPreview(ctx, await draftOr404(c.req.param('id')));
    if (preview.ok) return c.html(preview.html);
    const items = preview.problems.map((p) => `<li>${escapeHtml(p.line ? `Body, line ${p.line}: ${p.message}` : p.message)}</li>`).join('');
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body style="font-family:system-ui,sans-serif;color:#2B2522;background:#FFFDF9;padding:1rem;line-height:1.5">` +
        `<p><strong>The preview will appear when these are fixed:</strong></p><ul>${items}</ul></body></html>`,
    );
  });

  app.get('/drafts/:id/review', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
    if (draft.broadcastId !== null) return c.redirect(`/admin/broadcasts/${draft.broadcastId}`, 303);
    const choice = choiceFrom((name) => c.req.query(name) ?? '');
    try {
      const { plan } = await reviewDraftSend(ctx, draft.id, choice);
      return c.html(<ReviewPage draft={draft} plan={plan} choice={choice} sendHour={ctx.config.sendHour} />);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return composeView(c, draft, { choice, error: error.message, errorAt: 'send', status: error.status as 422 });
    }
  });

  app.post('/drafts/:id/send', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
    const form = await c.req.parseBody();
    const choice = choiceFrom((name) => field(form, name));
    try {
      const broadcast = await sendDraft(ctx, draft.id, choice);
      return c.redirect(`/admin/broadcasts/${broadcast.id}?notice=${broadcast.status === 'scheduled' ? 'scheduled' : 'sent'}`, 303);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      const current = (await getDraft(ctx, draft.id))!;
      if (current.broadcastId !== null) return c.redirect(`/admin/broadcasts/${current.broadcastId}`, 303);
      return composeView(c, current, { choice, error: error.message, errorAt: 'send', status: error.status as 422 });
    }
  });

  const broadcastOr404 = async (raw: string) => {
    const broadcast = /^\d{1,15}$/.test(raw) ? await getBroadcast(ctx, Number(raw)) : null;
    if (!broadcast) throw new AppError('not_found', `There is no broadcast ${raw}.`);
    return broadcast;
  };

  app.get('/:id{[0-9]+}', async (c) => {
    const broadcast = await broadcastOr404(c.req.param('id'));
    const figures = await broadcastFigures(ctx, broadcast.id);
    return c.html(<BroadcastPage broadcast={broadcast} figures={figures} notice={NOTICES[c.req.query('notice') ?? '']} />);
  });

  app.get('/:id{[0-9]+}/progress', async (c) => {
    const b = await broadcastOr404(c.req.param('id'));
    return c.json({ id: b.id, status: b.status, recipients: b.recipients, ...b.counts });
  });

  const controls = { pause: [pauseBroadcast, 'paused'], resume: [resumeBroadcast, 'resumed'], cancel: [cancelBroadcast, 'cancelled'] } as const;
  for (const [verb, [change, notice]] of Object.entries(controls)) {
    app.post(`/:id{[0-9]+}/${verb}`, async (c) => {
      const broadcast = await broadcastOr404(c.req.param('id'));
      try {
        await change(ctx, broadcast.id);
      } catch (error) {
        if (!shownOnPage(error)) throw error;
        const now = await broadcastOr404(c.req.param('id'));
        return c.html(<BroadcastPage broadcast={now} figures={await broadcastFigures(ctx, now.id)} error={error.message} />, 409);
      }
      return c.redirect(`/admin/broadcasts/${broadcast.id}?notice=${notice}`, 303);
    });
  }

  return app;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
