/** @jsxImportSource hono/jsx */
import { dashboardHtml } from '../render.js';
import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { changeEffect } from '../../../authoring/effect.js';
import { addLesson, editableCourse, moveLesson, removeLesson, type EditableCourse } from '../../../authoring/lessons.js';
import { problemsByField, type FieldProblem } from '../../../authoring/save.js';
import type { AppContext } from '../../../context.js';
import { newDocument } from '../../../courses/document-text.js';
import { ContentRejected } from '../../../courses/stored-content.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { Alert } from '../broadcasts/parts.js';
import { broadcastStyles } from '../broadcasts/styles.js';
import { AdminPage } from '../layout.js';
import { Field, LESSON_FIELDS, OtherProblems, type FieldDef } from './parts.js';
import { courseStyles } from './styles.js';
import { coursePageUrl, COURSE_BASE, lessonUrl } from './urls.js';
import { EDITOR_SCRIPT } from './scripts.js';

type C = Context<HonoEnv>;
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');

/**
 * Moving, removing and adding a lesson, each in two steps that work without scripts: the first
 * post shows what the change does to the moms in the course now (changeEffect's sentence), the
 * second, her confirmation, makes it.
 */
const versionOf = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined);

export function lessonChanges(app: Hono<HonoEnv>, ctx: AppContext): void {
  const lessonIn = async (c: C) => {
    const course = await editableCourse(ctx, c.req.param('slug')!);
    const index = course.lessons.findIndex((l) => l.id === c.req.param('id'));
    if (index < 0) throw new AppError('not_found', 'This course has no such lesson. It may have been removed already.');
    return { course, lesson: course.lessons[index]!, day: index + 1 };
  };

  app.post('/:slug/lessons/:id/move', async (c) => {
    const { course, lesson, day } = await lessonIn(c);
    const form = await c.req.parseBody();
    const after = str(form.after) || 'end';
    if (form.confirm !== 'yes') {
      const effect = await changeEffect(ctx, { course: course.slug, change: { kind: 'move', id: lesson.id, after } });
      const place = after === 'start' ? 'to the start of the course' : `after “${course.lessons.find((l) => l.id === after)?.title ?? after}”`;
      return dashboardHtml(c, 
        <ConfirmPage title={`Move day ${day}: ${lesson.title}?`} place={`It goes ${place}.`} sentence={effect.sentence} action={`${lessonUrl(course.slug, lesson.id)}/move`} hidden={{ after, version: String(course.version) }} confirm="Move it" cancel={coursePageUrl(course.slug, lesson.id)} />,
      );
    }
    // The sentence she read was true of the course as it was then: a change since is refused.
    await moveLesson(ctx, { course: course.slug, id: lesson.id, after, source: 'dashboard', version: versionOf(form.version) });
    return c.redirect(`${COURSE_BASE}?course=${encodeURIComponent(course.slug)}&notice=moved#lesson-${lesson.id}`, 303);
  });

  app.post('/:slug/lessons/:id/remove', async (c) => {
    const { course, lesson, day } = await lessonIn(c);
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes') {
      const effect = await changeEffect(ctx, { course: course.slug, change: { kind: 'remove', id: lesson.id } });
      return dashboardHtml(c, 
        <ConfirmPage title={`Remove day ${day}: ${lesson.title}?`} place="Its text stays in the history; moms who had it keep what they read." sentence={effect.sentence} action={`${lessonUrl(course.slug, lesson.id)}/remove`} hidden={{ version: String(course.version) }} confirm="Remove it" cancel={coursePageUrl(course.slug, lesson.id)} />,
      );
    }
    await removeLesson(ctx, { course: course.slug, id: lesson.id, source: 'dashboard', version: versionOf(form.version) });
    return c.redirect(`${COURSE_BASE}?course=${encodeURIComponent(course.slug)}&notice=removed`, 303);
  });

  // The add page's script: the sentence for a place, as she picks it (JSON).
  app.get('/:slug/add/effect', async (c) => {
    const course = await editableCourse(ctx, c.req.param('slug')!);
    const effect = await changeEffect(ctx, { course: course.slug, change: { kind: 'insert', after: c.req.query('after') || 'end' } });
    c.header('cache-control', 'no-store');
    return c.json({ sentence: effect.sentence });
  });

  app.get('/:slug/add', async (c) => {
    const course = await editableCourse(ctx, c.req.param('slug')!);
    const after = c.req.query('after') ?? 'end';
    return dashboardHtml(c, <AddPage course={course} values={{ after }} problems={[]} />);
  });

  app.post('/:slug/add', async (c) => {
    const course = await editableCourse(ctx, c.req.param('slug')!);
    const form = await c.req.parseBody();
    const values = Object.fromEntries(['id', 'subject', 'preview', 'title', 'summary', 'markdown', 'after', 'checked'].map((k) => [k, str(form[k])]));
    const after = values.after || 'end';
    // The sentence she read was for the place she had chosen then: a new place is said again.
    if (form.step !== 'add' || values.checked !== after) {
      const effect = await changeEffect(ctx, { course: course.slug, change: { kind: 'insert', after } });
      return dashboardHtml(c, <AddPage course={course} values={{ ...values, after }} problems={[]} sentence={effect.sentence} />);
    }
    const fields = { id: values.id!.trim(), subject: values.subject!, preview: values.preview!, title: values.title!, summary: values.summary!, markdown: values.markdown! };
    try {
      const added = await addLesson(ctx, { course: course.slug, ...fields, after, source: 'dashboard' });
      return c.redirect(`${COURSE_BASE}?course=${encodeURIComponent(course.slug)}&notice=added#lesson-${added.id}`, 303);
    } catch (error) {
      const path = `courses/${course.slug}/${fields.id}.md`;
      const problems = refusalProblems(error, path, () => newDocument({ id: fields.id, subject: fields.subject, preview: fields.preview, title: fields.title, summary: fields.summary }, fields.markdown));
      return dashboardHtml(c, <AddPage course={course} values={{ ...values, after, checked: '' }} problems={problems} />, 422);
    }
  });
}

/** A refusal of a new lesson or course, as problems on its fields; anything else is thrown on. */
export function refusalProblems(error: unknown, path: string, text: () => string, duplicateField = 'id'): FieldProblem[] {
  if (error instanceof ContentRejected) return problemsByField(error, path, text());
  if (!(error instanceof AppError) || !['validation_failed', 'conflict'].includes(error.code)) throw error;
  const named = typeof error.details?.field === 'string' ? error.details.field : null;
  const field = error.reason === 'duplicate' || error.reason === 'removed_id' ? duplicateField : named;
  const message = named && error.message.startsWith(`${named}: `) ? error.message.slice(named.length + 2) : error.message;
  return [{ field, severity: 'error', message: message.charAt(0).toUpperCase() + message.slice(1) }];
}

function ConfirmPage(p: { title: string; place: string; sentence: string; action: string; hidden: Record<string, string>; confirm: string; cancel: string }) {
  return (
    <AdminPage title={p.title} section="course">
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <h1>{p.title}</h1>
      <div class="panel tight">
        <p>{p.place}</p>
        <p class="effect" id="effect">
          {p.sentence}
        </p>
        <form method="post" action={p.action} class="button-row">
          {Object.entries(p.hidden).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button class="button" type="submit">
            {p.confirm}
          </button>
          <a class="button button-quiet" href={p.cancel}>
            Cancel
          </a>
        </form>
      </div>
    </AdminPage>
  );
}

const ID_FIELD: FieldDef = { name: 'id', label: 'A short name for this lesson', kind: 'line', max: 80, hint: 'Lowercase words joined by hyphens, like “rest-without-earning-it”. Moms never see it, and it never changes.' };

function AddPage({ course, values, problems, sentence }: { course: EditableCourse; values: Record<string, string>; problems: FieldProblem[]; sentence?: string }) {
  const fields = [ID_FIELD, ...LESSON_FIELDS];
  return (
    <AdminPage title={`Add a lesson: ${course.title}`} section="course" scripts={[EDITOR_SCRIPT]}>
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <a class="back" href={coursePageUrl(course.slug)}>
        ← {course.title}
      </a>
      <h1>Add a lesson</h1>
      <OtherProblems problems={problems} fields={fields} />
      <form method="post" action={`${COURSE_BASE}/${encodeURIComponent(course.slug)}/add`} class="panel tight">
        <div class="field">
          <label for="f-after">Where it goes</label>
          <select id="f-after" name="after" data-effect-url={`${COURSE_BASE}/${encodeURIComponent(course.slug)}/add/effect`} aria-describedby={sentence ? undefined : 'effect-live'}>
            <option value="start" selected={values.after === 'start'}>
              At the start
            </option>
            {course.lessons.map((l, i) => (
              <option value={l.id} selected={values.after === l.id}>{`After day ${i + 1}: ${l.title}`}</option>
            ))}
            <option value="end" selected={values.after === 'end'}>
              At the end
            </option>
          </select>
          {sentence ? null : <p class="effect" id="effect-live" data-live-effect aria-live="polite" hidden></p>}
        </div>
        {fields.map((def) => (
          <Field def={def} value={values[def.name] ?? ''} problems={problems} />
        ))}
        {sentence ? (
          <div class="notice" role="status">
            <p class="effect" id="effect" data-live-effect aria-live="polite">
              {sentence}
            </p>
            <input type="hidden" name="checked" value={values.after} />
            <div class="button-row">
              <button class="button" type="submit" name="step" value="add">
                Add the lesson
              </button>
              <a class="button button-quiet" href={coursePageUrl(course.slug)}>
                Cancel
              </a>
            </div>
          </div>
        ) : (
          <div class="button-row">
            <button class="button" type="submit" name="step" value="check">
              Continue
            </button>
            <a class="button button-quiet" href={coursePageUrl(course.slug)}>
              Cancel
            </a>
          </div>
        )}
        <p class="hint">Before the lesson is added, this page says what it means for the moms in the course now.</p>
      </form>
    </AdminPage>
  );
}
