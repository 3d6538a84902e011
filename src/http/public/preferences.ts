import { Hono, type Context } from 'hono';
import { signToken } from '../../tokens.js';
import { AppError } from '../../errors.js';
import { eraseSubscriber } from '../../subscribers/erasure.js';
import { EXPORT_TOKEN_TTL_MS, exportSubscriberData } from '../../subscribers/her-data.js';
import { changePreferences, loadPreferences, subscriberFromToken, type PreferenceChange } from '../../subscribers/preferences.js';
import { pageMeta } from './page-meta.js';
import type { HonoEnv } from '../env.js';
import { linkInvalidPage } from './views/pages.js';
import { deleteConfirmPage, erasedPage, isNotice, preferenceErrorPage, preferencesPage } from './views/preferences.js';

const wantsJson = (c: Context<HonoEnv>) => (c.req.header('accept') ?? '').includes('application/json');

/** Her page's answers: a page she can read, or for a program asking for JSON, the usual error body. */
function failed(c: Context<HonoEnv>, error: unknown, token: string | null) {
  if (!(error instanceof AppError)) throw error;
  if (wantsJson(c)) return c.json(error.toJSON(), error.status);
  if (error.code === 'invalid_token' && token === null) return c.html(linkInvalidPage(pageMeta(c)), 400);
  return c.html(preferenceErrorPage({ message: error.message, token }, pageMeta(c)), error.status);
}

async function formFields(c: Context<HonoEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The form's fields as one change; anything that did not come from the page is a 400. */
function changeFrom(name: string, fields: Record<string, string>): PreferenceChange {
  switch (name) {
    case 'pause':
    case 'resume':
    case 'leave':
      return { kind: name, course: fields.course ?? '' };
    case 'send-hour':
      return { kind: 'send-hour', hour: /^\d{1,2}$/.test(fields.hour ?? '') ? Number(fields.hour) : Number.NaN };
    case 'timezone':
      return { kind: 'timezone', timezone: fields.timezone ?? '' };
    case 'newsletter':
      if (fields.on !== 'yes' && fields.on !== 'no') throw new AppError('invalid_request', 'Please use the button on your preference page.');
      return { kind: 'newsletter', on: fields.on === 'yes' };
    case 'unsubscribe':
      return { kind: 'unsubscribe-all' };
    default:
      throw new AppError('not_found', 'There is no such change. Please use the buttons on your preference page.');
  }
}

/**
 * `/preferences?token=…`, linked from every email. Its GETs only show (the page, the delete
 * button, the download); every change is a POST of the page's own forms, the token in the body.
 * After a change she is sent back to the page (303), which says what changed.
 */
export const preferences = new Hono<HonoEnv>()
  .get('/preferences', async (c) => {
    const token = c.req.query('token') ?? '';
    const ctx = c.var.ctx;
    try {
      const id = subscriberFromToken(ctx, 'preferences', token);
      const prefs = await loadPreferences(ctx, id);
      const exportToken = signToken(ctx.config.secret, 'export', id, new Date(ctx.clock.now().getTime() + EXPORT_TOKEN_TTL_MS));
      const done = c.req.query('done');
      c.header('cache-control', 'no-store');
      return c.html(preferencesPage({ prefs, token, exportToken, notice: isNotice(done) ? done : undefined, tracking: ctx.config.tracking }, pageMeta(c)));
    } catch (error) {
      return failed(c, error, null);
    }
  })
  .get('/preferences/export', async (c) => {
    const ctx = c.var.ctx;
    try {
      const id = subscriberFromToken(ctx, 'export', c.req.query('token') ?? '');
      const data = await exportSubscriberData(ctx, id);
      c.header('cache-control', 'no-store');
      c.header('content-disposition', 'attachment; filename="my-data.json"');
      return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8' });
    } catch (error) {
      return failed(c, error, null);
    }
  })
  .get('/preferences/delete', (c) => {
    const token = c.req.query('token') ?? '';
    try {
      subscriberFromToken(c.var.ctx, 'preferences', token);
      return c.html(deleteConfirmPage({ token }, pageMeta(c)));
    } catch (error) {
      return failed(c, error, null);
    }
  })
  .post('/preferences/delete', async (c) => {
    const fields = await formFields(c);
    try {
      const id = subscriberFromToken(c.var.ctx, 'preferences', fields.token ?? '');
      await eraseSubscriber(c.var.ctx, id);
      return wantsJson(c) ? c.json({ status: 'erased' }) : c.html(erasedPage(pageMeta(c)));
    } catch (error) {
      return failed(c, error, null);
    }
  })
  .post('/preferences/:change', async (c) => {
    const fields = await formFields(c);
    const token = fields.token ?? '';
    let known = false;
    try {
      const id = subscriberFromToken(c.var.ctx, 'preferences', token);
      known = true;
      const outcome = await changePreferences(c.var.ctx, id, changeFrom(c.req.param('change'), fields));
      if (wantsJson(c)) return c.json({ status: outcome });
      return c.redirect(`/preferences?token=${encodeURIComponent(token)}&done=${outcome}`, 303);
    } catch (error) {
      return failed(c, error, known ? token : null);
    }
  });
