import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

/** The overview and the course page in Chromium, at a laptop's width and a phone's. */
describe.skipIf(!hasChromium)('the dashboard overview in a browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    // Resend's webhooks set up, so delivered and bounced are shown (admin-phone.test.ts has a page without).
    app = await startBrowserApp({ env: { RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } });
    const { sql } = app.h.db;
    const course = app.h.ctx.catalog.main;
    for (const [i, lesson] of course.lessons.entries()) {
      await sql`
        insert into delivery_figures (template, sent, delivered, bounced, complained)
        values (${lessonTemplateKey(course.slug, lesson.id)}, ${5000 - 400 * i}, ${4900 - 400 * i}, ${100 - i}, ${i})`;
    }
    await sql`
      insert into subscribers (email, status, created_at, confirmed_at)
      select 'mom-' || g || '@example.com', 'active', ${app.h.clock.now()}::timestamptz - g * interval '1 day', ${app.h.clock.now()}::timestamptz - g * interval '1 day'
      from generate_series(0, 40) g`;
    // Some came through the forms on her website, so the chart can be split by where.
    await sql`
      insert into subscribers (email, status, signup_source, created_at)
      select 'from-her-site-' || g || '@example.com', 'pending', case when g % 2 = 0 then 'blog-mom-guilt' else 'home-page' end, ${app.h.clock.now()}::timestamptz - g * interval '1 day'
      from generate_series(0, 20) g`;
  }, 60_000);
  afterAll(async () => app?.close());

  for (const phone of [false, true]) {
    it(`shows the course funnel as a chart with a bar per lesson and a table of the database's figures (${phone ? 'phone' : 'laptop'})`, async () => {
      const page = await app.open({ phone });
      await app.logIn(page);
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      const lessons = app.h.ctx.catalog.main.lessons;
      const chart = page.getByRole('img', { name: /sent and delivered per lesson/ });
      expect(await chart.isVisible()).toBe(true);
      // Two bars (sent, delivered) per lesson, each with its tooltip.
      expect(await chart.locator('rect').count()).toBe(lessons.length * 2);
      expect(await chart.locator('rect title').first().textContent()).toBe('Day 1: 5,000 sent');
      const box = await chart.boundingBox();
      const viewport = page.viewportSize()!;
      expect(box!.width).toBeGreaterThan(phone ? viewport.width * 0.75 : 400);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      const table = page.getByRole('table', { name: /Per lesson, in sending order/ });
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(lessons.length);
      expect(await rows.nth(2).locator('td').allTextContents()).toEqual(['4,200', '4,100', '98', '2', '0']);
      // The page itself never scrolls sideways; only a wide table does, inside its box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (process.env.SHOTS) {
        await page.screenshot({ path: `/tmp/overview-${phone ? 'phone' : 'laptop'}.png`, fullPage: true });
        await page.locator('section').nth(0).screenshot({ path: `/tmp/growth-${phone ? 'phone' : 'laptop'}.png` });
        await page.locator('section').nth(1).screenshot({ path: `/tmp/funnel-${phone ? 'phone' : 'laptop'}.png` });
      }
      await page.getByRole('link', { name: 'Per week' }).click();
      await page.waitForURL(/by=week/);
      expect(await page.getByRole('img', { name: /per week, the last 26 weeks/ }).isVisible()).toBe(true);
    });
  }

  it('opens a lesson’s preview on the course page', async () => {
    const page = await app.open({ phone: true });
    await app.logIn(page);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Course' }).click();
    const first = app.h.ctx.catalog.main.lessons[0]!;
    await page.getByRole('heading', { name: first.title }).waitFor();
    await page.getByText('Preview the email, as Sarah would get it').first().click();
    const frame = page.frameLocator(`iframe[title^="Preview of day 1"]`);
    await frame.getByText(/Sarah/).first().waitFor();
    if (process.env.SHOTS) await page.locator('li.lesson').first().screenshot({ path: '/tmp/course-phone.png' });
  });

  it('axe finds no serious or critical problem on the overview and the course page', async () => {
    for (const phone of [true, false]) {
      const page = await app.open({ phone });
      await app.logIn(page);
      for (const path of ['/admin', '/admin?by=week', '/admin?split=source', '/admin/course', '/admin/course/guide']) {
        await page.goto(path);
        expect(await seriousViolations(page), `${path} ${phone ? 'phone' : 'laptop'}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} ${phone ? 'phone' : 'laptop'}`).toBe(true);
        if (process.env.SHOTS && path === '/admin?split=source') await page.screenshot({ path: `/tmp/overview-split-${phone ? 'phone' : 'laptop'}.png`, fullPage: true });
      }
    }
  });
});
