import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { confirmationTemplateKey } from '../courses/template-keys.js';
import { emailHash } from './suppression.js';

export interface SubscriptionRequest {
  /** Already validated and lower-cased. */
  email: string;
  firstName: string | null;
  timezone: string;
  /** A course folder's name; the main course when absent. */
  course?: string | null;
  /** She ticked the box for the author's occasional letters; absent means no. */
  newsletter?: boolean;
  /** The label of the snippet on her website she signed up through; kept only on a new row. */
  source?: string | null;
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

  const template = confirmationTemplateKey(course.slug);

  // One statement, so one round trip and atomic without a transaction: a signup is a few rows,
  // and at a signup per request the round trips were most of what it cost.
  //
  // Insert-or-touch: concurrent signups for one address serialise on the unique index instead
  // of racing between a select and an insert. Name and timezone are only taken while she is
  // not yet an active subscriber, so a stranger cannot rewrite them. Her signup source is
  // written only with a new row: where she first came from stays what it was.
  // The newsletter choice follows the same line, and one more: a signup only ever adds a yes.
  // - active: unchanged. Anyone can type her address, so only she (a preference page, later)
  //   may change what she receives; a tick here from her or a stranger does nothing.
  // - pending: a tick sets it; no tick keeps an earlier yes (a second course's form, signed
  //   without the box, must not drop it). Her confirmation link is what makes any of it count.
  // - unsubscribed: taken afresh. Unsubscribing stopped every email, the letters included, so
  //   a new signup without the box must not bring back a yes she gave before she left.
  // - bounced, complained: unchanged; nothing is sent to them anyway.
  // An address on the suppression list for a bounce or a complaint is not written at all, even
  // after she erased her data; one there because she erased herself, or because another tool's
  // export said she had left it, signs up afresh, and her confirmation (a new one) is what takes
  // her off that list.
  //
  // The confirmation is claimed on the same row: a new address, or one pending (or pending again
  // after leaving) whose last confirmation is older than CONFIRMATION_RESEND_MS. The claim is
  // read back as `confirmation_sent_at = now`; a claim by another signup in the same millisecond
  // reads the same, and then the delivery's dedupe key (subscriber and millisecond) is already
  // taken, so nothing more is written. The batch is written only for a delivery that was
  // (deliveries have no foreign key to batches, so it may come second).
  //
  // An active subscriber joins a further course at once; a pending one's course waits for her
  // confirmation. A finished or left course is not restarted by signing up again.
  const newsletter = request.newsletter ?? false;
  const [outcome] = await ctx.sql<{ queued: boolean }[]>`
    with subscriber as (
      insert into subscribers (email, first_name, timezone, newsletter, signup_source, status, confirmation_sent_at, created_at, updated_at)
      select ${request.email}::text, ${request.firstName}::text, ${request.timezone}::text, ${newsletter}::boolean, ${request.source ?? null}::text, 'pending',
             ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      where not exists (select from suppressions where email_hash = ${emailHash(ctx.config.secret, request.email)} and reason in ('hard_bounce', 'soft_bounces', 'complaint', 'provider_suppressed'))
      on conflict (email) do update set
        first_name = case when subscribers.status = 'active' then subscribers.first_name else excluded.first_name end,
        timezone = case when subscribers.status = 'active' then subscribers.timezone else excluded.timezone end,
        newsletter = case subscribers.status
          when 'pending' then subscribers.newsletter or excluded.newsletter
          when 'unsubscribed' then excluded.newsletter
          else subscribers.newsletter end,
        status = case when subscribers.status = 'unsubscribed' then 'pending' else subscribers.status end,
        confirmation_sent_at = case
          when subscribers.status in ('pending', 'unsubscribed')
            and (subscribers.confirmation_sent_at is null or subscribers.confirmation_sent_at <= ${resendBefore}::timestamptz)
          then excluded.confirmation_sent_at
          else subscribers.confirmation_sent_at end,
        updated_at = excluded.updated_at
      returning id, status, confirmation_sent_at = ${now}::timestamptz as claimed
    ),
    enrolled as (
      insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
      select id, ${course.slug}::text, case when status = 'active' then ${now}::timestamptz end, status, ${now}::timestamptz, ${now}::timestamptz
      from subscriber where status in ('active', 'pending')
      on conflict (subscriber_id, course_slug) do nothing
      returning status
    ),
    confirmation as (
      insert into deliveries (dedupe_key, kind, subscriber_id, template, batch_id, due_at, created_at, updated_at)
      select 'confirm:' || id || ':' || ${String(now.getTime())}::text, 'confirmation', id, ${template}::text,
             nextval(pg_get_serial_sequence('send_batches', 'id')), ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from subscriber where status = 'pending' and claimed
      on conflict (dedupe_key) where dedupe_key is not null do nothing
      returning batch_id
    ),
    batch as (
      insert into send_batches (id, template, created_at) overriding system value
      select batch_id, ${template}::text, ${now}::timestamptz from confirmation
    )
    select exists (select from confirmation) or exists (select from enrolled where status = 'active') as queued`;

  if (outcome!.queued) kickDispatcherQuietly(ctx);
}

/**
 * The row is committed whatever Redis says; if the kick is lost, the reconciler's next tick
 * picks the batch up. So a Redis hiccup must not turn a successful signup into an error, and
 * the answer does not wait for the kick (coalesced with others, it may go 200 ms later).
 */
export function kickDispatcherQuietly(ctx: Pick<AppContext, 'queues' | 'logger'>): void {
  ctx.queues.kick().catch((error: unknown) => {
    ctx.logger.warn({ err: error }, 'could not kick the dispatcher; the reconciler will pick the work up');
  });
}
