import { existsSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * The signup form as a mom meets it on her phone: real Chromium at a phone's size and touch,
 * with and without JavaScript, posting to the real app on a real port and into real Postgres,
 * so what is checked is the row her tap (or her keyboard) wrote.
 */
describe.skipIf(!existsSync(CHROMIUM))('the signup form in a phone-sized browser', () => {
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    h = await createHarness();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  const phone = async (javaScriptEnabled: boolean): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled,
      timezoneId: 'America/Chicago',
    });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    return page;
  };
  const stored = async (email: string) =>
    (await h.db.sql<{ newsletter: boolean; timezone: string }[]>`select newsletter, timezone from subscribers where email = ${email}`)[0];

  it('starts unticked; a tap on its words ticks it, and the signup stores her yes', async () => {
    const page = await phone(true);
    const box = page.getByRole('checkbox', { name: /occasional letters/i });
    expect(await box.isChecked()).toBe(false);
    // The words are part of the label, so the whole line is the tap target, not only the box.
    await page.getByText(/occasional letters/i).tap();
    expect(await box.isChecked()).toBe(true);
    await page.getByLabel(/email/i).fill('tapped@example.com');
    await page.getByRole('button', { name: /send me the first lesson/i }).tap();
    await page.waitForURL(`${base}/subscribe`);
    expect(await page.locator('h1').innerText()).toMatch(/inbox/i);
    expect(await stored('tapped@example.com')).toEqual({ newsletter: true, timezone: 'America/Chicago' });
    await page.context().close();
  });

  it('left alone, stores no', async () => {
    const page = await phone(true);
    await page.getByLabel(/email/i).fill('untouched@example.com');
    await page.getByRole('button', { name: /send me the first lesson/i }).tap();
    await page.waitForURL(`${base}/subscribe`);
    expect(await stored('untouched@example.com')).toEqual({ newsletter: false, timezone: 'America/Chicago' });
    await page.context().close();
  });

  it('without JavaScript, is reached by the keyboard with a visible focus ring and ticked with Space', async () => {
    const page = await phone(false);
    await page.getByLabel(/email/i).fill('keys@example.com');
    await page.getByLabel(/timezone/i).selectOption('Europe/London');
    await page.getByLabel(/timezone/i).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { id: el.id, outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
    expect(focused).toEqual({ id: 'newsletter', outline: 'solid 3px' });
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: /occasional letters/i }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/subscribe`);
    expect(await stored('keys@example.com')).toEqual({ newsletter: true, timezone: 'Europe/London' });
    await page.context().close();
  });
});
