/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { EditableCourse } from '../../../authoring/lessons.js';
import type { LessonFigures } from '../../../reports/figures.js';
import { Notice } from '../broadcasts/parts.js';
import { formatCount } from '../charts.js';
import type { FileConflict } from '../../../authoring/file-conflicts.js';
import { figureColumns, ProviderReportsOff } from '../funnel.js';
import { formatWhen } from '../subscribers/format.js';
import { AdminPage } from '../layout.js';
import { courseStyles } from './styles.js';
import { COURSE_BASE, lessonUrl } from './urls.js';
import { mismatchedCounts } from '../../../courses/named-length.js';

export interface CoursePageProps {
  course: EditableCourse;
  courses: Array<{ slug: string; title: string }>;
  figures: LessonFigures[];
  tracking: boolean;
  /** Resend's webhooks are set up: delivered and bounced are reported (else the page says so once). */
  providerReports: boolean;
  notice?: string;
  /** Files changed on disk that she edited here since: hers stays, and the page says so. */
  conflicts: FileConflict[];
}

/**
 * A course whose words name another number of days than it has lessons ("seven short emails"
 * after an eighth was added): said gently where she works on the lessons, with the way to fix it.
 */
function CountWarning({ course }: { course: EditableCourse }) {
  const lessons = course.lessons.length;
  const found = mismatchedCounts([course.title, course.tagline, course.description], lessons);
  if (found.length === 0) return null;
  return (
    <div class="notice" role="status" id="count-warning">
      {found.map((w) => (
        <p>{`Your course’s words say “${w.words}”, and it has ${lessons} ${lessons === 1 ? 'lesson' : 'lessons'} now. Moms read those words on the course page.`}</p>
      ))}
      <p>
        <a href={`${COURSE_BASE}/${encodeURIComponent(course.slug)}/settings`}>Change the title, tagline or description</a>
      </p>
    </div>
  );
}

/**
 * /admin/course: her course, lesson by lesson in sending order, each with its subject, its
 * figures, and what she can do with it: edit, see its history, move it, remove it. Moving and
 * removing go through a step that says first what the change does to the moms in the course.
 */
export function CoursePage({ course, courses, figures, tracking, providerReports, conflicts, notice }: CoursePageProps) {
  const byId = new Map(figures.map((l) => [l.lessonId, l]));
  const slug = encodeURIComponent(course.slug);
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
                <a href={`${COURSE_BASE}?course=${encodeURIComponent(c.slug)}`} aria-current={c.slug === course.slug ? 'page' : undefined}>
                  {c.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Notice message={notice} />
      <CountWarning course={course} />
      {conflicts.length > 0 ? (
        <section class="card conflicts" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">Files that changed after your edits</h2>
          <p>
            These files in the app's <code>emails/</code> folder changed since the app last read them, but you had edited the same text here since then. Your
            version is the one kept and sent; the files were left alone. Ask whoever looks after the files to bring them up to date from the app (the guide's
            "Working with files" says how).
          </p>
          <ul>
            {conflicts.map((c) => (
              <li>
                <code>{c.file}</code> — yours saved {formatWhen(c.savedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ul class="more-links">
        <li>
          <a href={`${COURSE_BASE}/${slug}/settings`}>Title, tagline and description</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/${slug}/add`}>Add a lesson</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/details`}>Your details</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/confirmations/course`}>Confirmation emails</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/new`}>New course</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/website?course=${slug}`}>Put the form on your website</a>
        </li>
        <li>
          <a href={`${COURSE_BASE}/guide`}>The authoring guide</a>
        </li>
      </ul>
      {providerReports ? null : <ProviderReportsOff />}
      <ol class="lessons">
        {course.lessons.map((lesson, i) => {
          const stats = byId.get(lesson.id);
          const base = lessonUrl(course.slug, lesson.id);
          const before = i === 0 ? 'start' : course.lessons[i - 1]!.id;
          return (
            <li class="panel lesson" id={`lesson-${lesson.id}`}>
              <h2>
                <span class="muted">Day {i + 1}</span> {lesson.title}
              </h2>
              <p class="subject">
                <strong>Subject:</strong> {lesson.subject}
              </p>
              <ul class="lesson-links">
                {lesson.editable ? (
                  <>
                    <li>
                      <a href={`${base}/edit`} aria-label={`Edit day ${i + 1}: ${lesson.title}`}>
                        Edit
                      </a>
                    </li>
                    <li>
                      <a href={`${base}/history`} aria-label={`History of day ${i + 1}: ${lesson.title}`}>
                        History
                      </a>
                    </li>
                  </>
                ) : (
                  <li class="muted">A programmer's template: changed in its file.</li>
                )}
              </ul>
              {stats ? (
                <dl class="lesson-figures">
                  {figureColumns(tracking, providerReports).map((column) => (
                    <div>
                      <dt>
                        {column.heading}
                        {column.estimate ? <span class="estimate"> (estimate)</span> : null}
                      </dt>
                      <dd>{formatCount(column.value(stats))}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              <details class="preview">
                <summary>Preview the email, as Sarah would get it</summary>
                <iframe src={`${base}/preview`} title={`Preview of day ${i + 1}: ${lesson.subject}`} loading="lazy" sandbox="" referrerpolicy="no-referrer"></iframe>
              </details>
              <div class="lesson-actions">
                <form method="post" action={`${base}/move`} class="move-form">
                  <div class="field">
                    <label for={`place-${lesson.id}`}>Position</label>
                    <select id={`place-${lesson.id}`} name="after">
                      <option value="start" selected={before === 'start'}>
                        First
                      </option>
                      {course.lessons.map((other, j) =>
                        other.id === lesson.id ? null : (
                          <option value={other.id} selected={other.id === before}>
                            {`After day ${j + 1}: ${other.title}`}
                          </option>
                        ),
                      )}
                    </select>
                  </div>
                  <button class="button button-quiet" type="submit" aria-label={`Move day ${i + 1}: ${lesson.title}`}>
                    Move
                  </button>
                </form>
                {course.lessons.length > 1 ? (
                  <form method="post" action={`${base}/remove`}>
                    <button class="button button-quiet" type="submit" aria-label={`Remove day ${i + 1}: ${lesson.title}`}>
                      Remove
                    </button>
                  </form>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <p>
        <a class="button" href={`${COURSE_BASE}/${slug}/add?after=end`}>
          Add a lesson at the end
        </a>
      </p>
    </AdminPage>
  );
}
