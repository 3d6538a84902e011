import type postgres from 'postgres';

// A spread of zones, so materialising computes the next 8:00 in several calendars.
const MIXED_TIMEZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

export interface ReaderOptions {
  /** Addresses are `<tag>-<n>@example.com`, so a test that seeds twice can tell the groups apart. */
  tag: string;
  /** When they signed up and confirmed; now by default. */
  joinedAt?: Date;
  /**
   * A list like a real one, as the bench wants it: readers spread over several zones and every
   * fourth without a first name (the other render variant). Off, every reader is `Reader <n>` in UTC.
   */
  mixed?: boolean;
}

/**
 * `insert into subscribers … returning id, email` for `count` confirmed readers, as a fragment for
 * a `with` clause: the rows that hang off them go in by the same statement, without a round trip.
 */
export function insertReaders(sql: postgres.TransactionSql, count: number, options: ReaderOptions): postgres.Fragment {
  const joinedAt = options.joinedAt ?? new Date();
  const zones = options.mixed ? MIXED_TIMEZONES : ['UTC'];
  return sql`
    insert into subscribers (email, first_name, timezone, status, confirmed_at, created_at, updated_at)
    select ${options.tag} || '-' || g || '@example.com',
           case when ${options.mixed ?? false} and g % 4 = 0 then null else 'Reader ' || g end,
           (${sql.array(zones)}::text[])[1 + g % ${zones.length}],
           'active', ${joinedAt}, ${joinedAt}, ${joinedAt}
    from generate_series(1, ${count}::int) as g
    returning id, email`;
}

export interface SeedOptions extends Omit<ReaderOptions, 'joinedAt'> {
  courseSlug: string;
  /** When the lesson at `position` is due; the default, a second ago, makes all of them due at once. */
  dueAt?: Date;
  /**
   * Lessons already sent; 0, the default, has lesson 1 due. Their numbers are 0 … position-1,
   * which is what a course's lessons get when it is first synced (in the course's order).
   */
  position?: number;
}

/**
 * Puts `count` confirmed subscribers, each enrolled with the lesson at `position` due, straight
 * into Postgres: one statement, so a thousand arrive together as they would after a big launch,
 * without a thousand trips through the signup and confirmation routes. ANALYZE in the same
 * transaction gives the planner real statistics from the first query on, as a table that grew
 * over months would have. Returns their addresses in order.
 */
export async function seedDueEnrollments(sql: postgres.Sql, count: number, options: SeedOptions): Promise<string[]> {
  const dueAt = options.dueAt ?? new Date(Date.now() - 1_000);
  // Lesson 1 goes out on confirmation, so they joined when it fell due; but not in the future,
  // where the bench puts the next lesson of readers who are waiting for it.
  const joinedAt = new Date(Math.min(dueAt.getTime(), Date.now()));
  return sql.begin(async (tx) => {
    const rows = await tx<{ email: string }[]>`
      with fresh as (${insertReaders(tx, count, { ...options, joinedAt })}),
      enrolled as (
        insert into enrollments (subscriber_id, course_slug, position, done, next_due_at, status, enrolled_at, updated_at)
        select id, ${options.courseSlug}, ${options.position ?? 0},
               array(select generate_series(0, ${options.position ?? 0}::int - 1))::smallint[],
               ${dueAt}, 'active', ${joinedAt}, ${joinedAt} from fresh
      )
      select email from fresh order by id`;
    await tx`analyze subscribers`;
    await tx`analyze enrollments`;
    return rows.map((r) => r.email);
  });
}

export interface SubscriberSeed {
  email: string;
  firstName?: string | null;
  timezone?: string;
  /** `active` by default, and then confirmed at `createdAt`. */
  status?: 'pending' | 'active' | 'unsubscribed' | 'bounced' | 'complained';
  newsletter?: boolean;
  createdAt?: Date;
  confirmedAt?: Date | null;
  unsubscribedAt?: Date | null;
}

/**
 * People on her list as a test needs them, one statement for any number: confirmed, in UTC,
 * with no letters unless said otherwise. Returns their ids in the order given.
 */
export async function seedSubscribers(sql: postgres.Sql, people: SubscriberSeed[]): Promise<Array<{ id: number; email: string }>> {
  const now = new Date();
  const rows = people.map((p) => {
    const status = p.status ?? 'active';
    const createdAt = p.createdAt ?? now;
    return {
      email: p.email,
      first_name: p.firstName ?? null,
      timezone: p.timezone ?? 'UTC',
      status,
      newsletter: p.newsletter ?? false,
      created_at: createdAt,
      updated_at: createdAt,
      confirmed_at: p.confirmedAt !== undefined ? p.confirmedAt : status === 'pending' ? null : createdAt,
      unsubscribed_at: p.unsubscribedAt !== undefined ? p.unsubscribedAt : status === 'unsubscribed' ? createdAt : null,
    };
  });
  const inserted = await sql<{ id: string; email: string }[]>`
    insert into subscribers ${sql(rows)}
    returning id, email`;
  const idOf = new Map(inserted.map((r) => [r.email, Number(r.id)]));
  return people.map((p) => ({ id: idOf.get(p.email)!, email: p.email }));
}

/** One person; see seedSubscribers. */
export async function seedSubscriber(sql: postgres.Sql, person: SubscriberSeed): Promise<{ id: number; email: string }> {
  return (await seedSubscribers(sql, [person]))[0]!;
}
