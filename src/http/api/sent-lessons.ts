import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { storedDocuments } from '../../courses/content-store.js';
import { sentLessonIds } from '../../courses/sent-lesson-ids.js';
import type { HonoEnv } from '../env.js';

/**
 * GET /api/admin/sent-lessons: `{ "<course>": ["<lesson id>", …] }`, the lessons already sent
 * to someone. `email:check` asks the running app this when the app holds the embedded database.
 */
export function sentLessonsRoute(ctx: Pick<AppContext, 'sql'>) {
  return new Hono<HonoEnv>()
    .get('/sent-lessons', async (c) => c.json(await sentLessonIds(ctx.sql)))
    // Her content as stored, so the check reads what the app serves (checks/check-emails.ts).
    .get('/stored-content', async (c) => c.json({ documents: [...(await storedDocuments(ctx.sql)).values()] }));
}
