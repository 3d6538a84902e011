import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { LoadedCourse } from '../../courses/course-file.js';
import { pageMeta } from './page-meta.js';
import type { HonoEnv } from '../env.js';
import { notFoundPage } from './views/pages.js';
import { landingPage } from './views/landing.js';

/** Where a course's page lives: the main course at `/`, every course at `/courses/<slug>`. */
export function coursePath(ctx: AppContext, course: LoadedCourse): string {
  return course === ctx.catalog.main ? '/' : `/courses/${course.slug}`;
}

export function landingInput(ctx: AppContext, course: LoadedCourse = ctx.catalog.main) {
  const { author } = ctx.catalog;
  return {
    course: {
      slug: course.slug,
      title: course.title,
      tagline: course.tagline,
      description: course.description,
      lessons: course.lessons.map((l) => ({ title: l.title, summary: l.summary })),
    },
    author: { name: author.name, credentials: author.credentials },
    consultationUrl: author.consultationUrl ?? undefined,
    captcha: ctx.config.captcha === 'altcha',
    otherCourses: ctx.catalog.courses
      .filter((other) => other !== course)
      .map((other) => ({ href: coursePath(ctx, other), title: other.title, tagline: other.tagline })),
  };
}

export const landing = new Hono<HonoEnv>()
  .get('/', (c) => c.html(landingPage(landingInput(c.var.ctx), pageMeta(c))))
  .get('/courses/:slug', (c) => {
    const course = c.var.ctx.catalog.course(c.req.param('slug'));
    if (!course) return c.html(notFoundPage(pageMeta(c)), 404);
    return c.html(landingPage(landingInput(c.var.ctx, course), pageMeta(c)));
  });
