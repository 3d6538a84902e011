import type { AppContext } from '../../context.js';
import { applyEngagement, ENGAGEMENT_EVENTS } from './engagement.js';
import { suppressSubscriber, type SuppressionReason } from '../../subscribers/suppression.js';

/** How far along an email is; an event only ever moves a delivery to a higher rank. */
const RANK: Record<string, number> = { delivery_delayed: 1, delivered: 2, bounced: 3, suppressed: 3, complained: 4 };
const STATUS_OF: Record<string, string> = {
  'email.delivery_delayed': 'delivery_delayed',
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.suppressed': 'suppressed',
  'email.complained': 'complained',
};
const inDelivered = (s: string | null) => s === 'delivered' || s === 'complained';
const inBounced = (s: string | null) => s === 'bounced' || s === 'suppressed';
const inComplained = (s: string | null) => s === 'complained';

/** Soft bounces in a row, with no delivery between them, that suppress an address. */
export const SOFT_BOUNCE_LIMIT = 3;
/** Raw events are kept this long, then deleted. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

interface EventRow {
  id: string;
  type: string;
  email_id: string | null;
  bounce_type: string | null;
  occurred_at: Date | null;
  received_at: Date;
}

interface Target {
  delivery_id: string;
  template: string;
  subscriber_id: string;
  email: string;
  provider_status: string | null;
}

/**
 * Applies stored events that have not been applied yet, oldest first, each in its own
 * transaction with its row locked (SKIP LOCKED: the web process right after storing one and the
 * dispatcher's sweep never apply the same event twice). Returns how many it applied.
 */
export async function applyPendingEvents(ctx: Pick<AppContext, 'sql' | 'clock' | 'config' | 'logger' | 'metrics'>, limit = 500): Promise<number> {
  let applied = 0;
  while (applied < limit) {
    const type = await ctx.sql.begin(async (tx) => {
      const [event] = await tx<EventRow[]>`
        select id, type, email_id, bounce_type, occurred_at, received_at from provider_events
        where applied_at is null order by id limit 1 for update skip locked`;
      if (!event) return null;
      const outcome = await applyOne(tx, ctx, event);
      await tx`update provider_events set applied_at = ${ctx.clock.now()}, outcome = ${outcome} where id = ${event.id}`;
      return event.type;
    });
    if (type === null) break;
    // Counted once committed: a transaction that failed applied nothing.
    ctx.metrics?.webhookEventsApplied.inc({ type });
    applied++;
  }
  return applied;
}

async function applyOne(tx: Parameters<Parameters<AppContext['sql']['begin']>[1]>[0], ctx: Pick<AppContext, 'clock' | 'config'>, event: EventRow): Promise<string> {
  const status = STATUS_OF[event.type];
  // Opens and clicks are stored either way (the svix id keeps a replay out), counted only with TRACKING=on.
  const engagement = ctx.config.tracking && ENGAGEMENT_EVENTS.has(event.type);
  if (!status && !engagement) return 'ignored: not an event the course acts on';
  if (!event.email_id) return 'ignored: no email id';
  // Locked: two events of one email, applied at once by the web process and the dispatcher's
  // sweep, would otherwise both read the row before either wrote it.
  const [target] = await tx<Target[]>`
    select d.id as delivery_id, d.template, d.subscriber_id, s.email, d.provider_status
    from deliveries d join subscribers s on s.id = d.subscriber_id
    where d.provider_message_id = ${event.email_id}
    limit 1
    for update of d`;
  // A test send to her own address, or an email from before the database was reset.
  if (!target) return 'ignored: no delivery has this email id';
  const now = ctx.clock.now();
  // The provider's time of the event; a hand-made one without it is taken as when it arrived.
  const at = event.occurred_at ?? event.received_at;
  if (!status) {
    const moves = await applyEngagement(tx, target.delivery_id, { type: event.type as 'email.opened' | 'email.clicked', at });
    return `${event.type === 'email.opened' ? 'open' : 'click'}: ${moves.join(', ') || 'this email was already counted'}`;
  }

  // Forward only: `delivered` arriving after `bounced` leaves it bounced.
  const moved = (RANK[status] ?? 0) > (target.provider_status ? (RANK[target.provider_status] ?? 0) : 0);
  if (moved) {
    await tx`update deliveries set provider_status = ${status}, provider_status_at = ${now} where id = ${target.delivery_id}`;
    // The running totals move with it: out of the old status's buckets, into the new one's.
    const delta = (bucket: (s: string | null) => boolean) => Number(bucket(status)) - Number(bucket(target.provider_status));
    await tx`
      insert into delivery_figures (template, delivered, bounced, complained)
      values (${target.template}, ${delta(inDelivered)}, ${delta(inBounced)}, ${delta(inComplained)})
      on conflict (template) do update set delivered = delivery_figures.delivered + excluded.delivered,
        bounced = delivery_figures.bounced + excluded.bounced, complained = delivery_figures.complained + excluded.complained`;
  }
  const subscriberId = Number(target.subscriber_id);
  const suppress = async (reason: SuppressionReason) => {
    await suppressSubscriber(tx, { subscriberId, email: target.email, reason, sourceEventId: Number(event.id), now, secret: ctx.config.secret });
    return `suppressed: ${reason.replace('_', ' ')}`;
  };

  switch (event.type) {
    case 'email.delivered': {
      await tx`update subscribers set soft_bounces = 0 where id = ${subscriberId} and soft_bounces <> 0`;
      // Opens are judged against the delivery time, so an open that came first may change sides.
      const moves = ctx.config.tracking ? await applyEngagement(tx, target.delivery_id, { type: 'email.delivered', at }) : [];
      return `${moved ? 'delivered' : 'delivered (already further along)'}${moves.length > 0 ? `; ${moves.join(', ')}` : ''}`;
    }
    case 'email.complained':
      return suppress('complaint');
    case 'email.suppressed':
      return suppress('provider_suppressed');
    case 'email.bounced': {
      if (event.bounce_type === 'Permanent') return suppress('hard_bounce');
      const [row] = await tx<{ soft_bounces: number }[]>`
        update subscribers set soft_bounces = soft_bounces + 1 where id = ${subscriberId} returning soft_bounces`;
      if (row && row.soft_bounces >= SOFT_BOUNCE_LIMIT) return suppress('soft_bounces');
      return `soft bounce ${row?.soft_bounces ?? '?'} of ${SOFT_BOUNCE_LIMIT}`;
    }
    default:
      return moved ? status : `${status} (already further along)`;
  }
}

/** Deletes raw events older than the retention period; their effects stay where they were applied. */
export async function pruneProviderEvents(ctx: Pick<AppContext, 'sql' | 'clock'>): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - EVENT_RETENTION_MS);
  const deleted = await ctx.sql`
    delete from provider_events where id in (
      select id from provider_events where received_at < ${before} and applied_at is not null limit 10000)`;
  return deleted.count;
}
