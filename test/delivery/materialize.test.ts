import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import type { LoadedCourse } from '../../src/courses/course-file.js';
import { syncCourseLessons } from '../../src/courses/sync-lessons.js';
import type { AppContext } from '../../src/context.js';
import { materializeDueLessons } from '../../src/delivery/materialize.js';
import { nextLessonDueAt } from '../../src/courses/schedule.js';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedDueEnrollments } from '../support/seed.js';

// The dispatcher's one write path, against real Postgres: which rows it creates and how it moves
// each enrollment on, for readers at different places in the course and in several time zones.
let db: TestDatabase;
let course: LoadedCourse;
let ctx: AppContext;

beforeAll(async () => {
  db = await createTestDatabase();
  const catalog = await loadCatalogOrThrow();
  course = catalog.main;
  const { schedule } = await syncCourseLessons(db.sql, catalog, new Date());
  ctx = { sql: db.sql, catalog, schedule, config: { courseIntervalMs: null, sendHour: 8 } } as unknown as AppContext;
});
const keyAt = (position: number) => lessonTemplateKey(course.slug, course.lessons[position]!.id);
afterAll(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
});

interface EnrollmentRow {
  id: string;
  subscriber_id: string;
  position: number;
  status: string;
  next_due_at: Date | null;
  timezone: string;
}

const enrollments = () =>
  db.sql<EnrollmentRow[]>`
    select e.id, e.subscriber_id, e.position, e.status, e.next_due_at, s.timezone
    from enrollments e join subscribers s on s.id = e.subscriber_id order by e.id`;

describe('materializeDueLessons', () => {
  it('creates one delivery per due reader, one template per batch, and moves each enrollment on', async () => {
    const dueAt = new Date('2026-03-07T13:00:00Z'); // before the US clocks change on the 8th
    const now = new Date('2026-03-07T14:00:00Z');
    const last = course.lessons.length - 1;
    for (const [tag, position] of [['first', 0], ['middle', 3], ['last', last], ['beyond', last + 2]] as const) {
      await seedDueEnrollments(db.sql, 14, { tag, courseSlug: course.slug, mixed: true, position, dueAt });
    }
    const before = await enrollments();

    const { batchIds, taken } = await materializeDueLessons(ctx, now);

    expect(taken).toBe(56);
    const batches = await db.sql<{ id: string; template: string; status: string; members: string }[]>`
      select b.id, b.template, b.status, count(d.id) as members
      from send_batches b left join deliveries d on d.batch_id = b.id group by b.id order by b.id`;
    expect(batches.map((b) => Number(b.id))).toEqual(batchIds);
    expect(batches.map((b) => [b.template, b.status, Number(b.members)]).sort()).toEqual(
      [0, 3, last].map((position) => [keyAt(position), 'pending', 14]).sort(),
    );

    const deliveries = await db.sql<{ enrollment_id: string; lesson_index: number; template: string; due_at: Date; status: string }[]>`
      select enrollment_id, lesson_index, template, due_at, status from deliveries order by enrollment_id`;
    const byEnrollment = new Map(deliveries.map((d) => [d.enrollment_id, d]));
    const after = new Map((await enrollments()).map((e) => [e.id, e]));
    for (const was of before) {
      const now = after.get(was.id)!;
      if (was.position > last) {
        // Past the end of the course (it lost lessons): nothing to send, the enrollment completes.
        expect(byEnrollment.has(was.id)).toBe(false);
        expect(now).toMatchObject({ position: was.position, status: 'completed', next_due_at: null });
        continue;
      }
      expect(byEnrollment.get(was.id)).toEqual({
        enrollment_id: was.id,
        lesson_index: was.position,
        template: keyAt(was.position),
        due_at: dueAt,
        status: 'pending',
      });
      if (was.position === last) {
        expect(now).toMatchObject({ position: course.lessons.length, status: 'completed', next_due_at: null });
      } else {
        // The schedule's own arithmetic, per time zone: 8:00 local on the following day.
        const next = nextLessonDueAt(dueAt, was.timezone, { kind: 'daily', sendHour: 8 });
        expect(now).toMatchObject({ position: was.position + 1, status: 'active', next_due_at: next });
      }
    }
    expect(new Set(before.map((e) => e.timezone)).size).toBeGreaterThan(3);
  });

  it('fills batches of 100 in order, takes at most `limit`, and never materialises a lesson twice', async () => {
    await seedDueEnrollments(db.sql, 250, { tag: 'reader', courseSlug: course.slug });
    const now = new Date();

    const first = await materializeDueLessons(ctx, now, 220);
    expect(first.taken).toBe(220);
    const second = await materializeDueLessons(ctx, now, 220);
    expect(second.taken).toBe(30);
    expect(await materializeDueLessons(ctx, now, 220)).toEqual({ batchIds: [], taken: 0 });

    const sizes = await db.sql<{ batch_id: string; n: string }[]>`
      select batch_id, count(*) as n from deliveries group by batch_id order by batch_id`;
    expect(sizes.map((s) => Number(s.n))).toEqual([100, 100, 20, 30]);
    expect(sizes.map((s) => Number(s.batch_id))).toEqual([...first.batchIds, ...second.batchIds]);
    const [count] = await db.sql<{ n: string }[]>`select count(distinct enrollment_id) as n from deliveries`;
    expect(Number(count!.n)).toBe(250);
  });
});
