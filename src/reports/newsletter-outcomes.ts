import type { AppContext } from '../context.js';
import { broadcastTemplateKey, listBroadcasts, type BroadcastSummary } from '../broadcasts/query.js';
import { unsubscribedAfterBroadcasts } from './unsubscribed-after.js';

/** What the provider said about a broadcast's emails, and who left after it: counts only. */
export interface BroadcastOutcome {
  delivered: number;
  bounced: number;
  complained: number;
  unsubscribedAfter: number;
}

/**
 * The newest broadcasts with their outcomes, for the dashboard's list: the running totals kept
 * per template (delivery_figures, one row per broadcast) and one grouped count of who left
 * afterwards, the same rules as broadcastFigures; a few statements however long the list.
 */
export async function listBroadcastsWithOutcomes(ctx: Pick<AppContext, 'sql'>, limit = 50): Promise<Array<BroadcastSummary & BroadcastOutcome>> {
  const broadcasts = await listBroadcasts(ctx, limit);
  if (broadcasts.length === 0) return [];
  const ids = broadcasts.map((b) => b.id);
  const figures = await ctx.sql<{ template: string; delivered: number; bounced: number; complained: number }[]>`
    select template, delivered, bounced, complained from delivery_figures
    where template = any(${ctx.sql.array(ids.map(broadcastTemplateKey))}::text[])`;
  const leftById = await unsubscribedAfterBroadcasts(ctx.sql, ids);
  const byTemplate = new Map(figures.map((f) => [f.template, f]));
  return broadcasts.map((b) => {
    const f = byTemplate.get(broadcastTemplateKey(b.id));
    return { ...b, delivered: f?.delivered ?? 0, bounced: f?.bounced ?? 0, complained: f?.complained ?? 0, unsubscribedAfter: leftById.get(b.id) ?? 0 };
  });
}
