/** @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { lessonDraft } from '../../../authoring/draft.js';
import { editableCourse, saveLesson, type EditableLesson } from '../../../authoring/lessons.js';
import type { SpamChecks } from '../../../authoring/spam-check.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { mountEditor } from './editor.js';
import { LESSON_FIELDS } from './parts.js';
import { coursePageUrl, lessonUrl } from './urls.js';

type C = Context<HonoEnv>;

/** A lesson of hers, by the path's course and id; 404 when there is none, 422 for a programmer's TSX lesson. */
export async function lessonOf(ctx: AppContext, c: C): Promise<{ course: Awaited<ReturnType<typeof editableCourse>>; lesson: EditableLesson; day: number }> {
  const course = await editableCourse(ctx, c.req.param('slug')!);
  const day = course.lessons.findIndex((l) => l.id === c.req.param('id'));
  const lesson = course.lessons[day];
  if (!lesson) throw new AppError('not_found', 'This course has no such lesson. It may have been removed; the course page lists the lessons it has.');
  if (!lesson.editable) throw new AppError('validation_failed', `This lesson is a programmer's template (emails/${lesson.path}); it is changed in its file, not here.`);
  return { course, lesson, day: day + 1 };
}

/** /admin/course/:slug/lessons/:id/edit: one lesson's words, previewed as she types, saved when checked. */
export function lessonEditor(app: Hono<HonoEnv>, ctx: AppContext, spam: SpamChecks): void {
  mountEditor(
    app,
    ctx,
    '/:slug/lessons/:id/edit',
    {
      fields: LESSON_FIELDS,
      stale: 'This lesson changed since you opened it.',
      async load(c) {
        const { course, lesson, day } = await lessonOf(ctx, c);
        return {
          values: { subject: lesson.subject, preview: lesson.preview, title: lesson.title, summary: lesson.summary, markdown: lesson.markdown },
          version: lesson.version,
          title: `Edit: ${lesson.title}`,
          heading: `Day ${day}: ${lesson.title}`,
          back: { href: coursePageUrl(course.slug, lesson.id), label: course.title },
          savedPreview: `${lessonUrl(course.slug, lesson.id)}/preview`,
          links: (
            <ul class="more-links">
              <li>
                <a href={`${lessonUrl(course.slug, lesson.id)}/history`}>History of this lesson</a>
              </li>
            </ul>
          ),
        };
      },
      draft(c, values) {
        return lessonDraft(ctx, c.req.param('slug')!, c.req.param('id')!, {
          subject: values.subject ?? '',
          preview: values.preview ?? '',
          title: values.title ?? '',
          summary: values.summary ?? '',
          markdown: values.markdown ?? '',
        });
      },
      save(c, values, version) {
        return saveLesson(ctx, { course: c.req.param('slug')!, id: c.req.param('id')!, ...values, version, source: 'dashboard' });
      },
    },
    spam,
  );
}
