import type { WorkerContext } from '../context.js';
import { refreshContent } from '../courses/stored-content.js';
import { templateDocument } from '../courses/template-keys.js';
import { finishBroadcasts } from './broadcast-progress.js';
import { broadcastTemplate } from './broadcast-template.js';
import { composeEmails, composeResolved, type Recipient } from './compose.js';
import type { Rejection } from '../mail/mailer.js';
import { jobPriority, retryDelayMs, sendJobId } from '../queue/queues.js';

export type SendBatchOutcome =
  /** `count` emails accepted; `rejected` more the provider refused one by one, each delivery failed with its message. */
  | { status: 'sent'; count: number; rejected: number }
  | { status: 'skipped'; reason: 'not_pending' | 'leased' | 'backing_off' | 'broadcast_not_sending' }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string }
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'retry'; message: string; retryInMs: number };

export interface SendBatchOptions {
  /** How long a worker may hold a batch; a killed worker's batch is free again after this. */
  leaseMs: number;
  /** After this many provider attempts a batch is given up on and marked failed. */
  maxAttempts: number;
}

interface ClaimRow {
  template: string;
  attempts: number;
  /** Set for a newsletter's batch, with the audience it was sent to. */
  broadcast_id: string | null;
  audience: string | null;
}

interface MemberRow {
  delivery_id: string;
  kind: 'confirmation' | 'lesson' | 'broadcast';
  subscriber_id: string;
  status: string;
  email: string;
  first_name: string | null;
  newsletter: boolean;
  created_at: Date;
}

/**
 * Sends one batch: claim it in Postgres, drop recipients who may no longer be emailed, make
 * one provider call under the batch's idempotency key, record the outcome.
 *
 * Exactly-once rests on two things. The lease means two workers never call the provider for
 * the same batch at once. The idempotency key (derived from the batch id, and the request
 * body derived only from rows) means that when a worker dies after the provider accepted the
 * batch but before Postgres heard about it, the retry is answered with the original result
 * instead of becoming a second email.
 */
export async function sendBatch(ctx: WorkerContext, batchId: number, options: SendBatchOptions): Promise<SendBatchOutcome> {
  // A lesson she saved a moment ago in the dashboard goes out in her new words.
  await refreshContent(ctx);
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);

  // The claim and the read of its members are one statement: a round trip to Postgres costs
  // the worker a socket write and a wake-up of the backend, and six of them per batch showed.
  const claimedRows = await ctx.sql<(ClaimRow & Partial<MemberRow>)[]>`
    with claimed as (
      update send_batches set lease_until = ${leaseUntil}, attempts = attempts + 1
      where id = ${batchId} and status = 'pending' and (lease_until is null or lease_until < ${now})
        and (not_before is null or not_before <= ${now})
        -- A newsletter's batch goes only while its broadcast is sending: this is where a pause
        -- or a cancel takes hold, in the same statement as the claim.
        and (broadcast_id is null or exists (select 1 from broadcasts b where b.id = send_batches.broadcast_id and b.status = 'sending'))
      returning template, attempts, broadcast_id,
        case when broadcast_id is not null then (select b.audience from broadcasts b where b.id = send_batches.broadcast_id) end as audience
    )
    select claimed.template, claimed.attempts, claimed.broadcast_id, claimed.audience, m.*
    from claimed left join lateral (
      select d.id as delivery_id, d.kind, s.id as subscriber_id, s.status, s.email, s.first_name, s.newsletter, d.created_at
      from deliveries d join subscribers s on s.id = d.subscriber_id
      where d.batch_id = ${batchId} and d.status = 'pending'
    ) as m on true
    order by m.delivery_id`;
  const claimed = claimedRows[0];
  if (!claimed) {
    // The job completes either way: a leased batch comes back through the reconciler if its
    // holder dies, and a backing-off one once `not_before` has passed.
    // A paused broadcast's batch is left pending, with no job: resuming it hands it back.
    const [row] = await ctx.sql<{ status: string; backing_off: boolean; held_back: boolean }[]>`
      select status, coalesce(not_before > ${now}, false) as backing_off,
        coalesce((select b.status <> 'sending' from broadcasts b where b.id = send_batches.broadcast_id), false) as held_back
      from send_batches where id = ${batchId}`;
    if (row?.status !== 'pending') return { status: 'skipped', reason: 'not_pending' };
    if (row.held_back) return { status: 'skipped', reason: 'broadcast_not_sending' };
    return { status: 'skipped', reason: row.backing_off ? 'backing_off' : 'leased' };
  }

  // A claimed batch without pending members comes back as one row with no member in it.
  const rows = claimedRows.filter((row): row is ClaimRow & MemberRow => row.delivery_id != null);
  const outcome = await sendClaimed(ctx, batchId, claimed, rows, options, now);
  // A newsletter's batch that is settled may have been its last: the broadcast is then sent (the
  // dispatcher's sweep would see it too, a tick later).
  if (claimed.broadcast_id !== null && (outcome.status === 'sent' || outcome.status === 'failed' || outcome.status === 'cancelled')) {
    await finishBroadcasts(ctx, ctx.clock.now(), Number(claimed.broadcast_id));
  }
  return outcome;
}

/** The claimed batch's part: re-check its members, one provider call, record the outcome. */
async function sendClaimed(
  ctx: WorkerContext,
  batchId: number,
  claimed: ClaimRow,
  rows: MemberRow[],
  options: SendBatchOptions,
  now: Date,
): Promise<SendBatchOutcome> {
  // Checked here, right before the provider call, not when the work was queued: she may have
  // unsubscribed (or bounced) in between. A confirmation is only for someone still pending.
  const members: MemberRow[] = [];
  const suppressed: MemberRow[] = [];
  // A newsletter sent to those who asked for one is also not for someone who has since said no.
  const reason = (row: MemberRow): string | null => {
    if (row.status !== (row.kind === 'confirmation' ? 'pending' : 'active')) return `recipient is ${row.status}`;
    if (claimed.audience === 'newsletter' && !row.newsletter) return 'recipient no longer wants the newsletter';
    return null;
  };
  const reasons: string[] = [];
  for (const row of rows) {
    const why = reason(row);
    if (why === null) members.push(row);
    else {
      suppressed.push(row);
      reasons.push(why);
    }
  }
  if (suppressed.length > 0) {
    await ctx.sql`
      update deliveries d set status = 'cancelled', error = u.reason, updated_at = ${now}
      from unnest(${ctx.sql.array(suppressed.map((m) => m.delivery_id))}::bigint[], ${ctx.sql.array(reasons)}::text[])
        as u(id, reason)
      where d.id = u.id and d.status = 'pending'`;
  }
  const broadcastId = claimed.broadcast_id === null ? null : Number(claimed.broadcast_id);
  if (members.length === 0) {
    await ctx.sql`update send_batches set status = 'cancelled', lease_until = null where id = ${batchId}`;
    return { status: 'cancelled' };
  }

  const recipients: Recipient[] = members.map((m) => ({
    deliveryId: Number(m.delivery_id),
    subscriberId: Number(m.subscriber_id),
    email: m.email,
    firstName: m.first_name,
    createdAt: m.created_at,
  }));
  let emails;
  try {
    emails =
      broadcastId === null
        ? await composeEmails(ctx.config, ctx.catalog, claimed.template, recipients, ctx.logger)
        : await composeResolved(ctx.config, ctx.catalog, claimed.template, await broadcastTemplate(ctx, broadcastId), recipients, { warnings: ctx.logger });
  } catch (error) {
    return markFailed(ctx, batchId, `could not render ${claimed.template}: ${(error as Error).message}`);
  }

  const result = await ctx.mailer.send(emails, `batch-${batchId}`);
  const done = ctx.clock.now();
  if (result.ok) {
    const deliveryIds = recipients.map((r) => r.deliveryId);
    await recordSent(ctx, batchId, claimed.template, deliveryIds, result.messageIds, done, result.rejected);
    if (result.rejected.length === 0) return { status: 'sent', count: recipients.length, rejected: 0 };
    const rejectedIds = result.rejected.map((r) => deliveryIds[r.index]);
    ctx.logger.warn({ batchId, deliveryIds: rejectedIds, first: result.rejected[0]!.message }, 'the provider rejected emails of the batch');
    if (result.rejected.length === recipients.length) return { status: 'failed', message: allRejected(result.rejected) };
    return { status: 'sent', count: recipients.length - result.rejected.length, rejected: result.rejected.length };
  }
  if (result.kind === 'rate_limited') {
    // Being told to wait is not a failed attempt: give the attempt back and free the batch.
    await ctx.sql`
      update send_batches set lease_until = null, attempts = attempts - 1, last_error = ${result.message}
      where id = ${batchId}`;
    return { status: 'rate_limited', retryAfterMs: result.retryAfterMs };
  }
  if (result.kind === 'permanent') return markFailed(ctx, batchId, result.message);
  if (result.kind === 'conflict') {
    // On a first attempt a conflict means someone else used our key: a real failure. On a
    // retry it means our earlier attempt reached the provider, so the emails are on their way.
    if (claimed.attempts <= 1) return markFailed(ctx, batchId, result.message);
    ctx.logger.warn({ batchId, message: result.message }, 'an earlier attempt of this batch reached the provider');
    await recordSent(ctx, batchId, claimed.template, recipients.map((r) => r.deliveryId), recipients.map(() => null), done);
    return { status: 'sent', count: recipients.length, rejected: 0 };
  }

  if (claimed.attempts >= options.maxAttempts) {
    return markFailed(ctx, batchId, `gave up after ${claimed.attempts} attempts: ${result.message}`);
  }
  // Postgres holds the backoff (not_before) so the reconciler honours it after a Redis wipe;
  // the delayed job is only the fast path that wakes the batch up on time.
  const retryInMs = retryDelayMs(claimed.attempts);
  await ctx.sql`
    update send_batches set lease_until = null, last_error = ${result.message},
      not_before = ${new Date(done.getTime() + retryInMs)}
    where id = ${batchId}`;
  await ctx.queues.send
    .add('send', { batchId }, { jobId: sendJobId(batchId, claimed.attempts), delay: retryInMs, ...jobPriority(broadcastId !== null) })
    .catch((error) => ctx.logger.warn({ err: error, batchId }, 'could not schedule the retry; the reconciler will'));
  return { status: 'retry', message: result.message, retryInMs };
}

/**
 * Records a call the provider accepted: each delivery sent with its message id, except those it
 * rejected (`rejected` indexes `deliveryIds`), failed with the provider's message. The batch is
 * sent; only when every email was rejected is it failed, since nothing of it went out. Either way
 * it is settled: a retry under the same key would replay this very answer.
 */
async function recordSent(
  ctx: WorkerContext,
  batchId: number,
  template: string,
  deliveryIds: number[],
  messageIds: Array<string | null>,
  at: Date,
  rejected: Rejection[] = [],
): Promise<void> {
  const errors: Array<string | null> = deliveryIds.map(() => null);
  for (const { index, message } of rejected) errors[index] = message;
  const none = rejected.length > 0 && rejected.length === deliveryIds.length;
  // One statement, so one round trip and still all or nothing. Postgres runs the main update (the
  // batch) before the CTEs that nothing reads (its deliveries, the totals): the lock order that
  // markFailed and cancelBroadcast keep too.
  await ctx.sql`
    with recorded as (
      update deliveries d set status = case when u.error is null then 'sent' else 'failed' end,
        provider_message_id = u.message_id, error = u.error,
        sent_at = case when u.error is null then ${at}::timestamptz end, updated_at = ${at}
      from unnest(${ctx.sql.array(deliveryIds)}::bigint[], ${ctx.sql.array(messageIds)}::text[], ${ctx.sql.array(errors)}::text[])
        as u(id, message_id, error)
      where d.id = u.id
    ),
    -- The dashboard's running total for this template: one row per batch, not per email.
    counted as (
      insert into delivery_figures (template, sent) values (${template}, ${deliveryIds.length - rejected.length})
      on conflict (template) do update set sent = delivery_figures.sent + excluded.sent
    )
    update send_batches set status = ${none ? 'failed' : 'sent'}, sent_at = ${none ? null : at}, lease_until = null,
      not_before = null, last_error = ${none ? allRejected(rejected) : null}, content_version = ${renderedVersion(ctx, template)}
    where id = ${batchId}`;
}

/** The version of her document the batch was rendered from (null for a newsletter, which keeps its own text). */
function renderedVersion(ctx: WorkerContext, template: string): number | null {
  const path = templateDocument(ctx.catalog, template);
  return path === null ? null : (ctx.content?.versions.get(path) ?? null);
}

function allRejected(rejected: Rejection[]): string {
  return `the provider rejected all ${rejected.length} emails; the first: ${rejected[0]!.message}`;
}

async function markFailed(ctx: WorkerContext, batchId: number, message: string): Promise<SendBatchOutcome> {
  const now = ctx.clock.now();
  // The batch's row first, then its deliveries: the order every writer that touches both takes
  // (recordSent's statement runs its main update before its CTEs; cancelBroadcast), so that two
  // of them never wait on each other.
  await ctx.sql.begin(async (tx) => {
    await tx`update send_batches set status = 'failed', lease_until = null, last_error = ${message} where id = ${batchId}`;
    await tx`
      update deliveries set status = 'failed', error = ${message}, updated_at = ${now}
      where batch_id = ${batchId} and status = 'pending'`;
  });
  ctx.logger.error({ batchId, message }, 'batch failed permanently');
  return { status: 'failed', message };
}
