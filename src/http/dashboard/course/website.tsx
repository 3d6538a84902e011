/** @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppContext } from '../../../context.js';
import { embedFormPage } from '../../public/views/embed.js';
import { AppError } from '../../../errors.js';
import { signupsBySource, SIGNUP_SOURCE_DAYS, type SignupSourceCount } from '../../../reports/signup-sources.js';
import { embedOrigins, setEmbedOrigins, type EmbedOrigins } from '../../../settings/embed-origins.js';
import { isSignupSourceLabel } from '../../../subscribers/signup-source.js';
import type { HonoEnv } from '../../env.js';
import { Notice } from '../broadcasts/parts.js';
import { formatCount } from '../charts.js';
import { TableWrap } from '../funnel.js';
import { AdminPage } from '../layout.js';
import { dashboardHtml } from '../render.js';
import { courseStyles } from './styles.js';
import { COURSE_BASE, coursePageUrl } from './urls.js';
import { WEBSITE_SCRIPT, websiteScript } from './website-script.js';
import { snippets, type Snippets } from './website-snippets.js';

export const WEBSITE_PATH = `${COURSE_BASE}/website`;
const DEFAULT_SOURCE = 'website';

const websiteUrl = (slug: string, extra = '') => `${WEBSITE_PATH}?course=${encodeURIComponent(slug)}${extra}`;

/**
 * /admin/course/website: her form on her own website (Squarespace, WordPress, Wix). Three
 * snippets to copy, a preview of the framed form, which sites may show it, and where signups
 * came from. The snippets are text; nothing here changes until she saves her site's address.
 */
export function websitePage(app: Hono<HonoEnv>, ctx: AppContext) {
  app.get('/assets/website.js', (c) => c.body(websiteScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  const render = async (c: Context<HonoEnv>, form: { origins?: string; error?: string }, status?: 422) => {
    const course = ctx.catalog.course(c.req.query('course') ?? '') ?? ctx.catalog.main;
    const asked = c.req.query('source')?.trim();
    const sourceError = asked && !isSignupSourceLabel(asked) ? 'A label may hold letters, digits, - and _, at most 64 of them.' : undefined;
    const source = asked && !sourceError ? asked : DEFAULT_SOURCE;
    const [origins, sources] = await Promise.all([embedOrigins(ctx), signupsBySource(ctx)]);
    return dashboardHtml(
      c,
      <WebsitePage
        course={{ slug: course.slug, title: course.title }}
        courses={ctx.catalog.courses.map((x) => ({ slug: x.slug, title: x.title }))}
        source={asked ?? source}
        sourceError={sourceError}
        code={snippets({ appUrl: ctx.config.appUrl, course, source })}
        preview={String(embedFormPage({ course: { slug: course.slug, title: course.title, dayCount: course.lessons.length }, source, captcha: ctx.config.captcha === 'altcha' }))}
        origins={origins}
        typed={form.origins}
        error={form.error}
        notice={c.req.query('notice') === 'saved' ? 'Saved. The form now works on the sites listed, and nowhere else.' : undefined}
        sources={sources}
      />,
      status,
    );
  };

  app.get('/website', (c) => render(c, {}));

  app.post('/website/origins', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const slug = typeof form.course === 'string' ? form.course : ctx.catalog.main.slug;
    try {
      await setEmbedOrigins(ctx, { origins: form.origins });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      return render(c, { origins: typeof form.origins === 'string' ? form.origins : '', error: error.message }, 422);
    }
    return c.redirect(websiteUrl(slug, '&notice=saved#origins-heading'), 303);
  });
}

interface WebsitePageProps {
  course: { slug: string; title: string };
  courses: Array<{ slug: string; title: string }>;
  source: string;
  sourceError?: string;
  code: Snippets;
  preview: string;
  origins: EmbedOrigins;
  typed?: string;
  error?: string;
  notice?: string;
  sources: SignupSourceCount[];
}

const websiteStyles = `
.snippet textarea { width: 100%; min-height: 9rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; line-height: 1.45; padding: 0.6rem 0.75rem; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; }
.snippet .copy-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin-top: 0.5rem; }
.snippet .copy-row .button { width: auto; }
.embed-preview { display: block; width: 100%; max-width: 34rem; height: 36rem; border: 1px dashed var(--line); border-radius: 12px; background: var(--bg); }
.origins textarea { width: 100%; min-height: 6rem; font: inherit; padding: 0.6rem 0.85rem; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; }
`;

function Snippet({ id, title, where, code }: { id: string; title: string; where: string; code: string }) {
  return (
    <section class="panel snippet" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <p>{where}</p>
      <label for={id}>The code to copy</label>
      <textarea id={id} readonly rows={8} spellcheck={false} aria-describedby={`${id}-status`}>
        {code}
      </textarea>
      <div class="copy-row">
        <button type="button" class="button button-quiet" data-copy={id} hidden>
          Copy the code
        </button>
        <span id={`${id}-status`} class="muted small" role="status"></span>
      </div>
    </section>
  );
}

function WebsitePage(props: WebsitePageProps) {
  const { course, courses, source, sourceError, code, preview, origins, typed, error, notice, sources } = props;
  const listed = origins.origins;
  return (
    <AdminPage title="Put the form on your website" section="course" scripts={[WEBSITE_SCRIPT]}>
      <style>{raw(courseStyles + websiteStyles)}</style>
      <p>
        <a href={coursePageUrl(course.slug)}>Back to the course</a>
      </p>
      <h1>Put the form on your website</h1>
      <p class="lede">Moms who find you on your own site can start {course.title} right there.</p>
      <p>
        Add your site’s address below, then copy one of the three pieces of code into a page of your site. The guide’s “Putting the form on your website” walks
        through Squarespace, WordPress and Wix.
      </p>
      <Notice message={notice} />

      <section class="panel origins" aria-labelledby="origins-heading">
        <h2 id="origins-heading">Your website’s address</h2>
        <p class="muted small">
          {listed.length === 0
            ? 'No website is listed yet, so the form works only on this app’s own pages.'
            : origins.from === 'server'
              ? 'Set up with the app (EMBED_ORIGINS) until you save a list here.'
              : 'The form works on these sites, and nowhere else.'}
        </p>
        {error ? (
          <p class="alert" role="alert" id="origins-error">
            {error}
          </p>
        ) : null}
        <form method="post" action={`${WEBSITE_PATH}/origins`}>
          <input type="hidden" name="course" value={course.slug} />
          <div class="field">
            <label for="origins">Addresses, one per line</label>
            <textarea id="origins" name="origins" rows={3} spellcheck={false} autocapitalize="none" aria-describedby={error ? 'origins-error origins-hint' : 'origins-hint'} aria-invalid={error ? 'true' : undefined}>
              {typed ?? listed.join('\n')}
            </textarea>
            <span id="origins-hint" class="hint">
              As your browser shows it, without a page: https://www.her-practice.com. With and without “www.” are two addresses; list both if your site answers at both.
            </span>
          </div>
          <button class="button" type="submit">
            Save
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="label-heading">
        <h2 id="label-heading">Which form, where</h2>
        <form method="get" action={WEBSITE_PATH}>
          {courses.length > 1 ? (
            <div class="field">
              <label for="course">Course</label>
              <select id="course" name="course">
                {courses.map((c) => (
                  <option value={c.slug} selected={c.slug === course.slug}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <input type="hidden" name="course" value={course.slug} />
          )}
          <div class="field">
            <label for="source">A label for this spot</label>
            <input id="source" name="source" type="text" value={source} maxlength={64} autocomplete="off" aria-describedby={sourceError ? 'source-error source-hint' : 'source-hint'} aria-invalid={sourceError ? 'true' : undefined} />
            <span id="source-hint" class="hint">
              A short word, like blog-mom-guilt or home-page: letters, digits, - and _. Signups from the code below carry it, so you can see which page brings moms in.
            </span>
            {sourceError ? (
              <span id="source-error" class="field-problems" role="alert">
                {sourceError} The code below uses “{DEFAULT_SOURCE}”.
              </span>
            ) : null}
          </div>
          <button class="button button-quiet" type="submit">
            Update the code
          </button>
        </form>
      </section>

      <Snippet id="code-iframe" title="1. A framed form (most sites)" where="For Squarespace’s Code Block, WordPress’s Custom HTML block and Wix’s Embed HTML. The form sits in a frame and grows to fit." code={code.iframe} />
      <Snippet id="code-script" title="2. A form drawn by a script" where="Where your site takes a script but not a frame (a Squarespace Code Block does both). The form takes your site’s own fonts." code={code.script} />
      <Snippet id="code-form" title="3. A plain form" where="For builders that remove frames and scripts. It works everywhere; after signing up, moms see this app’s “check your inbox” page, with a link back to your site." code={code.form} />

      <section class="panel" aria-labelledby="preview-heading">
        <h2 id="preview-heading">How the framed form looks</h2>
        <p class="muted small">As it appears on your site. It is only a picture here: to try it, put it on your site.</p>
        <iframe class="embed-preview" srcdoc={preview} sandbox="" title={`Preview of the form: ${course.title}`} data-embed-preview></iframe>
      </section>

      <section class="panel" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Where signups came from</h2>
        <p class="muted small">New subscribers in the last {SIGNUP_SOURCE_DAYS} days, by the label of the form they used.</p>
        {sources.length === 0 ? (
          <p>No signups in the last {SIGNUP_SOURCE_DAYS} days yet.</p>
        ) : (
          <TableWrap label="Signups by where they came from">
            <table class="figures">
              <caption class="visually-hidden">Signups in the last {SIGNUP_SOURCE_DAYS} days, by where they came from</caption>
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Signups</th>
                </tr>
              </thead>
              <tbody>
                {sources.map((row) => (
                  <tr>
                    <th scope="row">{row.source ?? 'This app’s own pages'}</th>
                    <td>{formatCount(row.signups)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </AdminPage>
  );
}
