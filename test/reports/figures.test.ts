import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

const TOKEN = 'stats-token-stats-token-1234';

describe('GET /api/admin/stats', () => {
  let h: Harness;
  const get = (path: string, token: string | null = TOKEN) =>
    h.app.request(`/api/admin${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_TOKEN: TOKEN } });
    const course = h.ctx.catalog.main;
    const [first, second] = course.lessons;
    // Four moms: two had lesson 1 only (one of them then left), two had lessons 1 and 2.
    await h.db.sql`
      insert into subscribers (email, timezone, status, unsubscribed_at) values
        ('a@example.com', 'UTC', 'active', null), ('b@example.com', 'UTC', 'unsubscribed', now()),
        ('c@example.com', 'UTC', 'active', null), ('d@example.com', 'UTC', 'bounced', null)`;
    await h.db.sql`
      insert into enrollments (subscriber_id, course_slug, position, status)
      select id, ${course.slug}, case when email in ('a@example.com', 'b@example.com') then 1 else 2 end, 'active' from subscribers`;
    const key = (lesson: typeof first) => `${course.slug}/${lesson!.id}`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, status, provider_status, due_at, sent_at)
      select 'lesson', s.id, e.id, 0, ${key(first)}, 'sent',
             case s.email when 'd@example.com' then 'bounced' when 'c@example.com' then 'complained' else 'delivered' end, now(), now()
      from subscribers s join enrollments e on e.subscriber_id = s.id`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, status, provider_status, due_at, sent_at)
      select 'lesson', s.id, e.id, 1, ${key(second)}, 'sent', null, now(), now()
      from subscribers s join enrollments e on e.subscriber_id = s.id where s.email in ('c@example.com', 'd@example.com')`;
    // Rows written straight into deliveries, as if from before the running totals were kept:
    // the migration's backfill counts them (sends and webhooks keep the totals from then on).
    await backfill();
  });
  const backfill = async () => {
    await h.db.sql`truncate delivery_figures`;
    const migration = readFileSync('drizzle/0010_delivery_figures.sql', 'utf8');
    await h.db.sql.unsafe(migration.slice(migration.indexOf('INSERT INTO "delivery_figures"')));
  };
  afterAll(async () => h?.close());

  it('gives the course funnel per lesson, as counts only', async () => {
    const response = await get('/stats/funnel?course=releasing-mom-guilt');
    expect(response.status).toBe(200);
    const funnel = (await response.json()) as { course: string; enrolled: number; lessons: Array<Record<string, unknown>> };
    // Without TRACKING=on there are no open or click figures at all, not zeros.
    expect(funnel).toMatchObject({ course: 'releasing-mom-guilt', enrolled: 4, completed: 0, trackingNote: null });
    expect(funnel.lessons.every((lesson) => lesson.tracking === null)).toBe(true);
    expect(funnel.lessons).toHaveLength(h.ctx.catalog.main.lessons.length);
    expect(funnel.lessons[0]).toMatchObject({ day: 1, sent: 4, delivered: 3, bounced: 1, complained: 1, unsubscribedAfter: 1 });
    expect(funnel.lessons[1]).toMatchObject({ day: 2, sent: 2, delivered: 0, bounced: 0, complained: 0, unsubscribedAfter: 0 });
    expect(funnel.lessons[2]).toMatchObject({ day: 3, sent: 0 });
    expect(JSON.stringify(funnel)).not.toContain('@example.com');
  });

  it('gives one broadcast’s figures', async () => {
    const [b] = await h.db.sql<{ id: string }[]>`
      insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at)
      values ('n', 'emails/newsletters/n.md', 'markdown', 'Hi', 'all', 'now', 'sent', 2, now(), now()) returning id`;
    await h.db.sql`
      insert into deliveries (kind, subscriber_id, broadcast_id, template, status, provider_status, due_at, sent_at)
      select 'broadcast', id, ${b!.id}, 'broadcast:' || ${b!.id}, 'sent', 'delivered', now() - interval '1 hour', now() - interval '1 hour'
      from subscribers where email in ('a@example.com', 'b@example.com')`;
    await backfill();
    const figures = await (await get(`/stats/broadcasts/${b!.id}`)).json();
    expect(figures).toEqual({ id: Number(b!.id), recipients: 2, sent: 2, delivered: 2, bounced: 0, complained: 0, unsubscribedAfter: 1, tracking: null, trackingNote: null });
    expect((await get('/stats/broadcasts/999')).status).toBe(404);
  });

  it('needs the admin token, and names an unknown course', async () => {
    expect((await get('/stats/funnel', null)).status).toBe(401);
    expect((await get('/stats/funnel?course=nope')).status).toBe(404);
  });
});
