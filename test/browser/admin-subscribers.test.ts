import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/http/dashboard/subscribers/import.js';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';

/**
 * The Subscribers section as she uses it, in Chromium at a laptop's width and a phone's: find a
 * mom, read her timeline, import a small list and read the report, erase someone behind the
 * confirmation. axe-core checks every page on the way.
 */
describe.skipIf(!hasChromium)('the Subscribers section in a browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
  }, 60_000);
  afterAll(async () => app?.close());

  const seed = async (tag: string) => {
    const sql = app.h.db.sql;
    const [s] = await sql<{ id: string }[]>`
      insert into subscribers (email, first_name, status, created_at, confirmed_at)
      values (${`rosalind-${tag}@example.com`}, 'Rosalind', 'active', now() - interval '2 days', now() - interval '2 days') returning id`;
    await sql`
      insert into deliveries (kind, subscriber_id, template, status, provider_status, due_at, sent_at)
      values ('lesson', ${s!.id}, 'releasing-mom-guilt/what-mom-guilt-is', 'sent', 'delivered', now() - interval '1 day', now() - interval '1 day')`;
    await sql`insert into subscribers (email, first_name, status) values (${`leaving-${tag}@example.com`}, 'Leonie', 'active')`;
  };

  const axe = async (page: Awaited<ReturnType<BrowserApp['open']>>, what: string) => expect(await seriousViolations(page), what).toEqual([]);

  for (const phone of [false, true]) {
    const tag = phone ? 'phone' : 'laptop';
    it(`searches, reads a timeline, imports a CSV, erases behind the confirmation (${tag})`, async () => {
      await seed(tag);
      const page = await app.open({ phone });
      await app.logIn(page);
      await page.getByRole('link', { name: 'Subscribers' }).click();
      await page.getByRole('heading', { name: 'Subscribers', level: 1 }).waitFor();
      await axe(page, 'the list');

      await page.getByLabel('Search by address or name').fill(`ROSALIND-${tag}`);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 person whose address or name contains').waitFor();
      await axe(page, 'the search results');
      await page.getByRole('link', { name: `rosalind-${tag}@example.com` }).click();
      await page.getByRole('heading', { name: 'Rosalind', level: 1 }).waitFor();
      const timeline = page.locator('ol.timeline');
      expect(await timeline.locator('> li').count()).toBe(3);
      expect(await timeline.innerText()).toMatch(/Joined the list[\s\S]*Confirmed her address[\s\S]*Fixture main 1: what mom guilt is/);
      await axe(page, 'her timeline');

      await page.goto('/admin/subscribers/import');
      await axe(page, 'the import form');
      await page.getByLabel('CSV file').setInputFiles({
        name: `list-${tag}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(`email,first_name,consented_at\nnew-${tag}@example.com,Nora,2025-01-01\nnot-an-address,,\n`),
      });
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByText(`Imported list-${tag}.csv: 2 rows read.`).waitFor();
      expect(await page.getByRole('heading', { name: 'Skipped rows' }).isVisible()).toBe(true);
      expect(await page.getByText(/line 3: .*not-an-address/).isVisible()).toBe(true);
      await axe(page, 'the import report');
      await page.getByLabel('CSV file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByText('"photo.png" is not a CSV file.').waitFor();
      await axe(page, 'a refused upload');

      await page.goto(`/admin/subscribers?q=leaving-${tag}`);
      await page.getByRole('link', { name: `leaving-${tag}@example.com` }).click();
      await page.getByRole('link', { name: 'Erase her…' }).click();
      await page.getByRole('heading', { name: 'Erase Leonie?' }).waitFor();
      await axe(page, 'the erasure confirmation');
      expect((await app.h.db.sql`select 1 from subscribers where email = ${`leaving-${tag}@example.com`}`).length).toBe(1);
      await page.getByRole('button', { name: 'Erase her now' }).click();
      await page.getByText('She has been erased').waitFor();
      await axe(page, 'the list after an erasure');
      expect((await app.h.db.sql`select 1 from subscribers where email = ${`leaving-${tag}@example.com`}`).length).toBe(0);
      expect((await app.h.db.sql`select 1 from subscribers where email = ${`rosalind-${tag}@example.com`}`).length).toBe(1);
    }, 60_000);
  }

  it('shows the "too large" page, not a browser error, for a file over the cap, and imports nothing', async () => {
    // Answered from its Content-Length before the body is read; the browser must still show the page.
    const dir = await mkdtemp(join(tmpdir(), 'huge-upload-'));
    const file = join(dir, 'huge.csv');
    try {
      await writeFile(file, Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024, 'a'));
      const before = (await app.h.db.sql<{ n: number }[]>`select count(*)::int as n from subscribers`)[0]!.n;
      const page = await app.open({ phone: true });
      await app.logIn(page);
      await page.goto('/admin/subscribers/import');
      await page.getByLabel('CSV file').setInputFiles(file);
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByText('That file is larger than 50 MB').waitFor();
      await axe(page, 'the too-large page');
      expect((await app.h.db.sql<{ n: number }[]>`select count(*)::int as n from subscribers`)[0]!.n).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
