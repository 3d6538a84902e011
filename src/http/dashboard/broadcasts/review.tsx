/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { reviewDraftSend, sendDraft } from '../../../broadcasts/draft-send.js';
import { getDraft } from '../../../broadcasts/drafts.js';
import type { AppContext } from '../../../context.js';
import type { HonoEnv } from '../../env.js';
import { composeView, draftOr404 } from './drafts.js';
import { choiceOf, parseForm, sendChoiceForm, shownOnPage } from './form.js';
import { ReviewPage } from './review-page.js';
import { dashboardHtml } from '../render.js';

/**
 * The review step and the send: the count she confirms comes from createBroadcast's own dry run,
 * and the send is the same createBroadcast the command line calls.
 */
export function reviewPages(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();

  app.get('/drafts/:id/review', async (c) => {
    const draft = await draftOr404(ctx, c.req.param('id'));
    if (draft.broadcastId !== null) return c.redirect(`/admin/broadcasts/${draft.broadcastId}`, 303);
    const choice = choiceOf(parseForm(sendChoiceForm, c.req.query()));
    try {
      const { plan } = await reviewDraftSend(ctx, draft.id, choice);
      return dashboardHtml(c, <ReviewPage draft={draft} plan={plan} choice={choice} sendHour={ctx.config.sendHour} />);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return composeView(ctx, c, draft, { choice, error: error.message, errorAt: 'send', status: error.status as 422 });
    }
  });

  app.post('/drafts/:id/send', async (c) => {
    const draft = await draftOr404(ctx, c.req.param('id'));
    const choice = choiceOf(parseForm(sendChoiceForm, await c.req.parseBody()));
    try {
      const broadcast = await sendDraft(ctx, draft.id, choice);
      return c.redirect(`/admin/broadcasts/${broadcast.id}?notice=${broadcast.status === 'scheduled' ? 'scheduled' : 'sent'}`, 303);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      const current = (await getDraft(ctx, draft.id))!;
      if (current.broadcastId !== null) return c.redirect(`/admin/broadcasts/${current.broadcastId}`, 303);
      return composeView(ctx, c, current, { choice, error: error.message, errorAt: 'send', status: error.status as 422 });
    }
  });

  return app;
}
