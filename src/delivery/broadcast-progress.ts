import type { AppContext } from '../context.js';

/**
 * The dispatcher's part, every tick: a scheduled broadcast whose first email is due starts
 * sending (also one that fell due while the workers were down), and one with no batch left to
 * send is sent. Both are guarded by their current state, so any number of dispatchers agree.
 */
export async function advanceBroadcasts(ctx: Pick<AppContext, 'sql'>, now: Date): Promise<void> {
  await ctx.sql`
    update broadcasts set status = 'sending', started_at = coalesce(started_at, ${now}), updated_at = ${now}
    where status = 'scheduled' and first_due_at <= ${now}`;
  await finishBroadcasts(ctx, now);
}

/** Marks sent every sending broadcast (or just `id`) that has no pending batch left. */
export async function finishBroadcasts(ctx: Pick<AppContext, 'sql'>, now: Date, id?: number): Promise<void> {
  await ctx.sql`
    update broadcasts b set status = 'sent', finished_at = ${now}, updated_at = ${now}
    where b.status = 'sending' ${id === undefined ? ctx.sql`` : ctx.sql`and b.id = ${id}`}
      and not exists (select 1 from send_batches sb where sb.broadcast_id = b.id and sb.status = 'pending')`;
}
