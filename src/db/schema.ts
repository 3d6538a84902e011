import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A person on the list. `status` is the one place that says whether we may email her:
 * every send re-reads it right before the provider call.
 */
export const subscribers = pgTable(
  'subscribers',
  {
    id: id(),
    // Stored lower-cased; the unique index is what makes "already subscribed" a no-op.
    email: text('email').notNull(),
    firstName: text('first_name'),
    timezone: text('timezone').notNull().default('UTC'),
    // Her own hour for lessons (0–23, local), set on her preference page; null means SEND_HOUR.
    sendHour: smallint('send_hour'),
    status: text('status', { enum: ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] })
      .notNull()
      .default('pending'),
    // Newsletters go only to those who opted in (an unticked box on the form, a CSV column).
    newsletter: boolean('newsletter').notNull().default(false),
    // She turned the letters off on her preference page: no broadcast reaches her, not even one
    // to "all" (which otherwise includes those who never ticked the box).
    lettersOffAt: ts('letters_off_at'),
    // Consent brought in with an imported list: when and where she agreed. A signup's consent is
    // her confirmation (confirmedAt); an imported row without consent stays pending until she confirms.
    consentedAt: ts('consented_at'),
    consentSource: text('consent_source'),
    // The label of the form she joined through on the author's own site (`blog-mom-guilt`): a short
    // word the author chose per snippet, never a referrer URL or an IP.
    signupSource: text('signup_source'),
    // Soft bounces in a row since her last delivered email; three suppress her.
    softBounces: smallint('soft_bounces').notNull().default(0),
    suppressedAt: ts('suppressed_at'),
    confirmationSentAt: ts('confirmation_sent_at'),
    confirmedAt: ts('confirmed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('subscribers_email_key').on(t.email)],
);

/**
 * A subscriber's place in one course. `done` holds the numbers (see `courseLessons`) of the
 * lessons she has had or will never get, so the next lesson is the first one in the course's
 * current order that is not in it: a course can be edited while she is part-way through.
 * `position` counts the lessons sent. `nextDueAt` is when the next one is due; Redis holds
 * nothing for an enrollment that is merely waiting. `pending` waits for her confirmation.
 */
export const enrollments = pgTable(
  'enrollments',
  {
    id: id(),
    subscriberId: bigint('subscriber_id', { mode: 'number' })
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    courseSlug: text('course_slug').notNull(),
    position: smallint('position').notNull().default(0),
    done: smallint('done').array().notNull().default(sql`'{}'::smallint[]`),
    nextDueAt: ts('next_due_at'),
    // `paused` and `left` are her own choices on her preference page: a paused course resumes
    // where it was; a left one is never restarted by an old confirmation link (a cancelled one,
    // stopped by an unsubscribe, is, when she signs up again).
    status: text('status', { enum: ['pending', 'active', 'paused', 'completed', 'cancelled', 'left'] }).notNull().default('active'),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enrollments_subscriber_course_key').on(t.subscriberId, t.courseSlug),
    index('enrollments_due_idx').on(t.nextDueAt).where(sql`status = 'active'`),
  ],
);

/**
 * Every lesson a course has ever had, by its stable id, with a small number of its own. The
 * number is what deliveries (`lesson_index`) and enrollments (`done`) store: a smallint costs
 * less than the id on every row of the 8:00 burst, and it never changes when lessons move.
 */
export const courseLessons = pgTable(
  'course_lessons',
  {
    courseSlug: text('course_slug').notNull(),
    lessonId: text('lesson_id').notNull(),
    num: smallint('num').notNull(),
    firstSentAt: ts('first_sent_at'),
    removedAt: ts('removed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseSlug, t.lessonId] }), uniqueIndex('course_lessons_num_key').on(t.courseSlug, t.num)],
);

/**
 * The unit a provider call is made for. A batch's membership is fixed when it is created,
 * so a retry sends byte-for-byte the same request under the same idempotency key.
 */
export const sendBatches = pgTable(
  'send_batches',
  {
    id: id(),
    template: text('template').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'cancelled'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // A worker holds a batch only while this is in the future; a killed worker's lease lapses.
    leaseUntil: ts('lease_until'),
    // After a transient provider error the batch waits until this time (exponential backoff);
    // kept here rather than only in a delayed job so the backoff survives a Redis wipe.
    notBefore: ts('not_before'),
    enqueuedAt: ts('enqueued_at'),
    // Set for a newsletter's batches: they are sent only while the broadcast is `sending`.
    broadcastId: bigint('broadcast_id', { mode: 'number' }),
    lastError: text('last_error'),
    // The version of her document (content_documents) this batch's email was rendered from.
    contentVersion: integer('content_version'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('send_batches_pending_idx').on(t.id).where(sql`status = 'pending'`),
    index('send_batches_broadcast_pending_idx').on(t.broadcastId).where(sql`status = 'pending' and broadcast_id is not null`),
  ],
);

/**
 * One email to one person. A lesson is unique per (enrollment, lesson number), which is what
 * makes materialising the same lesson twice impossible. Other kinds carry a `dedupeKey`
 * (`confirm:<subscriber>:<epoch>`, later `broadcast:<id>:<subscriber>`); lessons leave it null
 * so the hot path maintains one unique index, not two.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    dedupeKey: text('dedupe_key'),
    kind: text('kind', { enum: ['confirmation', 'lesson', 'broadcast'] }).notNull(),
    // No foreign keys on this table, deliberately: each one costs a lookup and a KEY SHARE lock
    // on the parent row (a WAL record on the parent's page) for every delivery inserted, 100,000
    // at a time at 8:00. Rows are only ever created from rows just read in the same transaction;
    // the one deletion of a subscriber, her erasure (src/subscribers/erasure.ts), deletes her
    // deliveries first.
    subscriberId: bigint('subscriber_id', { mode: 'number' }).notNull(),
    enrollmentId: bigint('enrollment_id', { mode: 'number' }),
    lessonIndex: smallint('lesson_index'),
    broadcastId: bigint('broadcast_id', { mode: 'number' }),
    template: text('template').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'cancelled'] }).notNull().default('pending'),
    batchId: bigint('batch_id', { mode: 'number' }),
    providerMessageId: text('provider_message_id'),
    // What the provider's webhooks said after it accepted the email; only ever moves forward
    // (delivery_delayed < delivered < bounced/suppressed < complained).
    providerStatus: text('provider_status', { enum: ['delivery_delayed', 'delivered', 'bounced', 'suppressed', 'complained'] }),
    providerStatusAt: ts('provider_status_at'),
    // With TRACKING=on only, what the open and click rules need of one email, never more (no
    // link, IP or user agent): the provider's delivery time, the first and last time its pixel
    // loaded, and its clicks counted into lone (human) and burst (machine) ones
    // (src/delivery/provider-events/engagement.ts). Null while nothing was heard.
    deliveredAt: ts('delivered_at'),
    firstOpenedAt: ts('first_opened_at'),
    lastOpenedAt: ts('last_opened_at'),
    lastClickedAt: ts('last_clicked_at'),
    lastClickInBurst: boolean('last_click_in_burst'),
    humanClicks: smallint('human_clicks'),
    machineClicks: smallint('machine_clicks'),
    error: text('error'),
    dueAt: ts('due_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_dedupe_key').on(t.dedupeKey).where(sql`dedupe_key is not null`),
    uniqueIndex('deliveries_enrollment_lesson_key').on(t.enrollmentId, t.lessonIndex),
    // One newsletter email per (broadcast, subscriber); lesson rows are outside this partial index.
    uniqueIndex('deliveries_broadcast_subscriber_key').on(t.broadcastId, t.subscriberId).where(sql`broadcast_id is not null`),
    index('deliveries_batch_idx').on(t.batchId),
    // Webhook events name the provider's email id; nothing else looks deliveries up by it.
    index('deliveries_provider_message_idx').on(t.providerMessageId).where(sql`provider_message_id is not null`),
    // Only her rare data download and erasure look deliveries up by subscriber, so no index on it:
    // each one is an index insert for every row of the 8:00 burst. Those two scan the table.
  ],
);

/**
 * A newsletter sent to an audience. Its recipients are fixed when it is created (delivery rows
 * with batches, in one statement), and its text is kept here as it was then (`source`), so an
 * edit of the file afterwards changes nothing that is already on its way.
 */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: id(),
    newsletterId: text('newsletter_id').notNull(),
    file: text('file').notNull(),
    format: text('format', { enum: ['markdown', 'tsx'] }).notNull(),
    subject: text('subject').notNull(),
    // The Markdown file's text as sent; null for a TSX newsletter, which is imported from `file`.
    source: text('source'),
    audience: text('audience', { enum: ['all', 'in-course', 'graduates', 'newsletter'] }).notNull(),
    courseSlug: text('course_slug'),
    // `now`, `at` (one instant) or `local-hour` (SEND_HOUR on `localDate` in each one's timezone).
    timing: text('timing', { enum: ['now', 'at', 'local-hour'] }).notNull(),
    localDate: text('local_date'),
    status: text('status', { enum: ['scheduled', 'sending', 'paused', 'sent', 'cancelled'] }).notNull(),
    recipients: integer('recipients').notNull().default(0),
    // The first and last moment one of its emails falls due.
    firstDueAt: ts('first_due_at').notNull(),
    lastDueAt: ts('last_due_at').notNull(),
    forced: boolean('forced').notNull().default(false),
    // Shown in the public archive (/letters) and its feed once sent: `public: true` in its front
    // matter, or the dashboard's checkbox. Private by default.
    public: boolean('public').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    pausedAt: ts('paused_at'),
    finishedAt: ts('finished_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('broadcasts_newsletter_idx').on(t.newsletterId, t.createdAt),
    index('broadcasts_active_idx').on(t.status).where(sql`status in ('scheduled', 'sending')`),
    index('broadcasts_public_idx').on(t.finishedAt).where(sql`public and status = 'sent'`),
  ],
);

/**
 * Resend's webhook events, each stored once under its svix id before it is acknowledged, then
 * applied. Only what the rules need is kept: no recipients, subject, IP or user agent (the
 * delivery row already says who it was). Rows are pruned 30 days after they arrive.
 */
export const providerEvents = pgTable(
  'provider_events',
  {
    id: id(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    emailId: text('email_id'),
    occurredAt: ts('occurred_at'),
    bounceType: text('bounce_type'),
    bounceSubtype: text('bounce_subtype'),
    bounceMessage: text('bounce_message'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    appliedAt: ts('applied_at'),
    // What applying it did, in a few words ("suppressed: hard bounce", "no delivery").
    outcome: text('outcome'),
  },
  (t) => [
    uniqueIndex('provider_events_event_id_key').on(t.eventId),
    index('provider_events_unapplied_idx').on(t.id).where(sql`applied_at is null`),
    index('provider_events_received_idx').on(t.receivedAt),
  ],
);

/**
 * Running totals per template (a lesson's key, `broadcast:<id>`, a confirmation's key), kept as
 * the sends and webhooks happen: one upsert per batch sent and one per event applied. The
 * dashboard's figures read these few rows instead of aggregating every delivery on each visit.
 * `delivered` counts complaints too (a complaint comes from an inbox); `bounced` counts the
 * provider's suppressions.
 */
export const deliveryFigures = pgTable('delivery_figures', {
  template: text('template').primaryKey(),
  sent: integer('sent').notNull().default(0),
  delivered: integer('delivered').notNull().default(0),
  bounced: integer('bounced').notNull().default(0),
  complained: integer('complained').notNull().default(0),
  // With TRACKING=on: emails opened or clicked, by a person or (apart) by a machine, each email
  // counted once per column. Estimates; see src/delivery/provider-events/engagement.ts for the rules.
  opens: integer('opens').notNull().default(0),
  machineOpens: integer('machine_opens').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  machineClicks: integer('machine_clicks').notNull().default(0),
});

/**
 * Emails per kind and final status (sent, failed, cancelled) since the database was created: the
 * running totals /metrics reports. A statement-level trigger on `deliveries` (migration 0015) adds
 * each statement's status changes in one upsert, so every writer is counted (the send path, a
 * cancelled broadcast, an unsubscribe) without any of them knowing. Deleting deliveries (an
 * erasure) leaves these alone: a total only grows.
 */
export const emailTotals = pgTable(
  'email_totals',
  {
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    emails: bigint('emails', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.status] })],
);

/**
 * Addresses never to be emailed again, by a keyed hash (HMAC-SHA256 with SECRET) rather than
 * the address itself, so the list still works after her data is erased.
 */
export const suppressions = pgTable(
  'suppressions',
  {
    id: id(),
    emailHash: text('email_hash').notNull(),
    // `erased`: she deleted herself; `imported_*`: another tool's export said she left it. Either
    // way her address may sign up again, with a new confirmation (see subscribers/suppression.ts).
    reason: text('reason', {
      enum: ['hard_bounce', 'soft_bounces', 'complaint', 'provider_suppressed', 'erased', 'imported_unsubscribed', 'imported_bounced', 'imported_complained'],
    }).notNull(),
    sourceEventId: bigint('source_event_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('suppressions_email_hash_key').on(t.emailHash)],
);

/**
 * What she changed about her subscription, and when: the preference page's actions, kept for her
 * own export and the dashboard's timeline. The detail is a few words ("hour 20", a course slug),
 * never her address. Erasing her deletes these with her.
 */
export const subscriberEvents = pgTable(
  'subscriber_events',
  {
    id: id(),
    subscriberId: bigint('subscriber_id', { mode: 'number' })
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    detail: text('detail'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('subscriber_events_subscriber_idx').on(t.subscriberId, t.id)],
);

/** How many people erased themselves each day: the one thing kept of them, a count. */
export const erasures = pgTable('erasures', {
  day: text('day').primaryKey(),
  count: integer('count').notNull().default(0),
});

/**
 * Where mail goes when no RESEND_API_KEY is set. It lives in Postgres so that a separate
 * worker process and the web process see the same mailbox. The unique key mirrors the
 * provider's idempotency: a retried request does not show up twice.
 */
export const devMailbox = pgTable(
  'dev_mailbox',
  {
    id: id(),
    idempotencyKey: text('idempotency_key').notNull(),
    position: integer('position').notNull(),
    from: text('from_address').notNull(),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    // Her reply_to, as the provider would be given it; null on confirmations, which ask for none.
    replyTo: text('reply_to'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dev_mailbox_idempotency_key').on(t.idempotencyKey, t.position)],
);

/**
 * Emails she sent herself to see a lesson or newsletter as moms will. Kept apart from
 * deliveries: a test is never counted as a send to a subscriber.
 */
export const testSends = pgTable('test_sends', {
  id: id(),
  template: text('template').notNull(),
  file: text('file').notNull(),
  toAddress: text('to_address').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  providerMessageId: text('provider_message_id'),
  error: text('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Her signed-in sessions on the dashboard. The cookie holds a random token, signed with SECRET;
 * this table holds only its SHA-256, so a leaked backup opens no session. A session ends when
 * she logs out (`ended_at`) or after 12 hours without a request (`last_seen_at`).
 */
export const adminSessions = pgTable('admin_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  endedAt: ts('ended_at'),
});

/**
 * A newsletter she is writing on the dashboard, saved as she types. Sending it makes a broadcast
 * from its text (the same row the command line makes), and the draft remembers which.
 */
export const broadcastDrafts = pgTable('broadcast_drafts', {
  id: id(),
  subject: text('subject').notNull().default(''),
  preview: text('preview').notNull().default(''),
  body: text('body').notNull().default(''),
  public: boolean('public').notNull().default(false),
  broadcastId: bigint('broadcast_id', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Her content (courses, lessons, her details, the two confirmation emails) as it is now: one row
 * per document, named by its path under emails/ (`courses/<slug>/<file>.md`, `author.md`…), its
 * text in the files' own format. Files are how it is imported and exported; this is what the app
 * serves. `importedSha` is the SHA-256 of the file as last imported and `importedVersion` the
 * version that import made: a version above it was saved in the dashboard (or the API), and a
 * changed file is then not imported over it without `--force`.
 */
export const contentDocuments = pgTable('content_documents', {
  path: text('path').primaryKey(),
  version: integer('version').notNull(),
  // Null once the document is removed (a lesson taken out of its course).
  text: text('text'),
  importedSha: text('imported_sha'),
  importedVersion: integer('imported_version'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Every version of every document, kept: what the history and "restore this version" read. The
 * highest id is the content's revision, which each process compares with its own to know when to
 * reload.
 */
export const contentVersions = pgTable(
  'content_versions',
  {
    id: id(),
    path: text('path').notNull(),
    version: integer('version').notNull(),
    text: text('text'),
    source: text('source', { enum: ['file', 'dashboard', 'api', 'restore', 'import'] }).notNull(),
    savedAt: ts('saved_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('content_versions_path_version_idx').on(t.path, t.version)],
);

/** Her dashboard's own settings (her timezone, …): one row per key. */
export const dashboardSettings = pgTable('dashboard_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * CAPTCHA answers already taken, kept here only while Redis (their usual place) cannot be
 * reached: every web process sees them, so an answer counts once even then. A row lives until
 * its challenge would have expired; the next answer taken here clears the expired ones.
 */
export const captchaSpent = pgTable('captcha_spent', {
  nonce: text('nonce').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
});
