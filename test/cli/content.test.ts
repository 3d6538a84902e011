import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContentExportReport } from '../../src/courses/content-export.js';
import type { ContentImportReport } from '../../src/courses/content-import.js';
import { readContentFiles } from '../../src/courses/content-files.js';
import { contentRevision, liveTexts, storedDocuments } from '../../src/courses/content-store.js';
import { defaultEmailsDir } from '../../src/courses/emails-dir.js';
import { changeContent, loadStoredContent, openContent } from '../../src/courses/stored-content.js';
import { copyOfFixtureContent } from '../support/course.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startEmbeddedApp } from '../support/embedded-app.js';
import { runCommand } from '../support/run-command.js';

// `npm run cli -- content export|import …` exactly as typed, against a real Postgres
// (DATABASE_URL), on a copy of the suite's own content; the guide's two commands on her emails/.

const LESSON = 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md';
const now = () => new Date('2026-03-02T12:00:00Z');
const withSubject = (text: string, subject: string) => text.replace(/^subject: .*$/m, `subject: "${subject}"`);
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

let db: TestDatabase;
let content: { dir: string; remove(): void };
let env: Record<string, string>;
beforeEach(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  content = copyOfFixtureContent();
  await openContent(db.sql, { emailsDir: content.dir }, now());
  return async () => {
    content.remove();
    await db.drop();
  };
});

const storedText = async (sql: TestDatabase['sql'], path: string) => (await storedDocuments(sql)).get(path)?.text;

/** What a mom would see of a course: its order, its lessons and their subjects. */
async function courses(sql: TestDatabase['sql'], emailsDir: string) {
  const { catalog } = await loadStoredContent(sql, { emailsDir });
  return catalog.courses.map((c) => ({ slug: c.slug, order: c.order, title: c.title, lessons: c.lessons.map((l) => [l.id, l.subject]) }));
}

describe('npm run cli -- content export, then content import', () => {
  it('into a fresh database gives the same course', { timeout: 90_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rmg-export-'));
    const fresh = await createTestDatabase();
    try {
      // A dashboard edit is part of what the app serves, so of what is exported.
      const edited = withSubject(readFileSync(join(content.dir, LESSON), 'utf8'), 'Saved in the dashboard');
      await changeContent(db.sql, { emailsDir: content.dir }, now(), () => [{ path: LESSON, text: edited, source: 'dashboard' }]);

      const exported = await runCommand(`npm run -s cli -- content export ${out} --json`, { env });
      expect(exported.code, exported.stderr).toBe(0);
      const exportReport = JSON.parse(exported.stdout) as ContentExportReport;
      expect(exportReport).toMatchObject({ appEmails: false, keptChanged: [], leftAlone: [] });
      expect(readContentFiles(out)).toEqual(liveTexts(await storedDocuments(db.sql)));

      const imported = await runCommand(`npm run -s cli -- content import ${out} --json`, { env: { DATABASE_URL: fresh.url } });
      expect(imported.code, imported.stderr).toBe(0);
      const report = JSON.parse(imported.stdout) as ContentImportReport;
      expect(report.added).toHaveLength(exportReport.written.length);
      expect(report).toMatchObject({ changed: [], removed: [], conflicts: [] });

      expect(liveTexts(await storedDocuments(fresh.sql))).toEqual(liveTexts(await storedDocuments(db.sql)));
      expect(await courses(fresh.sql, content.dir)).toEqual(await courses(db.sql, content.dir));
      expect((await courses(fresh.sql, content.dir))[0]!.lessons[0]![1]).toBe('Saved in the dashboard');
    } finally {
      rmSync(out, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});

describe('npm run cli -- content import', () => {
  it('leaves a file edited in the dashboard since alone, and names it; --force takes it', { timeout: 90_000 }, async () => {
    const original = readFileSync(join(content.dir, LESSON), 'utf8');
    const dashboard = withSubject(original, 'Saved in the dashboard');
    await changeContent(db.sql, { emailsDir: content.dir }, now(), () => [{ path: LESSON, text: dashboard, source: 'dashboard' }]);
    writeFileSync(join(content.dir, LESSON), withSubject(original, 'Edited in the file'));

    const plain = await runCommand(`npm run -s cli -- content import ${content.dir}`, { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`left alone ${content.dir}/${LESSON}  (edited in the dashboard since it was last imported; add --force`);
    expect(plain.stdout).toContain('Imported: 0 new, 0 changed, 0 removed. 1 file(s) edited in the dashboard were left alone.');
    expect(await storedText(db.sql, LESSON)).toBe(dashboard);

    const forced = await runCommand(`npm run -s cli -- content import ${content.dir} --force --json`, { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ force: true, changed: [LESSON], conflicts: [] });
    expect(await storedText(db.sql, LESSON)).toBe(withSubject(original, 'Edited in the file'));
  });

  it('a dry run shows what would change and changes nothing', { timeout: 60_000 }, async () => {
    const revision = await contentRevision(db.sql);
    const before = await storedText(db.sql, LESSON);
    writeFileSync(join(content.dir, LESSON), withSubject(before!, 'Edited in the file'));
    const dry = await runCommand(`npm run -s cli -- content import ${content.dir} --dry-run`, { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`  changed    ${content.dir}/${LESSON}`);
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect(await contentRevision(db.sql)).toBe(revision);
    expect(await storedText(db.sql, LESSON)).toBe(before);
  });

  it('refuses files that do not load: each by file and line with its fix, exit 1, nothing changed', { timeout: 60_000 }, async () => {
    const revision = await contentRevision(db.sql);
    writeFileSync(join(content.dir, LESSON), readFileSync(join(content.dir, LESSON), 'utf8').replace(/^subject: .*$/m, 'subject: ""'));
    for (const line of [`npm run -s cli -- content import ${content.dir}`, `npm run -s cli -- content import ${content.dir} --dry-run --json`]) {
      const result = await runCommand(line, { env });
      expect(result.code, line).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^${content.dir}/${LESSON}:\\d+: .+`, 'm'));
      expect(result.stderr).toContain('Nothing was imported. Fix the lines above and run the command again.');
      noStack(result.stderr);
      if (line.includes('--json')) expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'command_failed' } });
      else expect(result.stdout).toBe('');
    }
    expect(await contentRevision(db.sql)).toBe(revision);
  });
});

describe('the guide’s commands, on her emails/', () => {
  it('npm run cli -- content import, then npm run cli -- content export, leave her files as they are', { timeout: 90_000 }, async () => {
    const herFiles = readContentFiles(defaultEmailsDir());
    const fresh = await createTestDatabase();
    try {
      const imported = await runCommand('npm run cli -- content import', { env: { DATABASE_URL: fresh.url } });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(`Imported: ${herFiles.size} new, 0 changed, 0 removed.`);
      const exported = await runCommand('npm run cli -- content export', { env: { DATABASE_URL: fresh.url } });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain(`Wrote 0 file(s) to emails/ (${herFiles.size} already up to date).`);
      expect(readContentFiles(defaultEmailsDir())).toEqual(herFiles);
      // Her files are recorded as imported: the app's next start has nothing to take in.
      const again = await runCommand('npm run -s cli -- content import --json', { env: { DATABASE_URL: fresh.url } });
      expect(JSON.parse(again.stdout)).toMatchObject({ added: [], changed: [], removed: [], conflicts: [], unchanged: herFiles.size });
    } finally {
      await fresh.drop();
    }
  });
});

describe('while npm start holds the built-in database', () => {
  let app: Awaited<ReturnType<typeof startEmbeddedApp>>;
  beforeAll(async () => {
    app = await startEmbeddedApp('content-cli');
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('goes through the running app: export, then a dry-run import of the copy', { timeout: 90_000 }, async () => {
    expect(app.output()).toContain('Watching emails/');
    const out = mkdtempSync(join(tmpdir(), 'rmg-export-'));
    try {
      const appEnv = { DATA_DIR: app.dataDir, DATABASE_URL: '' };
      const exported = await runCommand(`npm run -s cli -- content export ${out} --json`, { env: appEnv });
      expect(exported.code, exported.stderr).toBe(0);
      expect(readContentFiles(out)).toEqual(readContentFiles(defaultEmailsDir()));
      const dry = await runCommand(`npm run -s cli -- content import ${out} --dry-run --json`, { env: appEnv });
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, added: [], changed: [], removed: [], conflicts: [] });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
