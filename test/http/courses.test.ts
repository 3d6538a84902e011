import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCourse } from '../../src/courses/course-file.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { confirmationOf } from '../../src/courses/template-keys.js';

// Several courses over HTTP, with the real workers sending: each course has its page, a signup
// names its course, the confirmation and lesson 1 belong to that course, and a confirmed mom
// joins another course at once without the answer telling a stranger that she is on the list.

const SECOND = 'postpartum-perfectionism';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('several courses over HTTP', () => {
  let h: Harness;
  let main: LoadedCourse;
  let second: LoadedCourse;

  const inbox = (email: string) => h.fake.emails().filter((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email)));
  const confirmPath = (html: string | undefined) => /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(html ?? '')?.[1];
  const lessonsSentTo = (email: string) =>
    h.db.sql<{ template: string; status: string }[]>`
      select d.template, d.status from deliveries d join subscribers s on s.id = d.subscriber_id
      where s.email = ${email} and d.kind = 'lesson' order by d.id`;
  const counts = async () => {
    const [row] = await h.db.sql<{ subscribers: number; enrollments: number; deliveries: number; batches: number }[]>`
      select (select count(*)::int from subscribers) as subscribers, (select count(*)::int from enrollments) as enrollments,
             (select count(*)::int from deliveries) as deliveries, (select count(*)::int from send_batches) as batches`;
    return row!;
  };

  /** Signs her up for `course` (the main one when null) and follows the link in her confirmation email. */
  async function signUpAndConfirm(email: string, course: string | null) {
    const res = await h.app.request('/api/subscribers', json({ email, firstName: 'Noor', course }));
    expect(res.status).toBe(202);
    const confirmation = await waitFor(`${email}'s confirmation`, () => inbox(email)[0]);
    const link = confirmPath(confirmation.html);
    expect(link).toBeTruthy();
    expect((await openConfirmationLink((url, init) => h.app.request(url, init), link!)).status).toBe(200);
    return confirmation;
  }

  beforeAll(async () => {
    h = await createHarness();
    main = h.ctx.catalog.main;
    second = h.ctx.catalog.course(SECOND)!;
    await h.startWorkers();
  });
  afterAll(async () => h?.close());

  it('shows the main course at / and links the other course', async () => {
    expect(main.slug).toBe('releasing-mom-guilt');
    const res = await h.app.request('/');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Fixture Main Course</h1>');
    expect(page).toContain('<input type="hidden" name="course" value="releasing-mom-guilt">');
    expect(page).toContain(`<a href="/courses/${SECOND}">${second.title}</a>`);
  });

  it('shows the second course at its own address, with its slug in a hidden form field', async () => {
    const res = await h.app.request(`/courses/${SECOND}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<h1>${second.title}</h1>`);
    expect(page).toContain(`<input type="hidden" name="course" value="${SECOND}">`);
    expect(page).not.toContain('<h1>Fixture Main Course</h1>');
    // And the main course is the other one it links, at /.
    expect(page).toContain(`<a href="/">${main.title}</a>`);
  });

  it('answers an unknown course page with the 404 page', async () => {
    const res = await h.app.request('/courses/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('We couldn’t find that page');
  });

  it('a signup for the second course gets a confirmation naming it, then lesson 1 of that course', async () => {
    const email = 'lina@example.com';
    const confirmation = await signUpAndConfirm(email, SECOND);
    expect(confirmation.subject).toBe(confirmationOf(h.ctx.catalog, second).subject);
    expect(confirmation.html).toContain(second.title);
    expect(confirmation.html).not.toContain(main.title);

    const lesson1 = await waitFor('lesson 1 of the second course', () => inbox(email)[1]);
    expect(lesson1.subject).toBe(second.lessons[0]!.subject);
    await waitFor('lesson 1 recorded as sent', async () => (await lessonsSentTo(email)).every((r) => r.status === 'sent'));
    expect(await lessonsSentTo(email)).toEqual([{ template: `${SECOND}/${second.lessons[0]!.id}`, status: 'sent' }]);
    const enrollments = await h.db.sql`
      select e.course_slug, e.status from enrollments e join subscribers s on s.id = e.subscriber_id where s.email = ${email}`;
    expect(enrollments).toEqual([{ course_slug: SECOND, status: 'active' }]);
  });

  it('a confirmed mom joins a second course at once, with no second confirmation, and the answer is a stranger’s', async () => {
    const mom = 'maren@example.com';
    await signUpAndConfirm(mom, null);
    await waitFor('lesson 1 of the main course', () => inbox(mom).length === 2);
    expect(inbox(mom)[1]!.subject).toBe(main.lessons[0]!.subject);

    const stranger = 'someone-new@example.com';
    const hers = await h.app.request('/api/subscribers', json({ email: mom, course: SECOND }));
    const theirs = await h.app.request('/api/subscribers', json({ email: stranger, course: SECOND }));
    expect(hers.status).toBe(theirs.status);
    expect(hers.status).toBe(202);
    expect(await hers.text()).toBe(await theirs.text());

    await waitFor('lesson 1 of the second course for her', () => inbox(mom).length === 3);
    expect(inbox(mom)[2]!.subject).toBe(second.lessons[0]!.subject);
    await waitFor('the stranger’s confirmation', () => inbox(stranger).length === 1);
    expect(inbox(stranger)[0]!.subject).toBe(confirmationOf(h.ctx.catalog, second).subject);

    // The dispatcher looks again, and its sends finish: nothing else was on its way to her.
    await h.afterDispatcherTicks(1);
    expect(inbox(mom).map((e) => e.subject)).toEqual([confirmationOf(h.ctx.catalog, main).subject, main.lessons[0]!.subject, second.lessons[0]!.subject]);
    const confirmations = await h.db.sql`
      select d.template from deliveries d join subscribers s on s.id = d.subscriber_id where s.email = ${mom} and d.kind = 'confirmation'`;
    expect(confirmations).toEqual([{ template: `confirm-subscription:${main.slug}` }]);
    const enrollments = await h.db.sql`
      select e.course_slug, e.status from enrollments e join subscribers s on s.id = e.subscriber_id
      where s.email = ${mom} order by e.id`;
    expect(enrollments).toEqual([
      { course_slug: main.slug, status: 'active' },
      { course_slug: SECOND, status: 'active' },
    ]);
  });

  it('refuses an unknown course with a coded JSON error and writes nothing', async () => {
    const before = await counts();
    const stranger = await h.app.request('/api/subscribers', json({ email: 'nobody-yet@example.com', course: 'nope' }));
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await stranger.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect(body.error.message).toContain('nope');

    // The same for someone already on the list: no enrollment in a course that does not exist.
    const known = await h.app.request('/api/subscribers', json({ email: 'maren@example.com', course: 'nope' }));
    expect(known.status).toBe(404);
    expect(await known.json()).toEqual(body);
    expect(await counts()).toEqual(before);
    expect(await h.db.sql`select 1 from subscribers where email = 'nobody-yet@example.com'`).toEqual([]);
  });

  it('answers the browser form with a friendly 404 page for an unknown course, and writes nothing', async () => {
    const before = await counts();
    const form = await h.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ email: 'form-stranger@example.com', course: 'nope' }).toString(),
    });
    expect(form.status).toBe(404);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await form.text()).toContain('Please sign up from the course’s own page.');
    expect(await counts()).toEqual(before);
  });
});
