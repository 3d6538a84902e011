import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { isValidTimezone } from '../courses/schedule.js';
import { dashboardSettings } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Her dashboard's timezone, one row of dashboard_settings. */
const KEY = 'timezone';

/** Until she has one: the one clock every time was shown in before she had a say. */
export const FALLBACK_TIMEZONE = 'UTC';

/** No IANA name is longer; anything that is, is not one. */
const TIMEZONE_MAX = 64;

export interface DashboardTimezone {
  zone: string;
  /** False while nothing is stored (no login from a browser that said its zone, no choice yet). */
  chosen: boolean;
}

/** An IANA name as Intl spells it ("america/chicago" → "America/Chicago"), or null. */
function canonicalZone(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const zone = raw.trim();
  if (zone === '' || zone.length > TIMEZONE_MAX || !isValidTimezone(zone)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** The zone her dashboard shows times and groups days in. */
export async function dashboardTimezone(ctx: Pick<AppContext, 'db'>): Promise<DashboardTimezone> {
  const [row] = await ctx.db.select({ value: dashboardSettings.value }).from(dashboardSettings).where(eq(dashboardSettings.key, KEY));
  // A stored zone this runtime no longer knows (an old tz database) is shown as the fallback
  // rather than breaking every page.
  const zone = canonicalZone(row?.value);
  return zone ? { zone, chosen: true } : { zone: FALLBACK_TIMEZONE, chosen: false };
}

/** Her choice on the settings page: any known IANA name, replacing what was there. */
export async function setDashboardTimezone(ctx: Pick<AppContext, 'db' | 'clock'>, input: { timezone: unknown }): Promise<string> {
  const zone = canonicalZone(input.timezone);
  if (!zone) {
    throw new AppError('validation_failed', 'That is not a timezone this app knows. Choose one from the list, such as America/Chicago.', {
      reason: 'unknown_timezone',
    });
  }
  const now = ctx.clock.now();
  await ctx.db
    .insert(dashboardSettings)
    .values({ key: KEY, value: zone, updatedAt: now })
    .onConflictDoUpdate({ target: dashboardSettings.key, set: { value: zone, updatedAt: now } });
  return zone;
}

/**
 * Her browser's zone, sent with a login: kept only while she has none, so a login from a laptop
 * abroad never overrides what she chose. A missing or unknown zone is no error (the script may
 * not have run); nothing is stored. True when this guess became her zone.
 */
export async function guessDashboardTimezone(ctx: Pick<AppContext, 'db' | 'clock'>, input: { timezone: unknown }): Promise<boolean> {
  const zone = canonicalZone(input.timezone);
  if (!zone) return false;
  const inserted = await ctx.db
    .insert(dashboardSettings)
    .values({ key: KEY, value: zone, updatedAt: ctx.clock.now() })
    .onConflictDoNothing({ target: dashboardSettings.key })
    .returning({ key: dashboardSettings.key });
  return inserted.length > 0;
}

/** Every zone she may choose from, as the runtime knows them, UTC first. */
export function timezoneChoices(): string[] {
  return [FALLBACK_TIMEZONE, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== FALLBACK_TIMEZONE)];
}
