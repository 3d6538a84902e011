import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editableCourse, saveLesson } from '../../src/authoring/lessons.js';
import { checkEmails } from '../../src/checks/check-emails.js';
import { storedDocuments } from '../../src/courses/content-store.js';
import { copyOfFixtureContent, MAIN_COURSE_SLUG } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';

// email:check reads what the app serves: Postgres's content with this folder's files taken in by
// the app's rule. A file edited in the dashboard since it was taken in is not what is sent, and
// the check says so.
describe('email:check with the app’s stored content', () => {
  let h: Harness;
  let content: ReturnType<typeof copyOfFixtureContent>;

  beforeAll(async () => {
    content = copyOfFixtureContent();
    h = await createHarness({ catalog: { emailsDir: content.dir } });
  });
  afterAll(async () => {
    await h?.close();
    content?.remove();
  });

  it('names a file whose lesson was edited in the dashboard since, and checks the dashboard’s words', async () => {
    const lesson = (await editableCourse(h.ctx, MAIN_COURSE_SLUG)).lessons[0]!;
    await saveLesson(h.ctx, { course: MAIN_COURSE_SLUG, id: lesson.id, markdown: 'Words from the dashboard, with [a link](https://example.com/dashboard-only).', source: 'dashboard' });
    const path = join(content.dir, lesson.path);
    // The file now holds a mistake the dashboard's version does not have.
    writeFileSync(path, readFileSync(path, 'utf8') + '\nA link to [nowhere](www.example.com).\n');

    const alone = await checkEmails({ emailsDir: content.dir, spam: false });
    expect(alone.problems.some((p) => p.file === `emails/${lesson.path}` && p.severity === 'error')).toBe(true);

    const asServed = await checkEmails({ emailsDir: content.dir, spam: false, storedDocuments: () => storedDocuments(h.ctx.sql) });
    const mine = asServed.problems.filter((p) => p.file === `emails/${lesson.path}`);
    expect(mine.map((p) => p.severity)).toEqual(['warning']);
    expect(mine[0]!.message).toContain('dashboard');
  });
});
