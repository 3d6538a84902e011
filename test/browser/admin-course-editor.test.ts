import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEffect } from '../../src/authoring/effect.js';
import { editableCourse, saveLesson } from '../../src/authoring/lessons.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { seedDueEnrollments } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';

const SLUG = MAIN_COURSE_SLUG;

/** No sideways scrolling: the page is no wider than the window. */
const noOverflow = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/**
 * Her course in Chromium, as she works on it: a lesson edited with the preview following her
 * typing and the saved words reaching a mom part-way through at her next lesson, a lesson added
 * after reading what it does to the moms in the course, and an old version restored.
 */
describe.skipIf(!hasChromium)('her course in the dashboard', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ now: '2026-03-02T07:00:00Z' });
    await app.h.startWorkers();
  }, 60_000);
  afterAll(async () => app?.close());

  const editAndSend = async (phone: boolean, index: number, dueAt: string) => {
    const lesson = (await editableCourse(app.h.ctx, SLUG)).lessons[index]!;
    // A mom who has had the lessons before this one: it is her next.
    const [mom] = await seedDueEnrollments(app.h.ctx.sql, 1, { courseSlug: SLUG, tag: `next-${index}`, position: index, dueAt: new Date(dueAt) });
    const subject = `Tonight, gently (${phone ? 'phone' : 'laptop'})`;
    const words = `Words typed on a ${phone ? 'phone' : 'laptop'} a moment ago.`;

    const page = await app.open({ phone });
    await app.logIn(page);
    await page.goto(`/admin/course?course=${SLUG}`);
    expect(await noOverflow(page), 'course page').toBe(true);
    await page.getByRole('link', { name: `Edit day ${index + 1}: ${lesson.title}` }).click();
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill(subject);
    await page.getByLabel('The lesson', { exact: true }).fill(`${words}\n\nAnd a small practice for tonight: one slow breath.`);
    if (phone) await page.getByRole('button', { name: 'Preview', exact: true }).click();
    // The preview follows her typing: the typed words, in the real layout, not yet saved.
    await page.frameLocator('iframe[title="Preview on a phone"]').getByText(words).waitFor();
    expect(await noOverflow(page), 'editor').toBe(true);
    await page.screenshot({ path: `/tmp/editor-${phone ? 'phone-preview' : 'laptop'}.png`, fullPage: !phone });
    if (phone) {
      await page.getByRole('button', { name: 'Write', exact: true }).click();
      await page.screenshot({ path: '/tmp/editor-phone.png' });
    }
    expect(await seriousViolations(page), `editor ${phone ? 'phone' : 'laptop'}`).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved\./).waitFor();
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe(subject);

    app.h.clock.set(dueAt);
    await kickDispatcher(app.h.ctx.queues);
    const sent = await waitFor('her next lesson at the provider', () => app.h.fake.emails().find((e) => e.to === mom || (Array.isArray(e.to) && e.to.includes(mom!))), 30_000);
    expect(sent.subject).toBe(subject);
    expect(sent.html).toContain(words);
  };

  it('edits a lesson on a laptop, the preview following, and a mom gets the new words next', async () => {
    await editAndSend(false, 2, '2026-03-02T08:00:00Z');
  }, 60_000);

  it('edits a lesson on a phone, the same way', async () => {
    await editAndSend(true, 3, '2026-03-02T09:00:00Z');
  }, 60_000);

  it('asks before leaving a lesson with words not saved, and keeps them when she stays', async () => {
    const lesson = (await editableCourse(app.h.ctx, SLUG)).lessons[0]!;
    const page = await app.open();
    await app.logIn(page);
    await page.goto(`/admin/course/${SLUG}/lessons/${lesson.id}/edit`);
    await page.getByLabel('Subject', { exact: true }).fill(`${lesson.subject} (typed, not saved)`);
    const asked = page.waitForEvent('dialog');
    void page.goto(`/admin/course?course=${SLUG}`).catch(() => {});
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    // She stayed, her words still there; nothing was saved.
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe(`${lesson.subject} (typed, not saved)`);
    expect((await editableCourse(app.h.ctx, SLUG)).lessons[0]!.version).toBe(lesson.version);
    await page.close();
  });

  it('adds a lesson after reading what it does to the moms in the course', async () => {
    for (const position of [0, 1, 2]) {
      await seedDueEnrollments(app.h.ctx.sql, 2 + position, { courseSlug: SLUG, tag: `add-${position}`, position, dueAt: new Date('2026-03-05T08:00:00Z') });
    }
    const before = await editableCourse(app.h.ctx, SLUG);
    const place = before.lessons[1]!;
    const expected = await changeEffect(app.h.ctx, { course: SLUG, change: { kind: 'insert', after: place.id } });
    const page = await app.open();
    await app.logIn(page);
    await page.goto(`/admin/course?course=${SLUG}`);
    await page.getByRole('link', { name: 'Add a lesson', exact: true }).click();
    // The sentence is said as soon as she picks the place (the script), before she types a word.
    const atEnd = await changeEffect(app.h.ctx, { course: SLUG, change: { kind: 'insert', after: 'end' } });
    await page.waitForFunction((text) => document.getElementById('effect-live')?.textContent === text, atEnd.sentence);
    expect(atEnd.sentence).not.toBe(expected.sentence);
    await page.getByLabel('Where it goes').selectOption(place.id);
    await page.waitForFunction((text) => document.getElementById('effect-live')?.textContent === text, expected.sentence);
    expect(await page.locator('#effect-live').isVisible()).toBe(true);
    await page.getByLabel('A short name for this lesson').fill('a-quiet-middle');
    await page.getByLabel('Subject', { exact: true }).fill('A quiet middle');
    await page.getByLabel('Preview text', { exact: true }).fill('A short line for the inbox.');
    await page.getByLabel('Title', { exact: true }).fill('A quiet middle');
    await page.getByLabel('Summary', { exact: true }).fill('One sentence for the course page.');
    await page.getByLabel('The lesson', { exact: true }).fill('A few kind words, and one small practice for tonight.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#effect').waitFor();
    expect(await page.locator('#effect').textContent()).toBe(expected.sentence);
    for (const n of [expected.past, expected.ahead]) expect(expected.sentence).toContain(String(n));
    expect(await seriousViolations(page), 'add').toEqual([]);
    await page.getByRole('button', { name: 'Add the lesson' }).click();
    await page.locator('#lesson-a-quiet-middle').waitFor();
    expect((await editableCourse(app.h.ctx, SLUG)).lessons.map((l) => l.id)).toEqual([before.lessons[0]!.id, place.id, 'a-quiet-middle', ...before.lessons.slice(2).map((l) => l.id)]);
  }, 60_000);

  it('restores an old version from the history page', async () => {
    const lesson = (await editableCourse(app.h.ctx, SLUG)).lessons[5]!;
    await saveLesson(app.h.ctx, { course: SLUG, id: lesson.id, markdown: 'A version she did not like.', source: 'dashboard' });
    const page = await app.open({ phone: true });
    await app.logIn(page);
    await page.goto(`/admin/course/${SLUG}/lessons/${lesson.id}/history`);
    await page.locator(`#version-${lesson.version + 1} del`).first().waitFor();
    expect(await noOverflow(page), 'history').toBe(true);
    expect(await seriousViolations(page), 'history').toEqual([]);
    await page.locator(`#version-${lesson.version}`).getByRole('button', { name: 'Restore this version' }).click();
    await page.getByText(`Version ${lesson.version} is back`).waitFor();
    await page.getByRole('link', { name: 'Back to the lesson' }).click();
    expect(await page.getByLabel('The lesson', { exact: true }).inputValue()).toBe(lesson.markdown);
  }, 60_000);

  it('saves her details and the course’s confirmation email in the browser, and the next confirmation carries both', async () => {
    const name = 'Rowan Ellery';
    const subject = 'One tap, and the course begins (typed in the browser)';
    const page = await app.open({ phone: true });
    await app.logIn(page);

    await page.goto('/admin/course/details');
    await page.getByLabel('Your name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.frameLocator('iframe[title="Preview on a phone"]').getByText(name).first().waitFor();
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved\./).waitFor();
    expect(await page.getByLabel('Your name', { exact: true }).inputValue()).toBe(name);

    await page.goto('/admin/course/confirmations/course');
    await page.getByLabel('Subject', { exact: true }).fill(subject);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved\./).waitFor();
    expect(await noOverflow(page), 'confirmation editor').toBe(true);

    const email = 'after-her-edits@example.com';
    const signup = await app.h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, timezone: 'UTC' }) });
    expect(signup.status).toBe(202);
    const sent = await waitFor('the confirmation email', () => app.h.fake.emails().find((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email))), 30_000);
    expect(sent.subject).toBe(subject);
    expect(sent.html).toContain(name);
  }, 60_000);

  it('axe finds no serious or critical problem on the course page, an editor, a history, the settings and her details', async () => {
    const lesson = (await editableCourse(app.h.ctx, SLUG)).lessons[0]!;
    for (const phone of [false, true]) {
      const page = await app.open({ phone });
      await app.logIn(page);
      for (const path of [`/admin/course?course=${SLUG}`, `/admin/course/${SLUG}/lessons/${lesson.id}/edit`, `/admin/course/${SLUG}/lessons/${lesson.id}/history`, '/admin/course/details', '/admin/course/confirmations/course', `/admin/course/${SLUG}/settings`, `/admin/course/${SLUG}/add`, '/admin/course/new']) {
        await page.goto(path);
        expect(await seriousViolations(page), `${path} ${phone ? 'phone' : 'laptop'}`).toEqual([]);
        expect(await noOverflow(page), `${path} ${phone ? 'phone' : 'laptop'}`).toBe(true);
      }
    }
  }, 120_000);
});
