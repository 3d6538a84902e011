import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

/**
 * CAPTCHA=altcha in Chromium: the real widget, served by the app, fetches the app's challenge,
 * solves it in its worker under the app's own CSP, and the signup goes through.
 */
describe.skipIf(!hasChromium)('the signup form with CAPTCHA=altcha, in a browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ env: { CAPTCHA: 'altcha' } });
  }, 60_000);
  afterAll(async () => app?.close());

  it('solves the check while she fills the form, and signs her up', { timeout: 90_000 }, async () => {
    // Not app.open(): it bypasses the CSP, and the widget must work within it.
    const context = await app.browser.newContext({ baseURL: app.base });
    const refused: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (/content security policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto('/');
      await page.getByLabel('Your email address').fill('widget@example.com');
      await page.getByLabel(/First name/).fill('Wanda');
      // Solved in the background since the form got focus; the hidden field holds the answer.
      await page.waitForFunction(() => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value, null, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Send me the first lesson' }).click();
      await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      const rows = await app.h.db.sql<{ email: string }[]>`select email from subscribers`;
      expect(rows.map((r) => r.email)).toEqual(['widget@example.com']);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('axe finds no serious or critical problem on the landing page with the widget', { timeout: 60_000 }, async () => {
    const page = await app.open();
    await page.goto('/');
    await page.locator('altcha-widget input[type="checkbox"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
