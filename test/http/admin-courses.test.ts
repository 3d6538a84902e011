import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_COURSE_SLUG } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';

// /api/admin/courses: her lessons over the API, with the ADMIN_TOKEN bearer, on the same use
// cases as the dashboard. Expectations come from what the API itself answered first.

const TOKEN = 'courses-api-token-7f3a9c2e5b1d';
const SLUG = MAIN_COURSE_SLUG;

describe('/api/admin/courses', () => {
  let h: Harness;
  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) =>
    h.app.request(`/api/admin${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  type Lesson = { id: string; subject: string; preview: string; title: string; summary: string; markdown: string; version: number };
  const course = async () => (await (await call('GET', `/courses/${SLUG}`)).json()) as { lessons: Lesson[] };

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(async () => h?.close());

  it('needs the token', async () => {
    expect((await call('GET', '/courses', undefined, null)).status).toBe(401);
  });

  it('lists the courses and gives one with its lessons in order', async () => {
    const list = (await (await call('GET', '/courses')).json()) as { courses: Array<{ slug: string; lessons: number; main: boolean }> };
    expect(list.courses.find((c) => c.main)?.slug).toBe(SLUG);
    const { lessons } = await course();
    expect(lessons.length).toBe(list.courses.find((c) => c.slug === SLUG)!.lessons);
    expect(Object.keys(lessons[0]!).sort()).toEqual(['id', 'markdown', 'preview', 'subject', 'summary', 'title', 'version']);
    expect(lessons.map((l) => l.id)).toEqual(h.ctx.catalog.course(SLUG)!.lessons.map((l) => l.id));
  });

  it('saves a lesson as a new version; 422 with the problems when it fails a check, 409 when stale', async () => {
    const first = (await course()).lessons[0]!;
    const saved = await call('PUT', `/courses/${SLUG}/lessons/${first.id}`, { subject: 'A subject saved over the API', version: first.version });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ id: first.id, subject: 'A subject saved over the API', version: first.version + 1 });

    const failing = await call('PUT', `/courses/${SLUG}/lessons/${first.id}`, { markdown: 'See [my page](www.example.com).' });
    expect(failing.status).toBe(422);
    const problem = (await failing.json()) as { error: { code: string; problems: Array<{ line?: number; message: string }> } };
    expect(problem.error.code).toBe('validation_failed');
    expect(problem.error.problems.length).toBeGreaterThan(0);

    const stale = await call('PUT', `/courses/${SLUG}/lessons/${first.id}`, { subject: 'From an old tab', version: first.version });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { reason: string } }).error.reason).toBe('stale');
    expect((await course()).lessons[0]!.subject).toBe('A subject saved over the API');
  });

  it('adds after a lesson, reorders, lists versions, restores, removes', async () => {
    const ids = (await course()).lessons.map((l) => l.id);
    const added = await call('POST', `/courses/${SLUG}/lessons`, { id: 'over-the-api', subject: 'Added over the API', preview: 'A line for the inbox.', title: 'A lesson from the API', summary: 'One sentence.', markdown: 'A few words, and one small practice.', after: ids[0] });
    expect(added.status).toBe(201);
    expect((await course()).lessons.map((l) => l.id)).toEqual([ids[0], 'over-the-api', ...ids.slice(1)]);

    expect((await call('POST', `/courses/${SLUG}/lessons`, { id: 'another', subject: 's', preview: 'p', title: 't', summary: 's', markdown: 'm', after: 'nowhere' })).status).toBe(422);
    expect((await call('POST', `/courses/${SLUG}/lessons`, { id: ids[1], subject: 's', preview: 'p', title: 't', summary: 's', markdown: 'm' })).status).toBe(409);

    const reversed = [...ids, 'over-the-api'].reverse();
    expect((await call('PUT', `/courses/${SLUG}/order`, { ids: reversed })).status).toBe(200);
    expect((await course()).lessons.map((l) => l.id)).toEqual(reversed);
    expect((await call('PUT', `/courses/${SLUG}/order`, { ids: reversed.slice(1) })).status).toBe(422);

    const lesson = (await course()).lessons.find((l) => l.id === ids[1])!;
    await call('PUT', `/courses/${SLUG}/lessons/${ids[1]}`, { title: 'A title to undo' });
    const versions = (await (await call('GET', `/courses/${SLUG}/lessons/${ids[1]}/versions`)).json()) as { versions: Array<{ version: number; source: string; savedAt: string }> };
    expect(versions.versions.map((v) => v.version)).toEqual([lesson.version + 1, lesson.version]);
    expect(versions.versions[0]!.source).toBe('api');
    expect(versions.versions[0]!.savedAt).toMatch(/Z$/);
    expect((await call('POST', `/courses/${SLUG}/lessons/${ids[1]}/versions/${lesson.version}/restore`)).status).toBe(200);
    expect((await course()).lessons.find((l) => l.id === ids[1])!.title).toBe(lesson.title);

    expect((await call('DELETE', `/courses/${SLUG}/lessons/over-the-api`)).status).toBe(200);
    expect((await course()).lessons.map((l) => l.id)).not.toContain('over-the-api');
    expect((await call('DELETE', `/courses/${SLUG}/lessons/over-the-api`)).status).toBe(404);
  });
});
