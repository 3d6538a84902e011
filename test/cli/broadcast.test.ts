import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { runCommand } from '../support/run-command.js';
import { herContent } from '../support/course.js';
import { waitFor } from '../support/wait-for.js';

const FILE = 'emails/newsletters/2026-12-gentle-december.md';
// Her newsletter's subject as her file says it now: she may rewrite it.
const SUBJECT = await herContent.newsletterSubject('emails/newsletters/2026-12-gentle-december.md');
const READERS = 250;

/**
 * `npm run cli -- broadcast …` exactly as typed, on a real Postgres (DATABASE_URL), with the real
 * workers of a harness sending what the command records. The harness's clock follows the real
 * one here, since the command stamps its broadcast with the real time.
 */
describe('npm run cli -- broadcast', () => {
  let h: Harness;
  let env: Record<string, string>;
  let ticking: NodeJS.Timeout;
  const count = async (table: 'broadcasts' | 'deliveries') => (await h.db.sql<[{ n: number }]>`select count(*)::int as n from ${h.db.sql(table)}`)[0].n;
  const newsletters = () => h.fake.emails().filter((e) => e.subject === SUBJECT);

  beforeAll(async () => {
    h = await createHarness({ now: new Date().toISOString() });
    ticking = setInterval(() => h.clock.set(new Date()), 100);
    await h.db.sql`
      insert into subscribers (email, first_name, timezone, status, newsletter)
      select 'reader-' || g || '@example.com', 'Reader ' || g, 'America/Chicago', 'active', g % 2 = 0 from generate_series(1, ${READERS}::int) g`;
    await h.db.sql`insert into subscribers (email, timezone, status) values ('gone@example.com', 'UTC', 'unsubscribed')`;
    await h.startWorkers();
    env = { DATABASE_URL: h.db.url, RESEND_API_KEY: 're_test', RESEND_BASE_URL: h.fake.url, APP_URL: 'https://course.example.com' };
  });
  afterAll(async () => {
    clearInterval(ticking);
    await h?.close();
  });

  it('has --help for each command, with examples', async () => {
    const send = await runCommand('npm run -s cli -- broadcast send --help');
    expect(send.code).toBe(0);
    expect(send.stdout).toContain('--audience <audience>');
    expect(send.stdout).toContain('npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience all --dry-run');
    for (const sub of ['list', 'show', 'pause', 'resume', 'cancel']) {
      const help = await runCommand(`npm run -s cli -- broadcast ${sub} --help`);
      expect(help.code, sub).toBe(0);
      expect(help.stdout, sub).toContain('--json');
    }
  });

  it('a dry run prints the recipient count and records nothing', { timeout: 60_000 }, async () => {
    const dry = await runCommand(`npm run cli -- broadcast send ${FILE} --audience all --dry-run`, { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Dry run: "${SUBJECT}" would go to ${READERS} people (every confirmed subscriber)`);
    const json = await runCommand(`npm run -s cli -- broadcast send ${FILE} --audience newsletter --dry-run --json`, { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, recipients: READERS / 2, audience: 'newsletter' });
    expect(await count('broadcasts')).toBe(0);
  });

  it('refuses bad input in one plain line (JSON with --json), and records nothing', { timeout: 90_000 }, async () => {
    const cases: Array<[string, RegExp]> = [
      [`--audience everyone`, /argument 'everyone' is invalid\. Allowed choices are all, in-course, graduates, newsletter/],
      [`--audience all --at 2020-01-01T08:00:00Z`, /2020-01-01T08:00:00Z is in the past/],
      [`--audience all --at 2030-01-01T08:00:00Z --local-hour 2030-01-01`, /either --at .* or --local-hour/],
      [`--audience graduates --course nope`, /There is no course called "nope"/],
    ];
    for (const [args, message] of cases) {
      const result = await runCommand(`npm run -s cli -- broadcast send ${FILE} ${args}`, { env });
      expect(result.code, args).toBe(1);
      expect(result.stderr, args).toMatch(message);
      expect(result.stderr, args).not.toMatch(/\n\s+at /);
    }
    const json = await runCommand(`npm run -s cli -- broadcast send ${FILE} --audience all --at 2020-01-01T08:00:00Z --json`, { env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'validation_failed', message: expect.stringContaining('in the past') } });
    const missing = await runCommand('npm run -s cli -- broadcast send emails/newsletters/nope.md --audience all', { env });
    expect(missing.stderr).toContain('There is no newsletter file at emails/newsletters/nope.md');
    const unknown = await runCommand('npm run -s cli -- broadcast show 999', { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no broadcast 999.');
    expect(await count('broadcasts')).toBe(0);
    expect(await count('deliveries')).toBe(0);
  });

  it('without a terminal, send returns once it is recorded; the workers send each one once; show and list tell how far', { timeout: 60_000 }, async () => {
    const sent = await runCommand(`npm run -s cli -- broadcast send ${FILE} --audience newsletter --json`, { env });
    expect(sent.code, sent.stderr).toBe(0);
    const recorded = JSON.parse(sent.stdout);
    expect(recorded).toMatchObject({ status: 'sending', recipients: READERS / 2, audience: 'newsletter' });
    await waitFor('the newsletter to everyone who asked for it', () => newsletters().length === READERS / 2);
    const shown = await waitFor('the broadcast to be sent', async () => {
      const result = await runCommand(`npm run -s cli -- broadcast show ${recorded.id} --json`, { env });
      const b = JSON.parse(result.stdout);
      return b.status === 'sent' ? b : null;
    }, 30_000);
    expect(shown.counts).toEqual({ sent: READERS / 2, pending: 0, failed: 0, cancelled: 0 });
    const human = await runCommand(`npm run cli -- broadcast show ${recorded.id}`, { env });
    expect(human.stdout).toMatch(/status\s+sent/);
    expect(human.stdout).toMatch(new RegExp(`sent\\s+${READERS / 2}`));
    const list = JSON.parse((await runCommand('npm run -s cli -- broadcast list --json', { env })).stdout);
    expect(list.broadcasts).toHaveLength(1);
    expect(new Set(newsletters().map((e) => e.to)).size).toBe(READERS / 2);

    // The same file to the same audience again: refused, naming --force.
    const again = await runCommand(`npm run -s cli -- broadcast send ${FILE} --audience newsletter`, { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already went to everyone who asked for your newsletter \(125 people\).*add --force/);
  });

  it('on a terminal it shows a progress bar until everything has gone out', { timeout: 60_000 }, async () => {
    const before = newsletters().length;
    // `script` gives the command a terminal, as when she types it.
    const envLine = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
    const result = await runCommand(`script -qefc "env ${envLine} npm run cli -- broadcast send ${FILE} --audience all --force" /dev/null`);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(`to ${READERS} people, recorded. It goes out now.`);
    expect(result.stdout).toMatch(/100% \| 250\/250 sent/);
    expect(result.stdout).toContain(`Sent to ${READERS} people.`);
    // Forced on purpose, so half of them hear it twice in all; from this broadcast, each once.
    const fromThisOne = newsletters().slice(before);
    expect(fromThisOne).toHaveLength(READERS);
    expect(new Set(fromThisOne.map((e) => e.to)).size).toBe(READERS);
  });

  it('pause, resume and cancel a scheduled broadcast', { timeout: 60_000 }, async () => {
    const at = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
    const created = JSON.parse((await runCommand(`npm run -s cli -- broadcast send ${FILE} --audience all --at ${at} --force --json`, { env })).stdout);
    expect(created).toMatchObject({ status: 'scheduled', firstDueAt: at });
    const human = await runCommand(`npm run cli -- broadcast send ${FILE} --audience all --at ${at} --force --detach`, { env });
    expect(human.stdout).toMatch(/recorded\. It goes out at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);

    const paused = await runCommand(`npm run cli -- broadcast pause ${created.id}`, { env });
    expect(paused.stdout).toContain(`Broadcast ${created.id} is paused: 0 sent, ${READERS} waiting.`);
    const resumed = await runCommand(`npm run cli -- broadcast resume ${created.id}`, { env });
    expect(resumed.stdout).toContain(`Broadcast ${created.id} is scheduled again.`);
    const cancelled = JSON.parse((await runCommand(`npm run -s cli -- broadcast cancel ${created.id} --json`, { env })).stdout);
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { sent: 0, pending: 0, cancelled: READERS } });
    const twice = await runCommand(`npm run -s cli -- broadcast cancel ${created.id}`, { env });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`Broadcast ${created.id} is cancelled, so it cannot be cancelled.`);
  });
});

/** The guide's commands for a newsletter at a chosen time, and for seeing, pausing and cancelling it. */
describe('the guide: scheduling, seeing, pausing, cancelling', () => {
  let h: Harness;
  let env: Record<string, string>;
  beforeAll(async () => {
    h = await createHarness();
    await h.db.sql`
      insert into subscribers (email, timezone, status, newsletter) values
        ('ny@example.com', 'America/New_York', 'active', true), ('london@example.com', 'Europe/London', 'active', true),
        ('no-letters@example.com', 'UTC', 'active', false)`;
    env = { DATABASE_URL: h.db.url };
  });
  afterAll(async () => h?.close());

  it('runs each command as written', { timeout: 90_000 }, async () => {
    const scheduled = await runCommand('npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience newsletter --local-hour 2030-01-07', { env });
    expect(scheduled.code, scheduled.stderr).toBe(0);
    expect(scheduled.stdout).toContain(`Broadcast 1: "${SUBJECT}" to 2 people, recorded.`);
    expect(scheduled.stdout).toContain("It goes out between 2030-01-07 08:00 UTC and 2030-01-07 13:00 UTC, at 2030-01-07's morning hour where each one lives.");
    const dues = await h.db.sql<{ email: string; due_at: Date }[]>`
      select s.email, d.due_at from deliveries d join subscribers s on s.id = d.subscriber_id order by s.email`;
    expect(dues.map((d) => [d.email, d.due_at.toISOString()])).toEqual([
      ['london@example.com', '2030-01-07T08:00:00.000Z'],
      ['ny@example.com', '2030-01-07T13:00:00.000Z'],
    ]);

    const list = await runCommand('npm run cli -- broadcast list', { env });
    expect(list.stdout).toContain(`newsletter  0/2 sent  "${SUBJECT}"`);
    expect(list.stdout).toMatch(/ {3}1 {2}scheduled /);
    const show = await runCommand('npm run cli -- broadcast show 1', { env });
    expect(show.stdout).toMatch(/status\s+scheduled[\s\S]*recipients\s+2[\s\S]*pending\s+2/);
    expect((await runCommand('npm run cli -- broadcast pause 1', { env })).stdout).toContain('Broadcast 1 is paused: 0 sent, 2 waiting.');
    expect((await runCommand('npm run cli -- broadcast resume 1', { env })).stdout).toContain('Broadcast 1 is scheduled again.');
    expect((await runCommand('npm run cli -- broadcast cancel 1', { env })).stdout).toContain('Broadcast 1 is cancelled: 0 had gone out; 2 never will.');
    const [row] = await h.db.sql<{ status: string }[]>`select status from broadcasts where id = 1`;
    expect(row!.status).toBe('cancelled');
  });
});
