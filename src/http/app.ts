import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext, WorkerContext } from '../context.js';
import { createSignupGuard } from '../subscribers/signup-guard.js';
import { adminDashboard } from './dashboard/dashboard.js';
import { DASHBOARD_IMPORT_PATH, dashboardImportLimit } from './dashboard/subscribers/import.js';
import { adminAuth } from './middleware/admin-auth.js';
import { sameOriginForms } from './middleware/same-origin-forms.js';
import { embedHeaders, formsFromHerSite, signupApiCors } from './middleware/her-site.js';
import { embedRoutes } from './public/embed.js';
import { warnOfUntrustedForwardedFor } from './middleware/untrusted-forwarded-for.js';
import { broadcastsRoute } from './api/broadcasts.js';
import { SUBSCRIBERS_IMPORT_PATH, subscribersRoute } from './api/subscribers.js';
import { testSendsRoute } from './api/test-sends.js';
import { coursesRoute } from './api/courses.js';
import { contentRoute } from './api/content.js';
import { sentLessonsRoute } from './api/sent-lessons.js';
import { AppError, unavailableError } from '../errors.js';
import { closeUnfinishedUpload } from './close-unfinished-upload.js';
import type { HonoEnv } from './env.js';
import { assets } from './public/assets.js';
import { captchaRoutes } from './public/captcha.js';
import { confirm } from './public/confirm.js';
import { devMailbox } from './operator/dev-mailbox.js';
import { health } from './operator/health.js';
import { metricsRoute } from './operator/metrics.js';
import { createDeploymentMetrics } from '../reports/deployment-metrics.js';
import { Registry } from 'prom-client';
import { landing } from './public/landing.js';
import { lettersRoutes } from './public/letters.js';
import { lateTimezone, subscribeApi, subscribeForm } from './public/subscribe.js';
import { preferences } from './public/preferences.js';
import { unsubscribeRoutes } from './public/unsubscribe.js';
import { resendWebhook } from './webhooks.js';
import { formErrorPage, notFoundPage } from './public/views/pages.js';
import { pageMeta } from './public/page-meta.js';
import { adminPasswordHash } from '../access/password.js';
import { refreshContent } from '../courses/stored-content.js';

/** Signup bodies are a few hundred bytes; anything near this is not a signup. */
const MAX_BODY_BYTES = 16 * 1024;
/** A newsletter's text, saved from the dashboard's compose page. */
const MAX_DRAFT_BYTES = 1024 * 1024;
const DRAFTS_PATH = '/admin/broadcasts/drafts';
// Her lessons and course texts, edited on the dashboard: as large as a letter.
const COURSES_PATH = '/admin/course';
/** The email previews that the compose and course pages show in an iframe. */
const FRAMED_BY_OUR_PAGES = /^\/admin\/(broadcasts\/drafts\/[^/]+|course\/[^/]+\/lessons\/[^/]+)\/preview$/;

const wantsJson = (path: string, accept: string | undefined) =>
  path.startsWith('/api/') || path === '/metrics' || path.startsWith('/webhooks/') || (!!accept && accept.includes('application/json') && !accept.includes('text/html'));

export interface AppOptions {
  /** The token of a command on this machine (see src/runtime/local-control.ts). */
  localToken?: string;
}

export function createApp(ctx: AppContext, options: AppOptions = {}): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  const signupGuard = createSignupGuard(ctx);

  app.use('*', closeUnfinishedUpload);
  // Every answer carries X-Request-Id, and so does its log line. The line names the path only:
  // tokens travel in the query string, and addresses never reach an info-level log.
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    ctx.logger.info(
      { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use('*', warnOfUntrustedForwardedFor(ctx.config.trustProxyHops, ctx.logger));
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    c.set('signupGuard', signupGuard);
    await next();
  });
  // Her website may frame the embed form: outside secureHeaders, so its headers are the last word.
  app.use('/embed/*', embedHeaders);
  // base-uri: an injected <base> would re-point every relative link and form. form-action: an
  // injected form could post her password elsewhere. frame-ancestors: no site may frame a page
  // to trick a click, but for the dashboard's email previews, which its own pages frame.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [(c) => (FRAMED_BY_OUR_PAGES.test(c.req.path) ? "'self'" : "'none'")],
      },
    }),
  );
  // A newsletter she writes on the dashboard is the one form body larger than a signup.
  const smallBodies = limitedBodies(MAX_BODY_BYTES, 'That was far more than a signup needs. Please try the form again.');
  const draftBodies = limitedBodies(MAX_DRAFT_BYTES, `That newsletter is longer than ${MAX_DRAFT_BYTES / 1024} KB of text, which is far more than a letter needs. Please shorten it.`);
  // Her list is the one large body: it is read as a stream, row by row, under its own limit
  // (api/subscribers.ts). bodyLimit would buffer it whole.
  // Her dashboard's upload of it is a multipart form, read whole, so it has a cap of its own.
  app.use('*', (c, next) => {
    if (c.req.method === 'POST' && c.req.path === SUBSCRIBERS_IMPORT_PATH) return next();
    if (c.req.method === 'POST' && c.req.path === DASHBOARD_IMPORT_PATH) return dashboardImportLimit(c, next);
    return (c.req.path.startsWith(DRAFTS_PATH) || c.req.path.startsWith(COURSES_PATH) || c.req.path.startsWith('/api/admin/courses') ? draftBodies : smallBodies)(c, next);
  });

  // Her content may have changed in another process (a dashboard save, an import): one indexed
  // query tells, and the next page shows the new words.
  app.use('*', async (c, next) => {
    if (!/^\/(health|metrics|assets\/|favicon)/.test(c.req.path)) await refreshContent(ctx);
    await next();
  });

  // Every form of ours. Not /unsubscribe: its token is already a secret only the recipient has,
  // and RFC 8058 one-click POSTs from mailbox providers must never be turned away.
  const ownForms = sameOriginForms(ctx.config.appUrl);
  app.use('/subscribe', formsFromHerSite(ownForms));
  app.use('/api/subscribers/timezone', ownForms);
  app.use('/subscribe/timezone', ownForms);
  app.use('/embed/*', ownForms);
  app.use('/api/subscribers', signupApiCors(ctx.config.appUrl));
  app.use('/confirm', ownForms);
  app.use('/preferences/*', ownForms);

  // CAPTCHA=altcha: the challenge and the widget's files (before assets: both live under /assets).
  if (ctx.config.captcha === 'altcha') app.route('/', captchaRoutes);
  app.route('/', assets);
  app.route('/', landing);
  app.route('/', lettersRoutes(ctx));
  app.route('/', subscribeForm);
  app.route('/', subscribeApi);
  app.route('/', lateTimezone);
  app.route('/', embedRoutes(ctx));
  app.route('/', confirm);
  app.route('/', unsubscribeRoutes);
  app.route('/', preferences);
  app.route('/', health);
  // The whole deployment's figures (queues, emails), and this process's own (its signups; with
  // `npm start`, the workers' provider calls and ticks too, since they share the process).
  const deployment = createDeploymentMetrics(ctx);
  const registry = ctx.metrics ? Registry.merge([ctx.metrics.registry, deployment]) : deployment;
  app.route('/', metricsRoute(registry, { token: ctx.config.metricsToken, trustProxyHops: ctx.config.trustProxyHops }));
  // Bounces and complaints from Resend; the route does not exist without its signing secret.
  if (ctx.config.resendWebhookSecret) app.route('/', resendWebhook(ctx, ctx.config.resendWebhookSecret));
  // The admin API: off entirely unless a token exists, and only where a mailer is at hand.
  const adminTokens = [ctx.config.adminToken, options.localToken].filter((t): t is string => !!t);
  if (adminTokens.length > 0 && 'mailer' in ctx) {
    app.use('/api/admin/*', adminAuth(adminTokens));
    app.route('/api/admin', testSendsRoute(ctx as WorkerContext));
    app.route('/api/admin', broadcastsRoute(ctx));
    app.route('/api/admin', subscribersRoute(ctx));
    app.route('/api/admin', coursesRoute(ctx));
    // These read and write folders on this machine: for a command beside the app only.
    if (options.localToken) {
      app.use('/api/admin/content/*', adminAuth([options.localToken]));
      app.route('/api/admin', contentRoute(ctx));
    }
    app.route('/api/admin', sentLessonsRoute(ctx));
  }
  if (ctx.config.devMailbox) app.route('/', devMailbox);
  // Her dashboard, Bull Board inside it; off without a password (none is set in production).
  const passwordHash = adminPasswordHash(ctx.config);
  if (passwordHash) app.route('/admin', adminDashboard(ctx, passwordHash));

  app.notFound((c) =>
    wantsJson(c.req.path, c.req.header('accept'))
      ? c.json(new AppError('not_found', 'Nothing lives at this address.').toJSON(), 404)
      : c.html(notFoundPage(pageMeta(c)), 404),
  );

  // The one place errors become responses. A known AppError says what went wrong; anything
  // else is our fault, goes to the log with its stack, and reaches the user as a plain 500.
  app.onError((error, c) => {
    // Hono's own middleware (basic auth) answers by throwing a ready-made response.
    if (error instanceof HTTPException) return error.getResponse();
    const json = wantsJson(c.req.path, c.req.header('accept'));
    // A database that is restarting is not a bug in the request: it is told to come back (503),
    // fast, since postgres.js fails a connect after DATABASE_CONNECT_TIMEOUT_S (db/client.ts).
    const unavailable = error instanceof AppError ? null : unavailableError(error);
    if (unavailable) ctx.logger.warn({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'the database is unreachable; answered 503');
    const known = error instanceof AppError ? error : unavailable;
    if (known) {
      if (known.retryAfterSeconds !== undefined) c.header('retry-after', String(known.retryAfterSeconds));
      return json ? c.json(known.toJSON(), known.status) : c.html(formErrorPage({ message: known.message, status: known.status }, pageMeta(c)), known.status);
    }
    ctx.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    const body = { error: { code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' } };
    return json ? c.json(body, 500) : c.html(formErrorPage({ message: body.error.message, status: 500 }, pageMeta(c)), 500);
  });

  return app;
}

/**
 * A request body limit that answers in the request's own terms (JSON, or a page she can read).
 * Hono's bodyLimit asks for the body stream before it reads Content-Length, which makes
 * @hono/node-server build a whole web Request and stream where c.req.json() would read the
 * socket directly: near half the web process's CPU per signup. A declared length decides the
 * same without it; only a body without one (chunked) is counted through the stream.
 */
function limitedBodies(maxBytes: number, pageMessage: string): MiddlewareHandler<HonoEnv> {
  const tooLarge = (c: Context<HonoEnv>) => {
    const error = new AppError('payload_too_large', `The request body is larger than ${maxBytes / 1024} KB.`);
    return wantsJson(c.req.path, c.req.header('accept'))
      ? c.json(error.toJSON(), error.status)
      : c.html(formErrorPage({ message: pageMessage, status: 413 }, pageMeta(c)), 413);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined || c.req.method === 'GET' || c.req.method === 'HEAD') {
      return counted(c, next);
    }
    return Number.parseInt(length, 10) > maxBytes ? Promise.resolve(tooLarge(c)) : next();
  };
}
