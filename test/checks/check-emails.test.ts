import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEmails } from '../../src/checks/check-emails.js';
import type { Problem } from '../../src/checks/problem.js';
import { loadCatalog } from '../../src/courses/catalog.js';
import { copyOfFixtureContent } from '../support/course.js';

// What email:check says about her files, over a copy of the suite's own content with one
// mistake planted at a time. The words compared are the test's own, never hers.
const main = 'courses/releasing-mom-guilt';
let copies: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const copy of copies) copy.remove();
  copies = [];
});

function contentWith(plant: (edit: (file: string, change: (text: string) => string) => void, dir: string) => void): string {
  const copy = copyOfFixtureContent();
  copies.push(copy);
  plant((file, change) => {
    const path = join(copy.dir, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  }, copy.dir);
  return copy.dir;
}

const setField = (field: string, line: string) => (text: string) => text.replace(new RegExp(`^${field}: .*$`, 'm'), line);
const inFile = (problems: Problem[], file: string) => problems.filter((p) => p.file === `emails/${file}`);

describe('email:check over her files', () => {
  it('warns about a lesson file that no course.md lists, naming the file', async () => {
    const dir = contentWith((_, d) => {
      writeFileSync(join(d, main, '08-a-new-lesson.md'), readFileSync(join(d, main, '07-you-are-not-a-bad-mom.md'), 'utf8').replace(/^id: .*$/m, 'id: a-new-lesson'));
    });
    const report = await checkEmails({ emailsDir: dir, spam: false });
    expect(inFile(report.problems, `${main}/08-a-new-lesson.md`)).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('it will never be sent: add it to the list in course.md') }),
    ]);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reads smart quotes and a colon in unquoted words as the words she meant, on the lines she wrote them', async () => {
    const dir = contentWith((edit) => {
      edit(`${main}/02-perfectionism-and-the-one-right-way.md`, setField('subject', 'subject: “Bonus day: rest”'));
      edit(`${main}/03-what-self-compassion-is.md`, setField('subject', 'subject: Bonus day: rest'));
      edit(`${main}/04-noticing-without-judgment.md`, setField('title', 'title: ‘A mother’s day’'));
    });
    const { catalog, problems } = await loadCatalog({ emailsDir: dir });
    expect(problems.list.filter((p) => p.severity === 'error')).toEqual([]);
    const lessons = catalog!.course('releasing-mom-guilt')!.lessons;
    expect(lessons[1]!.subject).toBe('Bonus day: rest');
    expect(lessons[2]!.subject).toBe('Bonus day: rest');
    expect(lessons[3]!.title).toBe('A mother’s day');

    const report = await checkEmails({ emailsDir: dir, spam: false });
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('names a line it still cannot read in plain words, with the line and how to write it', async () => {
    const dir = contentWith((edit) => {
      edit(`${main}/02-perfectionism-and-the-one-right-way.md`, setField('preview', 'preview The preview, with no colon'));
      edit(`${main}/03-what-self-compassion-is.md`, setField('title', 'title: "never closed'));
    });
    const report = await checkEmails({ emailsDir: dir, spam: false });
    const noColon = inFile(report.problems, `${main}/02-perfectionism-and-the-one-right-way.md`);
    const unclosed = inFile(report.problems, `${main}/03-what-self-compassion-is.md`);
    expect(noColon).toEqual([expect.objectContaining({ severity: 'error', line: 4, message: expect.stringMatching(/no colon after its name/) })]);
    expect(unclosed).toEqual([expect.objectContaining({ severity: 'error', line: 5, message: expect.stringContaining('title: "never closed"') })]);
    for (const problem of [...noColon, ...unclosed]) expect(problem.message).not.toMatch(/implicit|key|yaml|scalar|mapping/i);
  });

  it('still checks every other lesson of a course when one of its files is broken', async () => {
    const dir = contentWith((edit) => {
      edit(`${main}/02-perfectionism-and-the-one-right-way.md`, setField('title', 'title: "never closed'));
      edit(`${main}/05-you-are-not-the-only-one.md`, (text) => `${text}\n<b>Bold words</b>\n`);
      edit(`${main}/06-speaking-to-yourself-kindly.md`, (text) => `${text}\nRead [my notes](http://example.com/notes).\n`);
    });
    const report = await checkEmails({ emailsDir: dir, spam: false });
    expect(inFile(report.problems, `${main}/02-perfectionism-and-the-one-right-way.md`)).toHaveLength(1);
    expect(inFile(report.problems, `${main}/05-you-are-not-the-only-one.md`)).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/HTML/) })]);
    expect(inFile(report.problems, `${main}/06-speaking-to-yourself-kindly.md`)).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/http/) })]);
    // Every other email of the course was rendered and checked: all but 02 and 05, which HTML
    // in her words keeps from loading at all.
    const clean = await checkEmails({ emailsDir: contentWith(() => {}), spam: false });
    expect(report.emails).toBe(clean.emails - 2);

    // A lesson already sent whose file is broken is not also said to have left the course.
    const sentLessonIds = async () => new Map([['releasing-mom-guilt', ['perfectionism-and-the-one-right-way']]]);
    const withSent = await checkEmails({ emailsDir: dir, spam: false, sentLessonIds });
    expect(withSent.problems.filter((p) => p.rule === 'sent-lesson-missing')).toEqual([]);

    // The app itself still refuses a course with an error in it.
    expect((await loadCatalog({ emailsDir: dir })).catalog).toBeNull();
  });
});
