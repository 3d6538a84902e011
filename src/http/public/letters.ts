import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { HonoEnv } from '../env.js';
import { lettersArchive } from './letters-cache.js';
import { notFoundPage } from './views/pages.js';

// Public pages, the same for everyone: a browser or a feed reader may keep them a minute.
const CACHE_CONTROL = 'public, max-age=60';

/** Her public archive: /letters, /letters/feed.xml and each letter's web copy at /letters/<id>. */
export function lettersRoutes(ctx: AppContext): Hono<HonoEnv> {
  const archive = lettersArchive(ctx);
  return new Hono<HonoEnv>()
    .get('/letters', async (c) => c.html(await archive.list(), 200, { 'cache-control': CACHE_CONTROL }))
    .get('/letters/feed.xml', async (c) => c.body(await archive.feed(), 200, { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': CACHE_CONTROL }))
    .get('/letters/:slug', async (c) => {
      const page = await archive.letter(c.req.param('slug'));
      // A private letter and one that does not exist answer alike: the archive says nothing of either.
      if (page === null) return c.html(notFoundPage(), 404);
      return c.html(page, 200, { 'cache-control': CACHE_CONTROL });
    });
}
