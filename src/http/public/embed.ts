import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.js';
import type { LoadedCourse } from '../../courses/course-file.js';
import { AppError } from '../../errors.js';
import { firstIssue, signupInput } from '../../subscribers/signup-input.js';
import type { HonoEnv } from '../env.js';
import { embedScript, framedEmbedScript } from './embed-scripts.js';
import { CAPTCHA_FIELD } from '../../subscribers/captcha.js';
import { signUp } from './subscribe.js';
import { pageMeta } from './page-meta.js';
import { embedCheckInboxPage, embedFormPage } from './views/embed.js';
import { notFoundPage } from './views/pages.js';

const courseFacts = (course: LoadedCourse) => ({ slug: course.slug, title: course.title, dayCount: course.lessons.length });

const queryText = (c: Context, name: string) => c.req.query(name)?.slice(0, 200);

/**
 * Her form on her own website: `/embed/<course>` is the page her `<iframe>` shows, and
 * `/embed/<course>.js` the script that draws the form where her `<script>` tag stands. Which
 * sites may frame the page is said by its headers (middleware/her-site.ts), not here.
 */
export function embedRoutes(ctx: AppContext) {
  const app = new Hono<HonoEnv>();

  app.get('/embed/:name', (c) => {
    const name = c.req.param('name');
    const script = name.endsWith('.js');
    const course = ctx.catalog.course(script ? name.slice(0, -3) : name);
    if (!course) return script ? c.text('// There is no such course.', 404) : c.html(notFoundPage(), 404);
    if (script) {
      c.header('content-type', 'text/javascript; charset=utf-8');
      c.header('cache-control', 'public, max-age=300');
      const make = ctx.config.captcha === 'altcha' ? framedEmbedScript : embedScript;
      return c.body(make({ appUrl: ctx.config.appUrl, course: courseFacts(course) }));
    }
    return c.html(embedFormPage({ course: courseFacts(course), source: queryText(c, 'source'), captcha: ctx.config.captcha === 'altcha', meta: pageMeta(c, { path: `/embed/${course.slug}` }) }));
  });

  // The frame's own form posts here, so every answer stays inside the frame and its size.
  app.post('/embed/:slug', async (c) => {
    const course = ctx.catalog.course(c.req.param('slug'));
    if (!course) return c.html(notFoundPage(), 404);
    const body = await c.req.parseBody().catch(() => null);
    const fields = body ? Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    const source = fields.source;
    const again = (error: string, status: 422 | 429 | 403) =>
      c.html(
        embedFormPage({ course: courseFacts(course), source, captcha: ctx.config.captcha === 'altcha', values: { email: (fields.email ?? '').slice(0, 254), firstName: (fields.firstName ?? '').slice(0, 100) }, error }),
        status,
      );
    const parsed = signupInput.safeParse({ ...fields, course: course.slug, newsletter: undefined });
    if (!parsed.success) return again(firstIssue(parsed.error), 422);
    try {
      await signUp(c, parsed.data, fields.website, fields[CAPTCHA_FIELD], source);
    } catch (error) {
      if (error instanceof AppError && error.code === 'captcha_failed') return again(error.message, 403);
      if (error instanceof AppError && error.code === 'rate_limited') {
        if (error.retryAfterSeconds !== undefined) c.header('retry-after', String(error.retryAfterSeconds));
        return again(error.message, 429);
      }
      throw error;
    }
    return c.html(embedCheckInboxPage({ email: parsed.data.email }));
  });
  return app;
}
