import { Hono } from 'hono';
import { cadenceOf } from '../../context.js';
import { confirmSubscription } from '../../domain/confirm.js';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';
import { confirmedPage, linkInvalidPage, newsletterConfirmedPage } from '../views/pages.js';

export const confirm = new Hono<HonoEnv>().get('/confirm', async (c) => {
  try {
    const { firstName, lettersOnly } = await confirmSubscription(c.var.ctx, c.req.query('token') ?? '');
    return c.html(lettersOnly ? newsletterConfirmedPage({ firstName }) : confirmedPage({ firstName, cadence: cadenceOf(c.var.ctx.config) }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_token') return c.html(linkInvalidPage(), 400);
    throw error;
  }
});
