import type postgres from 'postgres';
import { lessonTemplateKey } from '../courses/template-keys.js';
import type { Catalog } from './catalog.js';
import type { LoadedCourse } from './course-file.js';

/** One course's lessons as the engine sends them: current order, each with its stored number. */
export interface ScheduledLesson {
  num: number;
  id: string;
  /** Stored on deliveries and batches: `<course>/<lesson id>`. */
  template: string;
  /** 1-based place in the current order: "Day N of M". */
  dayNumber: number;
}

export type LessonSchedule = ReadonlyMap<string, readonly ScheduledLesson[]>;

export interface SyncReport {
  schedule: LessonSchedule;
  /** Lessons new to a course that already had some, and how many moms had passed their place. */
  added: Array<{ course: string; id: string; skippedFor: number }>;
  /** Ids that left a course; `unmarked` when one had been sent and is not listed under removed. */
  removed: Array<{ course: string; id: string; unmarked: boolean }>;
}

// Any fixed number, the same in every process: web and workers start together, and every change
// to her content (an import, a dashboard save) takes it for its transaction.
export const CONTENT_LOCK = 7_243_902;

/**
 * Records the course files' lessons in Postgres and answers each enrollment's question "what is
 * next for her?" across edits. Run at every start-up, under a lock, idempotently.
 *
 * The rule, for a mom part-way through: a lesson added *after* her place (the last lesson she
 * has had, in the new order) reaches her; one inserted *before* it never does, so it is marked
 * done for her here, once, when it first appears. A removed lesson is simply not in the order
 * any more. A reordered course is followed for what she has not had, since moved lessons are
 * not new. Moms who finished stay finished.
 */
export async function syncCourseLessons(sql: postgres.Sql, catalog: Catalog, now: Date): Promise<SyncReport> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${CONTENT_LOCK})`;
    return syncCourses(tx, catalog, now);
  });
}

/** The same, inside a transaction that already holds CONTENT_LOCK (a save of her content). */
export async function syncCourses(tx: postgres.TransactionSql, catalog: Catalog, now: Date): Promise<SyncReport> {
  const report: SyncReport = { schedule: new Map(), added: [], removed: [] };
  const schedule = new Map<string, ScheduledLesson[]>();
  for (const course of catalog.courses) schedule.set(course.slug, await syncCourse(tx, course, now, report));
  report.schedule = schedule;
  return report;
}

/**
 * The schedule as the last sync left it, without changing anything: what a process that did not
 * make a change reads when her content changed. A lesson with no number yet (never synced) is
 * left out until the sync that gives it one.
 */
export async function readSchedule(sql: postgres.Sql | postgres.TransactionSql, catalog: Catalog): Promise<LessonSchedule> {
  const rows = await sql<{ course_slug: string; lesson_id: string; num: number }[]>`select course_slug, lesson_id, num from course_lessons`;
  const nums = new Map(rows.map((r) => [`${r.course_slug}/${r.lesson_id}`, r.num]));
  const schedule = new Map<string, ScheduledLesson[]>();
  for (const course of catalog.courses) {
    const lessons: ScheduledLesson[] = [];
    for (const lesson of course.lessons) {
      const num = nums.get(`${course.slug}/${lesson.id}`);
      if (num !== undefined) lessons.push({ num, id: lesson.id, template: lessonTemplateKey(course.slug, lesson.id), dayNumber: lessons.length + 1 });
    }
    schedule.set(course.slug, lessons);
  }
  return schedule;
}

async function syncCourse(tx: postgres.TransactionSql, course: LoadedCourse, now: Date, report: SyncReport): Promise<ScheduledLesson[]> {
  const known = await tx<{ lesson_id: string; num: number; first_sent_at: Date | null; removed_at: Date | null }[]>`
    select lesson_id, num, first_sent_at, removed_at from course_lessons where course_slug = ${course.slug}`;
  const numById = new Map(known.map((k) => [k.lesson_id, k.num]));
  let next = known.reduce((max, k) => Math.max(max, k.num + 1), 0);
  const fresh: string[] = [];
  for (const lesson of course.lessons) {
    if (numById.has(lesson.id)) continue;
    numById.set(lesson.id, next++);
    fresh.push(lesson.id);
  }
  if (fresh.length > 0) {
    await tx`
      insert into course_lessons (course_slug, lesson_id, num, created_at)
      select ${course.slug}, id, num, ${now} from unnest(${tx.array(fresh)}::text[], ${tx.array(fresh.map((id) => numById.get(id)!))}::smallint[]) as t(id, num)`;
  }
  const order = course.lessons.map((lesson) => numById.get(lesson.id)!);

  // A course seen for the first time has nobody in it yet; only edits of a live one need this.
  if (known.length > 0) {
    for (const id of fresh) {
      const num = numById.get(id)!;
      const later = order.slice(order.indexOf(num) + 1);
      const skipped = later.length === 0 ? [] : await tx`
        update enrollments set done = array_append(done, ${num}::smallint), updated_at = ${now}
        where course_slug = ${course.slug} and status in ('pending', 'active')
          and done && ${tx.array(later)}::smallint[] and not (${num}::smallint = any(done))
        returning id`;
      report.added.push({ course: course.slug, id, skippedFor: skipped.length });
    }
  }

  const current = new Set(course.lessons.map((l) => l.id));
  for (const k of known) {
    if (current.has(k.lesson_id)) {
      if (k.removed_at) await tx`update course_lessons set removed_at = null where course_slug = ${course.slug} and lesson_id = ${k.lesson_id}`;
      continue;
    }
    if (!k.removed_at) {
      await tx`update course_lessons set removed_at = ${now} where course_slug = ${course.slug} and lesson_id = ${k.lesson_id}`;
      report.removed.push({ course: course.slug, id: k.lesson_id, unmarked: k.first_sent_at !== null && !course.removed.includes(k.lesson_id) });
    }
  }
  return course.lessons.map((lesson, i) => ({ num: numById.get(lesson.id)!, id: lesson.id, template: lessonTemplateKey(course.slug, lesson.id), dayNumber: i + 1 }));
}
