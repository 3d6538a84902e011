import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { passwordFingerprint } from './password.js';

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** And after this long in any case, however busy: a stolen cookie does not last for ever. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, not on every page view. */
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * What is stored of a token: its hash together with the fingerprint of the password hash in
 * force. A new ADMIN_PASSWORD changes the fingerprint, so no stored row matches an old cookie
 * any more: changing the password ends every session, without a column or a sweep.
 */
const digest = (token: string, passwordHash: string) =>
  createHash('sha256').update(`${passwordFingerprint(passwordHash)}:${token}`).digest('base64url');

/** A new session after a right password: the token goes into the (signed) cookie, its hash here. */
export async function startSession(ctx: Pick<AppContext, 'sql' | 'clock'>, passwordHash: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.sql`insert into admin_sessions (token_hash, created_at, last_seen_at) values (${digest(token, passwordHash)}, ${now}, ${now})`;
  // Old rows are of no use to anyone: sessions that ended or lapsed a day ago go.
  await ctx.sql`
    delete from admin_sessions
    where least(
            coalesce(ended_at, 'infinity'),
            last_seen_at + ${`${SESSION_IDLE_MS} milliseconds`}::interval,
            created_at + ${`${SESSION_LIFETIME_MS} milliseconds`}::interval
          ) < ${new Date(now.getTime() - 24 * 3600_000)}`;
  return token;
}

/**
 * Whether a cookie's token is a live session: made under the current password, not ended, seen
 * within the idle limit and younger than the absolute one. Each use moves its idle clock on.
 */
export async function useSession(ctx: Pick<AppContext, 'sql' | 'clock'>, token: string, passwordHash: string): Promise<boolean> {
  const now = ctx.clock.now();
  const tokenHash = digest(token, passwordHash);
  const [row] = await ctx.sql<{ last_seen_at: Date }[]>`
    select last_seen_at from admin_sessions
    where token_hash = ${tokenHash} and ended_at is null
      and last_seen_at > ${new Date(now.getTime() - SESSION_IDLE_MS)}
      and created_at > ${new Date(now.getTime() - SESSION_LIFETIME_MS)}`;
  if (!row) return false;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await ctx.sql`update admin_sessions set last_seen_at = ${now} where token_hash = ${tokenHash}`;
  }
  return true;
}

export async function endSession(ctx: Pick<AppContext, 'sql' | 'clock'>, token: string, passwordHash: string): Promise<void> {
  await ctx.sql`update admin_sessions set ended_at = ${ctx.clock.now()} where token_hash = ${digest(token, passwordHash)} and ended_at is null`;
}
