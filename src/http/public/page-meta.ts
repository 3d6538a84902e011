import type { Context } from 'hono';
import type { HonoEnv } from '../env.js';
import type { PageMeta } from './views/page.js';

/**
 * A public page's canonical address and card details (views/page.ts `meta`), for any page of
 * ours: the course pages, the confirmation steps, an embed or a letter. The path is the
 * request's own unless told, and never its query: the confirm, unsubscribe and preference links
 * carry their tokens there, and a token must not end up in a tag that a share or a crawler reads.
 * Form results (POST /subscribe) pass `/`, the page the form lives on.
 */
export function pageMeta(c: Context<HonoEnv>, { path = c.req.path, type = 'website' }: { path?: string; type?: PageMeta['type'] } = {}): PageMeta | undefined {
  const ctx = c.get('ctx');
  // Only a request that failed before the app's first middleware lacks it.
  if (!ctx) return undefined;
  return { url: `${ctx.config.appUrl}${path}`, siteName: ctx.catalog.main.title, type };
}
