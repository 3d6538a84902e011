import { isAbsolute } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { exportContent } from '../../courses/content-export.js';
import { importContentFolder } from '../../courses/content-import.js';
import { useContent } from '../../courses/stored-content.js';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';

const folder = z.string().min(1).max(1000).refine(isAbsolute, 'the folder must be an absolute path');
const importBody = z.object({ from: folder, force: z.boolean().optional(), dryRun: z.boolean().optional() });
const exportBody = z.object({ to: folder, force: z.boolean().optional() });

/**
 * POST /api/admin/content/import `{ from, force?, dryRun? }` and /content/export `{ to, force? }`:
 * `cli content import|export` while `npm start` holds the built-in database. They read and write
 * folders of this machine, so app.ts mounts them for the local command's token only, never for
 * ADMIN_TOKEN.
 */
export function contentRoute(ctx: AppContext) {
  return new Hono<HonoEnv>()
    .post('/content/import', async (c) => {
      const parsed = importBody.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) throw new AppError('validation_failed', 'Send JSON like {"from": "/absolute/folder", "force": false, "dryRun": true}.');
      const { report, change } = await importContentFolder(ctx.sql, { emailsDir: ctx.catalog.emailsDir, mainCourse: ctx.config.mainCourse }, parsed.data, ctx.clock.now());
      if (!report.dryRun) {
        useContent(ctx, change.content);
        ctx.logger.info({ from: report.from, added: report.added, changed: report.changed, removed: report.removed, conflicts: report.conflicts.map((x) => x.path) }, 'content imported');
      }
      return c.json(report, 200);
    })
    .post('/content/export', async (c) => {
      const parsed = exportBody.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) throw new AppError('validation_failed', 'Send JSON like {"to": "/absolute/folder", "force": false}.');
      const report = await exportContent(ctx.sql, { to: parsed.data.to, force: parsed.data.force, emailsDir: ctx.catalog.emailsDir });
      ctx.logger.info({ to: report.to, written: report.written.length, kept: report.keptChanged }, 'content exported');
      return c.json(report, 200);
    });
}
