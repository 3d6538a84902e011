import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { kickDispatcher } from '../queue/queues.js';
import { createSingleDelivery } from '../delivery/single-delivery.js';
import { AppError } from '../errors.js';
import { confirmationTemplateKey } from '../mail/templates.js';
import { emailHash } from '../webhooks/suppress.js';

export interface SubscriptionRequest {
  /** Already validated and lower-cased. */
  email: string;
  firstName: string | null;
  timezone: string;
  /** A course folder's name; the main course when absent. */
  course?: string | null;
  /** She ticked the box for the author's occasional letters; absent means no. */
  newsletter?: boolean;
}

/** The least time between two confirmation emails to the same address. */
export const CONFIRMATION_RESEND_MS = 10 * 60 * 1000;

/**
 * Records a signup for one course and sends the double opt-in email. The outcome is
 * deliberately the same whether or not the address was already on the list, so the answer
 * cannot be used to probe who is subscribed; what differs is only whether an email goes out.
 * Someone who has already confirmed her address joins a further course at once, without a
 * second confirmation; her first lesson of it is due now.
 */
export async function requestSubscription(ctx: AppContext, request: SubscriptionRequest): Promise<void> {
  const course = request.course ? ctx.catalog.course(request.course) : ctx.catalog.main;
  if (!course) throw new AppError('not_found', `There is no course called "${request.course}". Please sign up from the course’s own page.`);
  const now = ctx.clock.now();
  const resendBefore = new Date(now.getTime() - CONFIRMATION_RESEND_MS);

  const queued = await ctx.db.transaction(async (tx) => {
    // Insert-or-touch in one statement: concurrent signups for one address serialise on the
    // unique index instead of racing between a select and an insert. Name and timezone are
    // only taken while she is not yet an active subscriber, so a stranger cannot rewrite them.
    // The newsletter choice follows the same line, and one more: a signup only ever adds a yes.
    // - active: unchanged. Anyone can type her address, so only she (a preference page, later)
    //   may change what she receives; a tick here from her or a stranger does nothing.
    // - pending: a tick sets it; no tick keeps an earlier yes (a second course's form, signed
    //   without the box, must not drop it). Her confirmation link is what makes any of it count.
    // - unsubscribed: taken afresh. Unsubscribing stopped every email, the letters included, so
    //   a new signup without the box must not bring back a yes she gave before she left.
    // - bounced, complained: unchanged; nothing is sent to them anyway.
    // An address on the suppression list for a bounce or a complaint is not written at all, even
    // after she erased her data; one that is there because she erased herself signs up afresh,
    // and her confirmation (a new one) is what takes her off that list.
    const newsletter = request.newsletter ?? false;
    const [subscriber] = await tx.execute<{ id: string; status: string; confirmation_sent_at: Date | null }>(sql`
      insert into subscribers (email, first_name, timezone, newsletter, status, created_at, updated_at)
      select ${request.email}, ${request.firstName}, ${request.timezone}, ${newsletter}, 'pending', ${now}::timestamptz, ${now}::timestamptz
      where not exists (select 1 from suppressions where email_hash = ${emailHash(ctx.config.secret, request.email)} and reason <> 'erased')
      on conflict (email) do update set
        first_name = case when subscribers.status = 'active' then subscribers.first_name else excluded.first_name end,
        timezone = case when subscribers.status = 'active' then subscribers.timezone else excluded.timezone end,
        newsletter = case subscribers.status
          when 'pending' then subscribers.newsletter or excluded.newsletter
          when 'unsubscribed' then excluded.newsletter
          else subscribers.newsletter end,
        status = case when subscribers.status = 'unsubscribed' then 'pending' else subscribers.status end,
        updated_at = excluded.updated_at
      returning id, status, confirmation_sent_at`);
    if (!subscriber) return false;
    if (subscriber.status === 'active') {
      // A finished or left course is not restarted by signing up again; a new one starts now.
      const [enrolled] = await tx.execute<{ id: string }>(sql`
        insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
        values (${subscriber.id}, ${course.slug}, ${now}, 'active', ${now}, ${now})
        on conflict (subscriber_id, course_slug) do nothing
        returning id`);
      return !!enrolled;
    }
    if (subscriber.status !== 'pending') return false;
    // The course she asked for waits for her confirmation; the link enrolls her in it.
    await tx.execute(sql`
      insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
      values (${subscriber.id}, ${course.slug}, null, 'pending', ${now}, ${now})
      on conflict (subscriber_id, course_slug) do nothing`);

    const [claimed] = await tx.execute<{ id: string }>(sql`
      update subscribers set confirmation_sent_at = ${now}
      where id = ${subscriber.id}
        and (confirmation_sent_at is null or confirmation_sent_at <= ${resendBefore})
      returning id`);
    if (!claimed) return false;

    await createSingleDelivery(tx, {
      dedupeKey: `confirm:${subscriber.id}:${now.getTime()}`,
      kind: 'confirmation',
      subscriberId: Number(subscriber.id),
      template: confirmationTemplateKey(course.slug),
      dueAt: now,
    });
    return true;
  });

  if (queued) await kickDispatcherQuietly(ctx);
}

/**
 * The row is committed whatever Redis says; if the kick is lost, the reconciler's next tick
 * picks the batch up. So a Redis hiccup must not turn a successful signup into an error.
 */
export async function kickDispatcherQuietly(ctx: AppContext): Promise<void> {
  try {
    await kickDispatcher(ctx.queues);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not kick the dispatcher; the reconciler will pick the work up');
  }
}
