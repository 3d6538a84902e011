/** @jsxImportSource hono/jsx */
import { dashboardHtml } from '../render.js';
import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { createCourse, saveCourseSettings } from '../../../authoring/details.js';
import { editableCourse, requireCourse } from '../../../authoring/lessons.js';
import type { FieldProblem } from '../../../authoring/save.js';
import type { AppContext } from '../../../context.js';
import { newDocument } from '../../../courses/document-text.js';
import { ContentRejected } from '../../../courses/stored-content.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { landingInput } from '../../public/landing.js';
import { landingPage } from '../../public/views/landing.js';
import { Alert, Notice } from '../broadcasts/parts.js';
import { broadcastStyles } from '../broadcasts/styles.js';
import { AdminPage } from '../layout.js';
import { mismatchedCounts } from '../../../courses/named-length.js';
import { refusalProblems } from './changes.js';
import { Field, LESSON_FIELDS, OtherProblems, type FieldDef } from './parts.js';
import { EDITOR_SCRIPT } from './scripts.js';
import { courseStyles } from './styles.js';
import { coursePageUrl, COURSE_BASE } from './urls.js';

type C = Context<HonoEnv>;
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');

const SETTINGS_FIELDS: FieldDef[] = [
  { name: 'title', label: 'Title', kind: 'line', max: 200, hint: 'The course’s name, on its page and in every email.' },
  { name: 'tagline', label: 'Tagline', kind: 'short-text', hint: 'One line under the title.' },
  { name: 'description', label: 'Description', kind: 'short-text', hint: 'A few sentences on the course page: who it is for, what it gives.' },
];

/** /admin/course/:slug/settings and /admin/course/new: a course's words, and a new course. */
export function courseSettings(app: Hono<HonoEnv>, ctx: AppContext): void {
  const landingHtml = async (slug: string, values: Record<string, string>) => {
    const course = requireCourse(ctx, slug);
    return String(await landingPage(landingInput(ctx, { ...course, title: values.title ?? '', tagline: values.tagline ?? '', description: values.description ?? '' })));
  };
  const view = async (c: C, extra: { values?: Record<string, string>; version?: number; problems?: FieldProblem[]; error?: string; notice?: string; status?: 200 | 409 | 422 } = {}) => {
    const course = await editableCourse(ctx, c.req.param('slug')!);
    const values = extra.values ?? { title: course.title, tagline: course.tagline, description: course.description };
    const warnings = mismatchedCounts([values.title ?? '', values.tagline ?? '', values.description ?? ''], course.lessons.length);
    return dashboardHtml(c, 
      <SettingsPage
        slug={course.slug}
        courseTitle={course.title}
        lessons={course.lessons.length}
        values={values}
        version={extra.version ?? course.version}
        problems={extra.problems ?? []}
        error={extra.error}
        notice={extra.notice}
        warnings={warnings}
        landing={await landingHtml(course.slug, values)}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/:slug/settings', (c) => view(c, { notice: c.req.query('notice') === 'saved' ? 'Saved. The course page shows the new words now.' : undefined }));

  app.post('/:slug/settings', async (c) => {
    const form = await c.req.parseBody();
    const values = { title: str(form.title), tagline: str(form.tagline), description: str(form.description) };
    const version = /^\d{1,9}$/.test(str(form.version)) ? Number(form.version) : undefined;
    if (form.action === 'preview') return view(c, { values, version });
    try {
      await saveCourseSettings(ctx, { course: c.req.param('slug')!, ...values, version, source: 'dashboard' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict' && error.reason === 'stale') {
        return view(c, { values, version, error: 'This course changed since you opened it. Another tab or window saved it first, so nothing was saved. Your text is still here: copy what you need, then open it again.', status: 409 });
      }
      return view(c, { values, version, problems: refusalProblems(error, `courses/${c.req.param('slug')}/course.md`, () => ''), status: 422 });
    }
    return c.redirect(`${COURSE_BASE}/${encodeURIComponent(c.req.param('slug')!)}/settings?notice=saved`, 303);
  });

  app.post('/:slug/settings/live-preview', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') throw new AppError('validation_failed', 'Send JSON like {"title": "…"}.');
    const values = { title: str(body.title), tagline: str(body.tagline), description: str(body.description) };
    c.header('cache-control', 'no-store');
    return c.json({ ok: true, html: await landingHtml(c.req.param('slug')!, values) });
  });

  app.get('/new', (c) => dashboardHtml(c, <NewCoursePage values={{}} problems={[]} />));

  app.post('/new', async (c) => {
    const form = await c.req.parseBody();
    const values = Object.fromEntries([...NEW_COURSE_FIELDS, ...FIRST_LESSON_FIELDS].map((f) => [f.name, str(form[f.name])]));
    const lesson = { id: values['lesson.id']!.trim(), subject: values['lesson.subject']!, preview: values['lesson.preview']!, title: values['lesson.title']!, summary: values['lesson.summary']!, markdown: values['lesson.markdown']! };
    const slug = values.slug!.trim();
    try {
      await createCourse(ctx, { slug, title: values.title!, tagline: values.tagline!, description: values.description!, lesson, source: 'dashboard' });
    } catch (error) {
      const rejected = error instanceof ContentRejected;
      const problems = refusalProblems(error, `courses/${slug}/${lesson.id}.md`, () => newDocument({ id: lesson.id, subject: lesson.subject, preview: lesson.preview, title: lesson.title, summary: lesson.summary }, lesson.markdown), 'slug')
        // A problem in the first lesson's file is about the lesson's field of that name.
        .map((p) => (rejected && p.field ? { ...p, field: `lesson.${p.field}` } : p));
      return dashboardHtml(c, <NewCoursePage values={values} problems={problems} />, 422);
    }
    return c.redirect(`${coursePageUrl(slug)}&notice=created`, 303);
  });
}

function SettingsPage(p: { slug: string; courseTitle: string; lessons: number; values: Record<string, string>; version: number; problems: FieldProblem[]; error?: string; notice?: string; warnings: Array<{ words: string; count: number }>; landing: string }) {
  const action = `${COURSE_BASE}/${encodeURIComponent(p.slug)}/settings`;
  return (
    <AdminPage title={`Settings: ${p.courseTitle}`} section="course" scripts={[EDITOR_SCRIPT]} wide>
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <a class="back" href={coursePageUrl(p.slug)}>
        ← {p.courseTitle}
      </a>
      <h1>Title, tagline and description</h1>
      <Notice message={p.notice} />
      <Alert message={p.error} />
      <OtherProblems problems={p.problems} fields={SETTINGS_FIELDS} />
      <div class="compose" data-tabs="narrow">
        <section class="compose-write" data-tab-label="Write" aria-labelledby="write-heading">
          <form method="post" action={action} data-live-preview={`${action}/live-preview`} class="panel tight">
            <h2 id="write-heading">Write</h2>
            <input type="hidden" name="version" value={String(p.version)} />
            {SETTINGS_FIELDS.map((def) => (
              <Field def={def} value={p.values[def.name] ?? ''} problems={p.problems} />
            ))}
            {p.warnings.length > 0 ? (
              <div class="notice" role="status" id="count-warning">
                {p.warnings.map((w) => (
                  <p>{`Your words say “${w.words}”, and the course has ${p.lessons} ${p.lessons === 1 ? 'lesson' : 'lessons'}. If that is not what you mean, you may want to change one of them.`}</p>
                ))}
              </div>
            ) : null}
            <div class="button-row">
              <button class="button" type="submit" name="action" value="save">
                Save
              </button>
              <button class="button button-quiet" type="submit" name="action" value="preview" data-no-js-only>
                Preview
              </button>
            </div>
          </form>
        </section>
        <section class="compose-preview" data-tab-label="Preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">The course page</h2>
          <p class="muted small">As a visitor sees it. It follows your typing; without scripts, press Preview.</p>
          <iframe class="landing-frame" title="Preview of the course page" srcdoc={p.landing} sandbox="" data-live></iframe>
        </section>
      </div>
    </AdminPage>
  );
}

const NEW_COURSE_FIELDS: FieldDef[] = [
  { name: 'slug', label: 'Web address', kind: 'line', max: 80, hint: 'Lowercase words joined by hyphens, like “gentle-evenings”. The course’s page will be /courses/gentle-evenings.' },
  ...SETTINGS_FIELDS,
];
const FIRST_LESSON_FIELDS: FieldDef[] = [
  { name: 'lesson.id', label: 'A short name for the first lesson', kind: 'line', max: 80, hint: 'Lowercase words joined by hyphens. Moms never see it.' },
  ...LESSON_FIELDS.map((f) => ({ ...f, name: `lesson.${f.name}` })),
];

function NewCoursePage({ values, problems }: { values: Record<string, string>; problems: FieldProblem[] }) {
  return (
    <AdminPage title="New course" section="course">
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <a class="back" href={COURSE_BASE}>
        ← Your course
      </a>
      <h1>New course</h1>
      <p class="lede">A course starts with one lesson; add the others from its page.</p>
      <OtherProblems problems={problems} fields={[...NEW_COURSE_FIELDS, ...FIRST_LESSON_FIELDS]} />
      <form method="post" action={`${COURSE_BASE}/new`}>
        <div class="panel tight">
          <h2>The course</h2>
          {NEW_COURSE_FIELDS.map((def) => (
            <Field def={def} value={values[def.name] ?? ''} problems={problems} />
          ))}
        </div>
        <div class="panel tight">
          <h2>Its first lesson</h2>
          {FIRST_LESSON_FIELDS.map((def) => (
            <Field def={def} value={values[def.name] ?? ''} problems={problems} />
          ))}
          <button class="button" type="submit">
            Make the course
          </button>
        </div>
      </form>
    </AdminPage>
  );
}
