import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../context.js';

export type GrowthUnit = 'day' | 'week';

/** How far back each view looks: a month of days, half a year of weeks. */
export const GROWTH_SPAN: Record<GrowthUnit, number> = { day: 30, week: 26 };

/**
 * Days and weeks are hers: counted midnight to midnight in the timezone her dashboard shows
 * (settings/timezone.ts), UTC while she has chosen none. Weeks start on Monday (ISO weeks).
 */
export const GROWTH_FALLBACK_TIMEZONE = 'UTC';

export interface GrowthBucket {
  /** The first day of the bucket, `YYYY-MM-DD`, a calendar day in the report's timezone. */
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
  /** The first instant of the span: midnight (of a Monday, by weeks) in her zone. */
  since: Date;
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
export async function subscriberGrowth(
  ctx: Pick<AppContext, 'sql' | 'clock'>,
  unit: GrowthUnit,
  timezone: string = GROWTH_FALLBACK_TIMEZONE,
): Promise<Growth> {
  const span = GROWTH_SPAN[unit];
  // Each bucket's first instant, found by Luxon in her zone: a day across a change of the clocks
  // is 23 or 25 hours long, so the buckets are not fixed strides, and the database session's own
  // timezone never enters. Postgres then only places each event between these bounds.
  const step = unit === 'day' ? { days: 1 } : { weeks: 1 };
  const first = DateTime.fromJSDate(ctx.clock.now(), { zone: timezone })
    .startOf(unit)
    .minus(unit === 'day' ? { days: span - 1 } : { weeks: span - 1 });
  const starts = Array.from({ length: span }, (_, i) => first.plus(unit === 'day' ? { days: i } : { weeks: i }));
  const end = starts.at(-1)!.plus(step);
  const bounds = starts.map((d) => d.toUTC().toISO()!);
  // As one array literal: ISO instants hold no comma, quote or brace.
  const boundsLiteral = `{${bounds.join(',')}}`;
  // Counted per (bucket, kind): a few dozen rows. width_bucket finds an event's bucket by a
  // binary search of the bounds (1 for the first).
  const rows = await ctx.sql<{ bucket: number; kind: number; n: number }[]>`
    select width_bucket(e.at, ${boundsLiteral}::timestamptz[]) as bucket, e.kind, count(*)::int as n
    from subscribers s
    cross join lateral (values (1, s.created_at), (2, s.confirmed_at), (3, s.unsubscribed_at)) as e(kind, at)
    where e.at >= ${bounds[0]!}::timestamptz and e.at < ${end.toUTC().toISO()!}::timestamptz
    group by 1, 2`;
  const buckets: GrowthBucket[] = starts.map((d) => ({ start: d.toISODate()!, joined: 0, confirmed: 0, unsubscribed: 0 }));
  const KIND = { 1: 'joined', 2: 'confirmed', 3: 'unsubscribed' } as const;
  for (const row of rows) {
    const bucket = buckets[row.bucket - 1];
    const kind = KIND[row.kind as 1 | 2 | 3];
    if (bucket && kind) bucket[kind] += row.n;
  }
  const sum = (key: 'joined' | 'confirmed' | 'unsubscribed') => buckets.reduce((n, b) => n + b[key], 0);
  return { unit, timezone, since: first.toJSDate(), buckets, totals: { joined: sum('joined'), confirmed: sum('confirmed'), unsubscribed: sum('unsubscribed') } };
}
