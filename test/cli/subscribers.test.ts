import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/queue/queues.js';
import { TEST_REDIS_URL } from '../support/harness.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { PROJECT_DIR, runCommand } from '../support/run-command.js';

// `npm run cli -- subscribers import|export …` exactly as typed, against a real Postgres
// (DATABASE_URL). The guide's own commands run in a folder holding her file, as she would.
let db: TestDatabase;
let folder: string;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  mkdirSync(join(PROJECT_DIR, 'test', 'scratch'), { recursive: true });
  folder = mkdtempSync(join(PROJECT_DIR, 'test', 'scratch', 'her-list-'));
  copyFileSync(join(PROJECT_DIR, 'test/fixtures/subscribers/my-list.csv'), join(folder, 'my-list.csv'));
  // Mailchimp's export, unzipped and renamed by her as the guide shows.
  for (const kind of ['subscribed', 'unsubscribed', 'cleaned']) {
    copyFileSync(join(PROJECT_DIR, `test/fixtures/subscribers/mailchimp/${kind}_members_export_3f9a2c1d4e.csv`), join(folder, `${kind}_members_export.csv`));
  }
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await db.drop();
});
beforeEach(async () => {
  await db.sql`truncate subscribers, enrollments, deliveries, send_batches, suppressions restart identity cascade`;
});

const counts = async () => {
  const [row] = await db.sql<{ subscribers: number; enrollments: number; deliveries: number }[]>`
    select (select count(*)::int from subscribers) as subscribers, (select count(*)::int from enrollments) as enrollments,
           (select count(*)::int from deliveries) as deliveries`;
  return row!;
};
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('npm run cli -- subscribers import', () => {
  it('imports the fixture: consent joins the list, no consent is asked to confirm, bad rows come back by line', { timeout: 60_000 }, async () => {
    const result = await runCommand('npm run cli -- subscribers import test/fixtures/subscribers/my-list.csv', { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported test/fixtures/subscribers/my-list.csv: 5 rows read.');
    expect(result.stdout).toContain('added      3  (2 with consent, on your list now; 1 asked to confirm first)');
    expect(result.stdout).toContain('line 5: "not-an-address" is not an email address.');
    expect(result.stdout).toContain('line 6: "Mars/Base" is not a timezone.');
    expect(result.stdout).toContain('confirmation emails: 1 on their way');
    expect(result.stderr).toMatch(/test\/fixtures\/subscribers\/my-list.csv: warning: .*"phone"/);
    expect(await db.sql`select email, status, newsletter, consent_source from subscribers order by email`).toEqual([
      { email: 'ana@example.com', status: 'active', newsletter: true, consent_source: 'workshop sign-up sheet' },
      { email: 'bea@example.com', status: 'pending', newsletter: true, consent_source: null },
      { email: 'cy@example.com', status: 'active', newsletter: false, consent_source: 'website form' },
    ]);
    // Exactly the same file again: nothing to do, nothing sent.
    const again = await runCommand('npm run -s cli -- subscribers import test/fixtures/subscribers/my-list.csv --json', { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 5, created: 0, updated: 0, unchanged: 3, skipped: 2, confirmations: 0 });
    expect(await counts()).toMatchObject({ subscribers: 3, deliveries: 1 });
  });

  it('wakes the dispatcher when an import leaves confirmations to send, as the dashboard and the API do', { timeout: 60_000 }, async () => {
    const prefix = `cli-import-${randomBytes(4).toString('hex')}`;
    const dispatch = new Queue(QUEUES.dispatch, { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      writeFileSync(join(folder, 'one-more.csv'), 'email,first_name\nwake@example.com,Wren\n');
      const imported = await runCommand('npm run -s cli -- subscribers import one-more.csv --enroll releasing-mom-guilt', {
        env: { ...env, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
        cwd: folder,
      });
      expect(imported.code, imported.stderr).toBe(0);
      // No worker listens on this prefix: the kick waits in the dispatch queue, where the workers would take it.
      expect((await dispatch.getJobs(['waiting', 'prioritized'])).map((job) => job.name)).toEqual(['kick']);
    } finally {
      await dispatch.obliterate({ force: true });
      await dispatch.close();
    }
  });

  it('the guide’s commands, typed in the folder that holds her file', { timeout: 90_000 }, async () => {
    const dry = await runCommand('npm run cli -- subscribers import my-list.csv --dry-run', { env, cwd: folder });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run of my-list.csv: nothing was written and no email was sent. 5 rows read.');
    expect(dry.stdout).toContain('would be added      3');
    expect(await counts()).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0 });

    const real = await runCommand('npm run cli -- subscribers import my-list.csv', { env, cwd: folder });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('Imported my-list.csv: 5 rows read.');

    const enrolled = await runCommand('npm run cli -- subscribers import my-list.csv --enroll releasing-mom-guilt', { env, cwd: folder });
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain('enrolled in releasing-mom-guilt: 3 people');
    // Bea is still waiting to confirm: she gets the course's own invitation, once.
    expect(await db.sql`select template from deliveries order by id`).toEqual([{ template: 'confirm-newsletter' }, { template: 'confirm-subscription:releasing-mom-guilt' }]);

    const exported = await runCommand('npm run cli -- subscribers export --output my-list-copy.csv', { env, cwd: folder });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('Exported 3 people to my-list-copy.csv.');
    expect(statSync(join(folder, 'my-list-copy.csv')).mode & 0o777).toBe(0o600);
    const copy = readFileSync(join(folder, 'my-list-copy.csv'), 'utf8');
    expect(copy.split('\n')[0]).toBe('email,first_name,timezone,consented_at,consent_source,newsletter,status,created_at,confirmed_at,unsubscribed_at');

    const active = await runCommand('npm run cli -- subscribers export --status active --output on-my-list.csv', { env, cwd: folder });
    expect(active.code, active.stderr).toBe(0);
    expect(readFileSync(join(folder, 'on-my-list.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('the guide’s Mailchimp commands: the dry run shows the mapping, the files bring in 40 with consent and suppress 10', { timeout: 90_000 }, async () => {
    const dry = await runCommand('npm run cli -- subscribers import subscribed_members_export.csv --dry-run', { env, cwd: folder });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Read as a Mailchimp export:');
    expect(dry.stdout).toContain('  CONFIRM_TIME → consent time\n');
    expect(dry.stdout).toContain('  TIMEZONE → timezone\n');
    expect(dry.stdout).toMatch(/ {2}TAGS → not imported/);
    expect(dry.stdout).toContain('would be added      40  (40 with consent, on your list now; 0 asked to confirm first)');
    expect(dry.stdout).toContain('confirmation emails: none');
    expect(await counts()).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0 });

    for (const kind of ['subscribed', 'unsubscribed', 'cleaned']) {
      const result = await runCommand(`npm run cli -- subscribers import ${kind}_members_export.csv`, { env, cwd: folder });
      expect(result.code, result.stderr).toBe(0);
      if (kind !== 'subscribed') expect(result.stdout).toContain('put on the suppression list: 5 people (the file says they left; never emailed)');
    }
    expect(await db.sql`select status, consent_source, count(*)::int as n from subscribers group by 1, 2`).toEqual([{ status: 'active', consent_source: 'Mailchimp', n: 40 }]);
    expect(await db.sql`select count(*)::int as n from suppressions`).toEqual([{ n: 10 }]);
    expect(await counts()).toMatchObject({ deliveries: 0 });
  });

  it('a dry run names who would be asked to confirm, and why', { timeout: 60_000 }, async () => {
    const dry = await runCommand('npm run -s cli -- subscribers import test/fixtures/subscribers/kit.csv --dry-run', { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Read as a Kit export:');
    expect(dry.stdout).toContain('would be asked to confirm first: 1 person');
    expect(dry.stdout).toMatch(/Asked to confirm:\n {2}line 11: kit\.[a-z]+@example\.com \(never confirmed her subscription in Kit\)/);
    expect(dry.stdout).toContain('would be put on the suppression list: 3 people');
  });

  it('refuses a file it cannot use with a plain message naming the file and the fix, exit 1, and changes nothing', { timeout: 90_000 }, async () => {
    writeFileSync(join(folder, 'unicode.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\r\nx@example.com\r\n', 'utf16le')]));
    const cases: Array<[string, string]> = [
      ['npm run -s cli -- subscribers import test/fixtures/subscribers/no-email-column.csv', 'test/fixtures/subscribers/no-email-column.csv: Line 1 has no "email" column (it names: "name", "phone").'],
      [`npm run -s cli -- subscribers import unicode.csv`, 'unicode.csv: The file is not UTF-8 text (it looks like UTF-16, "Unicode text"). In your spreadsheet app choose File › Save As (or Download) and pick "CSV UTF-8"'],
      ['npm run -s cli -- subscribers import test/fixtures/subscribers/my-list.csv --enroll no-such-course', 'test/fixtures/subscribers/my-list.csv: There is no course called "no-such-course". Courses: releasing-mom-guilt, postpartum-perfectionism.'],
      ['npm run -s cli -- subscribers import nowhere.csv', 'nowhere.csv: there is no such file. Check its name, and that it is in'],
      ['npm run -s cli -- subscribers export --status happy', 'There is no status "happy". Use one of: pending, active, unsubscribed, bounced, complained.'],
    ];
    for (const [line, message] of cases) {
      const result = await runCommand(line, { env, cwd: line.includes('unicode.csv') ? folder : undefined });
      expect(result.code, line).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
      noStack(result.stderr);
    }
    expect(await counts()).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0 });
  });

  it('exports what an import reads back as all unchanged, and never a token', { timeout: 60_000 }, async () => {
    await db.sql`
      insert into subscribers (email, first_name, status, timezone, newsletter, confirmed_at, unsubscribed_at, consented_at, consent_source) values
        ('fay@example.com', 'Fay', 'active', 'Asia/Tokyo', true, '2025-01-02T03:04:05Z', null, null, null),
        ('gus@example.com', '=HYPERLINK("x")', 'unsubscribed', 'UTC', false, '2025-01-02T03:04:05Z', '2025-02-01T00:00:00Z', null, null),
        ('hal@example.com', null, 'pending', 'UTC', true, null, null, null, null),
        ('ivy@example.com', 'Ivy, "the" Second', 'active', 'UTC', false, null, null, '2024-12-24T10:00:00Z', 'a paper form')`;
    await db.sql`update subscribers set confirmation_sent_at = now() where email = 'hal@example.com'`;
    const exported = await runCommand('npm run -s cli -- subscribers export', { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toBe('Exported 4 people.\n');
    expect(exported.stdout).not.toMatch(/token/i);
    expect(exported.stdout).toContain(`gus@example.com,"'=HYPERLINK(""x"")",UTC,2025-01-02T03:04:05.000Z,double opt-in (she confirmed her address by email),no,unsubscribed,`);
    expect(exported.stdout).toContain('hal@example.com,,UTC,,,yes,pending,');
    expect(exported.stdout).toContain('ivy@example.com,"Ivy, ""the"" Second",UTC,2024-12-24T10:00:00.000Z,a paper form,no,active,');
    writeFileSync(join(folder, 'round-trip.csv'), exported.stdout);
    const before = await db.sql`select * from subscribers order by id`;
    const back = await runCommand(`npm run -s cli -- subscribers import ${join(folder, 'round-trip.csv')} --json`, { env });
    expect(JSON.parse(back.stdout)).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, skipped: 0, confirmations: 0, warnings: [] });
    expect(await db.sql`select * from subscribers order by id`).toEqual(before);
  });

  it('has --help with examples, for the group and each command', { timeout: 60_000 }, async () => {
    const group = await runCommand('npm run -s cli -- subscribers --help');
    expect(group.stdout).toContain('npm run cli -- subscribers import my-list.csv --dry-run');
    const help = await runCommand('npm run -s cli -- subscribers import --help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('npm run cli -- subscribers import my-list.csv --enroll releasing-mom-guilt');
    const exportHelp = await runCommand('npm run -s cli -- subscribers export --help');
    expect(exportHelp.stdout).toContain('npm run cli -- subscribers export --output my-list-copy.csv');
  });
});
