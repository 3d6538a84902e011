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
  /** Oldest first, every bucket of the span, empty ones as zeros. */
  buckets: GrowthBucket[];
  totals: { joined: number; confirmed: number; unsubscribed: number };
}

export const growthUnit = z.enum(['day', 'week']).catch('day');

interface GrowthSpan {
  /** Each bucket's first day, `YYYY-MM-DD` in her zone. */
  days: string[];
  /** Each bucket's first instant, as a Postgres array literal (ISO instants hold no comma, quote or brace). */
  boundsLiteral: string;
  from: string;
  to: string;
}

/**
 * The buckets of the span: each one's first instant, found by Luxon in her zone. A day across a
 * change of the clocks is 23 or 25 hours long, so the buckets are not fixed strides, and the
 * database session's own timezone never enters; Postgres only places each event between these.
 */
function growthSpan(now: Date, unit: GrowthUnit, timezone: string): GrowthSpan {
  const length = GROWTH_SPAN[unit];
  const first = DateTime.fromJSDate(now, { zone: timezone })
    .startOf(unit)
    .minus(unit === 'day' ? { days: length - 1 } : { weeks: length - 1 });
  const starts = Array.from({ length }, (_, i) => first.plus(unit === 'day' ? { days: i } : { weeks: i }));
  const bounds = starts.map((d) => d.toUTC().toISO()!);
  const to = starts.at(-1)!.plus(unit === 'day' ? { days: 1 } : { weeks: 1 });
  return { days: starts.map((d) => d.toISODate()!), boundsLiteral: `{${bounds.join(',')}}`, from: bounds[0]!, to: to.toUTC().toISO()! };
}

/** New subscribers of one signup source, bucket by bucket. */
export interface SourceSeries {
  /** The label of the form on her website; null for this app's own pages. */
  source: string | null;
  values: number[];
  total: number;
}

/**
 * The chart's new subscribers split by where they signed up, over the same buckets: one series a
 * source, most first. Imported rows (which come with a consent source) are not signups and are
 * left out. One aggregate, like subscriberGrowth.
 */
export async function growthBySource(ctx: Pick<AppContext, 'sql' | 'clock'>, unit: GrowthUnit, timezone: string = GROWTH_FALLBACK_TIMEZONE): Promise<SourceSeries[]> {
  const span = growthSpan(ctx.clock.now(), unit, timezone);
  const rows = await ctx.sql<{ bucket: number; source: string | null; n: number }[]>`
    select width_bucket(created_at, ${span.boundsLiteral}::timestamptz[]) as bucket, signup_source as source, count(*)::int as n
    from subscribers
    where created_at >= ${span.from}::timestamptz and created_at < ${span.to}::timestamptz and consent_source is null
    group by 1, 2`;
  const bySource = new Map<string | null, SourceSeries>();
  for (const row of rows) {
    let series = bySource.get(row.source);
    if (!series) bySource.set(row.source, (series = { source: row.source, values: span.days.map(() => 0), total: 0 }));
    series.values[row.bucket - 1] = (series.values[row.bucket - 1] ?? 0) + row.n;
    series.total += row.n;
  }
  return [...bySource.values()].sort((a, b) => b.total - a.total || (a.source === null ? -1 : b.source === null ? 1 : a.source.localeCompare(b.source)));
}

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
  const span = growthSpan(ctx.clock.now(), unit, timezone);
  // Counted per (bucket, kind): a few dozen rows. width_bucket finds an event's bucket by a
  // binary search of the bounds (1 for the first).
  const rows = await ctx.sql<{ bucket: number; kind: number; n: number }[]>`
    select width_bucket(e.at, ${span.boundsLiteral}::timestamptz[]) as bucket, e.kind, count(*)::int as n
    from subscribers s
    cross join lateral (values (1, s.created_at), (2, s.confirmed_at), (3, s.unsubscribed_at)) as e(kind, at)
    where e.at >= ${span.from}::timestamptz and e.at < ${span.to}::timestamptz
    group by 1, 2`;
  const buckets: GrowthBucket[] = span.days.map((start) => ({ start, joined: 0, confirmed: 0, unsubscribed: 0 }));
  const KIND = { 1: 'joined', 2: 'confirmed', 3: 'unsubscribed' } as const;
  for (const row of rows) {
    const bucket = buckets[row.bucket - 1];
    const kind = KIND[row.kind as 1 | 2 | 3];
    if (bucket && kind) bucket[kind] += row.n;
  }
  const sum = (key: 'joined' | 'confirmed' | 'unsubscribed') => buckets.reduce((n, b) => n + b[key], 0);
  return { unit, timezone, buckets, totals: { joined: sum('joined'), confirmed: sum('confirmed'), unsubscribed: sum('unsubscribed') } };
}
