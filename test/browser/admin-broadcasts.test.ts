import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

const BODY = 'Tonight I want to tell you something gentle.\n\nYou are doing **enough**.\n';

/**
 * The Newsletters section in Chromium, as she uses it: write, watch the preview follow, send a
 * test, pick an audience, review the count, send, pause and resume, and see it finish. Four
 * hundred and fifty moms make five batches, and the app's pacing of one request a second
 * leaves time to pause between them.
 */
describe.skipIf(!hasChromium)('writing and sending a newsletter in the dashboard', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ env: { RESEND_RATE_LIMIT: '1' } });
    await app.h.db.sql`
      insert into subscribers (email, first_name, timezone, status, newsletter, confirmed_at)
      select 'mom-' || g || '@example.com', 'Mom ' || g, 'UTC', 'active', g <= 450, now() from generate_series(1, 460) as g`;
    await app.h.startWorkers();
  }, 60_000);
  afterAll(async () => app?.close());

  const writeNewsletter = async (page: Page, subject: string) => {
    await page.goto('/admin/broadcasts');
    expect(await seriousViolations(page), '/admin/broadcasts').toEqual([]);
    await page.getByRole('button', { name: 'Write a new newsletter' }).click();
    await page.waitForURL(/\/admin\/broadcasts\/drafts\/\d+$/);
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Preview text').fill('A few quiet words for tonight.');
    await page.getByLabel('Your newsletter').fill(BODY);
    await page.getByText(/^Saved at/).waitFor();
  };

  it('writes, previews, tests, reviews, sends, pauses, resumes and finishes (laptop)', async () => {
    const page = await app.open();
    await app.logIn(page);
    await writeNewsletter(page, 'A gentle Tuesday');

    // The preview follows the typing: the real layout, with the sample name.
    const phone = page.frameLocator('iframe[title="Preview on a phone"]');
    await phone.getByText('Tonight I want to tell you something gentle.').waitFor();
    await phone.getByText(/Sarah/).first().waitFor();
    // Saved in Postgres as she typed, not only in the page.
    const [draft] = await app.h.db.sql`select subject, body from broadcast_drafts order by id desc limit 1`;
    expect(draft).toEqual({ subject: 'A gentle Tuesday', body: BODY });

    // A Markdown mistake shows on the page, and goes away when fixed.
    await page.getByLabel('Your newsletter').fill(`${BODY}\nSee <b>this</b>\n`);
    await page.getByText(/Body, line 5: This line has HTML in it/).waitFor();
    await page.getByLabel('Your newsletter').fill(BODY);
    await page.getByText('Not ready to send yet').waitFor({ state: 'detached' });
    expect(await seriousViolations(page), 'compose').toEqual([]);

    await page.getByLabel('Your email address').fill('therapist@example.com');
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText('A test is on its way to therapist@example.com').waitFor();
    expect(app.h.fake.emails().filter((e) => e.subject === '[Test] A gentle Tuesday').map((e) => e.to)).toEqual(['therapist@example.com']);

    await page.getByLabel('Send it to').selectOption('newsletter');
    await page.locator('#audience-count').getByText('450 moms').waitFor();
    await page.getByRole('radio', { name: 'Now' }).check();
    await page.getByRole('button', { name: 'Review before sending' }).click();
    await page.getByRole('heading', { name: 'Review before sending' }).waitFor();
    expect(await page.locator('#final-count').textContent()).toBe('450');
    expect(await seriousViolations(page), 'review').toEqual([]);
    await page.getByRole('button', { name: 'Send to 450 moms' }).click();
    await page.waitForURL(/\/admin\/broadcasts\/\d+\?notice=sent$/);

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('[data-state="paused"]').waitFor();
    expect(await seriousViolations(page), 'broadcast').toEqual([]);
    const pausedAt = Number(await page.locator('#progress').getAttribute('value'));
    expect(pausedAt).toBeLessThan(450);
    await page.getByRole('button', { name: 'Resume' }).click();
    // The script polls and draws the page again when the state changes.
    await page.locator('[data-state="sent"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#progress').getAttribute('value')).toBe('450');
    expect(await page.locator('#progress').getAttribute('max')).toBe('450');
    expect(app.h.fake.emails().filter((e) => e.subject === 'A gentle Tuesday')).toHaveLength(450);

    await page.goto('/admin/broadcasts');
    const row = page.getByRole('row', { name: /A gentle Tuesday/ });
    await row.getByText('Sent', { exact: true }).waitFor();
    expect(await seriousViolations(page), 'list after').toEqual([]);
  }, 120_000);

  it('on a phone: writing and the preview are tabs; a past time is refused on the page', async () => {
    const page = await app.open({ phone: true });
    await app.logIn(page);
    await writeNewsletter(page, 'A phone letter');
    expect(await page.locator('iframe[title="Preview on a phone"]').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const phone = page.frameLocator('iframe[title="Preview on a phone"]');
    await phone.getByText('Tonight I want to tell you something gentle.').waitFor();
    expect(await seriousViolations(page), 'compose, preview tab').toEqual([]);
    await page.getByRole('button', { name: 'Write', exact: true }).click();

    await page.getByRole('radio', { name: 'At a time' }).check();
    await page.getByLabel('Date and time').fill('2026-03-01T09:00');
    await page.getByLabel('In the time zone').selectOption('Europe/Paris');
    await page.getByRole('button', { name: 'Review before sending' }).click();
    await page.getByRole('alert').getByText(/is in the past/).waitFor();
    expect(await seriousViolations(page), 'compose with an error').toEqual([]);
    const [row] = await app.h.db.sql`select count(*)::int as n from broadcasts where subject = 'A phone letter'`;
    expect(row!.n).toBe(0);
  }, 60_000);

  it('without JavaScript, Save and Preview still work', async () => {
    const page = await app.open({ javaScriptEnabled: false });
    await app.logIn(page);
    await page.goto('/admin/broadcasts');
    await page.getByRole('button', { name: 'Write a new newsletter' }).click();
    await page.getByLabel('Subject').fill('No script letter');
    await page.getByLabel('Preview text').fill('Plain and simple.');
    await page.getByLabel('Your newsletter').fill('Written without scripts.\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.frameLocator('iframe[title="Preview on a phone"]').getByText('Written without scripts.').waitFor();
    await page.getByRole('button', { name: 'Review before sending' }).click();
    await page.getByRole('button', { name: 'Send to 460 moms' }).waitFor();
  }, 60_000);
});
