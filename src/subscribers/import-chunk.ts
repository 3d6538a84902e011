import type postgres from 'postgres';
import type { ExistingSubscriber, PlannedSubscriber } from './import-plan.js';

/** The reserved connection an import runs on; it holds the import's table of addresses seen. */
export type ImportConnection = postgres.ReservedSql;

/** Up to this many confirmations share one send batch (one provider call), as lessons do. */
export const CONFIRMATIONS_PER_BATCH = 100;

/**
 * A table of the addresses the file has named so far, in the import's own session (a temporary
 * table: nobody else sees it, and it goes with the connection). It is how a duplicate further
 * down a million-row file is recognised without the process remembering every address.
 */
export async function createSeenTable(conn: ImportConnection, name: string): Promise<void> {
  await conn`create temporary table ${conn(name)} (email text primary key)`;
}

export async function dropSeenTable(conn: ImportConnection, name: string): Promise<void> {
  await conn`drop table if exists ${conn(name)}`;
}

interface ExistingRow {
  email: string;
  id: string | null;
  status: ExistingSubscriber['status'] | null;
  first_name: string | null;
  timezone: string | null;
  newsletter: boolean | null;
  consented_at: Date | null;
  consent_source: string | null;
  confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  enrollment_status: string | null;
}

export interface ChunkLookup {
  /** Addresses an earlier chunk of the file already named. */
  seenBefore: Set<string>;
  existing: Map<string, ExistingSubscriber>;
}

/**
 * One statement per chunk: remember its addresses, and read what the database knows about the
 * ones not seen before (and their enrollment in the `--enroll` course).
 */
export async function lookUpChunk(conn: ImportConnection, seenTable: string, emails: string[], enroll: string | null): Promise<ChunkLookup> {
  const rows = await conn<ExistingRow[]>`
    with fresh as (
      insert into ${conn(seenTable)} (email) select unnest(${conn.array(emails)}::text[])
      on conflict do nothing
      returning email
    )
    select f.email, s.id, s.status, s.first_name, s.timezone, s.newsletter, s.consented_at, s.consent_source,
           s.confirmed_at, s.confirmation_sent_at, e.status as enrollment_status
    from fresh f
    left join subscribers s on s.email = f.email
    left join enrollments e on e.subscriber_id = s.id and e.course_slug = ${enroll ?? ''}`;
  const fresh = new Set<string>();
  const existing = new Map<string, ExistingSubscriber>();
  for (const row of rows) {
    fresh.add(row.email);
    if (row.id === null) continue;
    existing.set(row.email, {
      id: Number(row.id),
      status: row.status!,
      firstName: row.first_name,
      timezone: row.timezone!,
      newsletter: row.newsletter!,
      consentedAt: row.consented_at,
      consentSource: row.consent_source,
      confirmedAt: row.confirmed_at,
      confirmationSentAt: row.confirmation_sent_at,
      enrollmentStatus: row.enrollment_status,
    });
  }
  return { seenBefore: new Set(emails.filter((email) => !fresh.has(email))), existing };
}

export interface ChunkWrite {
  subscriber: PlannedSubscriber;
  /** The existing row's id and what it must still say; null for a new address. */
  existing: { id: number; status: string; confirmationSentAt: Date | null } | null;
  enrollment: 'active' | 'pending' | null;
  confirmation: boolean;
}

export interface ChunkWritten {
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
 * Writes one chunk's decisions in a single statement, so it is all or nothing: new subscribers,
 * changed ones, their enrollments, and their confirmation emails as deliveries in shared send
 * batches of up to 100 (the same rows a signup's confirmation makes, with the same dedupe key, so
 * nothing can send them twice). A row that changed since it was read (she unsubscribed, or signed
 * up, in between) is left alone and counted as such.
 */
export async function writeChunk(conn: ImportConnection, writes: ChunkWrite[], options: WriteOptions): Promise<ChunkWritten> {
  if (writes.length === 0) return { created: 0, updated: 0, enrolled: 0, confirmations: 0 };
  const column = <T>(pick: (write: ChunkWrite) => T) => conn.array(writes.map(pick) as never[]);
  const { now, enroll, confirmationTemplate } = options;
  const [result] = await conn<ChunkWritten[]>`
    with input as (
      select * from unnest(
        ${column((w) => (w.existing ? String(w.existing.id) : null))}::bigint[],
        ${column((w) => w.existing?.status ?? null)}::text[],
        ${column((w) => iso(w.existing?.confirmationSentAt ?? null))}::timestamptz[],
        ${column((w) => w.subscriber.email)}::text[],
        ${column((w) => w.subscriber.firstName)}::text[],
        ${column((w) => w.subscriber.timezone)}::text[],
        ${column((w) => w.subscriber.status)}::text[],
        ${column((w) => String(w.subscriber.newsletter))}::boolean[],
        ${column((w) => iso(w.subscriber.consentedAt))}::timestamptz[],
        ${column((w) => w.subscriber.consentSource)}::text[],
        ${column((w) => w.enrollment)}::text[],
        ${column((w) => String(w.confirmation))}::boolean[]
      ) as i(id, expected_status, expected_sent_at, email, first_name, timezone, status, newsletter,
             consented_at, consent_source, enrollment, confirmation)
    ),
    created as (
      insert into subscribers (email, first_name, timezone, status, newsletter, consented_at, consent_source,
                               confirmation_sent_at, created_at, updated_at)
      select email, first_name, timezone, status, newsletter, consented_at, consent_source,
             case when confirmation then ${now}::timestamptz end, ${now}, ${now}
      from input where id is null
      -- Signed up a moment ago, between our read and this write: her own signup stands.
      on conflict (email) do nothing
      returning id, email
    ),
    updated as (
      update subscribers s set
        first_name = i.first_name, timezone = i.timezone, status = i.status, newsletter = i.newsletter,
        consented_at = i.consented_at, consent_source = i.consent_source,
        confirmation_sent_at = case when i.confirmation then ${now}::timestamptz else s.confirmation_sent_at end,
        updated_at = ${now}
      from input i
      where s.id = i.id and s.status = i.expected_status
        and s.confirmation_sent_at is not distinct from i.expected_sent_at
      returning s.id, i.enrollment, i.confirmation
    ),
    targets as (
      select c.id, i.enrollment, i.confirmation from created c join input i on i.email = c.email and i.id is null
      union all
      select id, enrollment, confirmation from updated
    ),
    enrolled as (
      insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
      select id, ${enroll ?? ''}::text, case when enrollment = 'active' then ${now}::timestamptz end, enrollment, ${now}, ${now}
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
      select 'confirm:' || t.id || ':' || ${String(now.getTime())}::text, 'confirmation', t.id, ${confirmationTemplate}::text, n.id, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from to_confirm t join numbered n using (batch_number)
      on conflict (dedupe_key) where dedupe_key is not null do nothing
      returning id
    )
    select (select count(*) from created)::int as created,
           (select count(*) from updated)::int as updated,
           (select count(*) from enrolled)::int as enrolled,
           (select count(*) from queued)::int as confirmations`;
  return result!;
}
