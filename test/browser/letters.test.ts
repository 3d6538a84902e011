import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

const LETTER = `---
id: "when-the-house-is-quiet"
subject: "When the house is quiet"
preview: "A few words for the evenings that feel long."
public: true
---

Some evenings the quiet is a gift, and some evenings it is loud.

## Three small things

- Notice one thing you did well today
- Drink a glass of water
- Let one thing go

> The guilt is not a measure of how much you love them.

If you would like to talk, [I am here](@consultation).
`;

/**
 * Her public archive on a phone (390 px), light and dark: the list and one letter, axe on each,
 * no sideways scroll; screenshots in /tmp/letters-*.png for a person to look at.
 */
describe.skipIf(!hasChromium)('the public archive on a phone', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
    const { sql } = app.h.db;
    for (const [i, id] of ['an-earlier-letter', 'when-the-house-is-quiet'].entries()) {
      const source = i === 1 ? LETTER : LETTER.replace('when-the-house-is-quiet', id).replace('When the house is quiet', 'An earlier letter');
      await sql`
        insert into broadcasts (newsletter_id, file, format, subject, source, audience, timing, status, recipients, public,
                                first_due_at, last_due_at, started_at, finished_at, created_at, updated_at)
        values (${id}, ${`emails/newsletters/${id}.md`}, 'markdown', 'subject', ${source}, 'all', 'now', 'sent', 10, true,
                now(), now(), now(), now() - ${14 - i * 14} * interval '1 day', now(), now())`;
    }
  });
  afterAll(async () => app?.close());

  for (const scheme of ['light', 'dark'] as const) {
    it(`lists the letters and shows one, with no serious axe violations (${scheme})`, async () => {
      const page = await app.open({ phone: true });
      await page.emulateMedia({ colorScheme: scheme });

      await page.goto('/letters');
      await expect(page.getByRole('link', { name: 'When the house is quiet' }).isVisible()).resolves.toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      await page.screenshot({ path: `/tmp/letters-list-${scheme}.png`, fullPage: true });

      await page.getByRole('link', { name: 'When the house is quiet' }).click();
      await page.waitForURL(/\/letters\/when-the-house-is-quiet$/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('When the house is quiet');
      await expect(page.getByRole('button', { name: /first lesson/i }).isVisible()).resolves.toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      await page.screenshot({ path: `/tmp/letters-letter-${scheme}.png`, fullPage: true });
    });
  }
});
