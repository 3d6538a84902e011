import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedApp, type EmbeddedApp } from '../support/embedded-app.js';
import { runCommand } from '../support/run-command.js';
import { herContent } from '../support/course.js';
import { waitFor } from '../support/wait-for.js';
import { openConfirmationLink } from '../support/confirm-link.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * The README's quick start, as a user would run it: `npm start` with nothing configured but
 * COURSE_INTERVAL, so the embedded Postgres, the local Redis and the dev mailbox are used.
 */
describe('npm start on the embedded defaults', () => {
  let app: EmbeddedApp;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    // The README's quick start, typed as it stands there.
    app = await startEmbeddedApp('quickstart', 'npm install && npm start');
    ({ base, dataDir } = app);
  }, 150_000);
  afterAll(async () => app?.stop());

  const mailbox = (to: string) => app.mailbox(to);

  it('lets `npm run cli -- send-test` send through the running app, which holds the embedded database', { timeout: 60_000 }, async () => {
    const result = await runCommand('npm run cli -- send-test what-mom-guilt-is you@example.com', { env: { DATA_DIR: dataDir, DATABASE_URL: undefined } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('through the running app');
    const [mail] = await mailbox('you@example.com');
    expect(mail?.subject).toBe(`[Test] ${await herContent.lessonSubject('releasing-mom-guilt', 'what-mom-guilt-is')}`);
    // The admin API it used answers nobody without the token.
    const anonymous = await fetch(`${base}/api/admin/test-sends`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"target":"what-mom-guilt-is","email":"x@example.com"}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await fetch(`${base}/api/admin/test-sends`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
  });

  it('listens on this machine only: loopback answers, the network address does not', async () => {
    expect(app.output()).toMatch(/listening on 127\.0\.0\.1, port \d+/);
    expect((await fetch(`http://127.0.0.1:${new URL(base).port}/health`)).status).toBe(200);
    const networkAddress = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (networkAddress) {
      const error = await fetch(`http://${networkAddress}:${new URL(base).port}/health`).then(() => null, (e: Error) => e);
      expect((error?.cause as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED');
    }
  });

  it('says at start-up that mail goes to the dev mailbox', () => {
    expect(app.output()).toMatch(/RESEND_API_KEY is not set/);
    expect(app.output()).toContain('/dev/mailbox');
  });

  it('says where the dashboard is and what its development password is, and that password opens it', async () => {
    expect(app.output()).toContain('/admin  (password: gentle-dev-password');
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'gentle-dev-password' }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const overview = await fetch(`${base}/admin`, { headers: { cookie }, redirect: 'manual' });
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('<h1>Overview</h1>');
  });

  it.skipIf(!existsSync(CHROMIUM))('the landing form, filled in Chromium, shows the check-your-inbox page', async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      const page = await browser.newPage({ timezoneId: 'Australia/Perth', viewport: { width: 390, height: 844 } });
      await page.goto(`${base}/`);
      await page.getByLabel(/email/i).fill('browser-mom@example.com');
      await page.getByLabel(/first name/i).fill('Priya');
      // The embedded database is the server's alone, so the stored yes is checked in signup-form.test.ts.
      await page.getByRole('checkbox', { name: /occasional letters/i }).check();
      await page.getByRole('button', { name: /send|start|sign|yes/i }).click();
      await page.waitForURL(`${base}/subscribe`);
      expect(await page.locator('h1').innerText()).toMatch(/inbox/i);
    } finally {
      await browser?.close();
    }
    const [confirmation] = await waitFor('the confirmation in the dev mailbox', async () => {
      const mails = await mailbox('browser-mom@example.com');
      return mails.length ? mails : null;
    });
    expect(confirmation!.html).toContain('Priya');
  });

  const signUpAndConfirm = async (email: string, firstName: string) => {
    const signup = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, firstName, timezone: 'America/Chicago' }),
    });
    expect(signup.status).toBe(200);
    const [confirmation] = await waitFor(`the confirmation email for ${email}`, async () => {
      const mails = await mailbox(email);
      return mails.length ? mails : null;
    });
    const confirmLink = /href="([^"]*\/confirm\?token=[^"]+)"/.exec(confirmation!.html)?.[1]?.replace(/&amp;/g, '&');
    expect(confirmLink).toBeTruthy();
    expect((await openConfirmationLink(fetch, confirmLink!)).status).toBe(200);
  };

  it('signup → confirmation → lessons 1–7 in order, once each; a one-click unsubscribe silences the rest', async () => {
    const ana = 'quickstart-ana@example.com';
    const bea = 'quickstart-bea@example.com';
    await signUpAndConfirm(ana, 'Ana');
    await signUpAndConfirm(bea, 'Bea');

    // Bea leaves after lesson 2, through the List-Unsubscribe header a mailbox provider would use.
    const beaMails = await waitFor('lesson 2 for Bea', async () => {
      const mails = await mailbox(bea);
      return mails.length >= 3 ? mails : null;
    }, 30_000);
    const unsubscribeUrl = /^<(.+)>$/.exec(beaMails[2]!.headers['List-Unsubscribe']!)![1]!;
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    // A batch already with the provider when she left may still land; nothing later does.
    await app.afterDispatcherTicks(1);
    const afterUnsubscribe = (await mailbox(bea)).length;
    expect(afterUnsubscribe).toBeLessThanOrEqual(beaMails.length + 1);

    const all = await waitFor('seven lessons for Ana', async () => {
      const mails = await mailbox(ana);
      return mails.length >= 8 ? mails : null;
    }, 60_000);
    const lessons = all.slice(1);
    expect(lessons).toHaveLength(7);
    expect(new Set(lessons.map((m) => m.subject)).size).toBe(7);
    // In order: lesson N says "Day N of 7".
    lessons.forEach((m, i) => expect(m.text).toContain(`Day ${i + 1} of 7`));
    for (const mail of all) {
      expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:\d+\/unsubscribe\?token=[^>]+>$/);
      expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(mail.text.length).toBeGreaterThan(200);
    }

    // By now Bea's remaining lessons would all have been due; the dispatcher looks twice more: none came.
    await app.afterDispatcherTicks(2);
    expect(await mailbox(bea)).toHaveLength(afterUnsubscribe);
    expect(await mailbox(ana)).toHaveLength(8);
  }, 120_000);

  it('lets `npm run cli -- broadcast` send a newsletter through the running app, and show it', { timeout: 90_000 }, async () => {
    const file = 'emails/newsletters/2026-12-gentle-december.md';
    const env = { DATA_DIR: dataDir, DATABASE_URL: undefined };
    // Ana finished the course and is still subscribed; Bea left; the browser mom never confirmed.
    const dry = await runCommand(`npm run cli -- broadcast send ${file} --audience graduates --dry-run`, { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would go to 1 person (everyone who has finished a course)');
    const sent = await runCommand(`npm run cli -- broadcast send ${file} --audience all`, { env });
    expect(sent.code, sent.stderr).toBe(0);
    const subject = await herContent.newsletterSubject(file);
    expect(sent.stdout).toMatch(/Broadcast (\d+): ".+" to 1 person, recorded\. It goes out now\./);
    expect(sent.stdout).toContain(`"${subject}"`);
    const id = /Broadcast (\d+)/.exec(sent.stdout)![1];
    const letter = await waitFor('the newsletter in Ana’s mailbox', async () =>
      (await mailbox('quickstart-ana@example.com')).find((m) => m.subject === subject));
    expect(letter.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await mailbox('quickstart-bea@example.com')).some((m) => m.subject === subject)).toBe(false);
    const shown = await waitFor('broadcast show to say sent', async () => {
      const result = await runCommand(`npm run -s cli -- broadcast show ${id} --json`, { env });
      const b = JSON.parse(result.stdout) as { status: string; counts: Record<string, number> };
      return b.status === 'sent' ? b : null;
    }, 20_000);
    expect(shown.counts).toEqual({ sent: 1, pending: 0, failed: 0, cancelled: 0 });
    const list = await runCommand('npm run cli -- broadcast list', { env });
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+sent .* 1/1 sent`));
  });
});
