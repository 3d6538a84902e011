/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { SpamCheck } from '../../../authoring/spam-check.js';
import type { FieldProblem } from '../../../authoring/save.js';
import { Alert, Notice } from '../broadcasts/parts.js';
import { broadcastStyles } from '../broadcasts/styles.js';
import { AdminPage } from '../layout.js';
import { Field, OtherProblems, type FieldDef } from './parts.js';
import { EDITOR_SCRIPT } from './scripts.js';
import { courseStyles } from './styles.js';

export interface EditorProps {
  title: string;
  heading: string;
  back: { href: string; label: string };
  /** Where the form posts; `${action}/live-preview` and `${action}/spam-score` take JSON. */
  action: string;
  fields: FieldDef[];
  values: Record<string, string>;
  version: number;
  problems: FieldProblem[];
  /** The saved email's preview route, framed until she asks for a preview of what she typed. */
  savedPreview: string;
  /** The email as she typed it (the Preview button without scripts); null shows the saved one. */
  draftHtml?: string | null;
  /** Problems that keep the typed text from being drawn (the preview without scripts). */
  previewProblems?: FieldProblem[];
  spam?: SpamCheck | null;
  testEmail: string;
  canSendTests: boolean;
  notice?: string;
  error?: string;
  /** Links beside the heading: History, the course. */
  links?: Child;
}

/**
 * An email she edits: her fields on one side, the email as Sarah would get it on the other (tabs
 * on a phone), like the newsletter composer. One form holds it all, so Save, Preview, Send me a
 * test and the spam check each keep what she typed, with or without the script; the script adds
 * the live preview and the spam score as it comes.
 */
export function EditorPage(p: EditorProps) {
  return (
    <AdminPage title={p.title} section="course" scripts={[EDITOR_SCRIPT]} wide>
      <style>{raw(broadcastStyles + courseStyles)}</style>
      <a class="back" href={p.back.href}>
        ← {p.back.label}
      </a>
      <h1>{p.heading}</h1>
      {p.links ?? null}
      <Notice message={p.notice} />
      <Alert message={p.error} />
      <OtherProblems problems={p.problems} fields={p.fields} />
      <div class="compose" data-tabs="narrow">
        <section class="compose-write" data-tab-label="Write" aria-labelledby="write-heading">
          <form id="editor" method="post" action={p.action} data-live-preview={`${p.action}/live-preview`} data-spam-score={`${p.action}/spam-score`}>
            <input type="hidden" name="version" value={String(p.version)} />
            <div class="panel tight">
              <h2 id="write-heading">Write</h2>
              {p.fields.map((def) => (
                <Field def={def} value={p.values[def.name] ?? ''} problems={p.problems} />
              ))}
              <div class="button-row">
                <button class="button" type="submit" name="action" value="save">
                  Save
                </button>
                <button class="button button-quiet" type="submit" name="action" value="preview" data-no-js-only>
                  Preview
                </button>
              </div>
              <p class="hint">Saving checks the email first, as email:check does. If something needs fixing, nothing is saved and your text stays here.</p>
            </div>

            <div class="panel tight">
              <h2>Spam score</h2>
              <p id="spam-result" class="spam-result" role="status">
                <SpamWords check={p.spam ?? null} />
              </p>
              <button class="button button-quiet" type="submit" name="action" value="spam" data-no-js-only>
                Check the spam score
              </button>
            </div>

            <div class="panel tight">
              <h2>Send me a test</h2>
              {p.canSendTests ? (
                <>
                  <div class="field">
                    <label for="test-email">Your email address</label>
                    <input id="test-email" name="testEmail" type="email" value={p.testEmail} autocomplete="email" />
                    <span class="hint">One email with “[Test]” in the subject, greeting “Sarah”, made from the text above as it stands (saved or not).</span>
                  </div>
                  <button class="button button-quiet" type="submit" name="action" value="test">
                    Send me a test
                  </button>
                </>
              ) : (
                <p class="muted">Test sends need the app's mailer, which this process does not have.</p>
              )}
            </div>
          </form>
        </section>

        <section class="compose-preview" data-tab-label="Preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p class="muted small">As Sarah would receive it. It follows your typing; without scripts, press Preview.</p>
          <div id="preview-problems" aria-live="polite">
            {p.previewProblems && p.previewProblems.length > 0 ? (
              <div class="alert">
                <p>The preview will appear when these are fixed:</p>
                <ul>
                  {p.previewProblems.map((problem) => (
                    <li>{problem.message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
          <div class="frames" data-tabs="frames">
            <figure class="frame frame-phone" data-tab-label="Phone">
              <figcaption>On a phone</figcaption>
              <Frame title="Preview on a phone" src={p.savedPreview} html={p.draftHtml ?? null} />
            </figure>
            <figure class="frame frame-desktop" data-tab-label="Desktop">
              <figcaption>On a computer</figcaption>
              <Frame title="Preview on a computer" src={p.savedPreview} html={p.draftHtml ?? null} />
            </figure>
          </div>
        </section>
      </div>
    </AdminPage>
  );
}

function Frame({ title, src, html }: { title: string; src: string; html: string | null }) {
  // The typed text has no URL of its own: it comes in srcdoc (the page's CSP holds in it too).
  return html === null ? (
    <iframe title={title} src={src} sandbox="allow-same-origin" loading="lazy" data-live></iframe>
  ) : (
    <iframe title={title} srcdoc={html} sandbox="allow-same-origin" data-live></iframe>
  );
}

export function SpamWords({ check }: { check: SpamCheck | null }) {
  return <>{spamSentence(check)}</>;
}

export function spamSentence(check: SpamCheck | null): string {
  if (check === null) return 'Not checked yet.';
  switch (check.state) {
    case 'pending':
      return 'Checking… it takes a few seconds.';
    case 'missing':
      return 'The spam check is not installed on this server (SpamAssassin), so there is no score. Everything else still works.';
    case 'failed':
      return 'The spam check did not answer this time. Try again in a moment.';
    case 'ready':
      return check.fine ? `Score ${check.score}: fine (${check.threshold} or less is what we aim for).` : (check.advice ?? '');
  }
}
