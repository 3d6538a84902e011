import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { PROJECT_DIR, runCommand } from '../support/run-command.js';

// The therapist's check, run as she runs it: the real npm script, over the real emails/ and over
// copies with one planted mistake each. Nothing is called behind the command's back.
const course = 'emails/courses/releasing-mom-guilt';
let copies: string[] = [];

function copyOfEmails(plant: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmg-emails-'));
  copies.push(dir);
  cpSync(join(PROJECT_DIR, 'emails'), dir, { recursive: true });
  plant(dir);
  return dir;
}
const edit = (dir: string, file: string, change: (text: string) => string) => {
  const path = join(dir, file.replace(/^emails\//, ''));
  writeFileSync(path, change(readFileSync(path, 'utf8')));
};

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

describe('npm run email:check', () => {
  it('passes on the project’s own emails, spam score included, and exits 0', { timeout: 180_000 }, async () => {
    const result = await runCommand('npm run email:check', { env: { DATABASE_URL: undefined, DATA_DIR: mkdtempSync(join(tmpdir(), 'rmg-data-')) } });
    expect(result.stdout).toMatch(/^Checked \d+ emails: all good/m);
    expect(result.code).toBe(0);
    // The only note there can be: her name still the placeholder, until she fills it in.
    const warnings = result.stdout.split('\n').filter((line) => line.includes(': warning:'));
    const placeholder = readFileSync(join(PROJECT_DIR, 'emails/author.md'), 'utf8').includes('[Your name here]');
    expect(warnings.map((line) => line.split(':')[0])).toEqual(placeholder ? ['emails/author.md'] : []);
    expect(result.stderr).not.toContain('SpamAssassin is not installed');
  });

  it('names the file, the line and the fix for each planted mistake, exits 1, and changes nothing', { timeout: 120_000 }, async () => {
    const dir = copyOfEmails((d) => {
      edit(d, `${course}/01-what-mom-guilt-is.md`, (t) => t.replace(/^subject: .*\n/m, ''));
      edit(d, `${course}/07-you-are-not-a-bad-mom.md`, (t) => t.replace(/^id: .*$/m, 'id: speaking-to-yourself-kindly'));
      edit(d, `${course}/03-what-self-compassion-is.md`, (t) => `${t}\n<b>Bold words</b>\n`);
      edit(d, `${course}/04-noticing-without-judgment.md`, (t) => `${t}\n![](https://example.com/a.png)\n\nAnd [this](javascript:alert(1)).\n`);
      edit(d, `${course}/05-you-are-not-the-only-one.md`, (t) => t.replace(/^title: .*$/m, 'title: "never closed'));
      edit(d, 'emails/courses/postpartum-perfectionism/01-the-invisible-checklist.md', (t) => `${t}\nRead [my notes](http://example.com/notes).\n`);
      // A programmer's TSX newsletter built on the bare layout, which leaves out the preference
      // link. It uses the project's own layout: a copy outside the project has no JSX settings.
      writeFileSync(
        join(d, 'newsletters/no-preferences.tsx'),
        [
          `import { Layout } from ${JSON.stringify(join(PROJECT_DIR, 'src/mail/templates/layout'))};`,
          "export const meta = { id: 'no-preferences', subject: 'A short note', preview: 'Just a short note from me.' };",
          'export default function NoPreferences(props: { unsubscribeUrl: string; postalAddress: string }) {',
          "  const footer = { footerReason: 'You asked for my notes.', unsubscribeUrl: props.unsubscribeUrl, preferencesUrl: null, postalAddress: props.postalAddress };",
          "  return Layout({ masthead: 'A note', title: meta.subject, preview: meta.preview, ...footer, children: 'Hi there, just a short note today.' });",
          '}',
          '',
        ].join('\n'),
      );
      // A programmer's TSX newsletter that throws when rendered.
      writeFileSync(
        join(d, 'newsletters/broken.tsx'),
        "export const meta = { id: 'broken', subject: 'Broken', preview: 'It throws' };\nexport default function Broken(): never { throw new Error('boom'); }\n",
      );
    });
    const before = readFileSync(join(dir, 'courses/releasing-mom-guilt/03-what-self-compassion-is.md'), 'utf8');

    const result = await runCommand(`npm run -s email:check -- --dir ${dir} --no-spam --no-database`);

    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const line = (pattern: RegExp) => lines.find((l) => pattern.test(l));
    expect(line(/01-what-mom-guilt-is\.md:\d+: "subject" is missing at the top of the file\. Add a line {2}subject: "…"/)).toBeDefined();
    expect(line(/07-you-are-not-a-bad-mom\.md:2: The id "speaking-to-yourself-kindly" is already used by .*06-speaking-to-yourself-kindly\.md/)).toBeDefined();
    expect(line(/03-what-self-compassion-is\.md:\d+: This line has HTML in it \(<b>…\)\. .*Markdown instead/)).toBeDefined();
    expect(line(/04-noticing-without-judgment\.md:\d+: A picture has no description/)).toBeDefined();
    expect(line(/04-noticing-without-judgment\.md:\d+: A link here was not turned into a link/)).toBeDefined();
    expect(line(/01-the-invisible-checklist\.md:\d+: warning: .*http/)).toBeDefined();
    expect(line(/05-you-are-not-the-only-one\.md:\d+: The details at the top could not be read/)).toBeDefined();
    expect(line(/^emails\/newsletters\/broken\.tsx: This email could not be turned into HTML \(boom\)\./)).toBeDefined();
    expect(line(/^emails\/newsletters\/no-preferences\.tsx: This email has no "Manage preferences" link/)).toBeDefined();
    expect(result.stdout).toMatch(/problems? to fix.*Nothing was sent or changed\./);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+|Error:/);
    expect(readFileSync(join(dir, 'courses/releasing-mom-guilt/03-what-self-compassion-is.md'), 'utf8')).toBe(before);
  });

  it('does not follow a link out of emails/, and names no folder of the machine', { timeout: 120_000 }, async () => {
    // What a link could reach: a well-formed lesson, so that reading it would pass the check.
    const outside = mkdtempSync(join(tmpdir(), 'rmg-outside-'));
    copies.push(outside);
    const lesson = readFileSync(join(PROJECT_DIR, course, '01-what-mom-guilt-is.md'), 'utf8').replace(/\n---\n/, '\n---\nSECRET-FROM-OUTSIDE\n');
    writeFileSync(join(outside, 'lesson.md'), lesson);
    writeFileSync(join(outside, 'letter.md'), lesson.replace(/^id: .*$/m, 'id: "a-letter-from-outside"'));
    const dir = copyOfEmails((d) => {
      unlinkSync(join(d, 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md'));
      symlinkSync(join(outside, 'lesson.md'), join(d, 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md'));
      symlinkSync(join(outside, 'letter.md'), join(d, 'newsletters/from-outside.md'));
      // A link that stays inside emails/ is hers to make.
      const second = readdirSync(join(d, 'courses/releasing-mom-guilt')).find((f) => f.startsWith('02-'))!;
      renameSync(join(d, 'courses/releasing-mom-guilt', second), join(d, 'kept-elsewhere.md'));
      symlinkSync(join(d, 'kept-elsewhere.md'), join(d, 'courses/releasing-mom-guilt', second));
    });
    const result = await runCommand(`npm run -s email:check -- --dir ${dir} --no-spam --no-database`);
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('emails/') && !l.includes(': warning:'));
    expect(errors).toEqual([
      'emails/courses/releasing-mom-guilt/01-what-mom-guilt-is.md: This is a link to a file outside the emails folder, which the app does not read. Put the file itself here instead of a link.',
      'emails/newsletters/from-outside.md: This is a link to a file outside the emails folder, which the app does not read. Put the file itself here instead of a link.',
    ]);
    const all = result.stdout + result.stderr;
    expect(all).not.toContain('SECRET-FROM-OUTSIDE');
    for (const folder of [outside, dir, PROJECT_DIR.replace(/\/$/, '')]) expect(all).not.toContain(folder);
  });

  it('prints one JSON object with --json', { timeout: 120_000 }, async () => {
    const dir = copyOfEmails((d) => edit(d, `${course}/01-what-mom-guilt-is.md`, (t) => t.replace(/^preview: .*\n/m, '')));
    const result = await runCommand(`npm run -s email:check -- --dir ${dir} --no-spam --no-database --json`);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, errors: 1 });
    expect(report.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([
      expect.objectContaining({ file: `${course}/01-what-mom-guilt-is.md`, line: 2, severity: 'error' }),
    ]);
  });

  describe('against the app’s database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('fails when a lesson already sent has left the course without being marked removed, and passes once it is', { timeout: 120_000 }, async () => {
      await db.sql`insert into course_lessons (course_slug, lesson_id, num, first_sent_at) values ('releasing-mom-guilt', 'an-old-lesson', 40, now())`;
      const env = { DATABASE_URL: db.url };

      const missing = await runCommand('npm run -s email:check -- --no-spam', { env });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toMatch(/emails\/courses\/releasing-mom-guilt\/course\.md: The lesson "an-old-lesson" has already been sent to moms, but it is no longer in the course\. .*removed: \["an-old-lesson"\]/);

      const dir = copyOfEmails((d) => edit(d, `${course}/course.md`, (t) => t.replace('removed: []', 'removed: ["an-old-lesson"]')));
      const marked = await runCommand(`npm run -s email:check -- --dir ${dir} --no-spam`, { env });
      expect(marked.stdout).toMatch(/all good/);
      expect(marked.code).toBe(0);
    });
  });
});
