import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { readTimezoneToken, signTimezoneToken } from '../tokens.js';
import { checkTimezone } from './person-fields.js';

/** How long the page after a signup may still send the browser's timezone. */
export const LATE_TIMEZONE_TTL_MS = 60 * 60 * 1000;

/**
 * A signup that came without a timezone (a plain form on her website, its little script removed
 * by the site builder) is stored in UTC. The "check your inbox" page that follows is this app's,
 * where scripts run: it carries this token, and its script sends the browser's zone with it.
 */
export function lateTimezoneToken(ctx: Pick<AppContext, 'config' | 'clock'>, email: string): string {
  return signTimezoneToken(ctx.config.secret, email, new Date(ctx.clock.now().getTime() + LATE_TIMEZONE_TTL_MS));
}

/**
 * Sets the zone of a signup still waiting for its confirmation, and only one still on the UTC
 * it got for want of one: a zone she chose, or anyone who has confirmed, stays as it is. The
 * answer is the same whether a row changed or not, as every signup answer is.
 */
export async function setLateTimezone(ctx: AppContext, input: { token: unknown; timezone: unknown }): Promise<void> {
  const email = typeof input.token === 'string' ? readTimezoneToken(ctx.config.secret, input.token, ctx.clock.now()) : null;
  if (!email) throw new AppError('invalid_token', 'This page has expired; your timezone can be set on your preference page, linked from every email.');
  const checked = typeof input.timezone === 'string' ? checkTimezone(input.timezone) : null;
  if (!checked || !('timezone' in checked) || !checked.timezone) throw new AppError('validation_failed', 'timezone is not a known IANA timezone (for example Europe/Paris)');
  const zone = checked.timezone;
  await ctx.sql`
    update subscribers set timezone = ${zone}, updated_at = ${ctx.clock.now()}
    where email = ${email} and status = 'pending' and timezone = 'UTC'`;
}
