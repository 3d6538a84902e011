import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { SubscriberStatus } from './columns.js';
import { loadSubscriberRecord } from './record.js';

export interface SubscriberProfile {
  id: number;
  email: string;
  firstName: string | null;
  status: SubscriberStatus;
  timezone: string;
  /** Her own lesson hour, or null for the app's SEND_HOUR. */
  sendHour: number | null;
  newsletter: boolean;
  lettersOff: boolean;
  consentSource: string | null;
  createdAt: Date;
}

export interface CourseEnrollment {
  course: string;
  title: string | null;
  status: string;
  lessonsSent: number;
  nextDueAt: Date | null;
}

export interface ProviderEvent {
  type: string;
  at: Date;
  /** A bounce's type and the provider's words about it, when there are any. */
  bounce: string | null;
}

export interface DeliveryEntry {
  kind: 'confirmation' | 'lesson' | 'broadcast';
  subject: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  dueAt: Date;
  sentAt: Date | null;
  providerStatus: string | null;
  error: string | null;
  firstOpenedAt: Date | null;
  lastClickedAt: Date | null;
  events: ProviderEvent[];
}

export type TimelineEntry =
  | { type: 'signed_up'; at: Date }
  /** An imported list's record of when and where she agreed. */
  | { type: 'consent_recorded'; at: Date; consentSource: string | null }
  | { type: 'confirmation_asked'; at: Date }
  | { type: 'confirmed'; at: Date }
  | { type: 'enrolled'; at: Date; course: string; title: string | null }
  | { type: 'delivery'; at: Date; delivery: DeliveryEntry }
  /** What she changed on her preference page (subscriber_events): `send_hour`, `paused`… */
  | { type: 'preference'; at: Date; change: string; detail: string | null }
  | { type: 'unsubscribed'; at: Date }
  | { type: 'suppressed'; at: Date; status: SubscriberStatus };

export interface SubscriberTimeline {
  profile: SubscriberProfile;
  enrollments: CourseEnrollment[];
  /** Oldest first: her story as it happened. */
  entries: TimelineEntry[];
}

/**
 * One person's history for the dashboard: her signup, the confirmation, every email made for her
 * with what the provider said of it, the changes she made on her preference page, and how she
 * left, oldest first, from the same record her own data download reads (record.ts). Provider
 * events are pruned after 30 days; the delivery's own provider status outlives them.
 */
export async function subscriberTimeline(ctx: Pick<AppContext, 'sql' | 'catalog'>, subscriberId: number): Promise<SubscriberTimeline> {
  const record = await loadSubscriberRecord(ctx, subscriberId);
  if (!record) throw new AppError('not_found', 'There is no one with this number on the list. She may have been erased.');
  const { subscriber: s, enrollments, deliveries, changes } = record;

  const courseTitle = (slug: string) => ctx.catalog.course(slug)?.title ?? null;
  // Built in the order things happen to one person, so entries at the same instant (a signup and
  // its confirmation email, an import's consent and its row) keep that order through the sort.
  const entries: TimelineEntry[] = [{ type: 'signed_up', at: s.created_at }];
  if (s.consented_at) entries.push({ type: 'consent_recorded', at: s.consented_at, consentSource: s.consent_source });
  // confirmation_sent_at holds only the latest request; the confirmation emails themselves are
  // the record, so it stands alone only when none is left (sent before deliveries were kept).
  if (s.confirmation_sent_at && !deliveries.some((d) => d.kind === 'confirmation')) entries.push({ type: 'confirmation_asked', at: s.confirmation_sent_at });
  if (s.confirmed_at) entries.push({ type: 'confirmed', at: s.confirmed_at });
  for (const e of enrollments) entries.push({ type: 'enrolled', at: e.enrolled_at, course: e.course_slug, title: courseTitle(e.course_slug) });
  for (const d of deliveries) {
    entries.push({
      type: 'delivery',
      at: d.sent_at ?? d.due_at,
      delivery: {
        kind: d.kind,
        subject: d.subject,
        status: d.status,
        dueAt: d.due_at,
        sentAt: d.sent_at,
        providerStatus: d.provider_status,
        error: d.error,
        firstOpenedAt: d.first_opened_at,
        lastClickedAt: d.last_clicked_at,
        events: d.events.map((e) => ({
          type: e.type,
          at: e.occurred_at ?? e.received_at,
          bounce: [e.bounce_type, e.bounce_message].filter(Boolean).join(': ') || null,
        })),
      },
    });
  }
  for (const c of changes) {
    entries.push(c.type === 'unsubscribed' ? { type: 'unsubscribed', at: c.created_at } : { type: 'preference', at: c.created_at, change: c.type, detail: c.detail });
  }
  // An unsubscribe from before subscriber_events existed, or one an import recorded, has only the column.
  if (s.unsubscribed_at && !changes.some((c) => c.type === 'unsubscribed')) entries.push({ type: 'unsubscribed', at: s.unsubscribed_at });
  if (s.suppressed_at) entries.push({ type: 'suppressed', at: s.suppressed_at, status: s.status });
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    profile: {
      id: Number(s.id),
      email: s.email,
      firstName: s.first_name,
      status: s.status,
      timezone: s.timezone,
      sendHour: s.send_hour,
      newsletter: s.newsletter,
      lettersOff: s.letters_off_at !== null,
      consentSource: s.consent_source,
      createdAt: s.created_at,
    },
    enrollments: enrollments.map((e) => ({ course: e.course_slug, title: courseTitle(e.course_slug), status: e.status, lessonsSent: e.position, nextDueAt: e.next_due_at })),
    entries,
  };
}
