import type postgres from 'postgres';

/**
 * "Unsubscribed after" a newsletter, the one rule every page that shows it uses: recipients it
 * was sent to who are unsubscribed now, and left at or after the moment it was sent to them.
 * One grouped count over the (broadcast, subscriber) index, however many broadcasts are asked.
 */
export async function unsubscribedAfterBroadcasts(sql: postgres.Sql, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ broadcast_id: string; n: number }[]>`
    select d.broadcast_id, count(*)::int as n from deliveries d join subscribers s on s.id = d.subscriber_id
    where d.broadcast_id = any(${sql.array(ids)}::bigint[]) and d.status = 'sent' and s.status = 'unsubscribed' and s.unsubscribed_at >= d.sent_at
    group by d.broadcast_id`;
  return new Map(rows.map((r) => [Number(r.broadcast_id), r.n]));
}
