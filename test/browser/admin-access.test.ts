import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

/** The dashboard's door, in Chromium: log in, see the overview, log out and be refused. */
describe.skipIf(!hasChromium)('logging in to the dashboard in a browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  }, 60_000);
  afterAll(async () => app?.close());

  for (const phone of [false, true]) {
    it(`logs in, reaches the overview, logs out, and is sent back to the login (${phone ? 'phone' : 'laptop'})`, async () => {
      const page = await app.open({ phone });
      await page.goto('/admin');
      await page.waitForURL(`${app.base}/admin/login`);
      await page.getByLabel('Password').fill('not it');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('That password is not right.').waitFor();
      await app.logIn(page);
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${app.base}/admin/login?status=logged-out`);
      await page.goto('/admin');
      await page.waitForURL(/\/admin\/login/);
      expect(await page.getByLabel('Password').isVisible()).toBe(true);
    });
  }

  it('axe finds no serious or critical problem on the login page, the overview and the landing page', async () => {
    const page = await app.open({ phone: true });
    for (const path of ['/', '/admin/login']) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await app.logIn(page);
    expect(await seriousViolations(page), '/admin').toEqual([]);
  });
});
