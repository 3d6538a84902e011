/** @jsxImportSource hono/jsx */
import { dashboardHtml } from '../render.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { raw } from 'hono/html';
import MarkdownIt from 'markdown-it';
import { fileConflicts } from '../../../authoring/file-conflicts.js';
import { editableCourse } from '../../../authoring/lessons.js';
import { createSpamChecks } from '../../../authoring/spam-check.js';
import type { AppContext } from '../../../context.js';
import { defaultEmailsDir } from '../../../courses/emails-dir.js';
import { lessonTemplateKey } from '../../../courses/template-keys.js';
import { composeResolved } from '../../../delivery/compose.js';
import { resolveTemplate } from '../../../delivery/templates.js';
import { AppError } from '../../../errors.js';
import { courseFunnel } from '../../../reports/figures.js';
import type { HonoEnv } from '../../env.js';
import { AdminPage } from '../layout.js';
import { lessonChanges } from './changes.js';
import { CoursePage } from './course-page.js';
import { detailsEditors } from './details.js';
import { lessonHistory } from './history.js';
import { lessonEditor } from './lesson-editor.js';
import { editorScript } from './scripts.js';
import { courseSettings } from './settings.js';
import { websitePage } from './website.js';
import { courseStyles } from './styles.js';

/** The sample she sees in every preview and test send ("Hi Sarah,"), never a real subscriber. */
const SAMPLE_RECIPIENT = { deliveryId: 0, subscriberId: 0, email: 'sarah@example.com', firstName: 'Sarah', createdAt: new Date(0) };

const NOTICES: Record<string, string> = {
  moved: 'Moved. The lessons go out in this order from now on.',
  removed: 'Removed. Its text stays in its history; moms who had it keep what they read.',
  added: 'Added. Moms before its place get it in turn.',
  created: 'Your new course is ready, with its first lesson.',
};

/**
 * /admin/course: her course where she works. The lessons in order, each edited, moved, removed or
 * restored here; the course's words, her details and the confirmation emails. Thin pages over
 * src/authoring; the preview of a lesson as it goes out is the send path's own composition.
 */
export function coursePages(ctx: AppContext) {
  const app = new Hono<HonoEnv>();
  const spam = createSpamChecks();

  app.get('/assets/editor.js', (c) => c.body(editorScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  app.get('/', async (c) => {
    const slug = c.req.query('course') ?? ctx.catalog.main.slug;
    if (!ctx.catalog.course(slug)) throw new AppError('not_found', `There is no course called "${slug}".`);
    const [course, funnel, conflicts] = await Promise.all([editableCourse(ctx, slug), courseFunnel(ctx, slug), fileConflicts(ctx)]);
    const courses = ctx.catalog.courses.map((c) => ({ slug: c.slug, title: c.title }));
    return dashboardHtml(c, <CoursePage course={course} courses={courses} figures={funnel.lessons} tracking={ctx.config.tracking} providerReports={ctx.config.resendWebhookSecret !== null} conflicts={conflicts} notice={NOTICES[c.req.query('notice') ?? '']} />);
  });

  app.get('/guide', async (c) => {
    // Our guide, beside emails/ in the project, whichever content the app was given.
    const path = resolve(defaultEmailsDir(), '..', 'docs', 'authoring.md');
    const text = await readFile(path, 'utf8').catch(() => null);
    // A code block too wide for the window scrolls; it takes focus, so a keyboard can scroll it too.
    return dashboardHtml(c, <GuidePage html={text === null ? null : guideMarkdown.render(text).replaceAll('<pre>', '<pre tabindex="0">')} />);
  });

  // Before the routes with a course slug first, so that these names are never taken for one.
  courseSettings(app, ctx);
  websitePage(app, ctx);
  detailsEditors(app, ctx, spam);

  // The saved email's own HTML document, framed by the course page and the editor. Its links are
  // the sample's, so the frame is sandboxed: nothing in it runs or leaves the frame.
  app.get('/:slug/lessons/:id/preview', async (c) => {
    const course = ctx.catalog.course(c.req.param('slug'));
    if (!course) throw new AppError('not_found', `There is no course called "${c.req.param('slug')}".`);
    const key = lessonTemplateKey(course.slug, c.req.param('id'));
    const template = resolveTemplate(ctx.catalog, key);
    if (!template) throw new AppError('not_found', `The course "${course.slug}" has no lesson "${c.req.param('id')}".`);
    const [email] = await composeResolved(ctx.config, ctx.catalog, key, template, [SAMPLE_RECIPIENT]);
    c.header('cache-control', 'no-store');
    return c.html(email!.html);
  });
  lessonEditor(app, ctx, spam);
  lessonHistory(app, ctx);
  lessonChanges(app, ctx);
  return app;
}

// Her guide is our own file; raw HTML in it is shown as text all the same.
const guideMarkdown = new MarkdownIt({ html: false, linkify: false });

function GuidePage({ html }: { html: string | null }) {
  return (
    <AdminPage title="Authoring guide" section="course">
      <style>{raw(courseStyles)}</style>
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
