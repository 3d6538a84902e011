import type postgres from 'postgres';
import type { LoadedCourse } from '../../src/courses/course-file.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { courseFunnel } from '../../src/reports/figures.js';
import { createTestDatabase } from '../support/db.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { log } from './progress.js';

export interface FunnelBenchResult {
  subscribers: number;
  deliveries: number;
  p50Ms: number;
  p95Ms: number;
  runs: number;
}

/**
 * `GET /api/admin/stats/funnel`'s use case on a course with `subscribers` moms who each had all
 * seven lessons (so 7× as many deliveries, each with a provider status as webhooks leave it, a
 * few bounced or complained, some unsubscribed after a lesson), timed `runs` times after one
 * warm-up: the dashboard asks for it on every visit.
 */
export async function runFunnelBench(subscribers: number, runs = 20): Promise<FunnelBenchResult> {
  const db = await createTestDatabase();
  const forget = cleanUpOnInterrupt(() => db.drop());
  try {
    const catalog = await loadCatalogOrThrow({});
    const course = catalog.main;
    log(`funnel: seeding ${subscribers} subscribers and ${subscribers * course.lessons.length} deliveries`);
    await seedCourseDeliveries(db.sql, course, subscribers);
    const ctx = { sql: db.sql, catalog, config: { tracking: false } };
    await courseFunnel(ctx, course.slug);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await courseFunnel(ctx, course.slug);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const [{ n }] = await db.sql<[{ n: number }]>`select count(*)::int as n from deliveries`;
    return { subscribers, deliveries: n, p50Ms: times[Math.floor(runs / 2)]!, p95Ms: times[Math.floor(runs * 0.95)]!, runs };
  } finally {
    forget();
    await db.drop();
  }
}

/**
 * `subscribers` moms who each had every lesson of `course` (so 7× as many deliveries), each with
 * a provider status as webhooks leave it, a few bounced or complained, one in fifty unsubscribed
 * after some lesson; and the running totals as sends and webhooks would have kept them. Shared by
 * the overview's bench (overview-bench.ts).
 */
export async function seedCourseDeliveries(sql: postgres.Sql, course: LoadedCourse, subscribers: number): Promise<void> {
  const keys = course.lessons.map((l) => lessonTemplateKey(course.slug, l.id));
  await sql.begin(async (tx) => {
    await tx`
      insert into subscribers (email, timezone, status, unsubscribed_at)
      select 'funnel-' || g || '@example.com', 'UTC', case when g % 50 = 0 then 'unsubscribed' else 'active' end,
             case when g % 50 = 0 then now() end
      from generate_series(1, ${subscribers}::int) g`;
    await tx`
      insert into enrollments (subscriber_id, course_slug, position, status)
      select id, ${course.slug}, case when id % 50 = 0 then 1 + id % 7 else 7 end, case when id % 50 = 0 then 'cancelled' else 'completed' end
      from subscribers`;
    await tx`
      insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, status, provider_message_id, provider_status, due_at, sent_at)
      select 'lesson', e.subscriber_id, e.id, k.n - 1, k.key, 'sent', 'em_' || e.id || '_' || k.n,
             case when (e.id + k.n) % 97 = 0 then 'bounced' when (e.id + k.n) % 331 = 0 then 'complained' else 'delivered' end, now(), now()
      from enrollments e cross join unnest(${tx.array(keys)}::text[]) with ordinality as k(key, n)`;
    // The running totals as sends and webhooks would have left them (the migration's backfill).
    await tx`
      insert into delivery_figures (template, sent, delivered, bounced, complained)
      select template, count(*) filter (where status = 'sent'), count(*) filter (where provider_status in ('delivered', 'complained')),
             count(*) filter (where provider_status in ('bounced', 'suppressed')), count(*) filter (where provider_status = 'complained')
      from deliveries group by template`;
    await tx`analyze`;
  });
}
