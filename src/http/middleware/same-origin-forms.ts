import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../errors.js';

/**
 * Refuses a form POST that another site's page made a visitor's browser send (CSRF), using
 * Hono's `csrf`: a form content type passes only with `Sec-Fetch-Site: same-origin` or an
 * `Origin` of ours. Ours is APP_URL's origin, and also the one the request arrived at, since
 * behind a proxy the app may see itself as http://internal:3000 while the browser says https.
 *
 * A request with neither header is let through: every browser that can be led into a
 * cross-site POST sends one of them, so a request without both comes from a program (curl, a
 * test, a mailbox provider), which a forged form cannot be. `Origin: null` (a sandboxed frame, a
 * no-referrer page) is a header, and it is refused.
 *
 * Our own pages send their real origin: page.ts sets `referrer` to `same-origin`, and under
 * `no-referrer` a browser would send `Origin: null` even to us.
 */
export function sameOriginForms(appUrl: string): MiddlewareHandler {
  const appOrigin = new URL(appUrl).origin;
  const check = csrf({ origin: (origin, c) => origin === appOrigin || origin === new URL(c.req.url).origin });
  return async (c, next) => {
    if (c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) return next();
    let passed = false;
    try {
      await check(c, async () => {
        passed = true;
      });
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 403) throw error;
    }
    if (!passed) throw new AppError('forbidden', 'This form was sent from another website. Nothing was changed; please use the form on our own page.');
    await next();
  };
}
