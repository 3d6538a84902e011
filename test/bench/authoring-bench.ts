import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { changeEffect } from '../../src/authoring/effect.js';
import { editableCourse, saveLesson } from '../../src/authoring/lessons.js';
import { loadCatalogOrThrow, type Catalog } from '../../src/courses/catalog.js';
import { openContent } from '../../src/courses/stored-content.js';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { composeEmails, type Recipient } from '../../src/delivery/compose.js';
import { manualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { createTestDatabase } from '../support/db.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { log } from './progress.js';

export interface AuthoringBenchResult {
  moms: number;
  effectP50Ms: number;
  saveP50Ms: number;
  runs: number;
  /** Per email, filling a compiled lesson for a batch of `batch` moms: a file-loaded lesson, then the same lesson after a dashboard edit. */
  render: { batch: number; fileUsPerEmail: number; editedUsPerEmail: number; fileCompileMs: number; editedCompileMs: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The lesson editor's two answers with `moms` in the course, spread over every place in it: the
 * effect sentence of an insert (SQL aggregates over enrollments) and a save of a lesson (checked,
 * versioned, synced), each timed `runs` times after a warm-up. Then the render cost of a lesson
 * loaded from its file beside the same lesson after a dashboard edit: the first batch (which
 * compiles it) and the fill per email after that.
 */
export async function runAuthoringBench(moms: number, runs = 20, batch = 100): Promise<AuthoringBenchResult> {
  const db = await createTestDatabase();
  const forget = cleanUpOnInterrupt(() => db.drop());
  try {
    const config = loadConfig({ NODE_ENV: 'test', APP_URL: 'https://course.example.com', SECRET: 'bench-secret-bench-secret-bench-1234', POSTAL_ADDRESS: '1 Bench Lane, Benchville' });
    const clock = manualClock('2026-03-02T12:00:00Z');
    const opened = await openContent(db.sql, {}, clock.now());
    const ctx = { config, db: db.db, sql: db.sql, clock, logger: silentLogger, catalog: opened.content.catalog, schedule: opened.content.schedule, content: opened.content } as unknown as AppContext;
    const course = ctx.catalog.main;
    const nums = ctx.schedule.get(course.slug)!.map((l) => l.num);
    log(`authoring: seeding ${moms} moms across the ${nums.length} places of ${course.slug}`);
    await db.sql`
      insert into subscribers (email, timezone, status, confirmed_at)
      select 'author-bench-' || g || '@example.com', 'UTC', 'active', now() from generate_series(1, ${moms}::int) g`;
    await db.sql`
      insert into enrollments (subscriber_id, course_slug, position, done, next_due_at, status)
      select id, ${course.slug}, id % ${nums.length}, (${db.sql.array(nums)}::smallint[])[1:(id % ${nums.length})], now() + interval '1 day', 'active'
      from subscribers`;
    await db.sql`analyze`;

    const middle = course.lessons[Math.floor(course.lessons.length / 2)]!.id;
    const effectTimes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await changeEffect(ctx, { course: course.slug, change: { kind: 'insert', after: middle } });
      if (i > 0) effectTimes.push(performance.now() - started);
    }
    const target = course.lessons[2]!;
    const saveTimes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await saveLesson(ctx, { course: course.slug, id: target.id, subject: `${target.subject} (${i})`, source: 'dashboard' });
      if (i > 0) saveTimes.push(performance.now() - started);
    }
    const edited = (await editableCourse(ctx, course.slug)).lessons[2]!;
    log(`authoring: effect p50 ${median(effectTimes).toFixed(0)} ms, save p50 ${median(saveTimes).toFixed(0)} ms (lesson now at version ${edited.version})`);

    const fileCatalog = await loadCatalogOrThrow({});
    const render = await renderCost(config, fileCatalog, ctx.catalog, lessonTemplateKey(course.slug, target.id), batch);
    return { moms, effectP50Ms: median(effectTimes), saveP50Ms: median(saveTimes), runs, render };
  } finally {
    forget();
    await db.drop();
  }
}

async function renderCost(config: AppContext['config'], fileCatalog: Catalog, editedCatalog: Catalog, key: string, batch: number) {
  const recipients: Recipient[] = Array.from({ length: batch }, (_, i) => ({
    deliveryId: i + 1,
    subscriberId: i + 1,
    email: `mom-${i}@example.com`,
    firstName: i % 4 === 0 ? null : `Mom ${i}`,
    createdAt: new Date('2026-03-01T00:00:00Z'),
  }));
  const time = async (catalog: Catalog) => {
    const started = performance.now();
    await composeEmails(config, catalog, key, recipients);
    const compileMs = performance.now() - started;
    const fills: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await composeEmails(config, catalog, key, recipients);
      fills.push(((performance.now() - t) * 1000) / batch);
    }
    return { compileMs, usPerEmail: median(fills) };
  };
  // Alternated, so drift on a shared machine falls on both alike.
  const file1 = await time(fileCatalog);
  const edited1 = await time(editedCatalog);
  const file2 = await time(fileCatalog);
  const edited2 = await time(editedCatalog);
  return {
    batch,
    fileUsPerEmail: Math.min(file1.usPerEmail, file2.usPerEmail),
    editedUsPerEmail: Math.min(edited1.usPerEmail, edited2.usPerEmail),
    fileCompileMs: file1.compileMs,
    editedCompileMs: edited1.compileMs,
  };
}
