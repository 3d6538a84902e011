import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

/** What a page on a phone must never do: scroll sideways. */
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

/** The words of table headings, figures and labels that the browser broke across two lines ("Unsubscribe / d"). */
const brokenWords = (page: Page) =>
  page.evaluate(() => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll('th, td, .figure, label')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });

/**
 * Her dashboard on a phone (390 px wide), from a browser in Chicago, with no Resend webhooks set
 * up: her timezone guessed at login and changed in Settings, the overview's lesson table as
 * cards, fields of a normal size inside their cards, the favicon, and axe on each page.
 */
describe.skipIf(!hasChromium)('the dashboard on a phone', () => {
  let app: BrowserApp;
  let personId: number;
  const stored = async () => (await app.h.db.sql<{ value: string }[]>`select value from dashboard_settings where key = 'timezone'`)[0]?.value ?? null;

  beforeAll(async () => {
    app = await startBrowserApp();
    const { sql } = app.h.db;
    const course = app.h.ctx.catalog.main;
    for (const [i, lesson] of course.lessons.entries()) {
      await sql`
        insert into delivery_figures (template, sent, delivered, bounced, complained)
        values (${lessonTemplateKey(course.slug, lesson.id)}, ${5000 - 400 * i}, ${4900 - 400 * i}, ${100 - i}, ${i})`;
    }
    // 03:30 UTC on 2 March (the harness's day) is 21:30 on 1 March in Chicago.
    const [row] = await sql<{ id: string }[]>`
      insert into subscribers (email, first_name, status, created_at) values ('mj@example.com', 'María José', 'active', '2026-03-02T03:30:00Z') returning id`;
    personId = Number(row!.id);
    await sql`
      insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at)
      values ('later', 'later.md', 'markdown', 'A letter for later', 'all', 'at', 'scheduled', 1, '2026-03-09T15:00:00Z', '2026-03-09T15:00:00Z')`;
  }, 60_000);
  afterAll(async () => app?.close());

  it('guesses her timezone at login from her browser, and shows times there', async () => {
    const page = await app.open({ phone: true, timezoneId: 'America/Chicago' });
    await page.goto('/admin/login');
    const password = page.getByLabel('Password');
    const box = await password.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThan(page.viewportSize()!.width * 0.7);
    expect(await password.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    expect(await noSidewaysScroll(page)).toBe(true);
    await app.logIn(page);
    expect(await stored()).toBe('America/Chicago');

    await page.goto(`/admin/subscribers/${personId}`);
    const joined = page.locator('.timeline time').first();
    expect(await joined.textContent()).toMatch(/Mar 1, 2026, 21:30 CST/);
  });

  it('shows the overview as cards, with no sideways scroll, and no delivered figure without webhooks', async () => {
    const page = await app.open({ phone: true, timezoneId: 'America/Chicago' });
    await app.logIn(page);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    const table = page.locator('table.funnel-table');
    // Each lesson is a card: its row is a block, and its cells stack inside the page's width.
    expect(await table.locator('tbody tr').first().evaluate((el) => getComputedStyle(el).display)).toBe('block');
    for (const cell of await table.locator('tbody tr').first().locator('td').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    }
    expect(await page.locator('th, td').filter({ hasText: /^Delivered$/ }).count()).toBe(0);
    expect(await page.getByText('RESEND_WEBHOOK_SECRET').count()).toBe(1);
    // Labels wrap between words, if at all, here and on the newsletters' list and page.
    expect(await brokenWords(page)).toEqual([]);
    for (const path of ['/admin/broadcasts', '/admin/broadcasts/1']) {
      await page.goto(path);
      expect(await noSidewaysScroll(page), path).toBe(true);
      expect(await brokenWords(page), path).toEqual([]);
    }
  });

  it('keeps every field inside its card on the pages with forms', async () => {
    const page = await app.open({ phone: true, timezoneId: 'America/Chicago' });
    await app.logIn(page);
    await page.goto('/admin/broadcasts');
    await page.getByRole('button', { name: 'Write a new newsletter' }).click();
    await page.waitForURL(/\/admin\/broadcasts\/drafts\/\d+/);
    for (const path of [page.url(), '/admin/settings', '/admin/subscribers', '/admin/subscribers/import']) {
      await page.goto(path);
      expect(await noSidewaysScroll(page), path).toBe(true);
      const outside = await page.locator('input:not([type="hidden"]), select, textarea').evaluateAll((fields) =>
        fields
          .filter((f) => (f as HTMLElement).offsetParent !== null)
          .filter((f) => f.getBoundingClientRect().right > window.innerWidth)
          .map((f) => f.id || f.getAttribute('name')),
      );
      expect(outside, path).toEqual([]);
    }
  });

  it('lets her change her timezone in Settings', async () => {
    const page = await app.open({ phone: true, timezoneId: 'America/Chicago' });
    await app.logIn(page);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Timezone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').waitFor();
    expect(await stored()).toBe('Asia/Tokyo');
    await page.goto(`/admin/subscribers/${personId}`);
    expect(await page.locator('.timeline time').first().textContent()).toMatch(/Mar 2, 2026, 12:30 GMT\+9/);
    await page.goto('/admin/settings');
    await page.getByLabel('Timezone').selectOption('America/Chicago');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').waitFor();
    expect(await stored()).toBe('America/Chicago');
  });

  it('serves a favicon and links it from the dashboard and the public pages', async () => {
    const page = await app.open({ phone: true });
    for (const path of ['/', '/admin/login']) {
      await page.goto(path);
      expect(await page.locator('link[rel="icon"]').getAttribute('href'), path).toBe('/favicon.svg');
    }
    const icon = await page.request.get('/favicon.svg');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const ico = await page.request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect(ico.url()).toMatch(/\/favicon\.svg$/);
    // The CSP lets the page load it: no console error about a refused image.
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    await page.goto('/admin/login');
    await page.evaluate(() => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
      img.src = '/favicon.svg';
    }));
    expect(refused).toEqual([]);
  });

  it('finds "María José" by "jose"', async () => {
    const page = await app.open({ phone: true });
    await app.logIn(page);
    await page.goto('/admin/subscribers');
    await page.getByLabel('Search by address or name').fill('jose');
    await page.getByLabel('Search by address or name').press('Enter');
    await page.waitForURL(/q=jose/);
    expect(await page.getByRole('link', { name: /mj@example\.com|María José/ }).count()).toBeGreaterThan(0);
  });

  it('axe finds no serious or critical problem on the pages this work changed', async () => {
    for (const phone of [true, false]) {
      const page = await app.open({ phone, timezoneId: 'America/Chicago' });
      await page.goto('/admin/login');
      expect(await seriousViolations(page), `login ${phone ? 'phone' : 'laptop'}`).toEqual([]);
      await app.logIn(page);
      for (const path of ['/admin', '/admin/settings', '/admin/broadcasts', '/admin/broadcasts/1', '/admin/subscribers', `/admin/subscribers/${personId}`]) {
        await page.goto(path);
        expect(await seriousViolations(page), `${path} ${phone ? 'phone' : 'laptop'}`).toEqual([]);
      }
    }
  });
});
