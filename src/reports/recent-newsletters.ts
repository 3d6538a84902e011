import type { BroadcastStatus } from '../broadcasts/query.js';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { Figures, TrackingFigures } from './figures.js';
import { unsubscribedAfterBroadcasts } from './unsubscribed-after.js';

export interface RecentBroadcast {
  id: number;
  subject: string;
  status: BroadcastStatus;
  recipients: number;
  /** When it started going out, or when it is due to. */
  sendsAt: Date;
  figures: Figures;
}

interface Row extends TrackingFigures {
  id: string;
  subject: string;
  status: BroadcastStatus;
  recipients: number;
  sends_at: Date;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
}

/**
 * The newest broadcasts with broadcastFigures' figures (figures.ts), in two statements for all
 * of them rather than three each: their running totals joined in, and one count of who
 * unsubscribed after each (the few unsubscribed, looked up in the (broadcast, subscriber) index).
 * listBroadcasts would also count every recipient row by state, which the overview does not show.
 */
export async function recentBroadcastFigures(
  ctx: Pick<AppContext, 'sql'> & { config: Pick<Config, 'tracking'> },
  limit: number,
): Promise<RecentBroadcast[]> {
  const rows = await ctx.sql<Row[]>`
    select b.id, b.subject, b.status, b.recipients, coalesce(b.started_at, b.first_due_at) as sends_at,
           coalesce(f.sent, 0)::int as sent, coalesce(f.delivered, 0)::int as delivered, coalesce(f.bounced, 0)::int as bounced,
           coalesce(f.complained, 0)::int as complained, coalesce(f.opens, 0)::int as opens, coalesce(f.machine_opens, 0)::int as "machineOpens",
           coalesce(f.clicks, 0)::int as clicks, coalesce(f.machine_clicks, 0)::int as "machineClicks"
    from (select * from broadcasts order by id desc limit ${limit}) as b
    left join delivery_figures f on f.template = 'broadcast:' || b.id
    order by b.id desc`;
  if (rows.length === 0) return [];
  const leftAfter = await unsubscribedAfterBroadcasts(ctx.sql, rows.map((r) => Number(r.id)));
  return rows.map((r) => ({
    id: Number(r.id),
    subject: r.subject,
    status: r.status,
    recipients: r.recipients,
    sendsAt: r.sends_at,
    figures: {
      sent: r.sent,
      delivered: r.delivered,
      bounced: r.bounced,
      complained: r.complained,
      unsubscribedAfter: leftAfter.get(Number(r.id)) ?? 0,
      tracking: ctx.config.tracking ? { opens: r.opens, machineOpens: r.machineOpens, clicks: r.clicks, machineClicks: r.machineClicks } : null,
    },
  }));
}
