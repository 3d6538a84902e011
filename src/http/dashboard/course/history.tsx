/** @jsxImportSource hono/jsx */
import { dashboardHtml } from '../render.js';
import { diffWords } from 'diff';
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import { lessonVersions, restoreLessonVersion, type LessonVersion } from '../../../authoring/lessons.js';
import type { AppContext } from '../../../context.js';
import { getText, splitDocument } from '../../../courses/document-text.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { Notice } from '../broadcasts/parts.js';
import { broadcastStyles } from '../broadcasts/styles.js';
import { AdminPage } from '../layout.js';
import { formatWhen } from '../subscribers/format.js';
import { lessonOf } from './lesson-editor.js';
import { courseStyles } from './styles.js';
import { lessonUrl } from './urls.js';

const SOURCE: Record<string, string> = {
  dashboard: 'Saved in the dashboard',
  file: 'From the file',
  import: 'From the file',
  restore: 'Restored from an earlier version',
  api: 'Saved through the API',
};

/** A version as she reads it: the four lines, then the lesson. */
function readable(text: string | null): string {
  if (text === null) return '';
  const { front, body } = splitDocument(text);
  const line = (label: string, key: string) => `${label}: ${getText(front, key)}`;
  return [line('Subject', 'subject'), line('Preview text', 'preview'), line('Title', 'title'), line('Summary', 'summary'), '', body.trim()].join('\n');
}

/** /admin/course/:slug/lessons/:id/history: every version, what changed, and a way back. */
export function lessonHistory(app: Hono<HonoEnv>, ctx: AppContext): void {
  app.get('/:slug/lessons/:id/history', async (c) => {
    const { course, lesson, day } = await lessonOf(ctx, c);
    const versions = await lessonVersions(ctx, { course: course.slug, id: lesson.id });
    const restored = c.req.query('restored');
    return dashboardHtml(c, 
      <HistoryPage
        heading={`Day ${day}: ${lesson.title}`}
        base={lessonUrl(course.slug, lesson.id)}
        versions={versions}
        notice={restored && /^\d+$/.test(restored) ? `Version ${restored} is back, saved as the newest version. Moms get it from their next email on.` : undefined}
      />,
    );
  });

  app.post('/:slug/lessons/:id/history/:version/restore', async (c) => {
    const { course, lesson } = await lessonOf(ctx, c);
    const raw = c.req.param('version');
    if (!/^\d{1,9}$/.test(raw)) throw new AppError('not_found', 'There is no such version of this lesson.');
    await restoreLessonVersion(ctx, { course: course.slug, id: lesson.id, version: Number(raw) });
    return c.redirect(`${lessonUrl(course.slug, lesson.id)}/history?restored=${raw}`, 303);
  });
}

function HistoryPage({ heading, base, versions, notice }: { heading: string; base: string; versions: LessonVersion[]; notice?: string }) {
  return (
    <AdminPage title={`History: ${heading}`} section="course">
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <a class="back" href={`${base}/edit`}>
        ← Back to the lesson
      </a>
      <h1>History of “{heading}”</h1>
      <p class="lede">Every saved version, newest first. What changed from the version before is marked: new words underlined in green, removed words struck through.</p>
      <Notice message={notice} />
      <ol class="versions">
        {versions.map((v, i) => {
          const older = versions[i + 1];
          return (
            <li class="panel tight version" id={`version-${v.version}`}>
              <h2>
                Version {v.version}
                {i === 0 ? <span class="muted"> (the one in use)</span> : null}
              </h2>
              <p class="muted small">
                {SOURCE[v.source] ?? v.source} · <time datetime={v.savedAt.toISOString()}>{formatWhen(v.savedAt)}</time>
              </p>
              <p>
                <strong>Subject:</strong> {v.subject}
              </p>
              {v.text === null ? (
                <p class="muted">Removed from the course in this version.</p>
              ) : older ? (
                <details open={i < 3}>
                  <summary>What changed from version {older.version}</summary>
                  <Diff before={readable(older.text)} after={readable(v.text)} />
                </details>
              ) : (
                <details>
                  <summary>The first version’s text</summary>
                  <div class="diff">{readable(v.text)}</div>
                </details>
              )}
              {i > 0 && v.text !== null ? (
                <form method="post" action={`${base}/history/${v.version}/restore`}>
                  <button class="button button-quiet" type="submit">
                    Restore this version
                  </button>
                  <span class="hint">It becomes the newest version; nothing in between is lost.</span>
                </form>
              ) : null}
            </li>
          );
        })}
      </ol>
    </AdminPage>
  );
}

function Diff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  if (parts.every((p) => !p.added && !p.removed)) return <p class="muted">The same words as the version before.</p>;
  return (
    <div class="diff">
      {parts.map((part) => (part.added ? <ins>{part.value}</ins> : part.removed ? <del>{part.value}</del> : <>{part.value}</>))}
    </div>
  );
}
