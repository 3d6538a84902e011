import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { resolveTemplate } from '../mail/templates.js';

interface EventRow {
  email_id: string;
  type: string;
  occurred_at: Date | null;
  bounce_type: string | null;
  bounce_subtype: string | null;
  bounce_message: string | null;
}

/** How long the download link on her preference page works. */
export const EXPORT_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Everything kept about her, as she would ask for it under GDPR's right of access: her profile,
 * the record of her consent, her courses, every email made for her with what the provider said
 * about it, and the changes she made. Only what is hers: no other subscriber appears, and the
 * emails' bodies are not stored anywhere to give (they are the course's, the same for everyone).
 */
export async function exportSubscriberData(ctx: Pick<AppContext, 'sql' | 'clock' | 'catalog' | 'config'>, subscriberId: number) {
  const sql = ctx.sql;
  const [s] = await sql<Record<string, unknown>[]>`
    select email, first_name, timezone, send_hour, newsletter, status, created_at, updated_at,
           confirmation_sent_at, confirmed_at, consented_at, consent_source, unsubscribed_at, suppressed_at, soft_bounces
    from subscribers where id = ${subscriberId}`;
  if (!s) throw new AppError('invalid_token', 'This link no longer leads anywhere: the details it pointed to have been deleted.');
  const enrollments = await sql<{ course_slug: string; status: string; position: number; next_due_at: Date | null; enrolled_at: Date }[]>`
    select course_slug, status, position, next_due_at, enrolled_at from enrollments where subscriber_id = ${subscriberId} order by enrolled_at, id`;
  // No index by subscriber on deliveries (see schema.ts): this scans, which a rare download affords.
  const deliveries = await sql<{ id: string; kind: string; template: string; broadcast_subject: string | null; status: string; due_at: Date; sent_at: Date | null; provider_message_id: string | null; provider_status: string | null; provider_status_at: Date | null; error: string | null; delivered_at: Date | null; first_opened_at: Date | null; last_opened_at: Date | null; last_clicked_at: Date | null; human_clicks: number | null; machine_clicks: number | null }[]>`
    select d.id, d.kind, d.template, b.subject as broadcast_subject, d.status, d.due_at, d.sent_at, d.provider_message_id,
           d.provider_status, d.provider_status_at, d.error,
           d.delivered_at, d.first_opened_at, d.last_opened_at, d.last_clicked_at, d.human_clicks, d.machine_clicks
    from deliveries d left join broadcasts b on b.id = d.broadcast_id
    where d.subscriber_id = ${subscriberId} order by d.id`;
  const emailIds = deliveries.map((d) => d.provider_message_id).filter((id): id is string => id !== null);
  const events = emailIds.length
    ? [
        ...(await sql<EventRow[]>`
          select email_id, type, occurred_at, bounce_type, bounce_subtype, bounce_message
          from provider_events where email_id = any(${sql.array(emailIds)}::text[]) order by id`),
      ]
    : [];
  const changes = await sql<{ type: string; detail: string | null; created_at: Date }[]>`
    select type, detail, created_at from subscriber_events where subscriber_id = ${subscriberId} order by id`;
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) eventsOf.set(e.email_id, [...(eventsOf.get(e.email_id) ?? []), e]);

  return {
    exportedAt: ctx.clock.now().toISOString(),
    about:
      'Everything this course keeps about you. ' +
      'Deleting yourself from your preference page erases all of it; only an anonymous count and a keyed hash of your address (so nobody can re-add you without your confirmation) remain.',
    profile: {
      email: s.email,
      firstName: s.first_name,
      timezone: s.timezone,
      lessonHour: s.send_hour ?? ctx.config.sendHour,
      newsletter: s.newsletter,
      status: s.status,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    },
    consent: {
      confirmationSentAt: s.confirmation_sent_at,
      confirmedAt: s.confirmed_at,
      importedConsentAt: s.consented_at,
      importedConsentSource: s.consent_source,
      unsubscribedAt: s.unsubscribed_at,
      suppressedAt: s.suppressed_at,
      softBouncesInARow: s.soft_bounces,
    },
    enrollments: enrollments.map((e) => ({
      course: e.course_slug,
      title: ctx.catalog.course(e.course_slug)?.title ?? null,
      status: e.status,
      lessonsSent: e.position,
      nextLessonDueAt: e.next_due_at,
      enrolledAt: e.enrolled_at,
    })),
    deliveries: deliveries.map((d) => ({
      kind: d.kind,
      subject: d.broadcast_subject ?? resolveTemplate(ctx.catalog, d.template)?.subject ?? d.template,
      status: d.status,
      dueAt: d.due_at,
      sentAt: d.sent_at,
      providerStatus: d.provider_status,
      providerStatusAt: d.provider_status_at,
      error: d.error,
      // Only with TRACKING=on: when the email's pixel and links were first and last seen (counts, never links).
      ...(d.first_opened_at || d.last_clicked_at
        ? { tracking: { deliveredAt: d.delivered_at, firstOpenedAt: d.first_opened_at, lastOpenedAt: d.last_opened_at, lastClickedAt: d.last_clicked_at, clicks: d.human_clicks, machineClicks: d.machine_clicks } }
        : {}),
      events: (d.provider_message_id ? (eventsOf.get(d.provider_message_id) ?? []) : []).map((e) => ({
        type: e.type,
        at: e.occurred_at,
        bounceType: e.bounce_type,
        bounceSubtype: e.bounce_subtype,
        bounceMessage: e.bounce_message,
      })),
    })),
    preferenceChanges: changes.map((c) => ({ type: c.type, detail: c.detail, at: c.created_at })),
  };
}
