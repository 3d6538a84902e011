import type { AppContext } from '../context.js';

export interface SignupSourceCount {
  /** The snippet's label; null for her own pages of this app (and anything before labels). */
  source: string | null;
  signups: number;
}

/** The span the website page counts over, like the overview's days. */
export const SIGNUP_SOURCE_DAYS = 30;

/**
 * New subscribers of the last `days` days per signup source, most first. Imported rows (which
 * come with a consent source) are not signups and are left out.
 */
export async function signupsBySource(ctx: Pick<AppContext, 'sql' | 'clock'>, days = SIGNUP_SOURCE_DAYS): Promise<SignupSourceCount[]> {
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  return ctx.sql<SignupSourceCount[]>`
    select signup_source as source, count(*)::int as signups
    from subscribers
    where created_at >= ${since}::timestamptz and consent_source is null
    group by signup_source
    order by signups desc, source nulls first`;
}
