import { Hono, type Context } from 'hono';
import { cadenceOf } from '../../context.js';
import { confirmationNeedsButton, confirmSubscription } from '../../subscribers/confirm.js';
import { AppError } from '../../errors.js';
import { pageMeta } from './page-meta.js';
import type { HonoEnv } from '../env.js';
import { confirmButtonPage, confirmedPage, linkInvalidPage, newsletterConfirmedPage } from './views/pages.js';

async function confirmWith(c: Context<HonoEnv>, token: string) {
  try {
    const { firstName, lettersOnly } = await confirmSubscription(c.var.ctx, token);
    c.var.ctx.metrics?.confirmations.inc();
    return c.html(lettersOnly ? newsletterConfirmedPage({ firstName }, pageMeta(c)) : confirmedPage({ firstName, cadence: cadenceOf(c.var.ctx.config) }, pageMeta(c)));
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_token') return c.html(linkInvalidPage(pageMeta(c)), 400);
    throw error;
  }
}

/**
 * GET /confirm confirms, except within three minutes of the email going out, when it shows a
 * one-button page (a link scanner's visit, most likely: see confirmationNeedsButton). The button,
 * or the page's own script, POSTs the token here.
 */
export const confirm = new Hono<HonoEnv>()
  .get('/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const needsButton = confirmationNeedsButton(c.var.ctx, token);
    if (needsButton === null) return c.html(linkInvalidPage(pageMeta(c)), 400);
    if (needsButton) return c.html(confirmButtonPage({ token }, pageMeta(c)));
    return confirmWith(c, token);
  })
  .post('/confirm', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token : '';
    return confirmWith(c, token);
  });
