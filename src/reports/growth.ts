import { z } from 'zod';
import type { AppContext } from '../context.js';

export type GrowthUnit = 'day' | 'week';

/** How far back each view looks: a month of days, half a year of weeks. */
export const GROWTH_SPAN: Record<GrowthUnit, number> = { day: 30, week: 26 };

/**
 * Days and weeks are UTC ones: nothing in the configuration names her own timezone (each
 * subscriber has hers, the dashboard's reader has none), and the page says so. Weeks start on
 * Monday (Postgres's ISO weeks).
 */
export const GROWTH_TIMEZONE = 'UTC';

export interface GrowthBucket {
  /** The first day of the bucket, `YYYY-MM-DD` (UTC). */
  start: string;
  /** Subscribers who signed up (or were imported) in it. */
  joined: number;
  /** Who confirmed in it (a click on the confirmation link). */
  confirmed: number;
  unsubscribed: number;
}

export interface Growth {
  unit: GrowthUnit;
  timezone: string;
  /** Oldest first, every bucket of the span, empty ones as zeros. */
  buckets: GrowthBucket[];
  totals: { joined: number; confirmed: number; unsubscribed: number };
}

export const growthUnit = z.enum(['day', 'week']).catch('day');

/**
 * New, confirmed and unsubscribed subscribers per day or week, as one aggregate: each
 * subscriber row gives up to three dated events (created, confirmed, unsubscribed), counted
 * into the buckets of the span by kind. A sequential scan of the table; 100,000 rows take tens
 * of milliseconds (test/bench/overview-bench.ts), so no index is worth its cost on every signup.
 */
export async function subscriberGrowth(ctx: Pick<AppContext, 'sql' | 'clock'>, unit: GrowthUnit): Promise<Growth> {
  const span = GROWTH_SPAN[unit];
  // Fixed strides (24 h, not "1 day"): UTC has no daylight saving, whatever the session's zone.
  const step = unit === 'day' ? '24 hours' : '168 hours';
  const now = ctx.clock.now();
  // Counted per (bucket, kind) first, a few dozen rows, then laid over every bucket of the span;
  // date_bin from the span's first UTC midnight is plain arithmetic, cheaper than date_trunc in a zone.
  const rows = await ctx.sql<{ start: string; joined: number; confirmed: number; unsubscribed: number }[]>`
    with origin as (
      select (date_trunc(${unit}, ${now}::timestamptz at time zone ${GROWTH_TIMEZONE}) at time zone ${GROWTH_TIMEZONE})
             - (${span - 1}::int * ${step}::interval) as at
    ), counts as (
      select date_bin(${step}::interval, e.at, (select at from origin)) as start, e.kind, count(*)::int as n
      from subscribers s
      cross join lateral (values (1, s.created_at), (2, s.confirmed_at), (3, s.unsubscribed_at)) as e(kind, at)
      where e.at >= (select at from origin)
      group by 1, 2
    )
    select to_char(b.start at time zone ${GROWTH_TIMEZONE}, 'YYYY-MM-DD') as start,
           coalesce(sum(c.n) filter (where c.kind = 1), 0)::int as joined,
           coalesce(sum(c.n) filter (where c.kind = 2), 0)::int as confirmed,
           coalesce(sum(c.n) filter (where c.kind = 3), 0)::int as unsubscribed
    from generate_series((select at from origin), (select at from origin) + (${span - 1}::int * ${step}::interval), ${step}::interval) as b(start)
    left join counts c on c.start = b.start
    group by b.start order by b.start`;
  const buckets = rows.map((r) => ({ start: r.start, joined: r.joined, confirmed: r.confirmed, unsubscribed: r.unsubscribed }));
  const sum = (key: 'joined' | 'confirmed' | 'unsubscribed') => buckets.reduce((n, b) => n + b[key], 0);
  return { unit, timezone: GROWTH_TIMEZONE, buckets, totals: { joined: sum('joined'), confirmed: sum('confirmed'), unsubscribed: sum('unsubscribed') } };
}
