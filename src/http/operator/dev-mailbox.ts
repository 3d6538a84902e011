import { Hono } from 'hono';
import { getDevMail, listDevMailbox } from '../../mail/dev-mailbox.js';
import type { HonoEnv } from '../env.js';
import { devMailboxListPage, devMailboxMessagePage } from './dev-mailbox-page.js';
import { notFoundPage } from '../public/views/pages.js';

/**
 * Mounted only on a developer's own machine (config.devMailbox): its list holds every confirm,
 * unsubscribe and preference token, and a preference token can erase a person.
 */
export const devMailbox = new Hono<HonoEnv>()
  .get('/dev/mailbox.json', async (c) => c.json(await listDevMailbox(c.var.ctx.db)))
  .get('/dev/mailbox', async (c) => c.html(devMailboxListPage(await listDevMailbox(c.var.ctx.db))))
  .get('/dev/mailbox/:id{dev_[0-9]{1,15}}', async (c) => {
    const mail = await getDevMail(c.var.ctx.db, c.req.param('id'));
    return mail ? c.html(devMailboxMessagePage(mail)) : c.html(notFoundPage(), 404);
  });
