/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { logIn } from '../../access/log-in.js';
import { createLoginGuard, WRONG_PASSWORD_DELAY_MS } from '../../access/login-guard.js';
import { createPasswordChecks } from '../../access/password-checks.js';
import { endSession } from '../../access/sessions.js';
import type { AppContext } from '../../context.js';
import { dashboardTimezone, guessDashboardTimezone } from '../../settings/timezone.js';
import { clientIp } from '../client-ip.js';
import type { HonoEnv } from '../env.js';
import { sameOriginForms } from '../middleware/same-origin-forms.js';
import { queueBoard } from './queue-board.js';
import { broadcastPages } from './broadcasts/index.js';
import { coursePages } from './course/index.js';
import { overviewPage } from './overview.js';
import { settingsPages } from './settings.js';
import { LoginPage } from './login.js';
import { clearSessionCookie, requireSession, sessionToken, setSessionCookie } from './session.js';
import { subscriberPages } from './subscribers/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The therapist's dashboard at /admin: a login, then pages over the same use cases as the
 * command line and the admin API. Every form is CSRF-checked; every page needs a session.
 */
export function adminDashboard(ctx: AppContext, passwordHash: string): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  const login = { ...ctx, loginGuard: createLoginGuard(ctx), passwordChecks: createPasswordChecks(), passwordHash };
  app.use('*', sameOriginForms(ctx.config.appUrl));

  app.get('/login', (c) => {
    const status = c.req.query('status');
    return c.html(<LoginPage status={status === 'logged-out' || status === 'expired' ? status : undefined} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const password = typeof form.password === 'string' ? form.password : '';
    const result = await logIn(login, { ip: clientIp(c, ctx.config.trustProxyHops), password });
    switch (result.kind) {
      case 'limited': {
        c.header('retry-after', String(result.retryAfterSeconds));
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        return c.html(<LoginPage error={`Too many wrong passwords from here. Please wait ${minutes <= 1 ? 'a minute' : `${minutes} minutes`}, then try again.`} />, 429);
      }
      case 'busy':
        c.header('retry-after', String(result.retryAfterSeconds));
        ctx.logger.warn({ requestId: c.get('requestId') }, 'dashboard login refused: too many password checks at once');
        return c.html(<LoginPage error="Too many logins at once just now. Please try again in a moment." />, 429);
      case 'wrong-password':
        await sleep(WRONG_PASSWORD_DELAY_MS);
        ctx.logger.warn({ requestId: c.get('requestId') }, 'dashboard login refused: wrong password');
        return c.html(<LoginPage error="That password is not right. Please try again." />, 401);
      case 'session':
        // Her browser's zone (login.tsx's hidden field) becomes her dashboard's, if she has none yet.
        await guessDashboardTimezone(ctx, { timezone: form.timezone });
        await setSessionCookie(c, result.token);
        ctx.logger.info({ requestId: c.get('requestId') }, 'dashboard login');
        return c.redirect('/admin', 303);
    }
  });

  app.post('/logout', async (c) => {
    const token = await sessionToken(c);
    if (token) await endSession(ctx, token, passwordHash);
    clearSessionCookie(c);
    return c.redirect('/admin/login?status=logged-out', 303);
  });

  app.use('*', requireSession(passwordHash));
  app.use('*', async (c, next) => {
    c.set('dashboardZone', (await dashboardTimezone(ctx)).zone);
    await next();
  });
  app.route('/broadcasts', broadcastPages(ctx));
  app.route('/subscribers', subscriberPages(ctx));
  app.route('/queues', queueBoard(ctx.queues));
  app.route('/settings', settingsPages(ctx));

  app.route('/', overviewPage(ctx));
  app.route('/course', coursePages(ctx));
  return app;
}
