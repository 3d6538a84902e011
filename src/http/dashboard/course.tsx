/** @jsxImportSource hono/jsx */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { raw } from 'hono/html';
import MarkdownIt from 'markdown-it';
import type { AppContext } from '../../context.js';
import type { LoadedCourse } from '../../courses/course-file.js';
import { defaultEmailsDir } from '../../courses/emails-dir.js';
import { AppError } from '../../errors.js';
import { composeResolved } from '../../delivery/compose.js';
import { resolveTemplate } from '../../delivery/templates.js';
import { lessonTemplateKey } from '../../courses/template-keys.js';
import { courseFunnel, type LessonFigures } from '../../reports/figures.js';
import type { HonoEnv } from '../env.js';
import { formatCount } from './charts.js';
import { figureColumns } from './funnel.js';
import { AdminPage } from './layout.js';

/** The sample she sees in every preview and test send ("Hi Sarah,"), never a real subscriber. */
const SAMPLE_RECIPIENT = { deliveryId: 0, subscriberId: 0, email: 'sarah@example.com', firstName: 'Sarah', createdAt: new Date(0) };

/**
 * /admin/course: a course's lessons in sending order, each with its figures and a preview of
 * the email exactly as it goes out (the same composition as a send, with sample details), and
 * where to change them: her Markdown files, as the authoring guide (served here too) explains.
 */
export function coursePages(ctx: AppContext) {
  const app = new Hono<HonoEnv>();
  const courseOf = (slug: string | undefined): LoadedCourse => {
    if (!slug) return ctx.catalog.main;
    const course = ctx.catalog.course(slug);
    if (!course) throw new AppError('not_found', `There is no course called "${slug}".`);
    return course;
  };

  app.get('/', async (c) => {
    const course = courseOf(c.req.query('course'));
    const funnel = await courseFunnel(ctx, course.slug);
    return c.html(<CoursePage course={course} courses={ctx.catalog.courses} lessons={funnel.lessons} tracking={ctx.config.tracking} />);
  });

  app.get('/guide', async (c) => {
    // Our guide, beside emails/ in the project, whichever content the app was given.
    const path = resolve(defaultEmailsDir(), '..', 'docs', 'authoring.md');
    const text = await readFile(path, 'utf8').catch(() => null);
    return c.html(<GuidePage html={text === null ? null : guideMarkdown.render(text)} />);
  });

  // The email's own HTML document, framed by the course page. Its links are the sample's, so
  // the frame is sandboxed: nothing in it runs or leaves the frame.
  app.get('/:slug/lessons/:id/preview', async (c) => {
    const course = courseOf(c.req.param('slug'));
    const key = lessonTemplateKey(course.slug, c.req.param('id'));
    const template = resolveTemplate(ctx.catalog, key);
    if (!template) throw new AppError('not_found', `The course "${course.slug}" has no lesson "${c.req.param('id')}".`);
    const [email] = await composeResolved(ctx.config, ctx.catalog, key, template, [SAMPLE_RECIPIENT]);
    c.header('cache-control', 'no-store');
    return c.html(email!.html);
  });
  return app;
}

// Her guide is our own file; raw HTML in it is shown as text all the same.
const guideMarkdown = new MarkdownIt({ html: false, linkify: false });

function CoursePage({ course, courses, lessons, tracking }: { course: LoadedCourse; courses: LoadedCourse[]; lessons: LessonFigures[]; tracking: boolean }) {
  const byId = new Map(lessons.map((l) => [l.lessonId, l]));
  return (
    <AdminPage title={`Course: ${course.title}`} section="course" wide>
      <style>{raw(courseStyles)}</style>
      <h1>{course.title}</h1>
      <p class="lede">{course.tagline}</p>
      {courses.length > 1 ? (
        <nav aria-label="Courses" class="course-tabs">
          <ul>
            {courses.map((c) => (
              <li>
                <a href={`/admin/course?course=${encodeURIComponent(c.slug)}`} aria-current={c.slug === course.slug ? 'page' : undefined}>
                  {c.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="notice">
        Lessons are Markdown files in <code>emails/courses/{course.slug}/</code>, sent in the order <code>emails/courses/{course.slug}/course.md</code> lists them. To change one,
        edit its file; see <a href="/admin/course/guide">the authoring guide</a> (docs/authoring.md in the project).
      </p>
      <ol class="lessons">
        {course.lessons.map((lesson, i) => {
          const figures = byId.get(lesson.id);
          const preview = `/admin/course/${encodeURIComponent(course.slug)}/lessons/${encodeURIComponent(lesson.id)}/preview`;
          return (
            <li class="panel lesson" id={`lesson-${lesson.id}`}>
              <h2>
                <span class="muted">Day {i + 1}</span> {lesson.title}
              </h2>
              <p>
                <strong>Subject:</strong> {lesson.subject}
                <br />
                <span class="muted">{lesson.summary}</span>
              </p>
              <p class="muted small">
                File: <code>{lesson.file}</code>
              </p>
              {figures ? (
                <dl class="lesson-figures">
                  {figureColumns(tracking).map((column) => (
                    <div>
                      <dt>
                        {column.heading}
                        {column.estimate ? <span class="estimate"> (estimate)</span> : null}
                      </dt>
                      <dd>{formatCount(column.value(figures))}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              <details class="preview">
                <summary>Preview the email, as Sarah would get it</summary>
                <iframe src={preview} title={`Preview of day ${i + 1}: ${lesson.subject}`} loading="lazy" sandbox="" referrerpolicy="no-referrer"></iframe>
              </details>
              <p>
                <a href={preview}>Open the preview on its own page</a>
              </p>
            </li>
          );
        })}
      </ol>
    </AdminPage>
  );
}

function GuidePage({ html }: { html: string | null }) {
  return (
    <AdminPage title="Authoring guide" section="course">
      <p>
        <a href="/admin/course">Back to the course</a>
      </p>
      {html === null ? (
        <>
          <h1>Authoring guide</h1>
          <p>The guide is the file docs/authoring.md in the project; it is not on this server.</p>
        </>
      ) : (
        <article class="guide">{raw(html)}</article>
      )}
    </AdminPage>
  );
}

const courseStyles = `
.lessons { list-style: none; padding: 0; margin: 0; }
.lesson { margin-top: 1.5rem; }
.lesson h2 { font-size: 1.35rem; }
.lesson-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 1rem 0; }
.lesson-figures div { background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 0.5rem 0.75rem; }
.lesson-figures dt { font-size: 0.9rem; color: var(--muted); }
.lesson-figures dd { margin: 0; font-size: 1.35rem; font-family: var(--serif); font-variant-numeric: tabular-nums; }
.preview summary { cursor: pointer; color: var(--accent); padding: 0.5rem 0; min-height: 2.75rem; }
.preview iframe { width: 100%; height: 36rem; border: 1px solid var(--line); border-radius: 10px; background: #FFFFFF; }
.course-tabs ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.course-tabs a { display: inline-block; padding: 0.5rem 0; min-height: 2.75rem; }
.course-tabs a[aria-current="page"] { font-weight: 600; text-decoration-thickness: 3px; }
.guide pre { overflow-x: auto; background: var(--surface); border: 1px solid var(--line); border-radius: 10px; padding: 0.75rem 1rem; font-size: 0.95rem; }
`;
