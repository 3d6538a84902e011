import type { Context } from 'hono';
import { isEmbedOrigin } from '../../settings/embed-origins.js';
import type { HonoEnv } from '../env.js';

/**
 * Where the "check your inbox" page links back to after a form on her website: the page the
 * browser came from, only when it is one of her sites (any other address could be anything).
 */
export async function backToHerSite(c: Context<HonoEnv>): Promise<string | undefined> {
  const referer = c.req.header('referer');
  if (!referer) return undefined;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return undefined;
  }
  return (await isEmbedOrigin(c.var.ctx, url.origin)) ? url.href : undefined;
}
