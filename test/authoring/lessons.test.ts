import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEffect } from '../../src/authoring/effect.js';
import { addLesson, editableCourse, lessonVersions, moveLesson, removeLesson, reorderLessons, restoreLessonVersion, saveLesson } from '../../src/authoring/lessons.js';
import { namedLength } from '../../src/courses/named-length.js';
import { ContentRejected, loadStoredContent } from '../../src/courses/stored-content.js';
import { AppError } from '../../src/errors.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { FIXTURE_CONTENT_DIR, MAIN_COURSE_SLUG } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

// Her lessons edited as the dashboard and the API edit them: each save a version, checked first,
// kept across a reload, and sent in the new words to a mom part-way through.

const SLUG = MAIN_COURSE_SLUG;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('editing a lesson', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T07:00:00Z' });
  });
  afterAll(async () => h?.close());

  it('saves a new version of the fields given, keeps the rest, and a reload serves it', async () => {
    const before = await editableCourse(h.ctx, SLUG);
    const second = before.lessons[1]!;
    const saved = await saveLesson(h.ctx, { course: SLUG, id: second.id, subject: 'A new subject: with a colon', markdown: `${second.markdown}\n\nOne more line, added in the dashboard.`, version: second.version, source: 'dashboard' });
    expect(saved.version).toBe(second.version + 1);
    const after = await editableCourse(h.ctx, SLUG);
    expect(after.lessons[1]!.subject).toBe('A new subject: with a colon');
    expect(after.lessons[1]!.title).toBe(second.title);
    expect(after.lessons[1]!.markdown).toContain('One more line, added in the dashboard.');
    // Another process (a fresh load from Postgres) sees the same.
    const reloaded = await loadStoredContent(h.ctx.sql, { emailsDir: FIXTURE_CONTENT_DIR });
    expect(reloaded.catalog.course(SLUG)!.lessons[1]!.subject).toBe('A new subject: with a colon');
    const versions = await lessonVersions(h.ctx, { course: SLUG, id: second.id });
    expect(versions.map((v) => v.version)).toEqual([second.version + 1, second.version]);
    expect(versions[0]!.source).toBe('dashboard');
  });

  it('refuses a save from a stale version and changes nothing', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[0]!;
    await saveLesson(h.ctx, { course: SLUG, id: lesson.id, subject: 'Saved in the first tab', version: lesson.version, source: 'dashboard' });
    const error = await refusal(saveLesson(h.ctx, { course: SLUG, id: lesson.id, subject: 'Saved in the second tab', version: lesson.version, source: 'dashboard' }));
    expect(error.code).toBe('conflict');
    expect(error.reason).toBe('stale');
    expect((await editableCourse(h.ctx, SLUG)).lessons[0]!.subject).toBe('Saved in the first tab');
  });

  it('refuses a lesson that fails a check, with the check’s problem, and changes nothing', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[2]!;
    const error = await refusal(saveLesson(h.ctx, { course: SLUG, id: lesson.id, markdown: 'Read [this](www.example.com) tonight.', source: 'api' }));
    expect(error).toBeInstanceOf(ContentRejected);
    expect(error.status).toBe(422);
    expect((error as ContentRejected).problems.some((p) => p.severity === 'error' && p.line !== undefined)).toBe(true);
    const now = (await editableCourse(h.ctx, SLUG)).lessons[2]!;
    expect(now.version).toBe(lesson.version);
    expect(now.markdown).toBe(lesson.markdown);
  });

  it('restores an earlier version as the newest one', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[3]!;
    await saveLesson(h.ctx, { course: SLUG, id: lesson.id, title: 'A title she regrets', source: 'dashboard' });
    const restored = await restoreLessonVersion(h.ctx, { course: SLUG, id: lesson.id, version: lesson.version });
    expect(restored.version).toBe(lesson.version + 2);
    const now = (await editableCourse(h.ctx, SLUG)).lessons[3]!;
    expect(now.title).toBe(lesson.title);
    expect((await lessonVersions(h.ctx, { course: SLUG, id: lesson.id }))[0]!.source).toBe('restore');
  });
});

describe('adding, removing and moving lessons', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T07:00:00Z' });
  });
  afterAll(async () => h?.close());

  const lessonFields = (id: string) => ({ id, subject: `About ${id}`, preview: 'A short line for the inbox.', title: `On ${id}`, summary: 'One sentence for the course page.', markdown: 'A few kind words, and one small practice for tonight.' });

  it('says what an insert does to the moms in the course, then does it', async () => {
    const ids = (await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id);
    // Moms who have had 0, 1, 2 and 3 lessons; the new one goes after the second.
    for (const position of [0, 1, 2, 3]) await seedDueEnrollments(h.ctx.sql, 3 + position, { courseSlug: SLUG, tag: `p${position}`, position, dueAt: new Date('2026-03-03T08:00:00Z') });
    const effect = await changeEffect(h.ctx, { course: SLUG, change: { kind: 'insert', after: ids[1]! } });
    expect(effect).toMatchObject({ inCourse: 3 + 4 + 5 + 6, past: 6, ahead: 12 });
    expect(effect.sentence).toContain('6 moms');
    expect(effect.sentence).toContain('12 moms');

    const added = await addLesson(h.ctx, { course: SLUG, ...lessonFields('a-new-middle'), after: ids[1]!, source: 'dashboard' });
    expect(added).toMatchObject({ position: 3, skippedFor: 6 });
    // The fixture course's words name its length; one lesson more, and the save says so gently.
    const named = namedLength(`${h.ctx.catalog.course(SLUG)!.tagline} ${h.ctx.catalog.course(SLUG)!.description}`);
    expect(named).toBe(ids.length);
    expect(added.warnings.map((w) => w.message).join(' ')).toContain(`${ids.length + 1} lessons`);
    expect((await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id)).toEqual([ids[0], ids[1], 'a-new-middle', ...ids.slice(2)]);
  });

  it('refuses a duplicate id, an unknown `after`, an order that leaves a lesson out, and changes nothing', async () => {
    const before = await editableCourse(h.ctx, SLUG);
    const ids = before.lessons.map((l) => l.id);
    expect((await refusal(addLesson(h.ctx, { course: SLUG, ...lessonFields(ids[0]!), source: 'api' }))).reason).toBe('duplicate');
    expect((await refusal(addLesson(h.ctx, { course: SLUG, ...lessonFields('another'), after: 'no-such-lesson', source: 'api' }))).reason).toBe('unknown_after');
    const incomplete = await refusal(reorderLessons(h.ctx, { course: SLUG, ids: ids.slice(1), source: 'api' }));
    expect(incomplete.reason).toBe('incomplete_order');
    expect(incomplete.status).toBe(422);
    expect((await refusal(reorderLessons(h.ctx, { course: SLUG, ids: [...ids, 'ghost'], source: 'api' }))).reason).toBe('unknown_lesson');
    expect((await refusal(saveLesson(h.ctx, { course: SLUG, id: 'ghost', subject: 'x', source: 'api' }))).code).toBe('not_found');
    expect(await editableCourse(h.ctx, SLUG)).toEqual(before);
  });

  it('moves and removes, with the effect said first', async () => {
    const ids = (await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id);
    const last = ids.at(-1)!;
    const move = await changeEffect(h.ctx, { course: SLUG, change: { kind: 'move', id: last, after: 'start' } });
    expect(move.past).toBe(0);
    // Everyone who has had any lesson is past the start; the moms who have had none get it first anyway.
    expect(move).toMatchObject({ ahead: 18, next: 4 + 5 + 6 });
    await moveLesson(h.ctx, { course: SLUG, id: last, after: 'start', source: 'dashboard' });
    expect((await editableCourse(h.ctx, SLUG)).lessons[0]!.id).toBe(last);

    const first = ids[0]!;
    const removal = await changeEffect(h.ctx, { course: SLUG, change: { kind: 'remove', id: first } });
    // Everyone seeded with at least one lesson had the first.
    expect(removal.past).toBe(4 + 5 + 6);
    await removeLesson(h.ctx, { course: SLUG, id: first, source: 'dashboard' });
    const after = await editableCourse(h.ctx, SLUG);
    expect(after.lessons.map((l) => l.id)).not.toContain(first);
    expect(after.removed).toContain(first);
  });
});

describe('a mom part-way through', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T07:00:00Z' });
    await h.startWorkers();
  });
  afterAll(async () => h?.close());

  it('gets the words saved a moment ago at her next lesson', async () => {
    const course = await editableCourse(h.ctx, SLUG);
    const third = course.lessons[2]!;
    const [email] = await seedDueEnrollments(h.ctx.sql, 1, { courseSlug: SLUG, tag: 'partway', position: 2, dueAt: new Date('2026-03-02T08:00:00Z') });
    await saveLesson(h.ctx, { course: SLUG, id: third.id, subject: 'Tonight: words she saved a minute ago', markdown: 'A sentence written in the dashboard just now.\n\nAnd a small practice to go with it.', source: 'dashboard' });
    h.clock.set('2026-03-02T08:00:00Z');
    await kickDispatcher(h.ctx.queues);
    const sent = await waitFor('her lesson at the provider', () => h.fake.emails().find((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email!))));
    expect(sent.subject).toBe('Tonight: words she saved a minute ago');
    expect(sent.html).toContain('A sentence written in the dashboard just now.');
    // The batch records the version it rendered once the provider's answer is in.
    const batch = await waitFor('the batch recorded', async () => (await h.ctx.sql<{ content_version: number }[]>`
      select content_version from send_batches where template = ${`${SLUG}/${third.id}`} and status = 'sent'`)[0]);
    expect(batch.content_version).toBe(third.version + 1);
  });
});
