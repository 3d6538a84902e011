import { Hono } from 'hono';
import { verifyToken } from '../../tokens.js';
import { unsubscribe } from '../../subscribers/unsubscribe.js';
import { AppError } from '../../errors.js';
import { pageMeta } from './page-meta.js';
import type { HonoEnv } from '../env.js';
import { linkInvalidPage, unsubscribeConfirmPage, unsubscribedPage } from './views/pages.js';

/**
 * GET only shows a button: link scanners and prefetchers follow GETs, and they must not
 * unsubscribe anyone. POST is the RFC 8058 one-click target that mailbox providers call with
 * `List-Unsubscribe=One-Click`, and also what the button submits.
 */
export const unsubscribeRoutes = new Hono<HonoEnv>()
  .get('/unsubscribe', (c) => {
    const token = c.req.query('token') ?? '';
    const ctx = c.var.ctx;
    if (verifyToken(ctx.config.secret, 'unsubscribe', token, ctx.clock.now()) === null) {
      return c.html(linkInvalidPage(pageMeta(c)), 400);
    }
    return c.html(unsubscribeConfirmPage({ actionUrl: `/unsubscribe?token=${encodeURIComponent(token)}` }, pageMeta(c)));
  })
  .post('/unsubscribe', async (c) => {
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    try {
      await unsubscribe(c.var.ctx, c.req.query('token') ?? '');
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_token') throw error;
      return wantsHtml ? c.html(linkInvalidPage(pageMeta(c)), 400) : c.json(error.toJSON(), 400);
    }
    return wantsHtml ? c.html(unsubscribedPage(pageMeta(c))) : c.json({ status: 'unsubscribed' }, 200);
  });
