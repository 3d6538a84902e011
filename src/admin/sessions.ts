import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, not on every page view. */
const TOUCH_EVERY_MS = 60 * 1000;

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new session after a right password: the token goes into the (signed) cookie, its hash here. */
export async function startSession(ctx: Pick<AppContext, 'sql' | 'clock'>): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.sql`insert into admin_sessions (token_hash, created_at, last_seen_at) values (${digest(token)}, ${now}, ${now})`;
  // Old rows are of no use to anyone: sessions that ended or lapsed a day ago go.
  await ctx.sql`
    delete from admin_sessions where coalesce(ended_at, last_seen_at + ${`${SESSION_IDLE_MS} milliseconds`}::interval) < ${new Date(now.getTime() - 24 * 3600_000)}`;
  return token;
}

/**
 * Whether a cookie's token is a live session: not ended, and seen within the idle limit. Each
 * use moves its idle clock on.
 */
export async function useSession(ctx: Pick<AppContext, 'sql' | 'clock'>, token: string): Promise<boolean> {
  const now = ctx.clock.now();
  const [row] = await ctx.sql<{ last_seen_at: Date }[]>`
    select last_seen_at from admin_sessions
    where token_hash = ${digest(token)} and ended_at is null and last_seen_at > ${new Date(now.getTime() - SESSION_IDLE_MS)}`;
  if (!row) return false;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await ctx.sql`update admin_sessions set last_seen_at = ${now} where token_hash = ${digest(token)}`;
  }
  return true;
}

export async function endSession(ctx: Pick<AppContext, 'sql' | 'clock'>, token: string): Promise<void> {
  await ctx.sql`update admin_sessions set ended_at = ${ctx.clock.now()} where token_hash = ${digest(token)} and ended_at is null`;
}
