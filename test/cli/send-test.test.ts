import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { runCommand } from '../support/run-command.js';
import { herContent } from '../support/course.js';

// `npm run cli -- send-test …` exactly as the guide writes it, against a real Postgres: through
// the dev mailbox without a key, through Resend (the fake, over HTTP) with one.
let db: TestDatabase;
let fake: FakeResend;
beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeResend({ keepBodies: true });
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

describe('npm run cli -- send-test', () => {
  it('sends a lesson by id to the dev mailbox with [Test] in the subject, recorded as a test, not a delivery', { timeout: 60_000 }, async () => {
    const result = await runCommand('npm run cli -- send-test what-mom-guilt-is you@example.com', { env: { DATABASE_URL: db.url } });
    expect(result.stderr).toContain('RESEND_API_KEY is not set');
    expect(result.code).toBe(0);
    const subject = `[Test] ${await herContent.lessonSubject('releasing-mom-guilt', 'what-mom-guilt-is')}`;
    expect(result.stdout).toContain(`Sent "${subject}" to you@example.com`);
    const [mail] = await db.sql<{ to_address: string; subject: string; text: string; headers: Record<string, string> }[]>`select to_address, subject, text, headers from dev_mailbox`;
    expect(mail).toMatchObject({ to_address: 'you@example.com', subject });
    expect(mail!.text).toContain('Hi Sarah,');
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(await db.sql`select template, file, status from test_sends`).toEqual([
      { template: 'releasing-mom-guilt/what-mom-guilt-is', file: 'emails/courses/releasing-mom-guilt/01-what-mom-guilt-is.md', status: 'sent' },
    ]);
    expect(await db.sql`select 1 from deliveries`).toHaveLength(0);
  });

  it('names the dev mailbox at APP_URL, where the app is reached', { timeout: 60_000 }, async () => {
    const appUrl = 'http://127.0.0.1:4917';
    const result = await runCommand('npm run -s cli -- send-test what-mom-guilt-is you@example.com', { env: { DATABASE_URL: db.url, APP_URL: appUrl } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`It is in the dev mailbox: ${appUrl}/dev/mailbox`);
    expect(result.stdout + result.stderr).not.toContain('localhost:3000');
  });

  it('sends a newsletter file through Resend when a key is set', { timeout: 60_000 }, async () => {
    const env = { DATABASE_URL: db.url, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, EMAIL_FROM: 'Dr. Test <hello@course.example.com>' };
    const result = await runCommand('npm run cli -- send-test emails/newsletters/2026-12-gentle-december.md you@example.com', { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('to you@example.com (from emails/newsletters/2026-12-gentle-december.md). Look in your inbox in a minute.');
    const json = await runCommand('npm run -s cli -- send-test emails/newsletters/2026-12-gentle-december.md you@example.com --json', { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ to: 'you@example.com', file: 'emails/newsletters/2026-12-gentle-december.md' });
    const sent = fake.emails();
    expect(sent.map((e) => e.subject)).toEqual([expect.stringMatching(/^\[Test\] /), expect.stringMatching(/^\[Test\] /)]);
  });

  it('refuses an invalid address or an unknown lesson with a plain message, and records nothing', { timeout: 60_000 }, async () => {
    const before = await db.sql`select count(*)::int as n from test_sends`;
    const bad = await runCommand('npm run -s cli -- send-test what-mom-guilt-is not-an-address', { env: { DATABASE_URL: db.url } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"not-an-address" is not an email address.');
    const unknown = await runCommand('npm run -s cli -- send-test no-such-lesson you@example.com', { env: { DATABASE_URL: db.url } });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no lesson with the id "no-such-lesson". Lesson ids: what-mom-guilt-is,');
    for (const out of [bad.stderr, unknown.stderr]) expect(out).not.toMatch(/\n\s+at /);
    expect(await db.sql`select count(*)::int as n from test_sends`).toEqual(before);
  });

  it('has --help with an example', async () => {
    const help = await runCommand('npm run -s cli -- send-test --help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run cli -- send-test what-mom-guilt-is you@example.com');
  });
});
