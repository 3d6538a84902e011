/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../../../broadcasts/control.js';
import { getBroadcast } from '../../../broadcasts/query.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { broadcastFigures } from '../../../reports/figures.js';
import type { HonoEnv } from '../../env.js';
import { BroadcastPage } from './broadcast-page.js';
import { shownOnPage } from './form.js';
import { notice } from './notices.js';
import { broadcastScript } from './scripts.js';
import { dashboardHtml } from '../render.js';

/** One newsletter on its way or sent: its figures, its progress, and pause, resume, cancel. */
export function broadcastControlPages(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();

  app.get('/assets/broadcast.js', (c) => c.body(broadcastScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  const broadcastOr404 = async (raw: string) => {
    const broadcast = /^\d{1,15}$/.test(raw) ? await getBroadcast(ctx, Number(raw)) : null;
    if (!broadcast) throw new AppError('not_found', `There is no broadcast ${raw}.`);
    return broadcast;
  };

  app.get('/:id{[0-9]+}', async (c) => {
    const broadcast = await broadcastOr404(c.req.param('id'));
    const figures = await broadcastFigures(ctx, broadcast.id);
    return dashboardHtml(c, <BroadcastPage broadcast={broadcast} figures={figures} providerReports={ctx.config.resendWebhookSecret !== null} notice={notice(c.req.query('notice'))} />);
  });

  app.get('/:id{[0-9]+}/progress', async (c) => {
    const b = await broadcastOr404(c.req.param('id'));
    return c.json({ id: b.id, status: b.status, recipients: b.recipients, ...b.counts });
  });

  const controls = { pause: [pauseBroadcast, 'paused'], resume: [resumeBroadcast, 'resumed'], cancel: [cancelBroadcast, 'cancelled'] } as const;
  for (const [verb, [change, done]] of Object.entries(controls)) {
    app.post(`/:id{[0-9]+}/${verb}`, async (c) => {
      const broadcast = await broadcastOr404(c.req.param('id'));
      try {
        await change(ctx, broadcast.id);
      } catch (error) {
        if (!shownOnPage(error)) throw error;
        const now = await broadcastOr404(c.req.param('id'));
        return dashboardHtml(c, <BroadcastPage broadcast={now} figures={await broadcastFigures(ctx, now.id)} providerReports={ctx.config.resendWebhookSecret !== null} error={error.message} />, 409);
      }
      return c.redirect(`/admin/broadcasts/${broadcast.id}?notice=${done}`, 303);
    });
  }

  return app;
}
