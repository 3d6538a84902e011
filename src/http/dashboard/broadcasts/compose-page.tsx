/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { AUDIENCES, describeAudience, type AudienceName } from '../../../broadcasts/audience.js';
import type { DraftSendChoice } from '../../../broadcasts/draft-send.js';
import type { Draft, DraftProblem } from '../../../broadcasts/drafts.js';
import { useHerTime } from '../her-time.js';
import { AdminPage } from '../layout.js';
import { Alert, moms, Notice, ProblemList } from './parts.js';
import { broadcastStyles } from './styles.js';

export const COMPOSE_SCRIPT = '/admin/broadcasts/assets/compose.js';

const TIMEZONES: string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

export interface ComposeProps {
  draft: Draft;
  problems: DraftProblem[];
  choice: DraftSendChoice;
  /** The chosen audience's size right now, or null when the choice is not valid. */
  count: number | null;
  courses: Array<{ slug: string; title: string }>;
  sendHour: number;
  testEmail: string;
  canSendTests: boolean;
  notice?: string;
  error?: string;
  /** Which part the error is about, to mark that field. */
  errorAt?: 'test' | 'send';
}

/**
 * The compose page: her text on one side, the email as Sarah would get it on the other (tabs on
 * a phone). One form holds it all, so Save, Preview, Send a test and Review each keep what she
 * typed, with or without the script; the script adds autosave, the live preview and the count.
 */
export function ComposePage(p: ComposeProps) {
  const herZone = useHerTime().zone;
  const { draft, choice } = p;
  const base = `/admin/broadcasts/drafts/${draft.id}`;
  const at = choice.when === 'at';
  const audienceName = (AUDIENCES as readonly string[]).includes(choice.audience) ? (choice.audience as AudienceName) : 'all';
  return (
    <AdminPage title={draft.subject || 'New newsletter'} section="broadcasts" scripts={[COMPOSE_SCRIPT]} wide>
      <style>{raw(broadcastStyles)}</style>
      <a class="back" href="/admin/broadcasts">
        ← All newsletters
      </a>
      <h1>{draft.subject || 'New newsletter'}</h1>
      <Notice message={p.notice} />
      <Alert message={p.error} />
      <div class="compose" data-tabs="narrow">
        <section class="compose-write" data-tab-label="Write" aria-labelledby="write-heading">
          <form id="compose" method="post" action={base} enctype="multipart/form-data" data-autosave={`${base}/autosave`} data-count="/admin/broadcasts/audience-count">
            <div class="panel tight">
              <h2 id="write-heading">Write</h2>
              <div class="field">
                <label for="subject">Subject</label>
                <input id="subject" name="subject" type="text" value={draft.subject} maxlength={200} autocomplete="off" aria-describedby="subject-hint" />
                <span id="subject-hint" class="hint">
                  The line moms see in their inbox.
                </span>
              </div>
              <div class="field">
                <label for="preview">Preview text</label>
                <input id="preview" name="preview" type="text" value={draft.preview} maxlength={300} autocomplete="off" aria-describedby="preview-hint" />
                <span id="preview-hint" class="hint">
                  The grey sentence an inbox shows after the subject.
                </span>
              </div>
              <div class="field">
                <label for="body">Your newsletter</label>
                <textarea id="body" name="body" rows={18} aria-describedby="body-hint">
                  {draft.body}
                </textarea>
                <span id="body-hint" class="hint">
                  Markdown: *italic*, **bold**, [words](https://link), a blank line between paragraphs. The greeting, your signature and the footer are added for you.
                </span>
              </div>
              <div class="field">
                <label class="radio">
                  <input type="checkbox" name="public" value="on" checked={draft.public} aria-describedby="public-hint" />
                  <span>Add it to my public archive once it is sent</span>
                </label>
                <span id="public-hint" class="hint">
                  New readers find it on your site at /letters and in its feed, without anyone’s name or links. Left unticked, it stays in inboxes only.
                </span>
              </div>
              <ProblemList problems={p.problems} />
              <div class="button-row">
                <button class="button" type="submit" name="action" value="save">
                  Save
                </button>
                <button class="button button-quiet" type="submit" name="action" value="preview" data-no-js-only>
                  Preview
                </button>
              </div>
              <p id="save-status" class="save-status muted" role="status"></p>
            </div>

            <div class="panel tight">
              <h2>Send a test</h2>
              {p.canSendTests ? (
                <>
                  <div class="field">
                    <label for="test-email">Your email address</label>
                    <input id="test-email" name="testEmail" type="email" value={p.testEmail} autocomplete="email" aria-invalid={p.errorAt === 'test' ? 'true' : undefined} />
                    <span class="hint">One email with “[Test]” in the subject, greeting “Sarah”, sent the way the real one will be.</span>
                  </div>
                  <button class="button button-quiet" type="submit" name="action" value="test">
                    Send a test
                  </button>
                </>
              ) : (
                <p class="muted">Test sends need the app's mailer, which this process does not have.</p>
              )}
            </div>

            <div class="panel tight">
              <h2>Who and when</h2>
              <div class="field">
                <label for="audience">Send it to</label>
                <select id="audience" name="audience">
                  {AUDIENCES.map((a) => (
                    <option value={a} selected={a === audienceName}>
                      {capitalise(describeAudience({ name: a, course: null }))}
                    </option>
                  ))}
                </select>
              </div>
              {p.courses.length > 1 ? (
                <div class="field">
                  <label for="course">
                    Course <span class="optional">(for “part-way through” and “finished” only)</span>
                  </label>
                  <select id="course" name="course">
                    <option value="">Any course</option>
                    {p.courses.map((c) => (
                      <option value={c.slug} selected={c.slug === choice.course}>
                        {c.title}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <p>
                Right now that is <output id="audience-count" class="audience-count" for="audience">{p.count === null ? 'not known yet' : moms(p.count)}</output>.
                <span class="hint">The final count is shown before anything is sent.</span>
              </p>
              <fieldset aria-invalid={p.errorAt === 'send' ? 'true' : undefined}>
                <legend>When</legend>
                <label class="radio">
                  <input type="radio" name="when" value="now" checked={choice.when === 'now'} /> Now
                </label>
                <label class="radio">
                  <input type="radio" name="when" value="at" checked={at} /> At a time
                </label>
                <div class="when-detail">
                  <label for="at">Date and time</label>
                  <input id="at" name="at" type="datetime-local" value={choice.at ?? ''} />
                  <label for="timezone" class="small">
                    In the time zone
                  </label>
                  <select id="timezone" name="timezone" data-default={choice.timezone ? undefined : 'browser'}>
                    {TIMEZONES.map((zone) => (
                      <option value={zone} selected={zone === (choice.timezone || herZone)}>
                        {zone.replace(/_/g, ' ')}
                      </option>
                    ))}
                  </select>
                </div>
                <label class="radio">
                  <input type="radio" name="when" value="local-hour" checked={choice.when === 'local-hour'} /> At {String(p.sendHour).padStart(2, '0')}:00 in each mom’s own time zone, on
                </label>
                <div class="when-detail">
                  <label for="date">Date</label>
                  <input id="date" name="date" type="date" value={choice.date ?? ''} />
                </div>
              </fieldset>
              <button class="button" type="submit" name="action" value="review">
                Review before sending
              </button>
            </div>
          </form>
        </section>

        <section class="compose-preview" data-tab-label="Preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p class="muted small">As Sarah would receive it. It follows your typing; without scripts, press Preview.</p>
          <div class="frames" data-tabs="frames">
            <figure class="frame frame-phone" data-tab-label="Phone">
              <figcaption>On a phone</figcaption>
              <iframe title="Preview on a phone" src={`${base}/preview?width=phone`} sandbox="allow-same-origin" loading="lazy"></iframe>
            </figure>
            <figure class="frame frame-desktop" data-tab-label="Desktop">
              <figcaption>On a computer</figcaption>
              <iframe title="Preview on a computer" src={`${base}/preview?width=desktop`} sandbox="allow-same-origin" loading="lazy"></iframe>
            </figure>
          </div>
        </section>
      </div>
    </AdminPage>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
