import { Hono } from 'hono';
import type { AppContext } from '../../../context.js';
import type { HonoEnv } from '../../env.js';
import { broadcastControlPages } from './broadcast.js';
import { draftPages } from './drafts.js';
import { reviewPages } from './review.js';

/**
 * /admin/broadcasts: her newsletters. Thin pages over src/broadcasts (drafts, draft-send,
 * create, control, query) and src/stats: what the command line and the admin API call too.
 * One file per resource: the drafts, the review and send, a broadcast.
 */
export function broadcastPages(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  app.route('/', draftPages(ctx));
  app.route('/', reviewPages(ctx));
  app.route('/', broadcastControlPages(ctx));
  return app;
}
