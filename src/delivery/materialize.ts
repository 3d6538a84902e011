import type { AppContext } from '../context.js';
import { cadenceOf } from '../context.js';
import { nextLessonDueAt } from '../domain/schedule.js';
import { lessonTemplateKey } from '../mail/templates.js';

// Dates travel as ISO text inside arrays: postgres.js infers a scalar type for an array of Dates.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface DueRow {
  enrollment_id: string;
  subscriber_id: string;
  position: number;
  course_slug: string;
  timezone: string;
  next_due_at: Date;
}

/**
 * Turns enrollments whose next lesson is due into delivery rows, already grouped into send
 * batches, and moves each enrollment on to its following lesson, all in one transaction.
 *
 * Row locks with SKIP LOCKED let several dispatchers share the due set without blocking;
 * the unique (enrollment, lesson) key makes a second materialisation of the same lesson
 * impossible even if two of them somehow saw the same row. Returns the new batch ids and
 * how many enrollments it took, so the caller knows whether more may be due.
 */
export async function materializeDueLessons(ctx: AppContext, now: Date, limit = 5_000): Promise<{ batchIds: number[]; taken: number }> {
  const cadence = cadenceOf(ctx.config);
  const course = ctx.course;
  const batchSize = 100;

  return ctx.sql.begin(async (tx) => {
    // Ordered by due time alone, which enrollments_due_idx yields as it is: the scan stops after
    // `limit` rows. A tie-break on id cannot come from that index, and everyone due at 8:00 in
    // one timezone ties, so Postgres sorted every due row (on disk, past work_mem) for each chunk.
    const due = await tx<DueRow[]>`
      select e.id as enrollment_id, e.subscriber_id, e.position, e.course_slug, s.timezone, e.next_due_at
      from enrollments e join subscribers s on s.id = e.subscriber_id
      where e.status = 'active' and e.next_due_at <= ${now} and s.status = 'active'
        and e.course_slug = ${course.slug}
      order by e.next_due_at
      limit ${limit}
      for update of e skip locked`;
    if (due.length === 0) return { batchIds: [], taken: 0 };

    // Group by lesson so a batch holds one template: it renders once for the whole batch.
    const byLesson = new Map<number, DueRow[]>();
    const finished: string[] = [];
    for (const row of due) {
      // A course that lost lessons since she enrolled: nothing is left to send her.
      if (row.position >= course.lessons.length) {
        finished.push(row.enrollment_id);
        continue;
      }
      const group = byLesson.get(row.position) ?? [];
      group.push(row);
      byLesson.set(row.position, group);
    }

    const chunks: Array<{ template: string; rows: DueRow[] }> = [];
    for (const [position, rows] of byLesson) {
      const template = lessonTemplateKey(course, position);
      for (let i = 0; i < rows.length; i += batchSize) chunks.push({ template, rows: rows.slice(i, i + batchSize) });
    }

    const batchIds = chunks.length
      ? (
          await tx<{ id: string }[]>`
            select nextval(pg_get_serial_sequence('send_batches', 'id'))::bigint as id
            from generate_series(1, ${chunks.length})`
        ).map((r) => Number(r.id))
      : [];
    if (chunks.length) {
      await tx`
        insert into send_batches (id, template, created_at, enqueued_at) overriding system value
        select b.id, b.template, ${now}, ${now}
        from unnest(${tx.array(batchIds)}::bigint[], ${tx.array(chunks.map((c) => c.template))}::text[]) as b(id, template)`;
    }

    // Everyone in one timezone whose lesson fell due at the same instant moves on to the same
    // instant, so a chunk of thousands holds a handful of distinct pairs. Luxon's zone arithmetic
    // costs ~50 µs a call: unshared, it was a tenth of a worker's CPU with 100,000 due at once.
    const nextDueByZoneAndInstant = new Map<string, Date>();
    const nextDue = (previous: Date, timezone: string) => {
      const key = `${timezone} ${previous.getTime()}`;
      let next = nextDueByZoneAndInstant.get(key);
      if (!next) {
        next = nextLessonDueAt(previous, timezone, cadence);
        nextDueByZoneAndInstant.set(key, next);
      }
      return next;
    };

    const d = { sub: [] as string[], enr: [] as string[], idx: [] as number[], tpl: [] as string[], batch: [] as number[], due: [] as Date[] };
    const e = { id: [] as string[], pos: [] as number[], next: [] as (Date | null)[], status: [] as string[] };
    chunks.forEach((chunk, i) => {
      for (const row of chunk.rows) {
        d.sub.push(row.subscriber_id);
        d.enr.push(row.enrollment_id);
        d.idx.push(row.position);
        d.tpl.push(chunk.template);
        d.batch.push(batchIds[i]!);
        d.due.push(row.next_due_at);
        const last = row.position + 1 >= course.lessons.length;
        e.id.push(row.enrollment_id);
        e.pos.push(row.position + 1);
        e.next.push(last ? null : nextDue(cadence.kind === 'interval' ? now : row.next_due_at, row.timezone));
        e.status.push(last ? 'completed' : 'active');
      }
    });
    for (const id of finished) {
      e.id.push(id);
      e.pos.push(course.lessons.length);
      e.next.push(null);
      e.status.push('completed');
    }

    if (d.sub.length) {
      await tx`
        insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, batch_id, due_at, created_at, updated_at)
        select 'lesson', s, en, ix, tp, b, du, ${now}, ${now}
        from unnest(${tx.array(d.sub)}::bigint[], ${tx.array(d.enr)}::bigint[],
                    ${tx.array(d.idx)}::smallint[], ${tx.array(d.tpl)}::text[], ${tx.array(d.batch)}::bigint[],
                    ${tx.array(d.due.map(iso))}::timestamptz[]) as u(s, en, ix, tp, b, du)
        on conflict do nothing`;
    }
    await tx`
      update enrollments as en set position = u.pos, next_due_at = u.next, status = u.status, updated_at = ${now}
      from unnest(${tx.array(e.id)}::bigint[], ${tx.array(e.pos)}::smallint[], ${tx.array(e.next.map(iso))}::timestamptz[],
                  ${tx.array(e.status)}::text[]) as u(id, pos, next, status)
      where en.id = u.id`;
    return { batchIds, taken: due.length };
  });
}
