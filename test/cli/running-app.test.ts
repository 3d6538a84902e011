import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { startEmbeddedApp, type EmbeddedApp } from '../support/embedded-app.js';
import { PROJECT_DIR, runCommand } from '../support/run-command.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Commands while `npm start` holds the embedded database, which serves one program at a time:
 * `email:check` asks the running app which lessons were already sent, and says nothing about the
 * database being in use; `send-test` sends through it and names its dev mailbox.
 */
describe('npm run email:check while npm start runs on the embedded database', () => {
  let app: EmbeddedApp;
  let copy: string;
  const env = () => ({ DATA_DIR: app.dataDir, DATABASE_URL: undefined });

  beforeAll(async () => {
    app = await startEmbeddedApp('check');
  }, 150_000);
  afterAll(async () => {
    await app?.stop();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('send-test names the running app’s own dev mailbox, wherever this shell thinks the app is', { timeout: 60_000 }, async () => {
    // The app listens on a port of its own and this shell sets no PORT: the app's address counts.
    const result = await runCommand('npm run -s cli -- send-test what-mom-guilt-is you@example.com', { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`It is in the dev mailbox: ${app.base}/dev/mailbox`);
  });

  it('checks her emails without a notice about the database', { timeout: 120_000 }, async () => {
    const result = await runCommand('npm run -s email:check -- --no-spam', { env: env() });
    expect(result.stdout).toMatch(/^Checked \d+ emails: all good/m);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/database|lock|DATABASE_URL/i);
  });

  it('learns from the running app which lessons were sent, and fails when a sent one left the course', { timeout: 120_000 }, async () => {
    const email = 'check-ana@example.com';
    const signup = await fetch(`${app.base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, firstName: 'Ana', timezone: 'America/Chicago' }),
    });
    expect(signup.status).toBe(200);
    const [confirmation] = await waitFor('the confirmation email', async () => {
      const mails = await app.mailbox(email);
      return mails.length ? mails : null;
    }, 30_000);
    const link = /href="([^"]*\/confirm\?token=[^"]+)"/.exec(confirmation!.html)![1]!.replace(/&amp;/g, '&');
    expect((await openConfirmationLink(fetch, link.replace(/^https?:\/\/[^/]+/, app.base))).status).toBe(200);
    await waitFor('lesson 1', async () => (await app.mailbox(email)).length >= 2, 30_000);

    // A copy of her emails/ with the lesson just sent taken out of its course's list.
    const { main } = await loadCatalogOrThrow();
    const first = main.lessons[0]!;
    copy = mkdtempSync(join(tmpdir(), 'rmg-emails-'));
    cpSync(join(PROJECT_DIR, 'emails'), copy, { recursive: true });
    const courseFile = join(copy, 'courses', main.slug, 'course.md');
    const lessonName = basename(first.file);
    writeFileSync(courseFile, readFileSync(courseFile, 'utf8').replace(new RegExp(`^\\s*- ${lessonName}\\n`, 'm'), ''));
    unlinkSync(join(copy, 'courses', main.slug, lessonName));

    const result = await runCommand(`npm run -s email:check -- --dir ${copy} --no-spam`, { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`emails/courses/${main.slug}/course.md: The lesson "${first.id}" has already been sent to moms`);
    expect(result.stderr).not.toMatch(/database|lock|DATABASE_URL/i);
  });
});
