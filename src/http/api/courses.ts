import { Hono } from 'hono';
import { z } from 'zod';
import { addLesson, editableCourse, lessonVersions, removeLesson, reorderLessons, restoreLessonVersion, saveLesson } from '../../authoring/lessons.js';
import type { AppContext } from '../../context.js';
import { refreshContent } from '../../courses/stored-content.js';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';

const field = (max: number) => z.string().max(max).optional();
const lessonBody = z
  .object({ subject: field(200), preview: field(300), title: field(200), summary: field(500), markdown: field(200_000), version: z.number().int().positive().optional() })
  .strict();
const newLessonBody = z
  .object({ id: z.string().max(100), subject: z.string().max(200), preview: z.string().max(300), title: z.string().max(200), summary: z.string().max(500), markdown: z.string().max(200_000), after: z.string().max(100).optional() })
  .strict();
const orderBody = z.object({ ids: z.array(z.string().max(100)).max(500) }).strict();

async function jsonBody<T>(c: { req: { json(): Promise<unknown> } }, schema: z.ZodType<T>, example: string): Promise<T> {
  const raw = await c.req.json().catch(() => {
    throw new AppError('invalid_json', `Send a JSON body like ${example}.`);
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('validation_failed', `Check the request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}.`);
  return parsed.data;
}

const lessonJson = (l: Awaited<ReturnType<typeof editableCourse>>['lessons'][number]) => ({
  id: l.id,
  subject: l.subject,
  preview: l.preview,
  title: l.title,
  summary: l.summary,
  markdown: l.markdown,
  version: l.version,
});

/**
 * /api/admin/courses: her courses and lessons, read and edited through the same use cases as the
 * dashboard (src/authoring/). A refused save is 422 with the check's problems; times are UTC.
 */
export function coursesRoute(ctx: AppContext) {
  return new Hono<HonoEnv>()
    .get('/courses', async (c) => {
      await refreshContent(ctx);
      return c.json({
        courses: ctx.catalog.courses.map((course) => ({
          slug: course.slug,
          title: course.title,
          tagline: course.tagline,
          order: course.order,
          lessons: course.lessons.length,
          main: course.slug === ctx.catalog.main.slug,
        })),
      });
    })
    .get('/courses/:slug', async (c) => {
      const course = await editableCourse(ctx, c.req.param('slug'));
      return c.json({ slug: course.slug, title: course.title, tagline: course.tagline, description: course.description, order: course.order, version: course.version, lessons: course.lessons.map(lessonJson) });
    })
    .put('/courses/:slug/lessons/:id', async (c) => {
      const body = await jsonBody(c, lessonBody, '{"subject": "…", "markdown": "…", "version": 3}');
      const saved = await saveLesson(ctx, { course: c.req.param('slug'), id: c.req.param('id'), ...body, source: 'api' });
      const lesson = (await editableCourse(ctx, c.req.param('slug'))).lessons.find((l) => l.id === c.req.param('id'))!;
      return c.json({ ...lessonJson(lesson), warnings: saved.warnings.map((w) => w.message) });
    })
    .post('/courses/:slug/lessons', async (c) => {
      const body = await jsonBody(c, newLessonBody, '{"id": "a-new-lesson", "subject": "…", "preview": "…", "title": "…", "summary": "…", "markdown": "…", "after": "end"}');
      const added = await addLesson(ctx, { course: c.req.param('slug'), ...body, source: 'api' });
      const lesson = (await editableCourse(ctx, c.req.param('slug'))).lessons.find((l) => l.id === added.id)!;
      return c.json({ ...lessonJson(lesson), position: added.position, skippedFor: added.skippedFor }, 201);
    })
    .delete('/courses/:slug/lessons/:id', async (c) => {
      await removeLesson(ctx, { course: c.req.param('slug'), id: c.req.param('id'), source: 'api' });
      return c.json({ removed: c.req.param('id') });
    })
    .put('/courses/:slug/order', async (c) => {
      const body = await jsonBody(c, orderBody, '{"ids": ["first-lesson", "second-lesson"]}');
      return c.json(await reorderLessons(ctx, { course: c.req.param('slug'), ids: body.ids, source: 'api' }));
    })
    .get('/courses/:slug/lessons/:id/versions', async (c) => {
      const versions = await lessonVersions(ctx, { course: c.req.param('slug'), id: c.req.param('id') });
      return c.json({ versions: versions.map((v) => ({ version: v.version, source: v.source, savedAt: v.savedAt.toISOString(), subject: v.subject })) });
    })
    .post('/courses/:slug/lessons/:id/versions/:n/restore', async (c) => {
      const n = Number(c.req.param('n'));
      if (!Number.isInteger(n) || n <= 0) throw new AppError('not_found', `There is no version ${c.req.param('n')}.`);
      const restored = await restoreLessonVersion(ctx, { course: c.req.param('slug'), id: c.req.param('id'), version: n });
      return c.json(restored);
    });
}
