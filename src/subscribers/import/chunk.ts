import type postgres from 'postgres';
import type { ExistingSubscriber, PlannedSubscriber } from './plan.js';
import type { ImportedSuppression } from '../suppression.js';

/** The one session an import runs on; it holds the import's table of addresses seen. */
export type ImportConnection = postgres.Sql;

/** Up to this many confirmations share one send batch (one provider call), as lessons do. */
export const CONFIRMATIONS_PER_BATCH = 100;

/**
 * A table of the addresses the file has named so far, in the import's own session (a temporary
 * table: nobody else sees it, and it goes with the connection). It is how a duplicate further
 * down a million-row file is recognised without the process remembering every address.
 */
export async function createSeenTable(conn: ImportConnection, name: string): Promise<void> {
  // Room for a million addresses in memory (the default, 8 MB, spills to disk after ~80,000). It
  // can only be set before a session's first temporary table, so a reused connection keeps its own.
  await conn`set temp_buffers = '128MB'`.catch(() => {});
  await conn`create temporary table ${conn(name)} (email text primary key)`;
}

export async function dropSeenTable(conn: ImportConnection, name: string): Promise<void> {
  await conn`drop table if exists ${conn(name)}`;
}

export interface ChunkLookup {
  /** Addresses an earlier chunk of the file already named. */
  seenBefore: Set<string>;
  existing: Map<string, ExistingSubscriber>;
}

type ExistingTuple = [
  id: number,
  email: string,
  status: ExistingSubscriber['status'],
  firstName: string | null,
  timezone: string,
  newsletter: boolean,
  consentedAt: string | null,
  consentSource: string | null,
  confirmedAt: string | null,
  confirmationSentAt: string | null,
  enrollmentStatus: string | null,
];

const date = (value: string | null) => (value === null ? null : new Date(value));

/**
 * One statement per chunk: remember its addresses, and read what the database knows about the
 * ones not seen before (and their enrollment in the import's course). Addresses go in, and
 * rows come back, as one JSON value each way: parsing JSON is native on both sides, where
 * postgres.js escapes array elements and parses result rows one value at a time, and on a
 * million rows that was most of this process's time.
 */
export async function lookUpChunk(conn: ImportConnection, seenTable: string, emails: string[], enroll: string | null): Promise<ChunkLookup> {
  // Sent and read as text, parsed here: drizzle's set-up of the shared client changes how
  // postgres.js treats json values, and this must not depend on it.
  const [row] = await conn<{ fresh: string | null; existing: string }[]>`
    with fresh as (
      insert into ${conn(seenTable)} (email) select json_array_elements_text(${JSON.stringify(emails)}::text::json)
      on conflict do nothing
      returning email
    )
    select
      -- Usually every address is new to the file; the list is only needed when one is not.
      case when (select count(*) from fresh) < ${emails.length} then (select json_agg(email) from fresh)::text end as fresh,
      (select coalesce(json_agg(json_build_array(s.id, s.email, s.status, s.first_name, s.timezone, s.newsletter,
                                                  s.consented_at, s.consent_source, s.confirmed_at, s.confirmation_sent_at, e.status)), '[]')::text
       from subscribers s
       left join enrollments e on e.subscriber_id = s.id and e.course_slug = ${enroll ?? ''}
       -- An array, not a join: a join to the chunk was planned as a scan of the whole table
       -- (which grows as the import runs); this is one probe of the email index per address.
       where s.email = any(array(select email from fresh))) as existing`;
  const existing = new Map<string, ExistingSubscriber>();
  for (const [id, email, status, firstName, timezone, newsletter, consentedAt, consentSource, confirmedAt, confirmationSentAt, enrollmentStatus] of JSON.parse(row!.existing) as ExistingTuple[]) {
    existing.set(email, {
      id,
      status,
      firstName,
      timezone,
      newsletter,
      consentedAt: date(consentedAt),
      consentSource,
      confirmedAt: date(confirmedAt),
      confirmationSentAt: date(confirmationSentAt),
      enrollmentStatus,
    });
  }
  const fresh = row!.fresh ? new Set(JSON.parse(row!.fresh) as string[]) : null;
  return { seenBefore: fresh ? new Set(emails.filter((email) => !fresh.has(email))) : new Set(), existing };
}

export interface ChunkWrite {
  subscriber: PlannedSubscriber;
  /** The existing row's id and what it must still say; null for a new address. */
  existing: { id: number; status: string; confirmationSentAt: Date | null } | null;
  enrollment: 'active' | 'pending' | null;
  confirmation: boolean;
}

/** A new address the file says left, as the suppression list keeps it. */
export interface ChunkSuppression {
  emailHash: string;
  reason: ImportedSuppression;
}

export interface ChunkWritten {
  suppressed: number;
  created: number;
  updated: number;
  enrolled: number;
  confirmations: number;
}

export interface WriteOptions {
  now: Date;
  enroll: string | null;
  confirmationTemplate: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Writes one chunk's decisions in a single statement, so it is all or nothing: the suppression
 * list's new hashes (those the file says left, never written as subscribers), new subscribers,
 * changed ones, their enrollments, and their confirmation emails as deliveries in shared send
 * batches of up to 100 (the same rows a signup's confirmation makes, with the same dedupe key, so
 * nothing can send them twice). A row that changed since it was read (she unsubscribed, or signed
 * up, in between) is left alone and counted as such.
 */
export async function writeChunk(conn: ImportConnection, writes: ChunkWrite[], suppressions: ChunkSuppression[], options: WriteOptions): Promise<ChunkWritten> {
  if (writes.length === 0 && suppressions.length === 0) return { suppressed: 0, created: 0, updated: 0, enrolled: 0, confirmations: 0 };
  // New and existing addresses arrive as separate arrays: an update joined to an input that is
  // mostly new rows was planned as a scan of the whole subscribers table, once per chunk.
  const fresh = writes.filter((w) => w.existing === null);
  const changed = writes.filter((w) => w.existing !== null);
  // One JSON value per set of rows (see lookUpChunk on why JSON).
  const json = (rows: ChunkWrite[], pick: (write: ChunkWrite) => object) => JSON.stringify(rows.map(pick));
  // What is written of her, the same for a new row and an existing one.
  const written = (w: ChunkWrite) => ({
    first_name: w.subscriber.firstName,
    timezone: w.subscriber.timezone,
    status: w.subscriber.status,
    newsletter: w.subscriber.newsletter,
    consented_at: iso(w.subscriber.consentedAt),
    consent_source: w.subscriber.consentSource,
    confirmation: w.confirmation,
  });
  const { now, enroll, confirmationTemplate } = options;
  const [result] = await conn<ChunkWritten[]>`
    with suppressed as (
      insert into suppressions (email_hash, reason, created_at)
      select email_hash, reason, ${now}::timestamptz
      from json_to_recordset(${JSON.stringify(suppressions.map((s) => ({ email_hash: s.emailHash, reason: s.reason })))}::text::json) as i(email_hash text, reason text)
      on conflict (email_hash) do nothing
      returning 1
    ),
    created as (
      insert into subscribers (email, first_name, timezone, status, newsletter, consented_at, consent_source,
                               confirmation_sent_at, created_at, updated_at)
      select email, first_name, timezone, status, newsletter, consented_at, consent_source,
             case when confirmation then ${now}::timestamptz end, ${now}::timestamptz, ${now}::timestamptz
      from json_to_recordset(${json(fresh, (w) => ({ email: w.subscriber.email, ...written(w) }))}::text::json) as i(email text, first_name text, timezone text, status text, newsletter boolean,
                       consented_at timestamptz, consent_source text, confirmation boolean)
      -- Signed up a moment ago, between our read and this write: her own signup stands.
      on conflict (email) do nothing
      -- What the write of a new row decided is on the row itself: no join back to the input.
      returning id, status, confirmation_sent_at is not null as confirmation
    ),
    updated as (
      update subscribers s set
        first_name = i.first_name, timezone = i.timezone, status = i.status, newsletter = i.newsletter,
        consented_at = i.consented_at, consent_source = i.consent_source,
        confirmation_sent_at = case when i.confirmation then ${now}::timestamptz else s.confirmation_sent_at end,
        updated_at = ${now}::timestamptz
      from json_to_recordset(${json(changed, (w) => ({
        id: w.existing!.id,
        expected_status: w.existing!.status,
        expected_sent_at: iso(w.existing!.confirmationSentAt),
        ...written(w),
        enrollment: w.enrollment,
      }))}::text::json) as i(id bigint, expected_status text, expected_sent_at timestamptz, first_name text, timezone text,
                       status text, newsletter boolean, consented_at timestamptz, consent_source text, enrollment text,
                       confirmation boolean)
      where s.id = i.id and s.status = i.expected_status
        -- It was read back through JavaScript, to the millisecond.
        and date_trunc('milliseconds', s.confirmation_sent_at) is not distinct from i.expected_sent_at
      returning s.id, i.enrollment, i.confirmation
    ),
    targets as (
      select id, case when ${enroll !== null}::boolean then status end as enrollment, confirmation from created
      union all
      select id, enrollment, confirmation from updated
    ),
    enrolled as (
      insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
      select id, ${enroll ?? ''}::text, case when enrollment = 'active' then ${now}::timestamptz end, enrollment, ${now}::timestamptz, ${now}::timestamptz
      from targets where enrollment is not null
      on conflict (subscriber_id, course_slug) do update
        set status = 'active', next_due_at = excluded.next_due_at, updated_at = excluded.updated_at
        where enrollments.status = 'pending' and excluded.status = 'active'
      returning subscriber_id
    ),
    to_confirm as (
      select id, (row_number() over (order by id) - 1) / ${CONFIRMATIONS_PER_BATCH} as batch_number
      from targets where confirmation
    ),
    batches as (
      insert into send_batches (template, created_at)
      select ${confirmationTemplate}::text, ${now}::timestamptz
      from generate_series(1, (select ceil(count(*)::numeric / ${CONFIRMATIONS_PER_BATCH})::int from to_confirm))
      returning id
    ),
    numbered as (
      select id, row_number() over (order by id) - 1 as batch_number from batches
    ),
    queued as (
      insert into deliveries (dedupe_key, kind, subscriber_id, template, batch_id, due_at, created_at, updated_at)
      select 'confirm:' || t.id || ':' || ${String(now.getTime())}::text, 'confirmation', t.id, ${confirmationTemplate}::text,
             n.id, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from to_confirm t join numbered n using (batch_number)
      on conflict (dedupe_key) where dedupe_key is not null do nothing
      returning id
    )
    select (select count(*) from suppressed)::int as suppressed,
           (select count(*) from created)::int as created,
           (select count(*) from updated)::int as updated,
           (select count(*) from enrolled)::int as enrolled,
           (select count(*) from queued)::int as confirmations`;
  return result!;
}
