import type postgres from 'postgres';

export interface SeedOptions {
  /** Addresses are `<tag>-<n>@example.com`, so a test that seeds twice can tell the groups apart. */
  tag: string;
  courseSlug: string;
  /** When lesson 1 is due; the default, a second ago, makes all of them due at once. */
  dueAt?: Date;
}

/**
 * Puts `count` confirmed subscribers, each enrolled with lesson 1 due, straight into Postgres:
 * one statement, so a thousand arrive together as they would after a big launch, without a
 * thousand trips through the signup and confirmation routes. Returns their addresses in order.
 */
export async function seedDueEnrollments(sql: postgres.Sql, count: number, options: SeedOptions): Promise<string[]> {
  const dueAt = options.dueAt ?? new Date(Date.now() - 1_000);
  const rows = await sql<{ email: string }[]>`
    with fresh as (
      insert into subscribers (email, first_name, timezone, status, confirmed_at, created_at, updated_at)
      select ${options.tag} || '-' || g || '@example.com', 'Reader ' || g, 'UTC', 'active', ${dueAt}, ${dueAt}, ${dueAt}
      from generate_series(1, ${count}::int) as g
      returning id, email
    ), enrolled as (
      insert into enrollments (subscriber_id, course_slug, position, next_due_at, status, enrolled_at, updated_at)
      select id, ${options.courseSlug}, 0, ${dueAt}, 'active', ${dueAt}, ${dueAt} from fresh
    )
    select email from fresh order by id`;
  return rows.map((r) => r.email);
}
