import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { storedDocuments } from '../../src/courses/content-store.js';
import { changeContent } from '../../src/courses/stored-content.js';
import { watchContent, type ContentWatch } from '../../src/runtime/content-watch.js';
import { copyOfFixtureContent } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

// The development watch that `npm start` runs over emails/, here over a copy of the suite's
// content with a harness database: a saved file reaches Postgres; a broken one is logged by file
// and line and changes nothing.

const LESSON = 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md';
const withSubject = (text: string, subject: string) => text.replace(/^subject: .*$/m, `subject: ${subject}`);

let content: { dir: string; remove(): void };
let harness: Harness;
let watch: ContentWatch;
let logged: Array<{ level: number; msg: string }>;
beforeEach(async () => {
  content = copyOfFixtureContent();
  harness = await createHarness({ catalog: { emailsDir: content.dir } });
  logged = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });
  watch = watchContent({ ...harness.ctx, logger: pino({ level: 'info' }, sink) }, { emailsDir: content.dir });
  return async () => {
    await watch.close();
    await harness.close();
    content.remove();
  };
});

const storedText = async (path: string) => (await storedDocuments(harness.db.sql)).get(path)?.text;

it('takes a saved lesson in, and logs a broken one by file and line without taking it', { timeout: 30_000 }, async () => {
  const original = readFileSync(join(content.dir, LESSON), 'utf8');
  const edited = withSubject(original, '"Saved while the app runs"');
  writeFileSync(join(content.dir, LESSON), edited);
  await waitFor('the saved lesson to reach Postgres', async () => (await storedText(LESSON)) === edited);
  await waitFor('the import to be logged', () => logged.some((l) => l.msg.startsWith('imported 1 changed file(s)')));

  // An unclosed quote: the front matter does not parse.
  writeFileSync(join(content.dir, LESSON), withSubject(original, '"Never closed'));
  await waitFor('the broken file to be logged', () => logged.some((l) => l.msg.includes('does not load')));
  expect(logged.some((l) => l.level === 40 && new RegExp(`^emails/${LESSON}:\\d+: `).test(l.msg))).toBe(true);
  expect(await storedText(LESSON)).toBe(edited);

  // Fixed again: taken in, the app kept running all along.
  const fixed = withSubject(original, '"Fixed"');
  writeFileSync(join(content.dir, LESSON), fixed);
  await waitFor('the fixed lesson to reach Postgres', async () => (await storedText(LESSON)) === fixed);
});

it('leaves a file edited in the dashboard since alone, and says so', { timeout: 30_000 }, async () => {
  const original = readFileSync(join(content.dir, LESSON), 'utf8');
  const dashboard = withSubject(original, '"Saved in the dashboard"');
  await changeContent(harness.db.sql, { emailsDir: content.dir }, harness.clock.now(), () => [{ path: LESSON, text: dashboard, source: 'dashboard' }]);
  writeFileSync(join(content.dir, LESSON), withSubject(original, '"Edited in the file"'));
  await waitFor('the conflict to be logged', () => logged.some((l) => l.level === 40 && l.msg.startsWith(`emails/${LESSON} changed on disk`)));
  expect(await storedText(LESSON)).toBe(dashboard);
});
