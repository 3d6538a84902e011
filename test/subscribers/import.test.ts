import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { importSubscribers } from '../../src/subscribers/import/import.js';
import { csvStream, importCsv, resetTables, tableCounts } from './import-support.js';
import { confirmationOf } from '../../src/courses/template-keys.js';

// The rules of `subscribers import`, through the use case, against a real Postgres.
describe('importing her list', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await resetTables(h);
    h.clock.set('2026-03-02T12:00:00Z');
  });

  const subscribers = () =>
    h.db.sql<{ email: string; first_name: string | null; timezone: string; status: string; newsletter: boolean; consented_at: Date | null; consent_source: string | null }[]>`
      select email, first_name, timezone, status, newsletter, consented_at, consent_source from subscribers order by email`;

  it('puts a row with recorded consent straight on the list, with its consent, and in no course', async () => {
    const report = await importCsv(h, 'email,first_name,timezone,consented_at,consent_source,newsletter\nAna@Example.com,Ana,Europe/Paris,2024-05-01T09:30:00Z,workshop sign-up sheet,yes\n');
    expect(report).toMatchObject({ rows: 1, created: 1, createdActive: 1, createdPending: 0, updated: 0, unchanged: 0, skipped: 0, confirmations: 0, enrolled: 0 });
    expect(await subscribers()).toEqual([
      { email: 'ana@example.com', first_name: 'Ana', timezone: 'Europe/Paris', status: 'active', newsletter: true, consented_at: new Date('2024-05-01T09:30:00Z'), consent_source: 'workshop sign-up sheet' },
    ]);
    expect(await tableCounts(h)).toMatchObject({ enrollments: 0, deliveries: 0, batches: 0 });
  });

  it('keeps a row without consent pending and queues one newsletter confirmation, in the same send path as a signup', async () => {
    const report = await importCsv(h, 'email,first_name\nbea@example.com,Bea\n');
    expect(report).toMatchObject({ created: 1, createdPending: 1, confirmations: 1, confirmationTemplate: 'confirm-newsletter' });
    const [bea] = await h.db.sql`select id, status, newsletter, confirmation_sent_at from subscribers`;
    expect(bea).toMatchObject({ status: 'pending', newsletter: true, confirmation_sent_at: h.clock.now() });
    expect(await h.db.sql`select dedupe_key, kind, template, status, batch_id is not null as batched from deliveries`).toEqual([
      { dedupe_key: `confirm:${bea!.id}:${h.clock.now().getTime()}`, kind: 'confirmation', template: 'confirm-newsletter', status: 'pending', batched: true },
    ]);
    expect(await h.db.sql`select template, status from send_batches`).toEqual([{ template: 'confirm-newsletter', status: 'pending' }]);
    expect(await tableCounts(h)).toMatchObject({ enrollments: 0 });
  });

  it('puts confirmations into shared batches of up to 100, not one batch per email', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `mom${i}@example.com`).join('\n');
    const report = await importCsv(h, `email\n${rows}\n`);
    expect(report).toMatchObject({ created: 250, confirmations: 250 });
    expect(await h.db.sql`select count(*)::int as emails from deliveries group by batch_id order by 1 desc`).toEqual([{ emails: 100 }, { emails: 100 }, { emails: 50 }]);
  });

  it('with --enroll, starts the course for those with consent and invites the others to it', async () => {
    const csv = 'email,consented_at\ncy@example.com,2025-01-10\ndee@example.com,\n';
    const report = await importCsv(h, csv, { enroll: 'postpartum-perfectionism' });
    expect(report).toMatchObject({ created: 2, createdActive: 1, createdPending: 1, enrolled: 2, confirmations: 1, confirmationTemplate: 'confirm-subscription:postpartum-perfectionism' });
    expect(await h.db.sql`
      select s.email, s.status, s.newsletter, e.course_slug, e.status as enrollment, e.next_due_at
      from subscribers s join enrollments e on e.subscriber_id = s.id order by s.email`).toEqual([
      { email: 'cy@example.com', status: 'active', newsletter: false, course_slug: 'postpartum-perfectionism', enrollment: 'active', next_due_at: h.clock.now() },
      { email: 'dee@example.com', status: 'pending', newsletter: false, course_slug: 'postpartum-perfectionism', enrollment: 'pending', next_due_at: null },
    ]);
    expect(await h.db.sql`select template from deliveries`).toEqual([{ template: 'confirm-subscription:postpartum-perfectionism' }]);
  });

  it('refuses an unknown course by name, listing the courses, and changes nothing', async () => {
    const failure = await importCsv(h, 'email\nx@example.com\n', { enroll: 'no-such-course' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).message).toBe('There is no course called "no-such-course". Courses: releasing-mom-guilt, postpartum-perfectionism.');
    expect(await tableCounts(h)).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0, batches: 0 });
  });

  it('never puts back an address that unsubscribed, bounced or complained, whatever the file says', async () => {
    await h.db.sql`
      insert into subscribers (email, status, first_name) values
        ('gone@example.com', 'unsubscribed', 'Gone'), ('bounce@example.com', 'bounced', null), ('spam@example.com', 'complained', null)`;
    const report = await importCsv(h, 'email,first_name,consented_at\ngone@example.com,Back,2025-01-01\nbounce@example.com,,\nspam@example.com,,2025-01-01\n');
    expect(report).toMatchObject({ created: 0, updated: 0, skipped: 3, confirmations: 0, skippedByReason: { unsubscribed: 1, bounced: 1, complained: 1 } });
    expect(report.skippedRows.map((r) => r.message)).toEqual([
      'line 2: this address unsubscribed. Not added back.',
      'line 3: emails to this address bounced. Not added back.',
      'line 4: this address marked an email as spam. Not added back.',
    ]);
    expect((await subscribers()).map((s) => [s.email, s.status, s.first_name])).toEqual([
      ['bounce@example.com', 'bounced', null],
      ['gone@example.com', 'unsubscribed', 'Gone'],
      ['spam@example.com', 'complained', null],
    ]);
    expect(await tableCounts(h)).toMatchObject({ deliveries: 0 });
  });

  it('reports bad rows by line, with what to fix, and still imports the good ones', async () => {
    const csv = Buffer.concat([
      Buffer.from('email,first_name,timezone,consented_at\n'),
      Buffer.from('good1@example.com,Ann,America/Chicago,2025-02-01\n'),
      Buffer.from('not-an-address,Ann,,\n'),
      Buffer.from('tz@example.com,Ann,Mars/Olympus,2025-02-01\n'),
      Buffer.from('date@example.com,Ann,,2025-02-30\n'),
      Buffer.from('later@example.com,Ann,,2027-01-01\n'),
      Buffer.from('columns@example.com,Ann\n'),
      Buffer.concat([Buffer.from('latin1@example.com,Ren'), Buffer.from([0xe9]), Buffer.from(',,2025-02-01\n')]),
      Buffer.from('"quoted, with comma"@x,Ann,,\n'),
      Buffer.from('good2@example.com,"Zoë, Jr.",,2025-02-01\n'),
    ]);
    const report = await importCsv(h, csv);
    expect(report).toMatchObject({ rows: 9, created: 2, skipped: 7 });
    expect(report.skippedByReason).toEqual({ invalid_email: 2, invalid_timezone: 1, invalid_date: 2, wrong_column_count: 1, invalid_utf8: 1 });
    expect(report.skippedRows.map((r) => r.message)).toEqual([
      'line 3: "not-an-address" is not an email address.',
      'line 4: "Mars/Olympus" is not a timezone. Use a name like Europe/Paris or America/Chicago, or leave it empty.',
      'line 5: consented_at "2025-02-30" is not a date. Write it like 2024-03-01 or 2024-03-01T09:30:00Z.',
      'line 6: consented_at "2027-01-01" is in the future.',
      'line 7: has 2 values, but the first line names 4 columns. A value with a comma in it needs "double quotes" around it.',
      'line 8: has characters that are not UTF-8 (they show as �). Save the file as "CSV UTF-8" and import it again.',
      'line 9: "\\"quoted, with comma\\"@x" is not an email address.',
    ]);
    expect((await subscribers()).map((s) => [s.email, s.first_name])).toEqual([
      ['good1@example.com', 'Ann'],
      ['good2@example.com', 'Zoë, Jr.'],
    ]);
  });

  it('numbers lines as her spreadsheet shows them: blank lines, Windows line ends, a value over two lines', async () => {
    const report = await importCsv(h, 'email,first_name\r\n\r\nok@example.com,"Two\r\nlines"\r\nbad1,x\r\n,\r\nbad2,y\r\n');
    expect(report.skippedRows.map((r) => r.message)).toEqual(['line 5: "bad1" is not an email address.', 'line 7: "bad2" is not an email address.']);
    expect(report.rows).toBe(3);
  });

  it('reports a quote that never closes by its line, and reads on at the next line', async () => {
    const report = await importCsv(h, 'email,first_name\none@example.com,Ann\ntwo@example.com,"Bea\nthree@example.com,Cy\n');
    expect(report).toMatchObject({ rows: 3, created: 2, skipped: 1, skippedByReason: { broken_quotes: 1 } });
    expect(report.skippedRows[0]!.message).toMatch(/^line 3: a "double quote" opens a value and never closes it/);
    expect((await subscribers()).map((s) => s.email)).toEqual(['one@example.com', 'three@example.com']);
  });

  const addsUp = (r: { rows: number; created: number; updated: number; unchanged: number; skipped: number }) => r.created + r.updated + r.unchanged + r.skipped;

  it('accounts for every line after a 100 KB value: that line is skipped with its reason, the rows after it are imported', async () => {
    const csv = `email,first_name\nana@example.com,Ana\nbea@example.com,${'x'.repeat(100 * 1024)}\ncy@example.com,Cy\ndee@example.com,Dee\neve@example.com,Eve\n`;
    const report = await importCsv(h, csv);
    expect(report).toMatchObject({ rows: 5, created: 4, skipped: 1, skippedByReason: { row_too_long: 1 } });
    expect(addsUp(report)).toBe(report.rows);
    expect(report.skippedRows.map((r) => r.line)).toEqual([3]);
    expect(report.skippedRows[0]!.message).toMatch(/^line 3: is longer than 64 KB/);
    expect((await subscribers()).map((s) => s.email)).toEqual(['ana@example.com', 'cy@example.com', 'dee@example.com', 'eve@example.com']);
  });

  it('skips a line of a million bare commas with its reason, and imports the rest', async () => {
    const csv = Buffer.concat([Buffer.from('email,first_name\nana@example.com,Ana\n'), Buffer.alloc(1_000_000, ','), Buffer.from('\nbea@example.com,Bea\n')]);
    const report = await importSubscribers(h.ctx, csvStream(csv, 64 * 1024));
    expect(report).toMatchObject({ rows: 3, created: 2, skipped: 1, skippedByReason: { too_many_values: 1 } });
    expect(addsUp(report)).toBe(report.rows);
    expect(report.skippedRows[0]!.message).toMatch(/^line 3: has more than 1,000 values, but the first line names 2 columns/);
    expect((await subscribers()).map((s) => s.email)).toEqual(['ana@example.com', 'bea@example.com']);
  });

  it('refuses a file that is not UTF-8 at all, saying to save it as CSV UTF-8, and changes nothing', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\nx@example.com\n', 'utf16le')]);
    const utf16NoBom = Buffer.from('email\nx@example.com\n', 'utf16le');
    const latin1Header = Buffer.concat([Buffer.from('email,pr'), Buffer.from([0xe9]), Buffer.from('nom\nx@example.com,Ren\n')]);
    for (const file of [utf16, utf16NoBom, latin1Header]) {
      const failure = await importCsv(h, file).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).message).toContain('The file is not UTF-8 text');
      expect((failure as AppError).message).toContain('"CSV UTF-8"');
    }
    expect(await tableCounts(h)).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0, batches: 0 });
  });

  it('refuses a file without an email column, naming what it found, and changes nothing', async () => {
    const failure = await importCsv(h, 'name,phone\nAnn,555\n').catch((e: unknown) => e);
    expect((failure as AppError).code).toBe('validation_failed');
    expect((failure as AppError).message).toMatch(/^Line 1 has no "email" column \(it names: "name", "phone"\)\. The first line must name the columns, for example: email,first_name/);
    expect(await tableCounts(h)).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0, batches: 0 });
  });

  it('warns about columns it does not know and ignores them; reads other tools’ names for its own', async () => {
    const report = await importCsv(h, '\uFEFFEmail Address,First Name,Phone,Favourite colour\nfay@example.com,Fay,555-1234,green\n');
    // One warning, naming both columns it left out and the columns it does read.
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/"Phone", "Favourite colour".*email, first_name, timezone, consented_at, consent_source, newsletter/);
    expect((await subscribers()).map((s) => [s.email, s.first_name])).toEqual([['fay@example.com', 'Fay']]);
  });

  it('counts a later duplicate in the file as skipped, never as an error', async () => {
    const report = await importCsv(h, 'email,first_name\ngia@example.com,Gia\nGIA@example.com,Other\n');
    expect(report).toMatchObject({ created: 1, skipped: 1, skippedByReason: { duplicate_in_file: 1 } });
    expect(report.skippedRows[0]!.message).toBe('line 3: the same address as line 2; only the first one counts.');
    expect((await subscribers()).map((s) => s.first_name)).toEqual(['Gia']);
  });

  it('changes nothing and sends nothing more when the same file is imported again', async () => {
    const csv = 'email,first_name,consented_at,newsletter\nha@example.com,Ha,2025-01-01,yes\nib@example.com,Ib,,\njo@example.com,,,no\n';
    const first = await importCsv(h, csv, { enroll: 'releasing-mom-guilt' });
    expect(first).toMatchObject({ created: 3, confirmations: 2, enrolled: 3 });
    const before = await tableCounts(h);
    h.clock.advance(60 * 60_000);
    const again = await importCsv(h, csv, { enroll: 'releasing-mom-guilt' });
    expect(again).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, skipped: 0, confirmations: 0, enrolled: 0 });
    expect(await tableCounts(h)).toEqual(before);
    // And without --enroll the same people are all known: still nothing to do.
    expect(await importCsv(h, csv)).toMatchObject({ unchanged: 3, confirmations: 0 });
  });

  it('fills in and corrects what the file knows, takes consent once, and never resends a signup’s confirmation', async () => {
    // Kay signed up herself and waits for her link; Lou confirmed long ago.
    await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kay@example.com' }) });
    await h.db.sql`insert into subscribers (email, status, confirmed_at, timezone) values ('lou@example.com', 'active', '2025-01-01', 'UTC')`;
    const report = await importCsv(h, 'email,first_name,timezone,consented_at\nkay@example.com,Kay,,\nlou@example.com,Lou,Asia/Tokyo,2025-06-01\n');
    expect(report).toMatchObject({ created: 0, updated: 2, confirmations: 0 });
    expect((await subscribers()).map((s) => [s.email, s.first_name, s.timezone, s.status, s.consented_at])).toEqual([
      ['kay@example.com', 'Kay', 'UTC', 'pending', null],
      ['lou@example.com', 'Lou', 'Asia/Tokyo', 'active', null],
    ]);
    expect(await h.db.sql`select count(*)::int as n from deliveries`).toEqual([{ n: 1 }]);
    // Her consent arrives with a later file: she is on the list now, her own signup link no longer needed.
    const later = await importCsv(h, 'email,consented_at,consent_source\nkay@example.com,2025-03-01,paper form\n');
    expect(later).toMatchObject({ updated: 1 });
    expect(await h.db.sql`select status, consent_source from subscribers where email = 'kay@example.com'`).toEqual([{ status: 'active', consent_source: 'paper form' }]);
  });

  it('skips a row without consent whose newsletter is "no" when there is no course to invite her to', async () => {
    const report = await importCsv(h, 'email,newsletter\nmo@example.com,no\nnan@example.com,maybe\n');
    expect(report.skippedByReason).toEqual({ newsletter_declined: 1, invalid_newsletter: 1 });
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0 });
  });

  it('in a dry run, classifies exactly as the import would, and writes nothing', async () => {
    await h.db.sql`insert into subscribers (email, status) values ('gone@example.com', 'unsubscribed'), ('known@example.com', 'active')`;
    const csv = 'email,consented_at\nnew@example.com,2025-01-01\npend@example.com,\ngone@example.com,\nknown@example.com,\nbad,\nnew@example.com,\n';
    const before = await tableCounts(h);
    const dry = await importCsv(h, csv, { dryRun: true });
    expect(await tableCounts(h)).toEqual(before);
    const real = await importCsv(h, csv);
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(real).toMatchObject({ created: 2, unchanged: 1, skipped: 3, confirmations: 1 });
  });

  it('sends each confirmation once, 100 to a provider call, through the real workers', { timeout: 60_000 }, async () => {
    h.fake.reset();
    const rows = Array.from({ length: 150 }, (_, i) => `invited${i}@example.com,Mom ${i}`).join('\n');
    const report = await importCsv(h, `email,first_name\n${rows}\n`, { enroll: 'releasing-mom-guilt' });
    expect(report).toMatchObject({ created: 150, confirmations: 150 });
    await h.startWorkers();
    try {
      await waitFor('150 confirmations at the provider', () => h.fake.emails().length >= 150, 30_000);
      // The same file again, and another round of the dispatcher: nothing more goes out.
      await importCsv(h, `email,first_name\n${rows}\n`, { enroll: 'releasing-mom-guilt' });
      await h.afterDispatcherTicks(2);
    } finally {
      await h.stopWorkers();
    }
    const emails = h.fake.emails();
    expect(emails).toHaveLength(150);
    expect(new Set(emails.map((e) => String(e.to))).size).toBe(150);
    expect(new Set(emails.map((e) => e.subject))).toEqual(new Set([confirmationOf(h.ctx.catalog, h.ctx.catalog.main).subject]));
    expect(h.fake.requests().filter((r) => r.path.includes('batch'))).toHaveLength(2);
    expect(await h.db.sql`select status, count(*)::int as n from deliveries group by status`).toEqual([{ status: 'sent', n: 150 }]);
  });
});
