import type { AppContext } from '../context.js';
import { templateContent } from '../courses/template-keys.js';
import type { SubscriberStatus } from './columns.js';

export interface SubscriberRow {
  id: string;
  email: string;
  first_name: string | null;
  status: SubscriberStatus;
  timezone: string;
  send_hour: number | null;
  newsletter: boolean;
  letters_off_at: Date | null;
  consented_at: Date | null;
  consent_source: string | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  suppressed_at: Date | null;
  soft_bounces: number;
  created_at: Date;
  updated_at: Date;
}

export interface EnrollmentRow {
  course_slug: string;
  status: string;
  position: number;
  next_due_at: Date | null;
  enrolled_at: Date;
}

export interface ProviderEventRow {
  type: string;
  occurred_at: Date | null;
  received_at: Date;
  bounce_type: string | null;
  bounce_subtype: string | null;
  bounce_message: string | null;
}

export interface DeliveryRow {
  kind: 'confirmation' | 'lesson' | 'broadcast';
  /** The newsletter's subject, or the lesson's or confirmation's; the template key if it is gone. */
  subject: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  due_at: Date;
  sent_at: Date | null;
  provider_status: string | null;
  provider_status_at: Date | null;
  error: string | null;
  delivered_at: Date | null;
  first_opened_at: Date | null;
  last_opened_at: Date | null;
  last_clicked_at: Date | null;
  human_clicks: number | null;
  machine_clicks: number | null;
  /** What the provider's webhooks said about this email, as it happened (raw events go after 30 days). */
  events: ProviderEventRow[];
}

export interface SubscriberRecord {
  subscriber: SubscriberRow;
  enrollments: EnrollmentRow[];
  /** Every email made for her, in the order they were made. */
  deliveries: DeliveryRow[];
  /** Her preference page's changes (subscriber_events), oldest first. */
  changes: Array<{ type: string; detail: string | null; created_at: Date }>;
}

/**
 * Everything the database holds about one person, read once for both who ask for all of it: her
 * own data download and the dashboard's timeline of her. Null when there is no such person (she
 * was erased). Deliveries have no index by subscriber (schema.ts), so they are found by a scan:
 * one person, when she or the therapist asks.
 */
export async function loadSubscriberRecord(ctx: Pick<AppContext, 'sql' | 'catalog'>, subscriberId: number): Promise<SubscriberRecord | null> {
  const sql = ctx.sql;
  const [subscriber] = await sql<SubscriberRow[]>`
    select id, email, first_name, status, timezone, send_hour, newsletter, letters_off_at, consented_at, consent_source,
           confirmation_sent_at, confirmed_at, unsubscribed_at, suppressed_at, soft_bounces, created_at, updated_at
    from subscribers where id = ${subscriberId}`;
  if (!subscriber) return null;
  type Stored = Omit<DeliveryRow, 'subject' | 'events'> & { template: string; broadcast_subject: string | null; provider_message_id: string | null };
  const [enrollments, deliveries, changes] = await Promise.all([
    sql<EnrollmentRow[]>`
      select course_slug, status, position, next_due_at, enrolled_at from enrollments where subscriber_id = ${subscriberId} order by enrolled_at, id`,
    sql<Stored[]>`
      select d.kind, d.template, b.subject as broadcast_subject, d.status, d.due_at, d.sent_at, d.provider_message_id,
             d.provider_status, d.provider_status_at, d.error,
             d.delivered_at, d.first_opened_at, d.last_opened_at, d.last_clicked_at, d.human_clicks, d.machine_clicks
      from deliveries d left join broadcasts b on b.id = d.broadcast_id
      where d.subscriber_id = ${subscriberId} order by d.id`,
    sql<SubscriberRecord['changes']>`
      select type, detail, created_at from subscriber_events where subscriber_id = ${subscriberId} order by id`,
  ]);
  const emailIds = deliveries.map((d) => d.provider_message_id).filter((id): id is string => id !== null);
  const eventsOf = new Map<string, ProviderEventRow[]>();
  if (emailIds.length > 0) {
    const events = await sql<(ProviderEventRow & { email_id: string })[]>`
      select email_id, type, occurred_at, received_at, bounce_type, bounce_subtype, bounce_message
      from provider_events where email_id = any(${sql.array(emailIds)}::text[]) order by coalesce(occurred_at, received_at), id`;
    for (const { email_id, ...event } of events) eventsOf.set(email_id, [...(eventsOf.get(email_id) ?? []), event]);
  }
  return {
    subscriber,
    enrollments: [...enrollments],
    deliveries: deliveries.map(({ template, broadcast_subject, provider_message_id, ...d }) => ({
      ...d,
      subject: broadcast_subject ?? templateContent(ctx.catalog, template)?.subject ?? template,
      events: provider_message_id ? (eventsOf.get(provider_message_id) ?? []) : [],
    })),
    changes: [...changes],
  };
}
