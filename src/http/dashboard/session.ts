import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { SESSION_LIFETIME_MS, useSession } from '../../access/sessions.js';
import type { HonoEnv } from '../env.js';

export const SESSION_COOKIE = 'rmg_admin';

/**
 * The session cookie: a random token signed with SECRET (an altered cookie, or one signed with
 * another secret, is not read at all), HttpOnly, SameSite=Lax, Secure when the app is served
 * over https, and scoped to /admin. It lives as long as a session can; the server's row is what
 * decides (a logged-out, idle or too old session is refused whatever the cookie says). A cookie
 * that lived only the 12 idle hours would lapse in the browser however busy she was.
 */
export async function setSessionCookie(c: Context<HonoEnv>, token: string): Promise<void> {
  const ctx = c.var.ctx;
  await setSignedCookie(c, SESSION_COOKIE, token, ctx.config.secret, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Lax',
    secure: ctx.config.appUrl.startsWith('https://'),
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export async function sessionToken(c: Context<HonoEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, c.var.ctx.config.secret, SESSION_COOKIE);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function clearSessionCookie(c: Context<HonoEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: c.var.ctx.config.appUrl.startsWith('https://') });
}

/**
 * Every dashboard page: a live session under the password in force, or the login page. A page
 * asked for by a program (JSON) gets a 401 instead of a redirect.
 */
export function requireSession(passwordHash: string): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const token = await sessionToken(c);
    if (token && (await useSession(c.var.ctx, token, passwordHash))) return next();
    const hadCookie = c.req.header('cookie')?.includes(`${SESSION_COOKIE}=`) ?? false;
    if ((c.req.header('accept') ?? '').includes('application/json') && !(c.req.header('accept') ?? '').includes('text/html')) {
      return c.json({ error: { code: 'unauthorized', message: 'Log in to the dashboard first.' } }, 401);
    }
    if (hadCookie) clearSessionCookie(c);
    return c.redirect(hadCookie ? '/admin/login?status=expired' : '/admin/login', 303);
  };
}
