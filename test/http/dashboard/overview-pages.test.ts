import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonTemplateKey } from '../../../src/courses/template-keys.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';

const PASSWORD = 'a long and gentle password';
/** With it, Resend's webhooks report deliveries and bounces, and the pages show those figures. */
const WEBHOOKS = { RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

/** The page's table rows as plain cells: a cell's data-label (its heading, for phones) set aside. */
const plainCells = (html: string) => html.replace(/<td data-label="[^"]*">/g, '<td>');

/** Seeds running totals straight into delivery_figures: the pages read only those and aggregates. */
async function seedFigures(h: Harness) {
  const course = h.ctx.catalog.main;
  // Lesson n: 1000 - 100n sent, of which 10n bounced and n complained.
  for (const [i, lesson] of course.lessons.entries()) {
    const n = i + 1;
    await h.db.sql`
      insert into delivery_figures (template, sent, delivered, bounced, complained, opens, machine_opens, clicks, machine_clicks)
      values (${lessonTemplateKey(course.slug, lesson.id)}, ${1000 - 100 * n}, ${1000 - 100 * n - 10 * n}, ${10 * n}, ${n}, ${300 - n}, 5, ${40 + n}, 2)`;
  }
  // Three moms joined today (the harness's clock: 2 March 2026), two confirmed, one then left after lesson 2.
  await h.db.sql`
    insert into subscribers (email, status, created_at, confirmed_at, unsubscribed_at) values
      ('a@example.com', 'active', '2026-03-02T08:00:00Z', '2026-03-02T08:01:00Z', null),
      ('b@example.com', 'unsubscribed', '2026-03-02T09:00:00Z', '2026-03-02T09:01:00Z', '2026-03-02T10:00:00Z'),
      ('c@example.com', 'pending', '2026-03-02T11:00:00Z', null, null)`;
  await h.db.sql`
    insert into enrollments (subscriber_id, course_slug, position, status)
    select id, ${course.slug}, 2, case when status = 'unsubscribed' then 'cancelled' else 'active' end from subscribers where status <> 'pending'`;
  const [b] = await h.db.sql<{ id: string }[]>`
    insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at, started_at)
    values ('spring', 'emails/newsletters/spring.md', 'markdown', 'A spring note for tired moms', 'all', 'now', 'sent', 812, now(), now(), now()) returning id`;
  // She (b@) unsubscribed after the newsletter reached her.
  await h.db.sql`
    insert into deliveries (kind, subscriber_id, broadcast_id, template, status, provider_status, due_at, sent_at)
    select 'broadcast', id, ${b!.id}, ${`broadcast:${b!.id}`}, 'sent', 'delivered', '2026-03-02T09:30:00Z', '2026-03-02T09:30:00Z'
    from subscribers where status <> 'pending'`;
  await h.db.sql`
    insert into delivery_figures (template, sent, delivered, bounced, complained, opens, machine_opens, clicks, machine_clicks)
    values (${`broadcast:${b!.id}`}, 811, 790, 21, 3, 412, 9, 57, 4)`;
  return Number(b!.id);
}

describe('the dashboard overview and course pages', () => {
  let h: Harness;
  let cookie: string;
  let broadcastId: number;
  const get = (path: string) => h.app.request(path, { headers: { cookie } });

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD, ...WEBHOOKS } });
    broadcastId = await seedFigures(h);
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => h?.close());

  it('shows growth, the main course’s funnel as charts and a table, and the last newsletters, without opens or clicks when tracking is off', async () => {
    const res = await get('/admin');
    expect(res.status).toBe(200);
    const html = plainCells(await res.text());
    expect(html).toContain('<h1>Overview</h1>');
    // Growth: today's bucket of the day view.
    expect(html).toMatch(/<strong>3<\/strong> new/);
    expect(html).toMatch(/<strong>2<\/strong> confirmed/);
    expect(html).toMatch(/<strong>1<\/strong> unsubscribed/);
    expect(html).toContain('<th scope="row">Mar 2</th><td>3</td><td>2</td><td>1</td>');
    expect(html).toMatch(/midnight to midnight[^<]*UTC/);
    // The funnel: every lesson's bars, with a tooltip, and its row in the table.
    const course = h.ctx.catalog.main;
    expect(html).toContain(`Course: ${course.title}`);
    for (const [i] of course.lessons.entries()) {
      const n = i + 1;
      expect(html).toContain(`<title>Day ${n}: ${(1000 - 100 * n).toLocaleString('en-US')} sent</title>`);
      expect(html).toContain(`<td>${1000 - 100 * n}</td><td>${1000 - 110 * n}</td><td>${10 * n}</td><td>${n}</td><td>${n === 2 ? 1 : 0}</td></tr>`);
    }
    expect(html).toMatch(/<strong>2<\/strong> enrolled/);
    // The newsletter, with the same figures and a link to its page.
    expect(html).toContain(`<a href="/admin/broadcasts/${broadcastId}">A spring note for tired moms</a>`);
    expect(html).toContain('<td>812</td><td>811</td><td>790</td><td>21</td><td>3</td><td>1</td></tr>');
    expect(html).not.toContain('<th scope="col">Opens');
    expect(html).not.toContain('(estimate)');
    expect(html).toContain('tracking is off');
    expect(html).not.toContain('@example.com');
  });

  it('splits new subscribers by the form on her website they came through, once any came that way', async () => {
    const before = await (await get('/admin')).text();
    expect(before).not.toContain('sources-table');
    const now = h.clock.now();
    await h.db.sql`
      insert into subscribers (email, timezone, status, signup_source, created_at, updated_at)
      select 'from-blog-' || g || '@example.com', 'UTC', 'pending', 'blog-mom-guilt', ${now}, ${now} from generate_series(1, 3) g`;
    const page = await (await get('/admin')).text();
    const table = page.slice(page.indexOf('sources-table'), page.indexOf('</table>', page.indexOf('sources-table')));
    expect(table).toMatch(/<th scope="row">blog-mom-guilt<\/th>\s*<td>3<\/td>/);

    // The same span as the chart: its first day starts at her midnight (UTC here), 29 days back,
    // not 30 × 24 hours before now. The chart's first day is 1 February.
    expect(now.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    await h.db.sql`
      insert into subscribers (email, timezone, status, signup_source, created_at, updated_at) values
        ('before-the-chart@example.com', 'UTC', 'pending', 'blog-early', '2026-01-31T18:00:00Z', ${now}),
        ('first-day@example.com', 'UTC', 'pending', 'blog-first-day', '2026-02-01T01:00:00Z', ${now})`;
    const spanned = await (await get('/admin')).text();
    const rows = spanned.slice(spanned.indexOf('sources-table'), spanned.indexOf('</table>', spanned.indexOf('sources-table')));
    expect(rows).toMatch(/<th scope="row">blog-first-day<\/th>\s*<td>1<\/td>/);
    expect(rows).not.toContain('blog-early');

    // The chart itself splits by source: one series a label, each bar on its day.
    expect(spanned).toContain('href="/admin?by=day&amp;course=' );
    expect(spanned).toMatch(/<a href="\/admin\?by=day&amp;course=[^"]+&amp;split=source"[^>]*>\s*New, by form/);
    const split = await (await get('/admin?split=source')).text();
    const chart = split.slice(split.indexOf('<figure class="chart">'), split.indexOf('</figure>'));
    expect(chart).toContain('by the form they signed up on');
    expect(chart).toContain('<title>Mar 2: 3 blog-mom-guilt</title>');
    expect(chart).toContain('<title>Feb 1: 1 blog-first-day</title>');
    expect(chart).not.toContain('blog-early');
    expect(chart).toMatch(/<li>\s*<span class="swatch c\d" aria-hidden="true"><\/span>\s*blog-mom-guilt/);
    expect(split).toMatch(/aria-current="page"[^>]*>\s*New, by form/);

    // Beyond five sources, the smallest are summed as one series.
    await h.db.sql`
      insert into subscribers (email, timezone, status, signup_source, created_at, updated_at)
      select 'more-' || g || '@example.com', 'UTC', 'pending', 'page-' || g, ${now}, ${now} from generate_series(1, 4) g`;
    const crowded = await (await get('/admin?split=source')).text();
    const legend = crowded.slice(crowded.indexOf('<ul class="legend">'), crowded.indexOf('</ul>', crowded.indexOf('<ul class="legend">')));
    expect([...legend.matchAll(/<li>/g)]).toHaveLength(5);
    expect(legend).toContain('blog-mom-guilt');
    expect(legend).toMatch(/\d other forms/);
  });

  it('shows delivered, bounced and complained only when Resend’s webhooks report them, and says so once otherwise', async () => {
    const withHooks = await (await get('/admin')).text();
    expect(withHooks).toContain('<th scope="col">Delivered</th>');
    expect(withHooks).not.toContain('RESEND_WEBHOOK_SECRET');

    const plain = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
    try {
      const id = await seedFigures(plain);
      const cookie = await logIn(plain.app, PASSWORD);
      const [person] = await plain.db.sql<{ id: string }[]>`select id from subscribers where email = 'b@example.com'`;
      const pages = {
        person: await (await plain.app.request(`/admin/subscribers/${person!.id}`, { headers: { cookie } })).text(),
        overview: await (await plain.app.request('/admin', { headers: { cookie } })).text(),
        newsletters: await (await plain.app.request('/admin/broadcasts', { headers: { cookie } })).text(),
        newsletter: await (await plain.app.request(`/admin/broadcasts/${id}`, { headers: { cookie } })).text(),
      };
      for (const [name, html] of Object.entries(pages)) {
        expect(html, name).not.toMatch(/>Delivered<|>Bounced<|>Complain/);
        expect(html, name).not.toContain('<title>Day 1: 890 delivered</title>');
        expect(html.match(/RESEND_WEBHOOK_SECRET/g), name).toHaveLength(1);
        expect(html, name).toMatch(/sent/i);
      }
      // Sent and unsubscribed-after still show: the newsletter's row has its 811 sent and 1 unsubscribed after.
      expect(plainCells(pages.overview)).toContain('<td>812</td><td>811</td><td>1</td></tr>');
      expect(plainCells(pages.overview)).toContain(`<td>900</td><td>0</td></tr>`);
    } finally {
      await plain.close();
    }
  });

  it('switches to weeks, and to another course', async () => {
    const weeks = await (await get('/admin?by=week')).text();
    expect(weeks).toContain('the last 26 weeks');
    expect(weeks).toMatch(/href="\/admin\?by=week[^"]*" aria-current="page"/);
    const other = h.ctx.catalog.courses.find((c) => c.slug !== h.ctx.catalog.main.slug)!;
    const page = await (await get(`/admin?course=${other.slug}`)).text();
    expect(page).toContain(`Course: ${other.title}`);
    expect(page).toContain(`<option value="${other.slug}" selected="">`);
  });

  it('adds opens and clicks, marked as estimates, with TRACKING=on', async () => {
    const tracked = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD, TRACKING: 'on', ...WEBHOOKS } });
    try {
      const id = await seedFigures(tracked);
      const html = plainCells(await (await tracked.app.request('/admin', { headers: { cookie: await logIn(tracked.app, PASSWORD) } })).text());
      expect(html).toContain('Opens<br/><span class="estimate">estimate</span>');
      expect(html).toContain('<title>Day 1: 299 opens (estimate)</title>');
      expect(html).toContain('<td>812</td><td>811</td><td>790</td><td>21</td><td>3</td><td>1</td><td>412</td><td>57</td></tr>');
      expect(html).toContain(`/admin/broadcasts/${id}`);
      expect(html).toContain('Estimates, each a count of emails');
    } finally {
      await tracked.close();
    }
  });

  it('lists the course’s lessons in order, each with its figures, a preview and a way to edit it', async () => {
    const course = h.ctx.catalog.main;
    const res = await get(`/admin/course?course=${course.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    let last = -1;
    for (const [i, lesson] of course.lessons.entries()) {
      const at = html.indexOf(`id="lesson-${lesson.id}"`);
      expect(at, lesson.id).toBeGreaterThan(last);
      last = at;
      const next = html.indexOf('id="lesson-', at + 1);
      const section = html.slice(at, next < 0 ? undefined : next);
      expect(section).toContain(`Day ${i + 1}</span> ${lesson.title}`);
      expect(section).toContain(`<dt>Sent</dt><dd>${1000 - 100 * (i + 1)}</dd>`);
      expect(section).toContain(`<iframe src="/admin/course/${course.slug}/lessons/${lesson.id}/preview"`);
    }
    expect(html).toContain(`href="/admin/course/${course.slug}/lessons/${course.lessons[0]!.id}/edit"`);
    expect(html).toContain('<a href="/admin/course/guide">The authoring guide</a>');
  });

  it('previews a lesson as it is sent, with the sample details', async () => {
    const course = h.ctx.catalog.main;
    const lesson = course.lessons[1]!;
    const res = await get(`/admin/course/${course.slug}/lessons/${lesson.id}/preview`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(html).toContain('Sarah');
    expect(html).toContain('1 Test Lane, Testville');
    expect(html).toContain('/unsubscribe?token=');
    expect((await get(`/admin/course/${course.slug}/lessons/no-such-lesson/preview`)).status).toBe(404);
    expect((await get('/admin/course?course=no-such-course')).status).toBe(404);
  });

  it('shows the authoring guide', async () => {
    const html = await (await get('/admin/course/guide')).text();
    expect(html).toContain('<h1>Writing your courses: a guide for the author</h1>');
  });

  it('needs a session for every page', async () => {
    for (const path of ['/admin', '/admin/course', '/admin/course/guide', `/admin/course/${h.ctx.catalog.main.slug}/lessons/x/preview`]) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(303);
    }
  });
});
