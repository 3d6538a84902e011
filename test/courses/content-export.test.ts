import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportContent } from '../../src/courses/content-export.js';
import { storedDocuments } from '../../src/courses/content-store.js';
import { changeContent, openContent } from '../../src/courses/stored-content.js';
import { copyOfFixtureContent } from '../support/course.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// Her content between Postgres and the app's emails/ folder (here a copy of the suite's own
// content), through the use cases the start-up and `content export` run.

const LESSON = 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md';
const now = () => new Date('2026-03-02T12:00:00Z');
/** The lesson's text with its subject line replaced, whatever the fixture's subject says. */
const withSubject = (text: string, subject: string) => text.replace(/^subject: .*$/m, `subject: "${subject}"`);

let db: TestDatabase;
let content: { dir: string; remove(): void };
beforeEach(async () => {
  db = await createTestDatabase();
  content = copyOfFixtureContent();
  await openContent(db.sql, { emailsDir: content.dir }, now());
});
afterEach(async () => {
  content.remove();
  await db.drop();
});

const storedText = async (path: string) => (await storedDocuments(db.sql)).get(path)?.text;
const saveInDashboard = (path: string, text: string) => changeContent(db.sql, { emailsDir: content.dir }, now(), () => [{ path, text, source: 'dashboard' }]);

describe('a restart', () => {
  it('keeps a dashboard edit when the files did not change', async () => {
    const edited = withSubject(readFileSync(join(content.dir, LESSON), 'utf8'), 'Saved in the dashboard');
    await saveInDashboard(LESSON, edited);
    const again = await openContent(db.sql, { emailsDir: content.dir }, now());
    expect(await storedText(LESSON)).toBe(edited);
    expect(again.plan.writes.filter((w) => w.change !== 'recorded')).toEqual([]);
    expect(again.plan.conflicts).toEqual([]);
    expect(again.content.catalog.main.lessons[0]!.subject).toBe('Saved in the dashboard');
  });
});

describe('exportContent into the app’s emails/', () => {
  it('writes the dashboard’s text and records it, so the next start sees nothing changed', async () => {
    const edited = withSubject(readFileSync(join(content.dir, LESSON), 'utf8'), 'Saved in the dashboard');
    await saveInDashboard(LESSON, edited);
    const report = await exportContent(db.sql, { to: content.dir, emailsDir: content.dir });
    expect(report).toMatchObject({ appEmails: true, written: [LESSON], keptChanged: [], deleted: [], leftAlone: [] });
    expect(readFileSync(join(content.dir, LESSON), 'utf8')).toBe(edited);
    const again = await openContent(db.sql, { emailsDir: content.dir }, now());
    expect(again.plan).toMatchObject({ writes: [], conflicts: [], removals: [] });
    // And a later edit of the file is taken in, since the document is no longer "edited since".
    writeFileSync(join(content.dir, LESSON), withSubject(edited, 'Then edited in the file'));
    const later = await openContent(db.sql, { emailsDir: content.dir }, now());
    expect(later.plan.conflicts).toEqual([]);
    expect(later.content.catalog.main.lessons[0]!.subject).toBe('Then edited in the file');
  });

  it('leaves a file with changes never imported alone, unless forced', async () => {
    const original = readFileSync(join(content.dir, LESSON), 'utf8');
    await saveInDashboard(LESSON, withSubject(original, 'Saved in the dashboard'));
    writeFileSync(join(content.dir, LESSON), withSubject(original, 'Edited in the file'));
    const kept = await exportContent(db.sql, { to: content.dir, emailsDir: content.dir });
    expect(kept).toMatchObject({ written: [], keptChanged: [LESSON] });
    expect(readFileSync(join(content.dir, LESSON), 'utf8')).toBe(withSubject(original, 'Edited in the file'));
    const forced = await exportContent(db.sql, { to: content.dir, emailsDir: content.dir, force: true });
    expect(forced).toMatchObject({ written: [LESSON], keptChanged: [] });
    expect(readFileSync(join(content.dir, LESSON), 'utf8')).toBe(withSubject(original, 'Saved in the dashboard'));
  });

  it('deletes the file of a document removed in the dashboard, and names a file the content does not hold', async () => {
    // A lesson taken out of its course in the dashboard: course.md no longer lists it, and its document is removed.
    const coursePath = 'courses/releasing-mom-guilt/course.md';
    const course = readFileSync(join(content.dir, coursePath), 'utf8').replace(/^ {2}- 07-you-are-not-a-bad-mom\.md\n/m, '');
    const last = 'courses/releasing-mom-guilt/07-you-are-not-a-bad-mom.md';
    await changeContent(db.sql, { emailsDir: content.dir }, now(), () => [
      { path: coursePath, text: course, source: 'dashboard' },
      { path: last, text: null, source: 'dashboard' },
    ]);
    writeFileSync(join(content.dir, 'courses/releasing-mom-guilt/99-a-draft.md'), '---\nid: a-draft\n---\n\nNot listed anywhere.\n');
    const report = await exportContent(db.sql, { to: content.dir, emailsDir: content.dir });
    expect(report).toMatchObject({ written: [coursePath], deleted: [last], leftAlone: ['courses/releasing-mom-guilt/99-a-draft.md'] });
    expect(() => readFileSync(join(content.dir, last))).toThrow();
    expect(readFileSync(join(content.dir, 'courses/releasing-mom-guilt/99-a-draft.md'), 'utf8')).toContain('Not listed anywhere.');
    rmSync(join(content.dir, 'courses/releasing-mom-guilt/99-a-draft.md'));
    const again = await openContent(db.sql, { emailsDir: content.dir }, now());
    expect(again.plan).toMatchObject({ writes: [], conflicts: [], removals: [] });
  });
});
