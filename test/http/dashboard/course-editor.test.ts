import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEffect } from '../../../src/authoring/effect.js';
import { addLesson, editableCourse, lessonVersions, removeLesson } from '../../../src/authoring/lessons.js';
import { saveCourseSettings } from '../../../src/authoring/details.js';
import { MAIN_COURSE_SLUG } from '../../support/course.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { seedDueEnrollments } from '../../support/seed.js';
import { waitFor } from '../../support/wait-for.js';

const PASSWORD = 'a long and gentle password';
const SLUG = MAIN_COURSE_SLUG;

// The course editor's pages over real Postgres, without scripts: what a refused save keeps, a
// stale save, and the two-step move by the position menu. Expectations come from editableCourse.
describe('/admin/course editing', () => {
  let h: Harness;
  let cookie: string;
  const get = (path: string) => h.app.request(path, { headers: { cookie, accept: 'text/html' } });
  const post = (path: string, form: Record<string, string>) =>
    h.app.request(path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' },
      body: new URLSearchParams(form).toString(),
    });
  const editUrl = (id: string) => `/admin/course/${SLUG}/lessons/${id}/edit`;
  const formOf = (l: { subject: string; preview: string; title: string; summary: string; markdown: string; version: number }) => ({
    subject: l.subject, preview: l.preview, title: l.title, summary: l.summary, markdown: l.markdown, version: String(l.version),
  });

  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T07:00:00Z', env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => h?.close());

  it('lists every lesson in order with its subject, Edit and History links and a position menu', async () => {
    const course = await editableCourse(h.ctx, SLUG);
    const res = await get(`/admin/course?course=${SLUG}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    let last = -1;
    for (const lesson of course.lessons) {
      const at = html.indexOf(`id="lesson-${lesson.id}"`);
      expect(at, lesson.id).toBeGreaterThan(last);
      last = at;
      const next = html.indexOf('id="lesson-', at + 1);
      const section = html.slice(at, next < 0 ? undefined : next);
      expect(section).toContain(lesson.subject);
      expect(section).toContain(`href="${editUrl(lesson.id)}"`);
      expect(section).toContain(`/lessons/${lesson.id}/history"`);
      expect(section).toContain(`action="/admin/course/${SLUG}/lessons/${lesson.id}/move"`);
    }
    expect(html).not.toContain('edit its file');
  });

  it('refuses a save that fails a check with 422, the problem beside its field, and her text kept', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[2]!;
    const typed = `${lesson.markdown}\n\nRead [this](www.example.com) tonight, and breathe.`;
    const res = await post(editUrl(lesson.id), { ...formOf(lesson), markdown: typed, action: 'save' });
    expect(res.status).toBe(422);
    const html = await res.text();
    // Her words, still in the textarea (escaped as HTML).
    expect(html).toContain('Read [this](www.example.com) tonight, and breathe.');
    const problems = html.slice(html.indexOf('data-problems-for="markdown"'));
    expect(html).toContain('data-problems-for="markdown"');
    expect(problems.slice(0, problems.indexOf('</ul>'))).toMatch(/<li>[^<]+<\/li>/);
    expect(html).toContain('aria-describedby="f-markdown-hint f-markdown-problems"');
    // Nothing was saved.
    expect((await editableCourse(h.ctx, SLUG)).lessons[2]!.version).toBe(lesson.version);
  });

  it('saves a lesson with an http:// link, and says so beside the field instead of only “Saved”', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[4]!;
    const typed = `${lesson.markdown}\n\nThere is [a page I like](http://example.org/quiet) for tonight.`;
    const res = await post(editUrl(lesson.id), { ...formOf(lesson), markdown: typed, action: 'save' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const saved = (await editableCourse(h.ctx, SLUG)).lessons[4]!;
    expect(saved.version).toBeGreaterThan(lesson.version);
    expect(saved.markdown).toContain('http://example.org/quiet');
    // The warning sits on the lesson's field, marked as a warning (not an error), naming the link.
    const list = html.slice(html.indexOf('data-problems-for="markdown"') - 60);
    expect(list.slice(0, list.indexOf('</ul>'))).toMatch(/class="field-problems warning"[\s\S]*http:\/\/example\.org\/quiet/);
    expect(/<textarea id="f-markdown"[^>]*>/.exec(html)?.[0]).not.toContain('aria-invalid');
    // The page holds the saved version, so the next save from it is not stale.
    expect(html).toContain(`name="version" value="${saved.version}"`);
    // A save with nothing to look at again still goes back to the page, as before.
    const clean = await post(editUrl(lesson.id), { ...formOf(saved), markdown: lesson.markdown, action: 'save' });
    expect(clean.status).toBe(303);
  });

  it('answers the add page’s script with the sentence for a place, and a clear 422 for a place that is not one', async () => {
    const course = await editableCourse(h.ctx, SLUG);
    const after = course.lessons[0]!.id;
    const res = await h.app.request(`/admin/course/${SLUG}/add/effect?after=${after}`, { headers: { cookie, accept: 'application/json' } });
    expect(res.status).toBe(200);
    const expected = await changeEffect(h.ctx, { course: SLUG, change: { kind: 'insert', after } });
    expect(await res.json()).toEqual({ sentence: expected.sentence });
    const bad = await h.app.request(`/admin/course/${SLUG}/add/effect?after=no-such-lesson`, { headers: { cookie, accept: 'application/json' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('validation_failed');
  });

  it('refuses an empty subject on the subject field, with her other text kept', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[1]!;
    const res = await post(editUrl(lesson.id), { ...formOf(lesson), subject: '', markdown: `${lesson.markdown}\n\nA new last line.`, action: 'save' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('data-problems-for="subject"');
    expect(html).toContain('A new last line.');
  });

  it('refuses a stale save with the lesson’s changed-since words and keeps her text', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[0]!;
    const first = await post(editUrl(lesson.id), { ...formOf(lesson), subject: 'Saved in the first tab', action: 'save' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${editUrl(lesson.id)}?notice=saved`);
    const second = await post(editUrl(lesson.id), { ...formOf(lesson), subject: 'Typed in the second tab', action: 'save' });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('This lesson changed since you opened it');
    expect(html).toContain('value="Typed in the second tab"');
    expect((await editableCourse(h.ctx, SLUG)).lessons[0]!.subject).toBe('Saved in the first tab');
  });

  it('previews the typed text without saving it (the Preview button without scripts)', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[3]!;
    const res = await post(editUrl(lesson.id), { ...formOf(lesson), markdown: 'Words only in the preview, for now.', action: 'preview' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/srcdoc="[^"]*Words only in the preview, for now\./);
    expect((await editableCourse(h.ctx, SLUG)).lessons[3]!.version).toBe(lesson.version);
  });

  it('moves a lesson by the position menu in two steps: the effect first, then the move', async () => {
    const before = await editableCourse(h.ctx, SLUG);
    await seedDueEnrollments(h.ctx.sql, 3, { courseSlug: SLUG, tag: 'p2', position: 2, dueAt: new Date('2026-03-03T08:00:00Z') });
    const moving = before.lessons.at(-1)!;
    const after = before.lessons[0]!.id;
    const step = await post(`/admin/course/${SLUG}/lessons/${moving.id}/move`, { after });
    expect(step.status).toBe(200);
    const effect = await changeEffect(h.ctx, { course: SLUG, change: { kind: 'move', id: moving.id, after } });
    const page = await step.text();
    expect(page).toContain(effect.sentence.replace(/’/g, '’'));
    // Nothing moved yet.
    expect((await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id)).toEqual(before.lessons.map((l) => l.id));
    // The step page carries the course's version: the sentence was true of the course as it was.
    expect(page).toContain(`name="version" value="${before.version}"`);
    const done = await post(`/admin/course/${SLUG}/lessons/${moving.id}/move`, { after, version: String(before.version), confirm: 'yes' });
    expect(done.status).toBe(303);
    const ids = before.lessons.map((l) => l.id).filter((id) => id !== moving.id);
    ids.splice(1, 0, moving.id);
    expect((await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id)).toEqual(ids);

    // A confirmation from that same step page, after the course changed, is refused and moves nothing.
    const stale = await post(`/admin/course/${SLUG}/lessons/${moving.id}/move`, { after: 'end', version: String(before.version), confirm: 'yes' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('changed since you opened it');
    expect((await editableCourse(h.ctx, SLUG)).lessons.map((l) => l.id)).toEqual(ids);
  });

  it('restores a version from the history page', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[4]!;
    expect((await post(editUrl(lesson.id), { ...formOf(lesson), title: 'A title she regrets', action: 'save' })).status).toBe(303);
    const history = await (await get(`/admin/course/${SLUG}/lessons/${lesson.id}/history`)).text();
    expect(history).toContain('<ins>');
    expect(history).toContain(`/history/${lesson.version}/restore`);
    const res = await post(`/admin/course/${SLUG}/lessons/${lesson.id}/history/${lesson.version}/restore`, {});
    expect(res.status).toBe(303);
    expect((await editableCourse(h.ctx, SLUG)).lessons.find((l) => l.id === lesson.id)!.title).toBe(lesson.title);
    expect((await lessonVersions(h.ctx, { course: SLUG, id: lesson.id }))[0]!.source).toBe('restore');
  });

  it('refuses a form posted from another site, and changes nothing', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[0]!;
    const res = await h.app.request(editUrl(lesson.id), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ ...formOf(lesson), subject: 'Forged' }).toString(),
    });
    expect(res.status).toBe(403);
    expect((await editableCourse(h.ctx, SLUG)).lessons[0]!.subject).toBe(lesson.subject);
  });

  it('sends her a test of the typed text, saving nothing', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[1]!;
    const res = await post(editUrl(lesson.id), { ...formOf(lesson), subject: 'Only in the test for now', action: 'test', testEmail: 'therapist@example.com' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('A test is on its way to therapist@example.com');
    const sent = await waitFor('the test at the provider', () => h.fake.emails().find((e) => e.subject === '[Test] Only in the test for now'));
    expect(sent.to).toBe('therapist@example.com');
    expect((await editableCourse(h.ctx, SLUG)).lessons[1]!.subject).toBe(lesson.subject);
  });

  it('scores the typed text for spam in the background and answers when asked again', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[1]!;
    const ask = async () => {
      const res = await h.app.request(`${editUrl(lesson.id)}/spam-score`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(formOf(lesson)) });
      expect(res.status).toBe(200);
      return (await res.json()) as { state: string; text: string };
    };
    const answer = await waitFor('the spam score', async () => {
      const a = await ask();
      return a.state === 'pending' ? null : a;
    }, 60_000, { everyMs: 250 });
    expect(['ready', 'missing']).toContain(answer.state);
    expect(answer.text.length).toBeGreaterThan(0);
  }, 70_000);

  it('previews the course page with the typed words, and warns gently when they name another number of days', async () => {
    const course = await editableCourse(h.ctx, SLUG);
    const other = course.lessons.length + 3;
    const res = await post(`/admin/course/${SLUG}/settings`, { title: course.title, tagline: `A ${other}-day course, one email a morning`, description: course.description, version: String(course.version), action: 'preview' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="count-warning"');
    expect(html).toContain(`${other}-day`);
    expect(html).toMatch(/srcdoc="[^"]*one email a morning/);
    const fine = await (await post(`/admin/course/${SLUG}/settings`, { title: course.title, tagline: `${course.lessons.length} days, one email a morning`, description: course.description, action: 'preview' })).text();
    expect(fine).not.toContain('id="count-warning"');
  });

  it('opens the other editors: settings, new course, add, details, both confirmations', async () => {
    for (const path of [`/admin/course/${SLUG}/settings`, '/admin/course/new', `/admin/course/${SLUG}/add`, '/admin/course/details', '/admin/course/confirmations/course', '/admin/course/confirmations/newsletter']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
    }
  });

  it('says on the course page, once a lesson is added, that the course’s words name another number of emails', async () => {
    const course = await editableCourse(h.ctx, SLUG);
    const count = course.lessons.length;
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    const named = `${words[count]![0]!.toUpperCase()}${words[count]!.slice(1)} short, gentle emails`;
    await saveCourseSettings(h.ctx, { course: SLUG, title: course.title, tagline: `${named} for the mom who is trying so hard.`, description: course.description, source: 'dashboard' });
    const page = async () => (await get(`/admin/course?course=${SLUG}`)).text();
    expect(await page()).not.toContain('id="count-warning"');

    await addLesson(h.ctx, { course: SLUG, id: 'one-more-evening', subject: 'One more evening', preview: 'A short line.', title: 'One more evening', summary: 'One sentence.', markdown: 'A few kind words, and one small practice.', after: 'end', source: 'dashboard' });
    const warned = await page();
    const box = warned.slice(warned.indexOf('id="count-warning"'), warned.indexOf('</div>', warned.indexOf('id="count-warning"')));
    expect(box).toContain(`“${named}”`);
    expect(box).toContain(`${count + 1} lessons`);
    expect(box).toContain(`href="/admin/course/${SLUG}/settings"`);

    await removeLesson(h.ctx, { course: SLUG, id: 'one-more-evening', source: 'dashboard' });
    expect(await page()).not.toContain('id="count-warning"');
  });
});
