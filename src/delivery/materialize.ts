import type { AppContext } from '../context.js';
import { cadenceOf } from '../context.js';
import { nextLessonDueAt } from '../courses/schedule.js';
import type { ScheduledLesson } from '../courses/sync-lessons.js';

interface DueRow {
  enrollment_id: string;
  subscriber_id: string;
  course_slug: string;
  /** The lesson numbers she has had or skips, as Postgres prints the array: `{0,1,2}`. */
  done: string;
  timezone: string;
  /** Her own hour from the preference page; null means SEND_HOUR. */
  send_hour: number | null;
  next_due_at: Date;
}

/** What comes next for everyone in one course with the same lessons done. */
interface Plan {
  send: ScheduledLesson | null;
  /** Whether another lesson follows `send` for her; if not, her enrollment completes with it. */
  more: boolean;
}

/**
 * Turns enrollments whose next lesson is due into delivery rows, already grouped into send
 * batches, and moves each enrollment on to its following lesson, all in one transaction.
 *
 * Her next lesson is the first in the course's current order that is not in her `done` set, so
 * a course edited while she is in it never repeats a lesson or re-numbers one (see
 * src/courses/sync-lessons.ts for the rule). Row locks with SKIP LOCKED let several
 * dispatchers share the due set without blocking; the unique (enrollment, lesson number) key
 * makes a second materialisation of the same lesson impossible even if two of them somehow saw
 * the same row. Returns the new batch ids and how many enrollments it took.
 */
export async function materializeDueLessons(ctx: AppContext, now: Date, limit = 5_000): Promise<{ batchIds: number[]; taken: number }> {
  const cadence = cadenceOf(ctx.config);
  const batchSize = 100;
  const courses = [...ctx.schedule.keys()];

  // Most passes find nobody due. The earliest due time is one entry at the head of
  // enrollments_due_idx, by a statement without parameters, so its one plan is kept; the query
  // below is planned afresh on every pass (a generic plan for `next_due_at <= $1` guesses a third
  // of the list is due and scans it all), and the planner's look at the index ends for its
  // estimates cost more the deeper the index: the idle pass grew with the list. Nobody is missed:
  // whoever falls due after this look is taken by the next pass, as after the query's own look.
  const [earliest] = await ctx.sql<{ next_due_at: Date }[]>`
    select next_due_at from enrollments where status = 'active' and next_due_at is not null order by next_due_at limit 1`;
  if (!earliest || earliest.next_due_at > now) return { batchIds: [], taken: 0 };

  return ctx.sql.begin(async (tx) => {
    // Ordered by due time alone, which enrollments_due_idx yields as it is: the scan stops after
    // `limit` rows. A tie-break on id cannot come from that index, and everyone due at 8:00 in
    // one timezone ties, so Postgres sorted every due row (on disk, past work_mem) for each chunk.
    // A course whose folder is gone is not in the schedule: its moms wait rather than fail.
    const due = await tx<DueRow[]>`
      select e.id as enrollment_id, e.subscriber_id, e.course_slug, e.done::text as done, s.timezone, s.send_hour, e.next_due_at
      from enrollments e join subscribers s on s.id = e.subscriber_id
      where e.status = 'active' and e.next_due_at <= ${now} and s.status = 'active'
        and e.course_slug = any(${tx.array(courses)}::text[])
      order by e.next_due_at
      limit ${limit}
      for update of e skip locked`;
    if (due.length === 0) return { batchIds: [], taken: 0 };

    // Moms at the same point of a course share a plan; a chunk holds a handful of distinct ones.
    const plans = new Map<string, Plan>();
    const planFor = (row: DueRow): Plan => {
      const key = `${row.course_slug} ${row.done}`;
      let plan = plans.get(key);
      if (!plan) plans.set(key, (plan = planNext(ctx.schedule.get(row.course_slug) ?? [], row.done)));
      return plan;
    };

    // Group by lesson so a batch holds one template: it renders once for the whole batch. Each
    // row keeps whether a lesson follows this one for her, so her plan is looked up once.
    const byLesson = new Map<string, { lesson: ScheduledLesson; rows: Array<{ row: DueRow; more: boolean }> }>();
    const finished: DueRow[] = [];
    for (const row of due) {
      const { send, more } = planFor(row);
      // A course that lost lessons since she enrolled: nothing is left to send her.
      if (!send) {
        finished.push(row);
        continue;
      }
      const group = byLesson.get(send.template) ?? { lesson: send, rows: [] };
      group.rows.push({ row, more });
      byLesson.set(send.template, group);
    }

    const chunks: Array<{ lesson: ScheduledLesson; rows: Array<{ row: DueRow; more: boolean }> }> = [];
    for (const { lesson, rows } of byLesson.values()) {
      for (let i = 0; i < rows.length; i += batchSize) chunks.push({ lesson, rows: rows.slice(i, i + batchSize) });
    }

    // Everyone in one timezone whose lesson fell due at the same instant moves on to the same
    // instant, so a chunk of thousands holds a handful of distinct pairs. Luxon's zone arithmetic
    // costs ~50 µs a call: unshared, it was a tenth of a worker's CPU with 100,000 due at once.
    // The distinct instants also travel once each, as small arrays the rows point into: parsing
    // thousands of timestamps (and template names) per chunk was a tenth of the statement's cost.
    const nexts = positions<string>();
    const dues = positions<number>();
    const nextIndex = (previous: Date, row: DueRow) => {
      const own = cadence.kind === 'daily' && row.send_hour !== null ? { kind: 'daily' as const, sendHour: row.send_hour } : cadence;
      return nexts.of(`${row.timezone} ${row.send_hour} ${previous.getTime()}`, () => nextLessonDueAt(previous, row.timezone, own).toISOString());
    };
    const dueIndex = (at: Date) => dues.of(at.getTime(), () => at.toISOString());

    // One entry per enrollment taken, all numbers. `batch` and `next` are 1-based indexes into
    // the batch and instant arrays; 0 means no lesson to send (she is past the course's end) and
    // no next lesson (the enrollment completes): an array subscript out of range is null in SQL.
    // `lesson` is the number of the lesson sent, -1 for none.
    const r = { enr: [] as string[], sub: [] as string[], lesson: [] as number[], batch: [] as number[], due: [] as number[], next: [] as number[] };
    const take = (row: DueRow, lesson: number, batch: number, next: number) => {
      r.enr.push(row.enrollment_id);
      r.sub.push(row.subscriber_id);
      r.lesson.push(lesson);
      r.batch.push(batch);
      r.due.push(dueIndex(row.next_due_at));
      r.next.push(next);
    };
    chunks.forEach((chunk, i) => {
      for (const { row, more } of chunk.rows) {
        take(row, chunk.lesson.num, i + 1, more ? nextIndex(cadence.kind === 'interval' ? now : row.next_due_at, row) : 0);
      }
    });
    for (const row of finished) take(row, -1, 0, 0);
    const sent = [...byLesson.values()].map(({ lesson, rows }) => ({ course: rows[0]!.row.course_slug, num: lesson.num }));

    // Batches, deliveries and the enrollments' next lessons in one statement. Batch ids are
    // drawn in the batches' order so the caller can enqueue them as returned. Arrays that may be
    // empty are typed (25: text), since postgres.js cannot infer a type from no elements.
    const text = (values: string[]) => tx.array(values, 25);
    const batchIds = (
      await tx<{ id: string }[]>`
        with b as materialized (
          select t.ord, nextval(pg_get_serial_sequence('send_batches', 'id')) as id, t.template
          from unnest(${text(chunks.map((c) => c.lesson.template))}::text[]) with ordinality as t(template, ord)
        ),
        r as materialized (
          select * from unnest(${tx.array(r.enr)}::bigint[], ${tx.array(r.sub)}::bigint[], ${tx.array(r.lesson)}::smallint[],
                               ${tx.array(r.batch)}::int[], ${tx.array(r.due)}::int[], ${tx.array(r.next)}::int[])
            as r(enrollment_id, subscriber_id, lesson, batch, due, next)
        ),
        instants as materialized (
          select ${text(dues.values)}::timestamptz[] as dues, ${text(nexts.values)}::timestamptz[] as nexts
        ),
        new_batches as (
          insert into send_batches (id, template, created_at, enqueued_at) overriding system value
          select id, template, ${now}, ${now} from b
        ),
        new_deliveries as (
          insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, batch_id, due_at, created_at, updated_at)
          select 'lesson', r.subscriber_id, r.enrollment_id, r.lesson, b.template, b.id,
                 instants.dues[r.due], ${now}, ${now}
          from r join b on b.ord = r.batch cross join instants
          on conflict do nothing
        ),
        -- Grouped by (next instant, lesson) and matched with = any(ids), which Postgres serves
        -- from the primary key. A join on the 5,000 ids was planned as a hash join over every
        -- enrollment (a full scan per chunk, growing with the list).
        advanced as (
          update enrollments as en
          set done = case when g.lesson >= 0 then array_append(en.done, g.lesson) else en.done end,
              position = en.position + case when g.lesson >= 0 then 1 else 0 end,
              next_due_at = instants.nexts[g.next],
              status = case when g.next = 0 then 'completed' else 'active' end, updated_at = ${now}
          from (select r.next, r.lesson, array_agg(r.enrollment_id) as ids from r group by r.next, r.lesson) as g cross join instants
          where en.id = any(g.ids)
        ),
        -- What email:check needs to know: this lesson has reached someone, so its id is for keeps.
        first_sent as (
          update course_lessons as cl set first_sent_at = ${now}
          from unnest(${text(sent.map((l) => l.course))}::text[], ${tx.array(sent.map((l) => l.num), 21)}::smallint[]) as s(course_slug, num)
          where cl.course_slug = s.course_slug and cl.num = s.num and cl.first_sent_at is null
        )
        select id from b order by ord`
    ).map((row) => Number(row.id));
    return { batchIds, taken: due.length };
  });
}

/** Distinct values in first-seen order, each known by its 1-based position, which rows point at. */
function positions<Key>() {
  const byKey = new Map<Key, number>();
  const values: string[] = [];
  return {
    values,
    of(key: Key, value: () => string): number {
      let position = byKey.get(key);
      if (position === undefined) {
        values.push(value());
        byKey.set(key, (position = values.length));
      }
      return position;
    },
  };
}

/** The first lesson of the current order she has not had, and whether any follows it. */
export function planNext(lessons: readonly ScheduledLesson[], doneText: string): Plan {
  const done = new Set(doneText.length > 2 ? doneText.slice(1, -1).split(',').map(Number) : []);
  const open = lessons.filter((lesson) => !done.has(lesson.num));
  return { send: open[0] ?? null, more: open.length > 1 };
}
