import { resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { countAudience, describeAudience, parseAudience } from '../../broadcasts/audience.js';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../../broadcasts/control.js';
import { createBroadcast } from '../../broadcasts/create.js';
import { getBroadcast, listBroadcasts } from '../../broadcasts/query.js';
import { broadcastFigures, courseFunnel } from '../../reports/figures.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';

const text = (max: number) => z.string().max(max).nullish();
const createBody = z
  .object({
    file: text(1_000),
    markdown: text(200_000),
    name: z.string().regex(/^[a-z0-9-]{1,80}$/).nullish(),
    audience: z.string().max(40),
    course: text(100),
    at: text(60),
    localHour: text(20),
    dryRun: z.boolean().optional(),
    force: z.boolean().optional(),
    public: z.boolean().optional(),
  })
  .strict();

const idOf = (raw: string) => {
  const id = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || id <= 0) throw new AppError('not_found', `There is no broadcast ${raw}.`);
  return id;
};

/**
 * /api/admin/broadcasts: the same use cases as `cli broadcast …`. A newsletter is given as the
 * path of its file (the CLI) or as its Markdown text (the dashboard, later).
 */
export function broadcastsRoute(ctx: AppContext) {
  return new Hono<HonoEnv>()
    .post('/broadcasts', async (c) => {
      const raw = await c.req.json().catch(() => {
        throw new AppError('invalid_json', 'Send a JSON body like {"file": "emails/newsletters/….md", "audience": "all"}.');
      });
      const parsed = createBody.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('validation_failed', `Check the request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}.`);
      }
      // Over HTTP only her own newsletters: a path outside emails/ is not read.
      const file = parsed.data.file;
      if (file && !resolve(ctx.catalog.emailsDir, '..', file).startsWith(resolve(ctx.catalog.emailsDir) + sep)) {
        throw new AppError('validation_failed', `${file} is not in this app's emails/ folder; newsletters live in emails/newsletters/.`);
      }
      const result = await createBroadcast(ctx, { ...parsed.data, file: file && resolve(ctx.catalog.emailsDir, '..', file) });
      return c.json(result, 'dryRun' in result ? 200 : 201);
    })
    .get('/broadcasts', async (c) => c.json({ broadcasts: await listBroadcasts(ctx) }))
    .get('/broadcasts/:id', async (c) => {
      const broadcast = await getBroadcast(ctx, idOf(c.req.param('id')));
      if (!broadcast) throw new AppError('not_found', `There is no broadcast ${c.req.param('id')}.`);
      return c.json(broadcast);
    })
    .post('/broadcasts/:id/pause', async (c) => c.json(await pauseBroadcast(ctx, idOf(c.req.param('id')))))
    .post('/broadcasts/:id/resume', async (c) => c.json(await resumeBroadcast(ctx, idOf(c.req.param('id')))))
    .post('/broadcasts/:id/cancel', async (c) => c.json(await cancelBroadcast(ctx, idOf(c.req.param('id')))))
    // Counts per lesson and per broadcast for the dashboard; never a person.
    .get('/stats/funnel', async (c) => c.json(await courseFunnel(ctx, c.req.query('course'))))
    .get('/stats/broadcasts/:id', async (c) => c.json(await broadcastFigures(ctx, idOf(c.req.param('id')))))
    .get('/audiences/count', async (c) => {
      const audience = parseAudience(ctx.catalog, c.req.query('audience'), c.req.query('course'));
      return c.json({ audience: audience.name, course: audience.course, description: describeAudience(audience), count: await countAudience(ctx.sql, audience) });
    });
}
