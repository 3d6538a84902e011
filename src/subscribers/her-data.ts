import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { loadSubscriberRecord } from './record.js';

/** How long the download link on her preference page works. */
export const EXPORT_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Everything kept about her, as she would ask for it under GDPR's right of access: her profile,
 * the record of her consent, her courses, every email made for her with what the provider said
 * about it, and the changes she made. Only what is hers: no other subscriber appears, and the
 * emails' bodies are not stored anywhere to give (they are the course's, the same for everyone).
 */
export async function exportSubscriberData(ctx: Pick<AppContext, 'sql' | 'clock' | 'catalog' | 'config'>, subscriberId: number) {
  const record = await loadSubscriberRecord(ctx, subscriberId);
  if (!record) throw new AppError('invalid_token', 'This link no longer leads anywhere: the details it pointed to have been deleted.');
  const { subscriber: s, enrollments, deliveries, changes } = record;

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
      subject: d.subject,
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
      events: d.events.map((e) => ({
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
