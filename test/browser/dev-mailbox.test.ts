import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevMailboxMailer } from '../../src/mail/dev-mailbox.js';
import { hasChromium, startBrowserApp, type BrowserApp } from '../support/browser.js';

/**
 * The dev mailbox's view of one email, in Chromium with the app's CSP in force: a link in the
 * email (the confirmation's button) opens in a new tab, outside the frame's sandbox.
 */
describe.skipIf(!hasChromium)('the dev mailbox in a browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ env: { RESEND_API_KEY: '' }, mailer: (db) => createDevMailboxMailer(db.db) });
  }, 60_000);
  afterAll(async () => app?.close());

  it('opens a link of the email in a new tab, where the page works as it would for her', { timeout: 60_000 }, async () => {
    const html = `<html><head><title>t</title></head><body><p>Hi Sarah,</p><a href="${app.base}/" style="padding:12px">Yes, send me the course</a></body></html>`;
    await app.h.ctx.mailer.send([{ from: 'A <a@example.com>', to: 'link@example.com', subject: 'Please confirm', html, text: 'Hi Sarah', headers: {} }], 'dev-mailbox-link');
    const [mail] = (await (await fetch(`${app.base}/dev/mailbox.json`)).json()) as Array<{ id: string; to: string }>;

    // Not app.open(): it bypasses the CSP, which a srcdoc frame inherits and this must pass.
    const context = await app.browser.newContext({ baseURL: app.base });
    try {
      const page = await context.newPage();
      await page.goto(`/dev/mailbox/${mail!.id}`);
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        page.frameLocator('iframe.dev-frame').getByRole('link', { name: 'Yes, send me the course' }).click(),
      ]);
      await tab.waitForLoadState();
      expect(tab.url()).toBe(`${app.base}/`);
      // Out of the sandbox: the page has its own origin, so its forms and scripts work.
      expect(await tab.evaluate(() => window.origin)).toBe(app.base);
      // The mailbox page itself stayed where it was.
      expect(page.url()).toBe(`${app.base}/dev/mailbox/${mail!.id}`);
    } finally {
      await context.close();
    }
  });
});
