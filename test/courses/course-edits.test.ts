import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerContext } from '../../src/context.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { syncCourseLessons, type SyncReport } from '../../src/courses/sync-lessons.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { startWorkers, type RunningWorkers } from '../../workers/start.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

// Safe course edits, each across a restart: six courses of five lessons (a–e) run on the real
// engine until there is a mom at every place (0 to 5 lessons had), then the files are edited,
// a new context loads and syncs them as start-up does, and the rest of each course is sent.
// Every assertion is about what each mom actually received: the rows in Postgres and the
// emails at the (fake) provider. Subjects start with "[<lesson id>]" so the inbox tells.

const AUTHOR_MD = fileURLToPath(new URL('../../emails/author.md', import.meta.url));
const V1 = ['a', 'b', 'c', 'd', 'e'];
const PLACES = [0, 1, 2, 3, 4, 5];
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_MORNING = Date.parse('2026-03-02T08:00:00Z');
const morning = (day: number) => new Date(FIRST_MORNING + day * DAY_MS);

interface LessonVersion {
  id: string;
  subject?: string;
  words?: string;
}

interface CourseCase {
  slug: string;
  /** Version 2: the lessons in their new order, and the ids she listed under removed. */
  v2: { lessons: LessonVersion[]; removed?: string[] };
  /** What the mom who had had `place` lessons before the restart ends up with, in order. */
  expected: Record<number, string[]>;
}

const plain = (ids: string[]): LessonVersion[] => ids.map((id) => ({ id }));

const CASES: CourseCase[] = [
  {
    slug: 'added-at-end',
    v2: { lessons: plain([...V1, 'f']) },
    expected: { 0: [...V1, 'f'], 1: [...V1, 'f'], 2: [...V1, 'f'], 3: [...V1, 'f'], 4: [...V1, 'f'], 5: V1 },
  },
  {
    // x goes in after b, y after d: each reaches only the moms whose place is before it.
    slug: 'inserted',
    v2: { lessons: plain(['a', 'b', 'x', 'c', 'd', 'y', 'e']) },
    expected: {
      0: ['a', 'b', 'x', 'c', 'd', 'y', 'e'],
      1: ['a', 'b', 'x', 'c', 'd', 'y', 'e'],
      2: ['a', 'b', 'x', 'c', 'd', 'y', 'e'],
      3: ['a', 'b', 'c', 'd', 'y', 'e'],
      4: ['a', 'b', 'c', 'd', 'y', 'e'],
      5: V1,
    },
  },
  {
    slug: 'removed',
    v2: { lessons: plain(['a', 'b', 'd', 'e']), removed: ['c'] },
    expected: { 0: ['a', 'b', 'd', 'e'], 1: ['a', 'b', 'd', 'e'], 2: ['a', 'b', 'd', 'e'], 3: V1, 4: V1, 5: V1 },
  },
  {
    slug: 'edited',
    v2: { lessons: V1.map((id) => (id === 'c' ? { id, subject: 'Rewritten, gently', words: 'These are the rewritten words of lesson c.' } : { id })) },
    expected: { 0: V1, 1: V1, 2: V1, 3: V1, 4: V1, 5: V1 },
  },
  {
    slug: 'reordered',
    v2: { lessons: plain(['a', 'd', 'b', 'e', 'c']) },
    expected: {
      0: ['a', 'd', 'b', 'e', 'c'],
      1: ['a', 'd', 'b', 'e', 'c'],
      2: ['a', 'b', 'd', 'e', 'c'],
      3: ['a', 'b', 'c', 'd', 'e'],
      4: ['a', 'b', 'c', 'd', 'e'],
      5: V1,
    },
  },
  {
    // "Done when": x inserted after a, c removed, f added at the end, in one edit.
    slug: 'combined',
    v2: { lessons: plain(['a', 'x', 'b', 'd', 'e', 'f']), removed: ['c'] },
    expected: {
      0: ['a', 'x', 'b', 'd', 'e', 'f'],
      1: ['a', 'x', 'b', 'd', 'e', 'f'],
      2: ['a', 'b', 'd', 'e', 'f'],
      3: ['a', 'b', 'c', 'd', 'e', 'f'],
      4: ['a', 'b', 'c', 'd', 'e', 'f'],
      5: V1,
    },
  },
];

const ORIGINAL_WORDS = (id: string) => `The original words of lesson ${id}, one small paragraph.`;

function writeCourse(root: string, slug: string, order: number, lessons: LessonVersion[], removed: string[] = []) {
  const folder = join(root, 'courses', slug);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const files = lessons.map((lesson) => {
    const file = `lesson-${lesson.id}.md`;
    writeFileSync(
      join(folder, file),
      [
        '---',
        `id: ${lesson.id}`,
        `subject: "[${lesson.id}] ${lesson.subject ?? `Lesson ${lesson.id}`}"`,
        `preview: "A preview of lesson ${lesson.id}."`,
        `title: "Lesson ${lesson.id}"`,
        `summary: "What lesson ${lesson.id} is about."`,
        '---',
        '',
        lesson.words ?? ORIGINAL_WORDS(lesson.id),
        '',
      ].join('\n'),
    );
    return file;
  });
  writeFileSync(
    join(folder, 'course.md'),
    [
      '---',
      `title: "Course ${slug}"`,
      `tagline: "A course that gets edited while moms are in it."`,
      `order: ${order}`,
      'lessons:',
      ...files.map((f) => `  - ${f}`),
      `removed: [${removed.map((r) => `"${r}"`).join(', ')}]`,
      '---',
      '',
      `The ${slug} course, for the course-edit tests.`,
      '',
    ].join('\n'),
  );
}

const address = (slug: string, place: number) => `${slug}-m${place}-1@example.com`;

describe('safe course edits, across a restart', () => {
  let h: Harness;
  let root: string;
  let restarted: WorkerContext;
  let workers: RunningWorkers | null = null;
  let report: SyncReport;
  const beforeRestart = new Map<string, number>();

  const idOfSubject = (subject: string) => /^\[([a-z0-9-]+)\]/.exec(subject)?.[1];
  const inbox = (email: string) => h.fake.emails().filter((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email)));
  const sentRows = (email: string) =>
    h.db.sql<{ template: string; lesson_index: number; status: string }[]>`
      select d.template, d.lesson_index, d.status from deliveries d join subscribers s on s.id = d.subscriber_id
      where s.email = ${email} and d.kind = 'lesson' order by d.due_at, d.id`;

  /** Sets the clock to a morning and waits until everything due by then has been sent. */
  async function runMorning(ctx: WorkerContext, day: number) {
    h.clock.set(morning(day));
    await kickDispatcher(ctx.queues);
    await waitFor(`morning ${day} sent`, async () => {
      const [row] = await h.db.sql<{ due: number; unsent: number }[]>`
        select (select count(*)::int from enrollments where status = 'active' and next_due_at <= ${morning(day)}) as due,
               (select count(*)::int from deliveries where status <> 'sent') as unsent`;
      return row!.due === 0 && row!.unsent === 0;
    });
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'course-edits-'));
    copyFileSync(AUTHOR_MD, join(root, 'author.md'));
    for (const file of ['confirm-subscription.md', 'confirm-newsletter.md']) copyFileSync(join(AUTHOR_MD, '..', file), join(root, file));
    CASES.forEach((c, i) => writeCourse(root, c.slug, i + 1, plain(V1)));

    h = await createHarness({ now: '2026-03-02T07:00:00Z', catalog: { emailsDir: root } });
    // The mom who is to have had k lessons at the restart joins 5-k mornings before it.
    for (const c of CASES) {
      for (const place of PLACES) {
        await seedDueEnrollments(h.db.sql, 1, { tag: `${c.slug}-m${place}`, courseSlug: c.slug, dueAt: morning(5 - place) });
      }
    }
    await h.startWorkers();
    for (let day = 0; day < 5; day++) await runMorning(h.ctx, day);
    await h.stopWorkers();
    for (const c of CASES) for (const place of PLACES) beforeRestart.set(address(c.slug, place), inbox(address(c.slug, place)).length);

    // She edits the files; the app starts again on the same database, as bootstrap does.
    CASES.forEach((c, i) => writeCourse(root, c.slug, i + 1, c.v2.lessons, c.v2.removed));
    const catalog = await loadCatalogOrThrow({ emailsDir: root });
    const synced = await syncCourseLessons(h.db.sql, catalog, h.clock.now());
    report = synced;
    restarted = { ...h.ctx, catalog, schedule: synced.schedule };
    workers = await startWorkers(restarted);
    for (let day = 5; day < 14; day++) {
      await runMorning(restarted, day);
      const [left] = await h.db.sql<{ active: number }[]>`select count(*)::int as active from enrollments where status = 'active'`;
      if (left!.active === 0) break;
    }
  }, 180_000);

  afterAll(async () => {
    await workers?.close();
    await h?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('put a mom at every place before the restart, through the real engine', () => {
    for (const c of CASES) {
      expect(PLACES.map((place) => beforeRestart.get(address(c.slug, place)))).toEqual(PLACES);
    }
  });

  it('finishes every course: no enrollment is left waiting, nothing is unsent, nothing reached anyone twice', async () => {
    const statuses = await h.db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from enrollments group by status`;
    expect(statuses).toEqual([{ status: 'completed', n: CASES.length * PLACES.length }]);
    expect(h.fake.stats().duplicates).toBe(0);
    // Every delivery kept the number its lesson was first given: nothing went out under another.
    const renumbered = await h.db.sql`
      select d.id from deliveries d join enrollments e on e.id = d.enrollment_id
      left join course_lessons cl on cl.course_slug = e.course_slug and cl.num = d.lesson_index
      where d.kind = 'lesson' and (cl.lesson_id is null or d.template <> e.course_slug || '/' || cl.lesson_id)`;
    expect(renumbered).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.slug}: each mom receives exactly the expected lessons, in order, each once`, async () => {
      for (const place of PLACES) {
        const email = address(c.slug, place);
        const expected = c.expected[place]!;
        const received = inbox(email).map((e) => idOfSubject(e.subject));
        expect({ place, received }).toEqual({ place, received: expected });
        const rows = await sentRows(email);
        expect({ place, rows: rows.map((r) => r.template) }).toEqual({ place, rows: expected.map((id) => `${c.slug}/${id}`) });
        expect(rows.every((r) => r.status === 'sent')).toBe(true);
        // Her first `place` lessons came before the restart: the edit never reached back.
        expect(expected.slice(0, place)).toEqual(V1.slice(0, place));
      }
    });
  }

  it('added-at-end and combined: the sync reports who was past each new lesson', () => {
    const added = (slug: string) => report.added.filter((a) => a.course === slug).map(({ id, skippedFor }) => ({ id, skippedFor }));
    expect(added('added-at-end')).toEqual([{ id: 'f', skippedFor: 0 }]);
    // x (after b) was skipped for the moms who had had c; y (after d) for nobody still active.
    expect(added('inserted')).toEqual([
      { id: 'x', skippedFor: 2 },
      { id: 'y', skippedFor: 0 },
    ]);
    // x (after a) was skipped for the moms at 2, 3 and 4 lessons; mom 5 had finished.
    expect(added('combined')).toEqual([
      { id: 'x', skippedFor: 3 },
      { id: 'f', skippedFor: 0 },
    ]);
    expect(report.removed.filter((r) => r.course === 'removed' || r.course === 'combined')).toEqual([
      { course: 'removed', id: 'c', unmarked: false },
      { course: 'combined', id: 'c', unmarked: false },
    ]);
  });

  it('edited: the rewritten lesson c reaches only the moms who had not had it; the others kept the original', () => {
    for (const place of PLACES) {
      const lessonC = inbox(address('edited', place)).find((e) => idOfSubject(e.subject) === 'c')!;
      if (place >= 3) {
        expect(lessonC.subject).toBe('[c] Lesson c');
        expect(lessonC.html).toContain(ORIGINAL_WORDS('c'));
        expect(lessonC.html).not.toContain('rewritten words');
      } else {
        expect(lessonC.subject).toBe('[c] Rewritten, gently');
        expect(lessonC.html).toContain('These are the rewritten words of lesson c.');
        expect(lessonC.html).not.toContain(ORIGINAL_WORDS('c'));
      }
      // The other lessons were not touched by the edit.
      const lessonD = inbox(address('edited', place)).find((e) => idOfSubject(e.subject) === 'd')!;
      expect(lessonD.html).toContain(ORIGINAL_WORDS('d'));
    }
  });
});
