import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.js';
import { embedOrigins, isEmbedOrigin } from '../../settings/embed-origins.js';
import type { HonoEnv } from '../env.js';

/**
 * The site a browser says a request comes from: its `Origin`, or, when a browser sent none, the
 * origin of its `Referer`. Null when neither names an http(s) origin.
 */
export function browserOrigin(c: Context): string | null {
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin;
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * POST /subscribe from a plain form on her website: a form posted from one of her origins is
 * hers, and passes; anything else meets our own-forms check (and its friendly 403) as before.
 */
export function formsFromHerSite(ownForms: MiddlewareHandler): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (c.req.method === 'POST' && (await isEmbedOrigin(c.var.ctx, browserOrigin(c)))) return next();
    return ownForms(c, next);
  };
}

/**
 * CORS for the JSON signup API, for the script snippet on her website: her origins only, each
 * answered with its own name (never `*`), and `Vary: Origin` so no cache hands one site's answer
 * to another. A POST from any other site's page is refused before it is read; a request without
 * `Origin` (a program, a server) is not a browser's, and passes as before.
 */
export function signupApiCors(appUrl: string): MiddlewareHandler<HonoEnv> {
  const appOrigin = new URL(appUrl).origin;
  return async (c, next) => {
    const origin = c.req.header('origin');
    c.header('vary', 'Origin');
    const foreign = origin !== undefined && origin !== appOrigin && origin !== new URL(c.req.url).origin;
    const allowed = foreign && (await isEmbedOrigin(c.var.ctx, origin));
    if (c.req.method === 'OPTIONS') {
      if (!allowed) return c.body(null, 204);
      c.header('access-control-allow-origin', origin!);
      c.header('access-control-allow-methods', 'POST');
      c.header('access-control-allow-headers', 'content-type');
      c.header('access-control-max-age', '600');
      return c.body(null, 204);
    }
    if (foreign && !allowed) throw new AppError('forbidden', 'This signup was sent from a website that may not use this form.');
    if (allowed) c.header('access-control-allow-origin', origin!);
    await next();
    // An error answer is made afresh by onError; it needs the same headers to be readable there.
    if (allowed) c.res.headers.set('access-control-allow-origin', origin!);
    c.res.headers.set('vary', 'Origin');
  };
}

/**
 * Outside the app's secureHeaders, so it has the last word for /embed/*: the form page may be
 * framed by her sites and by nothing else, where every other page says
 * `frame-ancestors 'none'`; the script may be loaded by any page (it is public, and only her
 * origins' requests are answered by the API it calls).
 */
export const embedHeaders: MiddlewareHandler<HonoEnv> = async (c, next) => {
  await next();
  if (c.req.path.endsWith('.js')) {
    c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
    return;
  }
  const csp = c.res.headers.get('content-security-policy');
  if (!csp) return;
  const { origins } = await embedOrigins(c.var.ctx);
  // Her sites and nothing else (the dashboard's preview is the same page inline, not a frame of it).
  c.res.headers.set('content-security-policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`));
  // frame-ancestors supersedes it in every current browser; an old one would block every frame.
  c.res.headers.delete('x-frame-options');
};
