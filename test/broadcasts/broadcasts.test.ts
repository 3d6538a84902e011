import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countAudience, parseAudience } from '../../src/broadcasts/audience.js';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../../src/broadcasts/control.js';
import { createBroadcast, type BroadcastPlan } from '../../src/broadcasts/create.js';
import { getBroadcast, type BroadcastSummary } from '../../src/broadcasts/query.js';
import { AppError } from '../../src/errors.js';
import { copyOfFixtureContent, FIXTURE_NEWSLETTER } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

const NEWSLETTER = FIXTURE_NEWSLETTER;
const SUBJECT = 'Fixture newsletter for December';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/**
 * A small list with one of every kind: active with and without the newsletter, in a course,
 * graduated, pending, unsubscribed, bounced and complained-about.
 */
async function seedList(h: Harness) {
  await h.db.sql`
    insert into subscribers (email, first_name, timezone, status, newsletter, confirmed_at) values
      ('reader@example.com', 'Ana', 'America/New_York', 'active', false, now()),
      ('letters@example.com', 'Bea', 'Europe/Berlin', 'active', true, now()),
      ('learner@example.com', 'Cai', 'Asia/Tokyo', 'active', true, now()),
      ('graduate@example.com', null, 'America/Los_Angeles', 'active', false, now()),
      ('pending@example.com', 'Dee', 'UTC', 'pending', true, null),
      ('left@example.com', 'Eve', 'UTC', 'unsubscribed', true, now()),
      ('bounced@example.com', 'Fay', 'UTC', 'bounced', true, now()),
      ('complained@example.com', 'Gia', 'UTC', 'complained', true, now())`;
  await h.db.sql`
    insert into enrollments (subscriber_id, course_slug, status, next_due_at)
    select id, 'releasing-mom-guilt', case when email = 'graduate@example.com' then 'completed' else 'active' end,
           case when email = 'graduate@example.com' then null else now() + interval '30 days' end
    from subscribers where email in ('learner@example.com', 'graduate@example.com')`;
}

const newsletterEmails = (h: Harness, subject = SUBJECT) => h.fake.emails().filter((e) => e.subject === subject);

describe('broadcasts: audiences, recipients fixed up front, the same engine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z' });
    await seedList(h);
  });
  afterAll(async () => h?.close());

  it('counts each audience from confirmed subscribers only', async () => {
    const count = (name: string, course?: string) => countAudience(h.db.sql, parseAudience(h.ctx.catalog, name, course));
    expect(await count('all')).toBe(4);
    expect(await count('newsletter')).toBe(2);
    expect(await count('in-course')).toBe(1);
    expect(await count('in-course', 'releasing-mom-guilt')).toBe(1);
    expect(await count('in-course', 'postpartum-perfectionism')).toBe(0);
    expect(await count('graduates')).toBe(1);
  });

  it('a dry run says how many and when, and writes nothing', async () => {
    const plan = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all', dryRun: true })) as BroadcastPlan;
    expect(plan).toMatchObject({ dryRun: true, recipients: 4, subject: SUBJECT, file: 'emails/newsletters/2026-12-gentle-december.md', repeatOf: null });
    const [{ n }] = await h.db.sql<[{ n: number }]>`select (select count(*) from broadcasts)::int + (select count(*) from deliveries)::int as n`;
    expect(n).toBe(0);
  });

  it('refuses bad input with a message that names it, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp, string]> = [
      [{ audience: 'everyone' }, /"everyone" is not an audience.*all.*in-course.*graduates.*newsletter/, 'audience_unknown'],
      [{ audience: undefined }, /Say who it goes to: all, in-course, graduates, newsletter/, 'audience_missing'],
      [{ audience: 'all', course: 'releasing-mom-guilt' }, /only narrows the in-course and graduates/, 'course_not_narrowing'],
      [{ audience: 'in-course', course: 'no-such-course' }, /no course called "no-such-course"/, 'course_unknown'],
      [{ audience: 'all', at: '2026-11-30T08:00:00Z' }, /in the past/, 'time_past'],
      [{ audience: 'all', at: '2026-12-05T08:00' }, /no time zone/, 'time_without_zone'],
      [{ audience: 'all', at: 'next tuesday' }, /not a time I can read/, 'time_unreadable'],
      [{ audience: 'all', at: '2026-12-05T08:00:00Z', localHour: '2026-12-05' }, /either one moment for everyone or a morning/, 'timing_both'],
      [{ audience: 'all', localHour: '2026-13-40' }, /not a date/, 'date_unreadable'],
      // 8:00 on Dec 1 is long over in Tokyo and Berlin at 12:00 UTC.
      [{ audience: 'all', localHour: '2026-12-01' }, /has already passed in .*Asia\/Tokyo/, 'local_hour_passed'],
      [{ audience: 'in-course', course: 'postpartum-perfectionism' }, /No one is in this audience/, 'audience_empty'],
    ];
    for (const [input, message, reason] of cases) {
      const error = await refusal(createBroadcast(h.ctx, { file: NEWSLETTER, ...input }));
      expect(error.message, JSON.stringify(input)).toMatch(message);
      expect(error.reason, JSON.stringify(input)).toBe(reason);
      // The use case speaks to no one interface: the command line adds its flags itself.
      expect(error.message, JSON.stringify(input)).not.toMatch(/--[a-z]|npm run/);
      expect(error.status).toBeLessThan(500);
    }
    const missing = await refusal(createBroadcast(h.ctx, { file: 'emails/newsletters/nope.md', audience: 'all' }));
    expect(missing.message).toMatch(/no newsletter file at emails\/newsletters\/nope\.md/);
    const broken = await refusal(createBroadcast(h.ctx, { markdown: '---\nsubject: "Hi"\n---\n\nText', audience: 'all' }));
    expect(broken.message).toMatch(/cannot be sent yet[\s\S]*"id" is missing/);
    const [{ n }] = await h.db.sql<[{ n: number }]>`
      select (select count(*) from broadcasts)::int + (select count(*) from deliveries)::int + (select count(*) from send_batches)::int as n`;
    expect(n).toBe(0);
  });

  it('records every recipient before the first email, then sends each one once, with everything every email carries', async () => {
    const created = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'newsletter' })) as BroadcastSummary;
    expect(created).toMatchObject({ status: 'sending', recipients: 2, counts: { pending: 2, sent: 0 } });
    const rows = await h.db.sql<{ email: string; batch_id: string | null }[]>`
      select s.email, d.batch_id from deliveries d join subscribers s on s.id = d.subscriber_id where d.broadcast_id = ${created.id} order by s.email`;
    expect(rows.map((r) => r.email)).toEqual(['learner@example.com', 'letters@example.com']);
    expect(rows.every((r) => r.batch_id !== null)).toBe(true);
    // Someone who joins the list now is not added to a broadcast already recorded.
    await h.db.sql`insert into subscribers (email, timezone, status, newsletter) values ('late@example.com', 'UTC', 'active', true)`;

    await h.startWorkers();
    await waitFor('the broadcast to be sent', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent');
    const sent = newsletterEmails(h);
    expect(sent.map((e) => e.to).sort()).toEqual(['learner@example.com', 'letters@example.com']);
    for (const email of sent) {
      expect(email.headers['List-Unsubscribe']).toMatch(/^<https:\/\/course\.example\.com\/unsubscribe\?token=.+>$/);
      expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(email.text).toContain('1 Test Lane, Testville');
      expect(email.html).toContain('1 Test Lane, Testville');
      expect(email.text).toContain('December has a way of filling up');
    }
    const done = (await getBroadcast(h.ctx, created.id))!;
    expect(done).toMatchObject({ status: 'sent', counts: { sent: 2, pending: 0, failed: 0, cancelled: 0 } });
    expect(done.finishedAt).not.toBeNull();
    expect(h.fake.stats().duplicates).toBe(0);
    await h.db.sql`delete from subscribers where email = 'late@example.com'`;
  });

  it('re-checks each recipient right before the provider call: an unsubscribe or a newsletter opt-out since is not sent', async () => {
    const at = new Date(h.clock.now().getTime() + 60_000).toISOString();
    const created = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'newsletter', at, force: true })) as BroadcastSummary;
    expect(created.recipients).toBe(2);
    await h.db.sql`update subscribers set status = 'unsubscribed' where email = 'letters@example.com'`;
    await h.db.sql`update subscribers set newsletter = false where email = 'learner@example.com'`;
    const before = newsletterEmails(h).length;
    h.clock.set(new Date(at));
    await waitFor('the broadcast to finish', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent');
    expect(newsletterEmails(h)).toHaveLength(before);
    const reasons = await h.db.sql<{ status: string; error: string }[]>`
      select status, error from deliveries where broadcast_id = ${created.id} order by error`;
    expect(reasons).toEqual([
      { status: 'cancelled', error: 'recipient is unsubscribed' },
      { status: 'cancelled', error: 'recipient no longer wants the newsletter' },
    ]);
    await h.db.sql`update subscribers set status = 'active' where email = 'letters@example.com'`;
    await h.db.sql`update subscribers set newsletter = true where email = 'learner@example.com'`;
    await h.db.sql`update broadcasts set status = 'cancelled' where id = ${created.id}`;
  });

  it('refuses the same file to the same audience within 24 hours unless forced', async () => {
    const repeat = await refusal(createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'newsletter' }));
    expect(repeat.code).toBe('conflict');
    expect(repeat.message).toMatch(/already went to everyone who asked for your newsletter \(2 people\)/);
    expect(repeat.message).not.toMatch(/--force/);
    expect(repeat).toMatchObject({ reason: 'repeat', details: { recipients: 2 } });
    const plan = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'newsletter', dryRun: true })) as BroadcastPlan;
    expect(plan.repeatOf).not.toBeNull();
    // Another audience is another send; --force sends the same one again on purpose.
    const forced = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'newsletter', force: true })) as BroadcastSummary;
    expect(forced.recipients).toBe(2);
    await waitFor('the forced broadcast', async () => (await getBroadcast(h.ctx, forced.id))?.status === 'sent');
    expect(newsletterEmails(h)).toHaveLength(4);
  });
});

describe('broadcasts: when it goes out', () => {
  let h: Harness;
  // A copy of the suite's content, so a test can write a newsletter into its emails/ folder.
  const content = copyOfFixtureContent();
  const newsletter = join(content.dir, 'newsletters', '2026-12-gentle-december.md');
  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { SEND_HOUR: '8' }, catalog: { emailsDir: content.dir } });
    await seedList(h);
    await h.startWorkers();
  });
  afterAll(async () => {
    await h?.close();
    content.remove();
  });

  it('--at waits for its moment, and a broadcast due while the workers were down goes out once when they return', async () => {
    const at = '2026-12-02T15:30:00Z';
    const created = (await createBroadcast(h.ctx, { file: newsletter, audience: 'all', at })) as BroadcastSummary;
    expect(created).toMatchObject({ status: 'scheduled', recipients: 4, firstDueAt: new Date(at).toISOString(), lastDueAt: new Date(at).toISOString() });
    await h.afterDispatcherTicks(1); // a whole tick before its moment
    expect(newsletterEmails(h)).toHaveLength(0);

    await h.stopWorkers();
    h.clock.set(new Date('2026-12-02T16:00:00Z'));
    expect((await getBroadcast(h.ctx, created.id))!.status).toBe('scheduled');
    await h.startWorkers();
    await waitFor('the late broadcast', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent');
    expect(newsletterEmails(h).map((e) => e.to).sort()).toEqual(['graduate@example.com', 'learner@example.com', 'letters@example.com', 'reader@example.com']);
    expect(h.fake.stats().duplicates).toBe(0);
  });

  it('--local-hour sends at SEND_HOUR on that date in each subscriber’s own timezone', async () => {
    h.clock.set(new Date('2026-12-02T20:00:00Z'));
    const created = (await createBroadcast(h.ctx, { file: newsletter, audience: 'all', localHour: '2026-12-04', force: true })) as BroadcastSummary;
    const dues = await h.db.sql<{ timezone: string; due_at: Date; batch_not_before: Date }[]>`
      select s.timezone, d.due_at, b.not_before as batch_not_before
      from deliveries d join subscribers s on s.id = d.subscriber_id join send_batches b on b.id = d.batch_id
      where d.broadcast_id = ${created.id}`;
    expect(dues).toHaveLength(4);
    for (const due of dues) {
      expect(DateTime.fromJSDate(due.due_at).setZone(due.timezone).toISO()).toMatch(/^2026-12-04T08:00:00/);
      expect(due.batch_not_before.getTime()).toBe(due.due_at.getTime());
    }
    // Tokyo's 8:00 comes first (Dec 3, 23:00 UTC), Los Angeles's last (Dec 4, 16:00 UTC).
    expect(created.firstDueAt).toBe('2026-12-03T23:00:00.000Z');
    expect(created.lastDueAt).toBe('2026-12-04T16:00:00.000Z');
    const before = newsletterEmails(h).length;
    h.clock.set(new Date('2026-12-03T23:00:00Z'));
    await waitFor('Tokyo’s email', () => newsletterEmails(h).length === before + 1);
    expect(newsletterEmails(h).at(-1)!.to).toBe('learner@example.com');
    expect((await getBroadcast(h.ctx, created.id))!.status).toBe('sending');
    await h.afterDispatcherTicks(1);
    expect(newsletterEmails(h)).toHaveLength(before + 1);
    h.clock.set(new Date('2026-12-04T16:00:00Z'));
    await waitFor('everyone else', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent');
    expect(newsletterEmails(h)).toHaveLength(before + 4);
  });

  it('sends the text as it was when the broadcast was made, not a later edit of the file', async () => {
    const file = join(content.dir, 'newsletters', 'edited.md');
    const original = readFileSync(NEWSLETTER, 'utf8').replace('id: 2026-12-gentle-december', 'id: edited-letter').replace(SUBJECT, 'Before the edit');
    writeFileSync(file, original);
    const at = new Date(h.clock.now().getTime() + 60 * 60_000).toISOString();
    const created = (await createBroadcast(h.ctx, { file, audience: 'newsletter', at })) as BroadcastSummary;
    writeFileSync(file, original.replace('Before the edit', 'After the edit').replace('December has a way', 'EDITED has a way'));
    h.clock.set(new Date(at));
    await waitFor('the broadcast', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent');
    const sent = newsletterEmails(h, 'Before the edit');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.text).toContain('December has a way');
    expect(newsletterEmails(h, 'After the edit')).toHaveLength(0);
  });
});

describe('broadcasts: pause, resume, cancel', () => {
  let h: Harness;
  const RECIPIENTS = 2_000;

  beforeAll(async () => {
    // 10 provider requests a second: 20 batches of 100 take about two seconds.
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { RESEND_RATE_LIMIT: '10' }, fakeRateLimit: 10 });
    await h.db.sql`
      insert into subscribers (email, first_name, timezone, status, newsletter)
      select 'mom-' || g || '@example.com', 'Mom ' || g, 'UTC', 'active', true from generate_series(1, ${RECIPIENTS}::int) g`;
    await h.startWorkers();
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    await h.startWorkers();
  });

  it('records 2,000 recipients in batches of 100, and a Redis flush mid-send loses nothing and sends nothing twice', async () => {
    const before = newsletterEmails(h).length;
    const created = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all' })) as BroadcastSummary;
    const sizes = await h.db.sql<{ n: number }[]>`
      select count(*)::int as n from deliveries where broadcast_id = ${created.id} group by batch_id`;
    expect(sizes).toHaveLength(RECIPIENTS / 100);
    expect(sizes.every((b) => b.n === 100)).toBe(true);
    await waitFor('the first emails', () => newsletterEmails(h).length >= before + 300);
    const keys = await h.redis.keys(`${h.prefix}:*`);
    if (keys.length > 0) await h.redis.del(...keys);
    h.clock.set(new Date(h.clock.now().getTime() + 1_000));
    await waitFor('the rest', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent', 40_000);
    const mine = newsletterEmails(h).slice(before);
    expect(mine).toHaveLength(RECIPIENTS);
    expect(new Set(mine.map((e) => e.to)).size).toBe(RECIPIENTS);
    expect((await getBroadcast(h.ctx, created.id))!.counts).toEqual({ sent: RECIPIENTS, pending: 0, failed: 0, cancelled: 0 });
    await h.db.sql`update broadcasts set status = 'cancelled' where id = ${created.id}`;
  }, 60_000);

  it('a pause stops new sends within moments and holds across a restart and a Redis flush; resume finishes it, each once', async () => {
    const before = newsletterEmails(h).length;
    const sent = () => newsletterEmails(h).length - before;
    const created = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all', force: true })) as BroadcastSummary;
    await waitFor('the first emails', () => sent() >= 200);
    const paused = await pauseBroadcast(h.ctx, created.id);
    expect(paused.status).toBe('paused');
    // What was already handed to the provider finishes (the send queue empties); nothing new starts.
    await h.afterDispatcherTicks(1);
    const atPause = sent();
    expect(atPause).toBeLessThan(RECIPIENTS);
    await h.afterDispatcherTicks(2);
    expect(sent()).toBe(atPause);

    await h.stopWorkers();
    const keys = await h.redis.keys(`${h.prefix}:*`);
    if (keys.length > 0) await h.redis.del(...keys);
    await h.startWorkers();
    await h.afterDispatcherTicks(2);
    expect(sent()).toBe(atPause);
    expect((await getBroadcast(h.ctx, created.id))!.status).toBe('paused');

    // The manual clock stands still unless moved; the reconciler counts on time passing.
    h.clock.set(new Date(h.clock.now().getTime() + 1_000));
    const resumed = await resumeBroadcast(h.ctx, created.id);
    expect(resumed.status).toBe('sending');
    await waitFor('the rest', async () => (await getBroadcast(h.ctx, created.id))?.status === 'sent', 30_000);
    const emails = newsletterEmails(h).slice(before);
    expect(emails).toHaveLength(RECIPIENTS);
    expect(new Set(emails.map((e) => e.to)).size).toBe(RECIPIENTS);
    expect((await getBroadcast(h.ctx, created.id))!.counts).toEqual({ sent: RECIPIENTS, pending: 0, failed: 0, cancelled: 0 });
  }, 60_000);

  it('cancel stops what has not gone out, and a finished broadcast cannot be paused or cancelled', async () => {
    const before = newsletterEmails(h).length;
    const created = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all', force: true })) as BroadcastSummary;
    await waitFor('the first emails', () => newsletterEmails(h).length >= before + 100);
    const cancelled = await cancelBroadcast(h.ctx, created.id);
    expect(cancelled.status).toBe('cancelled');
    await h.afterDispatcherTicks(1);
    const after = (await getBroadcast(h.ctx, created.id))!;
    const delivered = newsletterEmails(h).length - before;
    // Every recipient is either sent (and really delivered) or cancelled: none left pending.
    expect(after.counts.pending).toBe(0);
    expect(after.counts.sent).toBe(delivered);
    expect(after.counts.sent + after.counts.cancelled).toBe(RECIPIENTS);
    expect(delivered).toBeLessThan(RECIPIENTS);
    await h.afterDispatcherTicks(1);
    expect(newsletterEmails(h).length - before).toBe(delivered);

    expect((await refusal(pauseBroadcast(h.ctx, created.id))).message).toMatch(/is cancelled, so it cannot be paused/);
    expect((await refusal(resumeBroadcast(h.ctx, created.id))).code).toBe('conflict');
    expect((await refusal(cancelBroadcast(h.ctx, 999_999))).code).toBe('not_found');
  });

  it('a cancelled broadcast does not count as a repeat', async () => {
    const again = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all', dryRun: true })) as BroadcastPlan;
    // The first (sent) one still counts; only cancelling every such send frees it.
    expect(again.repeatOf).not.toBeNull();
    await h.db.sql`update broadcasts set status = 'cancelled'`;
    const free = (await createBroadcast(h.ctx, { file: NEWSLETTER, audience: 'all', dryRun: true })) as BroadcastPlan;
    expect(free.repeatOf).toBeNull();
  });
});
