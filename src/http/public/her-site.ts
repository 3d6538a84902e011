import type { Context } from 'hono';
import { isEmbedOrigin } from '../../settings/embed-origins.js';
import type { HonoEnv } from '../env.js';

/**
 * Where the "check your inbox" page links back to after a form on her website: the page the
 * browser came from (or an address a form of ours carried on), only when it is one of her sites
 * (any other address could be anything).
 */
export async function backToHerSite(c: Context<HonoEnv>, address = c.req.header('referer')): Promise<string | undefined> {
  if (!address) return undefined;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  return (await isEmbedOrigin(c.var.ctx, url.origin)) ? url.href : undefined;
}
