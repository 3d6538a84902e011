import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { checkEmails } from '../../src/checks/check-emails.js';
import { cachedSpamScorer } from '../../src/checks/spam-score-cache.js';
import { copyOfFixtureContent } from '../support/course.js';

// Real SpamAssassin, as in spam-score.test.ts; without it these tests skip and say why.
function skipWithoutSpamAssassin(ctx: TestContext): void {
  const reason = 'spamassassin is not on the PATH (apt-get install spamassassin; .ci/run installs it)';
  console.warn(`skipped "${ctx.task.name}": ${reason}`);
  ctx.skip(reason);
}

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const remove of cleanup) remove();
  cleanup = [];
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmg-spam-cache-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const email = (subject: string) => ({
  from: 'Course <hello@example.com>',
  to: 'sarah@example.com',
  subject,
  html: '<html><body><p>Hi Sarah,</p><p>A short, gentle note for today.</p></body></html>',
  text: 'Hi Sarah,\n\nA short, gentle note for today.',
  headers: {},
});

describe('the spam score cache', () => {
  it('scores an email once, and remembers the score in its file for the next run', { timeout: 60_000 }, async (ctx) => {
    const file = join(scratch(), 'data', 'spam-scores.json');
    const first = cachedSpamScorer(file);
    const score = await first.score(email('A gentle note'));
    if (score === null) return skipWithoutSpamAssassin(ctx);
    expect(await first.score(email('A gentle note'))).toEqual(score);
    expect(first.scored).toBe(1);
    first.save();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).scores)).toHaveLength(1);

    const next = cachedSpamScorer(file);
    // As JSON keeps it: SpamAssassin's -0 comes back as 0.
    expect(await next.score(email('A gentle note'))).toEqual(JSON.parse(JSON.stringify(score)));
    expect(next.scored).toBe(0);
    // Any change to what is sent is a new email.
    await next.score(email('A gentle note, changed'));
    expect(next.scored).toBe(1);

    // A month on, the rules may have changed: the score is worked out again.
    const later = cachedSpamScorer(file, { now: () => new Date(Date.now() + 31 * 24 * 3_600_000) });
    await later.score(email('A gentle note'));
    expect(later.scored).toBe(1);
  });

  it('lets a second email:check over unchanged emails score none of them again', { timeout: 120_000 }, async (ctx) => {
    const content = copyOfFixtureContent();
    cleanup.push(content.remove);
    // One short course keeps the first, scoring run to a few emails.
    rmSync(join(content.dir, 'courses/releasing-mom-guilt'), { recursive: true });
    rmSync(join(content.dir, 'newsletters'), { recursive: true });
    const spamCacheFile = join(scratch(), 'spam-scores.json');

    const first = await checkEmails({ emailsDir: content.dir, spamCacheFile });
    if (!first.spamChecked) return skipWithoutSpamAssassin(ctx);
    expect(first.spamScored).toBe(first.emails);
    expect(existsSync(spamCacheFile)).toBe(true);

    const second = await checkEmails({ emailsDir: content.dir, spamCacheFile });
    expect(second.spamScored).toBe(0);
    expect(second.spamChecked).toBe(true);
    expect(second.problems).toEqual(first.problems);
  });
});
