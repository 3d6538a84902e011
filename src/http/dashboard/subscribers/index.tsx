/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { eraseSubscriber } from '../../../subscribers/erasure.js';
import { exportSubscriberData } from '../../../subscribers/her-data.js';
import type { SubscriberStatus } from '../../../subscribers/columns.js';
import { exportStatus, exportSubscribersStream } from '../../../subscribers/export.js';
import { searchSubscribers } from '../../../subscribers/search.js';
import { subscriberTimeline } from '../../../subscribers/timeline.js';
import type { HonoEnv } from '../../env.js';
import { importPages } from './import.js';
import { LIST_NOTICES, SubscriberListPage, type ListNotice } from './list.js';
import { ErasePage, NoSuchPersonPage, PersonPage } from './person.js';
import { dashboardHtml } from '../render.js';

const isNotice = (value: string | undefined): value is ListNotice => value !== undefined && Object.hasOwn(LIST_NOTICES, value);

/**
 * /admin/subscribers: search, one person's timeline, her data and her erasure, the import and the
 * export. Each page calls one use case; a use case's refusal (AppError) is shown on the page.
 */
export function subscriberPages(ctx: AppContext) {
  const app = new Hono<HonoEnv>();

  app.get('/', async (c) => {
    const query = c.req.query('q') ?? '';
    const rawStatus = c.req.query('status') ?? '';
    const notice = c.req.query('notice');
    try {
      const search = await searchSubscribers(ctx, { query, status: rawStatus });
      return dashboardHtml(c, <SubscriberListPage search={search} query={search.query} status={search.status} notice={isNotice(notice) ? notice : undefined} />);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return dashboardHtml(c, <SubscriberListPage search={null} query={query.slice(0, 200)} status={null} error={error.message} />, error.status);
    }
  });

  app.get('/export', async (c) => {
    let status: SubscriberStatus | null;
    try {
      status = exportStatus(c.req.query('status'));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return dashboardHtml(c, <SubscriberListPage search={null} query="" status={null} error={error.message} />, error.status);
    }
    const body = exportSubscribersStream(ctx, { status });
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="subscribers${status ? `-${status}` : ''}-${day}.csv"`,
      'cache-control': 'no-store',
    });
  });

  app.route('/import', importPages(ctx));

  // Ids are numbers; anything else is not a person, and never reaches a query.
  const person = async (id: string) => {
    try {
      return await subscriberTimeline(ctx, Number(id));
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return error;
      throw error;
    }
  };

  app.get('/:id{[0-9]{1,15}}', async (c) => {
    const timeline = await person(c.req.param('id'));
    if (timeline instanceof AppError) return dashboardHtml(c, <NoSuchPersonPage message={timeline.message} />, 404);
    return dashboardHtml(c, <PersonPage timeline={timeline} sendHour={ctx.config.sendHour} providerReports={ctx.config.resendWebhookSecret !== null} />);
  });

  app.get('/:id{[0-9]{1,15}}/data.json', async (c) => {
    const id = Number(c.req.param('id'));
    let data: Awaited<ReturnType<typeof exportSubscriberData>>;
    try {
      data = await exportSubscriberData(ctx, id);
    } catch (error) {
      // Her own download says "this link leads nowhere"; here it is simply someone not on the list.
      if (error instanceof AppError) return dashboardHtml(c, <NoSuchPersonPage message="There is no one with this number on the list. She may have been erased." />, 404);
      throw error;
    }
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="subscriber-${id}-data.json"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/:id{[0-9]{1,15}}/erase', async (c) => {
    const timeline = await person(c.req.param('id'));
    if (timeline instanceof AppError) return dashboardHtml(c, <NoSuchPersonPage message={timeline.message} />, 404);
    return dashboardHtml(c, <ErasePage timeline={timeline} />);
  });

  app.post('/:id{[0-9]{1,15}}/erase', async (c) => {
    const erased = await eraseSubscriber(ctx, Number(c.req.param('id')));
    return c.redirect(`/admin/subscribers?notice=${erased ? 'erased' : 'gone'}`, 303);
  });

  return app;
}
