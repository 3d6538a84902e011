import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedApp, type EmbeddedApp } from '../support/embedded-app.js';
import { runCommand } from '../support/run-command.js';
import { waitFor } from '../support/wait-for.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';

// Her letters' confirmation as her file words it now.
const lettersConfirmationSubject = (await loadCatalogOrThrow()).confirmations.newsletter.subject;


/**
 * `npm run cli -- subscribers import|export` while `npm start` runs on the embedded defaults:
 * the built-in database serves one program at a time, so the commands go through the running
 * app's admin API, the file streamed as the request body.
 */
describe('subscribers import and export while npm start holds the embedded database', () => {
  let app: EmbeddedApp;
  let base: string;
  let dataDir: string;
  const env = () => ({ DATA_DIR: dataDir, DATABASE_URL: undefined });

  beforeAll(async () => {
    app = await startEmbeddedApp('import');
    ({ base, dataDir } = app);
  }, 150_000);
  afterAll(async () => app?.stop());

  const mailbox = (to: string) => app.mailbox(to);

  it('imports through the running app; the confirmation arrives once, and confirming it starts no course', { timeout: 120_000 }, async () => {
    const result = await runCommand('npm run cli -- subscribers import test/fixtures/subscribers/my-list.csv', { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported test/fixtures/subscribers/my-list.csv: 5 rows read.');
    expect(result.stdout).toContain('confirmation emails: 1 on their way');

    const [confirmation] = await waitFor('the confirmation for bea', async () => {
      const mails = await mailbox('bea@example.com');
      return mails.length ? mails : null;
    }, 30_000);
    expect(confirmation!.subject).toBe(lettersConfirmationSubject);
    expect(confirmation!.text).toContain('Hi Bea,');
    expect(confirmation!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // Those with consent were put on the list; nothing is sent to them by an import.
    expect(await mailbox('ana@example.com')).toEqual([]);

    const again = await runCommand('npm run -s cli -- subscribers import test/fixtures/subscribers/my-list.csv --json', { env: env() });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3, confirmations: 0 });

    const link = /href="([^"]*\/confirm\?token=[^"]+)"/.exec(confirmation!.html)![1]!.replace(/&amp;/g, '&');
    const page = await openConfirmationLink(fetch, link.replace(/^https?:\/\/[^/]+/, base));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You’re on the list');
    // A course started by mistake would send lesson 1 on the dispatcher's next tick.
    await app.afterDispatcherTicks(2);
    expect((await mailbox('bea@example.com')).map((m) => m.subject)).toEqual([lettersConfirmationSubject]);
  });

  it('exports through the running app, and refuses bad input with the app’s own message', { timeout: 60_000 }, async () => {
    const exported = await runCommand('npm run -s cli -- subscribers export --status active', { env: env() });
    expect(exported.code, exported.stderr).toBe(0);
    const emails = exported.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]).sort();
    expect(emails).toEqual(['ana@example.com', 'bea@example.com', 'cy@example.com']);

    const unknown = await runCommand('npm run -s cli -- subscribers import test/fixtures/subscribers/my-list.csv --enroll nope', { env: env() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('test/fixtures/subscribers/my-list.csv: There is no course called "nope".');
    const noEmail = await runCommand('npm run -s cli -- subscribers import test/fixtures/subscribers/no-email-column.csv', { env: env() });
    expect(noEmail.code).toBe(1);
    expect(noEmail.stderr).toContain('no-email-column.csv: Line 1 has no "email" column');
  });

  it('shows a progress bar on a terminal, counting the bytes uploaded', { timeout: 60_000 }, async () => {
    const file = join(dataDir, 'big.csv');
    writeFileSync(file, `email,consented_at\n${Array.from({ length: 20_000 }, (_, i) => `tty${i}@example.com,2025-01-01`).join('\n')}\n`);
    // `script` gives the command a terminal, as when she types it.
    const result = await runCommand(`script -qec "npm run -s cli -- subscribers import ${file} --dry-run" /dev/null`, { env: env() });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/Checking \[[█░]+\] \d+%/);
    expect(result.stdout).toContain('would be added      20,000');
  });

  it('keeps its admin routes from anyone without the token', async () => {
    const anonymous = await fetch(`${base}/api/admin/subscribers/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\nx@example.com\n' });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${base}/api/admin/subscribers/export`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });
});
