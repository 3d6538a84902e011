import { eq } from 'drizzle-orm';
import { parseOriginList } from '../config.js';
import type { AppContext } from '../context.js';
import { dashboardSettings } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Her website's origins, one row of dashboard_settings, one per line. */
const KEY = 'embed_origins';

export interface EmbedOrigins {
  origins: string[];
  /** Saved on her dashboard (replacing EMBED_ORIGINS), or EMBED_ORIGINS as the server was given it. */
  from: 'dashboard' | 'server';
}

/**
 * The sites that may show her signup form: what she saved on the dashboard, else EMBED_ORIGINS.
 * Read on every request that asks (one primary-key lookup), so a change on the dashboard holds
 * at once in every web process, and none keeps a stale list to let an old site in.
 */
export async function embedOrigins(ctx: Pick<AppContext, 'db' | 'config'>): Promise<EmbedOrigins> {
  const [row] = await ctx.db.select({ value: dashboardSettings.value }).from(dashboardSettings).where(eq(dashboardSettings.key, KEY));
  // Saved entries were checked on the way in; a bad one (edited in the database) is left out.
  if (row) return { origins: parseOriginList(row.value).origins, from: 'dashboard' };
  return { origins: ctx.config.embedOrigins, from: 'server' };
}

/** Is a browser's `Origin` one of her sites? The one answer every entry point asks. */
export async function isEmbedOrigin(ctx: Pick<AppContext, 'db' | 'config'>, origin: string | null | undefined): Promise<boolean> {
  if (!origin || origin === 'null') return false;
  return (await embedOrigins(ctx)).origins.includes(origin);
}

/**
 * Her list from the dashboard, checked as EMBED_ORIGINS is. An empty list is a list: no site may
 * show the form (the server's EMBED_ORIGINS no longer counts once she has saved one).
 */
export async function setEmbedOrigins(ctx: Pick<AppContext, 'db' | 'clock'>, input: { origins: unknown }): Promise<string[]> {
  const text = typeof input.origins === 'string' ? input.origins : '';
  const { origins, problems } = parseOriginList(text);
  if (problems.length > 0) {
    throw new AppError('validation_failed', problems.join(' '), { reason: 'bad_origin' });
  }
  const value = origins.join('\n');
  const now = ctx.clock.now();
  await ctx.db
    .insert(dashboardSettings)
    .values({ key: KEY, value, updatedAt: now })
    .onConflictDoUpdate({ target: dashboardSettings.key, set: { value, updatedAt: now } });
  return origins;
}
