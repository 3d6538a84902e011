import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editableCourse, saveLesson } from '../../../src/authoring/lessons.js';
import { openContent } from '../../../src/courses/stored-content.js';
import { copyOfFixtureContent, MAIN_COURSE_SLUG } from '../../support/course.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';

const PASSWORD = 'a long and gentle password';
const SLUG = MAIN_COURSE_SLUG;

// A deploy brings a changed file for a lesson she has edited in the dashboard since: the start
// leaves it alone (her words stay), and her course page names the file.
describe('a file changed after her dashboard edit', () => {
  let h: Harness;
  let content: ReturnType<typeof copyOfFixtureContent>;
  let cookie: string;

  beforeAll(async () => {
    content = copyOfFixtureContent();
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD }, catalog: { emailsDir: content.dir } });
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
    content?.remove();
  });

  it('keeps her version at the next start, and the course page names the file', async () => {
    const lesson = (await editableCourse(h.ctx, SLUG)).lessons[1]!;
    await saveLesson(h.ctx, { course: SLUG, id: lesson.id, subject: 'Her subject, saved in the dashboard', source: 'dashboard' });
    const path = join(content.dir, lesson.path);
    writeFileSync(path, readFileSync(path, 'utf8').replace(lesson.subject, 'A subject from a deploy'));

    // The next start: her version stays, and the conflict is reported.
    const opened = await openContent(h.ctx.sql, { emailsDir: content.dir }, h.clock.now());
    expect(opened.plan.conflicts.map((c) => c.path)).toEqual([lesson.path]);
    expect(opened.content.catalog.course(SLUG)!.lessons[1]!.subject).toBe('Her subject, saved in the dashboard');

    const page = await (await h.app.request(`/admin/course?course=${SLUG}`, { headers: { cookie } })).text();
    expect(page).toContain(`emails/${lesson.path}`);
    expect(page).toContain('id="conflicts-heading"');
  });
});
