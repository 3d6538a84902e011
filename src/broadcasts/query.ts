import type { AppContext } from '../context.js';

/** Stored on a broadcast's batches and deliveries: its text lives with the broadcast row. */
export const broadcastTemplateKey = (id: number) => `broadcast:${id}`;

export function broadcastIdOf(template: string): number | null {
  const match = /^broadcast:(\d+)$/.exec(template);
  return match ? Number(match[1]) : null;
}

export type BroadcastStatus = 'scheduled' | 'sending' | 'paused' | 'sent' | 'cancelled';

export interface BroadcastSummary {
  id: number;
  status: BroadcastStatus;
  file: string;
  subject: string;
  audience: string;
  course: string | null;
  timing: 'now' | 'at' | 'local-hour';
  localDate: string | null;
  recipients: number;
  firstDueAt: string;
  lastDueAt: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Where each recipient's email stands; `pending` has not gone out yet. */
  counts: { sent: number; pending: number; failed: number; cancelled: number };
}

interface Row {
  id: string;
  status: BroadcastStatus;
  file: string;
  subject: string;
  audience: string;
  course_slug: string | null;
  timing: BroadcastSummary['timing'];
  local_date: string | null;
  recipients: number;
  first_due_at: Date;
  last_due_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function summary(row: Row, counts: BroadcastSummary['counts']): BroadcastSummary {
  return {
    id: Number(row.id),
    status: row.status,
    file: row.file,
    subject: row.subject,
    audience: row.audience,
    course: row.course_slug,
    timing: row.timing,
    localDate: row.local_date,
    recipients: row.recipients,
    firstDueAt: row.first_due_at.toISOString(),
    lastDueAt: row.last_due_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    counts,
  };
}

/** One broadcast with its recipients' states, counted from the delivery rows; null if unknown. */
export async function getBroadcast(ctx: Pick<AppContext, 'sql'>, id: number): Promise<BroadcastSummary | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await ctx.sql<Row[]>`select * from broadcasts where id = ${id}`;
  if (!row) return null;
  const byStatus = await ctx.sql<{ status: keyof BroadcastSummary['counts']; n: number }[]>`
    select status, count(*)::int as n from deliveries where broadcast_id = ${id} group by status`;
  const counts = { sent: 0, pending: 0, failed: 0, cancelled: 0 };
  for (const { status, n } of byStatus) counts[status] = n;
  return summary(row, counts);
}

/** The newest broadcasts first, each with its counts. */
export async function listBroadcasts(ctx: Pick<AppContext, 'sql'>, limit = 50): Promise<BroadcastSummary[]> {
  const rows = await ctx.sql<(Row & { sent: number; pending: number; failed: number; cancelled: number })[]>`
    select b.*, c.sent, c.pending, c.failed, c.cancelled
    from (select * from broadcasts order by id desc limit ${limit}) as b
    cross join lateral (
      select count(*) filter (where d.status = 'sent')::int as sent, count(*) filter (where d.status = 'pending')::int as pending,
             count(*) filter (where d.status = 'failed')::int as failed, count(*) filter (where d.status = 'cancelled')::int as cancelled
      from deliveries d where d.broadcast_id = b.id
    ) as c
    order by b.id desc`;
  return rows.map((row) => summary(row, { sent: row.sent, pending: row.pending, failed: row.failed, cancelled: row.cancelled }));
}
