import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importSubscribers, type ImportReport } from '../../src/subscribers/import/import.js';
import { emailHash } from '../../src/subscribers/suppression.js';
import { createHarness, type Harness } from '../support/harness.js';
import { PROJECT_DIR } from '../support/run-command.js';
import { importCsv, resetTables } from './import-support.js';

const FIXTURES = join(PROJECT_DIR, 'test/fixtures/subscribers');
const importFile = (h: Harness, path: string, options: { dryRun?: boolean } = {}) =>
  importSubscribers(h.ctx, createReadStream(join(FIXTURES, path), { highWaterMark: 1024 }), options);
const addsUp = (r: ImportReport) => expect(r.created + r.updated + r.unchanged + r.skipped).toBe(r.rows);

// Her list as other newsletter tools export it (made-up people in test/fixtures/subscribers/).
describe('moving her list from another tool', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await resetTables(h);
    await h.db.sql`truncate suppressions`;
  });

  const byStatus = async () =>
    Object.fromEntries(
      (await h.db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from subscribers group by status`).map((r) => [r.status, r.n]),
    );
  const deliveries = async () => (await h.db.sql<{ n: number }[]>`select count(*)::int as n from deliveries`)[0]!.n;
  const suppressions = async () => h.db.sql<{ reason: string; n: number }[]>`select reason, count(*)::int as n from suppressions group by reason order by reason`;

  it('Mailchimp: 40 subscribed join with their consent and no email; 10 unsubscribed or cleaned are suppressed, never mailed', async () => {
    const files = readdirSync(join(FIXTURES, 'mailchimp')).sort();
    expect(files).toEqual(['cleaned_members_export_3f9a2c1d4e.csv', 'subscribed_members_export_3f9a2c1d4e.csv', 'unsubscribed_members_export_3f9a2c1d4e.csv']);

    const dry = await importFile(h, 'mailchimp/subscribed_members_export_3f9a2c1d4e.csv', { dryRun: true });
    expect(dry.source).toBe('Mailchimp');
    expect(dry.mapping).toEqual(
      expect.arrayContaining([
        { column: 'Email Address', meaning: 'email address' },
        { column: 'CONFIRM_TIME', meaning: 'consent time' },
        { column: 'OPTIN_TIME', meaning: 'consent time, when CONFIRM_TIME is empty' },
        { column: 'TIMEZONE', meaning: 'timezone' },
        { column: 'TAGS', meaning: expect.stringMatching(/^not imported/) },
        { column: 'MEMBER_RATING', meaning: 'not used' },
      ]),
    );
    expect(dry).toMatchObject({ rows: 40, created: 40, createdActive: 40, confirmations: 0, askedBecause: {}, warnings: [] });
    expect(await byStatus()).toEqual({});

    const subscribed = await importFile(h, 'mailchimp/subscribed_members_export_3f9a2c1d4e.csv');
    const unsubscribed = await importFile(h, 'mailchimp/unsubscribed_members_export_3f9a2c1d4e.csv');
    const cleaned = await importFile(h, 'mailchimp/cleaned_members_export_3f9a2c1d4e.csv');
    expect(subscribed).toMatchObject({ rows: 40, created: 40, createdActive: 40, skipped: 0, confirmations: 0 });
    expect(unsubscribed).toMatchObject({ rows: 5, created: 0, skipped: 5, suppressed: 5, skippedByReason: { unsubscribed: 5 }, confirmations: 0 });
    expect(cleaned).toMatchObject({ rows: 5, created: 0, skipped: 5, suppressed: 5, skippedByReason: { bounced: 5 }, confirmations: 0 });
    for (const report of [subscribed, unsubscribed, cleaned]) addsUp(report);

    expect(await byStatus()).toEqual({ active: 40 });
    expect(await h.db.sql`select count(*)::int as n from subscribers where consent_source = 'Mailchimp' and consented_at is not null`).toEqual([{ n: 40 }]);
    // CONFIRM_TIME is her consent; OPTIN_TIME where she never confirmed; TIMEZONE is kept.
    expect(await h.db.sql`select consented_at, timezone from subscribers where email in ('amara.lee@example.com', 'fatima.sato@example.com') order by email`).toEqual([
      { consented_at: new Date('2019-01-01T08:03:00Z'), timezone: 'America/New_York' },
      { consented_at: new Date('2020-06-06T13:05:35Z'), timezone: 'Europe/Berlin' },
    ]);
    expect(await deliveries()).toBe(0);
    expect(await suppressions()).toEqual([
      { reason: 'imported_bounced', n: 5 },
      { reason: 'imported_unsubscribed', n: 5 },
    ]);
    // The list keeps a keyed hash, never the address.
    expect(await h.db.sql`select 1 from suppressions where email_hash like '%@%'`).toEqual([]);
    expect(await h.db.sql`select 1 from suppressions where email_hash = ${emailHash(h.ctx.config.secret, 'orla.patel@example.com')}`).toHaveLength(1);

    // The same files again: nobody changes, nobody is mailed.
    expect(await importFile(h, 'mailchimp/unsubscribed_members_export_3f9a2c1d4e.csv')).toMatchObject({ created: 0, suppressed: 0, skipped: 5, confirmations: 0 });
    expect(await importFile(h, 'mailchimp/subscribed_members_export_3f9a2c1d4e.csv')).toMatchObject({ unchanged: 40, confirmations: 0 });
    // Nor does a file of her own that lists one of them with a consent date.
    const own = await importCsv(h, 'email,consented_at\norla.patel@example.com,2025-01-01\n');
    expect(own).toMatchObject({ created: 0, skipped: 1, skippedByReason: { unsubscribed: 1 } });
    expect(await deliveries()).toBe(0);
  });

  it('a suppressed mom who later signs up herself needs her own confirmation, and no import makes her active first', async () => {
    await importFile(h, 'mailchimp/unsubscribed_members_export_3f9a2c1d4e.csv');
    const signup = await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'orla.patel@example.com' }) });
    expect(signup.status).toBeLessThan(300);
    expect(await h.db.sql`select status from subscribers where email = 'orla.patel@example.com'`).toEqual([{ status: 'pending' }]);
    expect(await h.db.sql`select kind from deliveries`).toEqual([{ kind: 'confirmation' }]);
    // An old file's consent does not stand in for her confirmation.
    const later = await importCsv(h, 'email,consented_at\norla.patel@example.com,2020-01-01\n');
    expect(later.confirmations).toBe(0);
    expect(await h.db.sql`select status from subscribers where email = 'orla.patel@example.com'`).toEqual([{ status: 'pending' }]);
  });

  // Each tool's status column: who joins with consent, who is asked to confirm, who is suppressed.
  const tools: Array<{ file: string; source: string; active: number; asked: number; suppressed: Record<string, number> }> = [
    { file: 'kit.csv', source: 'Kit', active: 6, asked: 1, suppressed: { unsubscribed: 1, bounced: 1, complained: 1 } },
    { file: 'substack.csv', source: 'Substack', active: 6, asked: 0, suppressed: { unsubscribed: 2 } },
    { file: 'buttondown.csv', source: 'Buttondown', active: 6, asked: 1, suppressed: { unsubscribed: 2 } },
    { file: 'mailerlite.csv', source: 'MailerLite', active: 4, asked: 1, suppressed: { unsubscribed: 1, bounced: 1, complained: 1 } },
  ];
  for (const tool of tools) {
    it(`${tool.source}: active join with consent and no email, those who never confirmed are asked, those who left are suppressed`, async () => {
      const left = Object.values(tool.suppressed).reduce((a, b) => a + b, 0);
      const report = await importFile(h, tool.file);
      expect(report).toMatchObject({
        source: tool.source,
        rows: tool.active + tool.asked + left,
        createdActive: tool.active,
        createdPending: tool.asked,
        confirmations: tool.asked,
        suppressed: left,
        skippedByReason: tool.suppressed,
        askedBecause: tool.asked ? { unconfirmed: tool.asked } : {},
      });
      addsUp(report);
      expect(await byStatus()).toEqual({ active: tool.active, ...(tool.asked ? { pending: tool.asked } : {}) });
      expect(await h.db.sql`select count(*)::int as n from subscribers where status = 'active' and consent_source = ${tool.source}`).toEqual([{ n: tool.active }]);
      expect(await h.db.sql`select count(*)::int as n from suppressions where reason like 'imported_%'`).toEqual([{ n: left }]);
      // Only the unconfirmed are written to, once each.
      expect(await h.db.sql`select count(*)::int as n from deliveries d join subscribers s on s.id = d.subscriber_id where s.status = 'pending'`).toEqual([{ n: tool.asked }]);
      expect(await deliveries()).toBe(tool.asked);
    });
  }

  it('leaves out a row whose status word it does not know, rather than mail her on a guess', async () => {
    const report = await importCsv(h, 'email_address,first_name,status,created_at\nkit.x@example.com,X,archived,2022-01-01 10:00:00 UTC\n');
    expect(report).toMatchObject({ source: 'Kit', rows: 1, skipped: 1, skippedByReason: { unknown_status: 1 } });
    expect(report.skippedRows[0]!.message).toMatch(/^line 2: the status "archived" from Kit .*left out.* active or unsubscribed/);
  });
});
