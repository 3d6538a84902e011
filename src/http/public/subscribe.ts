import { Hono, type Context } from 'hono';
import type { SignupVerdict } from '../../subscribers/signup-guard.js';
import { requestSubscription } from '../../subscribers/signup.js';
import { AppError } from '../../errors.js';
import { CAPTCHA_FIELD } from '../../subscribers/captcha.js';
import { clientIp } from '../client-ip.js';
import { pageMeta } from './page-meta.js';
import type { HonoEnv } from '../env.js';
import { firstIssue, signupInput, type SignupInput } from '../../subscribers/signup-input.js';
import { checkInboxPage, formErrorPage, timezoneSavedPage } from './views/pages.js';
import { landingPage } from './views/landing.js';
import type { AppContext } from '../../context.js';
import { coursePath, landingInput } from './landing.js';
import { isSignupSourceLabel, signupSourceLabel } from '../../subscribers/signup-source.js';
import { backToHerSite } from './her-site.js';
import { lateTimezoneToken, setLateTimezone } from '../../subscribers/late-timezone.js';

const courseOf = (ctx: AppContext, slug: unknown) => (typeof slug === 'string' && ctx.catalog.course(slug)) || ctx.catalog.main;

/**
 * A ticked checkbox posts its value (`on`), an unticked one posts nothing. Any other value did not
 * come from our form; it is passed on as it is, for the schema to refuse.
 */
const checkbox = (value: unknown) => (value === undefined ? false : value === 'on' ? true : value);

/**
 * The guard, then the use case. A bot caught by the honeypot returns as if it had signed up, so
 * it learns nothing; over a limit, nothing is written and nothing is sent.
 */
export async function signUp(c: Context<HonoEnv>, input: SignupInput, honeypot: unknown, captcha: unknown, source?: unknown): Promise<void> {
  const ctx = c.var.ctx;
  // The snippet's label (her website's forms send one), else the address's `?source=`.
  const label = signupSourceLabel(source ?? c.req.query('source'), ctx.logger);
  const verdict = await c.var.signupGuard.check({ ip: clientIp(c, ctx.config.trustProxyHops), email: input.email, honeypot, captcha });
  if (verdict.kind === 'limited') {
    ctx.metrics?.signups.inc({ outcome: 'rate_limited' });
    throw rateLimited(verdict);
  }
  if (verdict.kind === 'allowed') await requestSubscription(ctx, { ...input, source: label });
  ctx.metrics?.signups.inc({ outcome: verdict.kind === 'allowed' ? 'accepted' : 'trapped' });
}

function rateLimited({ by, retryAfterSeconds }: Extract<SignupVerdict, { kind: 'limited' }>): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  const what = by === 'ip' ? 'from here' : 'for this address';
  return new AppError('rate_limited', `Too many tries ${what} — please wait ${wait}, then try again.`, retryAfterSeconds);
}

/** Browser form posts: every answer, good or bad, is a page she can read. */
export const subscribeForm = new Hono<HonoEnv>().post('/subscribe', async (c) => {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return c.html(formErrorPage({ message: 'Please use the signup form on the home page.', status: 415 }, pageMeta(c, { path: '/' })), 415);
  }
  const body = await c.req.parseBody().catch(() => null);
  const fields = body ? Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) : {};
  const parsed = signupInput.safeParse({ ...fields, newsletter: checkbox(fields.newsletter) });
  if (!parsed.success) {
    const values = {
      email: String(fields.email ?? '').slice(0, 254),
      firstName: String(fields.firstName ?? '').slice(0, 100),
      newsletter: fields.newsletter === 'on',
      // A plain form on her website that was refused keeps its label for the retry (a valid one only).
      source: typeof fields.source === 'string' && isSignupSourceLabel(fields.source) ? fields.source : undefined,
    };
    return c.html(landingPage({ ...landingInput(c.var.ctx, courseOf(c.var.ctx, fields.course)), values, error: firstIssue(parsed.error) }, pageMeta(c, { path: coursePath(c.var.ctx, courseOf(c.var.ctx, fields.course)) })), 422);
  }
  await signUp(c, parsed.data, fields.website, fields[CAPTCHA_FIELD], fields.source);
  // No timezone came (her site builder removed the plain form's script): this page, ours, asks
  // the browser. Decided by the form alone, so the page is the same for any address.
  const zoneGiven = typeof fields.timezone === 'string' && fields.timezone.trim() !== '';
  const timezoneToken = zoneGiven ? undefined : lateTimezoneToken(c.var.ctx, parsed.data.email);
  return c.html(checkInboxPage({ email: parsed.data.email, backTo: await backToHerSite(c), timezoneToken }, pageMeta(c, { path: '/' })), 200);
});

/**
 * The "check your inbox" page's timezone, for a signup that came without one: its script sends
 * the browser's as JSON; without scripts, she picks a place in its small form.
 */
export const lateTimezone = new Hono<HonoEnv>()
  .post('/subscribe/timezone', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    try {
      await setLateTimezone(c.var.ctx, { token: form.token, timezone: form.timezone });
    } catch (error) {
      if (!(error instanceof AppError) || !['invalid_token', 'validation_failed'].includes(error.code)) throw error;
      return c.html(formErrorPage({ message: error.message, status: error.status }, pageMeta(c, { path: '/' })), error.status as 400 | 422);
    }
    const back = typeof form.back === 'string' ? await backToHerSite(c, form.back) : undefined;
    return c.html(timezoneSavedPage({ backTo: back }, pageMeta(c, { path: '/' })), 200);
  })
  .post('/api/subscribers/timezone', async (c) => {
    // JSON only: another site's page cannot send JSON here without a CORS preflight, which gets no yes.
    const body = await jsonObject(c);
    await setLateTimezone(c.var.ctx, { token: body.token, timezone: body.timezone });
    return c.body(null, 204);
  });

/** A signup API's body: a JSON object, sent as JSON, or a clear 4xx. */
async function jsonObject(c: Context<HonoEnv>): Promise<Record<string, unknown>> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
    throw new AppError('unsupported_media_type', 'Send a JSON body with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('invalid_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** The JSON API: the same rules, answered `202 pending_confirmation` whoever the address is. */
export const subscribeApi = new Hono<HonoEnv>().post('/api/subscribers', async (c) => {
  const body = await jsonObject(c);
  const parsed = signupInput.safeParse(body);
  if (!parsed.success) throw new AppError('validation_failed', firstIssue(parsed.error));
  const extra = body as { website?: unknown; source?: unknown; [CAPTCHA_FIELD]?: unknown };
  await signUp(c, parsed.data, extra.website, extra[CAPTCHA_FIELD], extra.source);
  return c.json({ status: 'pending_confirmation' }, 202);
});
