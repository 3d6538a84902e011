import type postgres from 'postgres';
import { course } from '../../emails/course.js';

// A spread of zones, so materialising computes tomorrow's 8:00 in several calendars.
const TIMEZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

/**
 * `count` confirmed subscribers, each enrolled in the course at `position` with the lesson due at
 * `dueAt` (`now()` of this transaction when omitted). One transaction, so a dispatcher already
 * running sees either none of them or all; ANALYZE inside it gives the planner real statistics
 * from the first query on, as a table that grew over months would have.
 */
export async function seedEnrollments(
  sql: postgres.Sql,
  { count, position = 0, dueAt }: { count: number; position?: number; dueAt?: Date },
): Promise<void> {
  await sql.begin(async (tx) => {
    await insertSubscribers(tx, count);
    await tx`
      insert into enrollments (subscriber_id, course_slug, position, next_due_at, status)
      select id, ${course.slug}, ${position}, coalesce(${dueAt ?? null}::timestamptz, now()), 'active'
      from subscribers order by id`;
    await tx`analyze subscribers`;
    await tx`analyze enrollments`;
  });
}

/** Subscribers with one pending lesson delivery each and no batch: the naive pipeline's input. */
export async function seedLoneDeliveries(sql: postgres.Sql, count: number, template: string): Promise<number[]> {
  return sql.begin(async (tx) => {
    await insertSubscribers(tx, count);
    const rows = await tx<{ id: string }[]>`
      insert into deliveries (dedupe_key, kind, subscriber_id, lesson_index, template, due_at)
      select 'naive:' || id, 'lesson', id, 0, ${template}, now() from subscribers order by id
      returning id`;
    await tx`analyze subscribers`;
    await tx`analyze deliveries`;
    return rows.map((r) => Number(r.id));
  });
}

async function insertSubscribers(tx: postgres.TransactionSql, count: number): Promise<void> {
  await tx`
    insert into subscribers (email, first_name, timezone, status, confirmed_at)
    select 'reader' || g || '@bench.example.com',
           case when g % 4 = 0 then null else 'Reader ' || g end,
           (${tx.array(TIMEZONES)}::text[])[1 + g % ${TIMEZONES.length}],
           'active', now()
    from generate_series(1, ${count}::int) as g`;
}
