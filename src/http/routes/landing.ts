import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { HonoEnv } from '../env.js';
import { landingPage } from '../views/landing.js';

export function landingInput(ctx: AppContext) {
  return {
    course: {
      title: ctx.course.title,
      tagline: ctx.course.tagline,
      description: ctx.course.description,
      lessons: ctx.course.lessons.map((l) => ({ title: l.title, summary: l.summary })),
    },
    author: ctx.course.author,
  };
}

export const landing = new Hono<HonoEnv>().get('/', (c) => c.html(landingPage(landingInput(c.var.ctx))));
