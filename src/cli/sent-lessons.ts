import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { startEmbeddedPostgres } from '../runtime/infra/embedded-postgres.js';

/**
 * Which lesson ids each course has already sent to someone, from the app's database: the one in
 * DATABASE_URL, or the embedded one when the app is not running. Null (with the reason) when
 * neither can be reached; the app itself warns at start-up about the same thing.
 */
export async function sentLessonIdsFromDatabase(config: Config, note: (line: string) => void): Promise<Map<string, string[]> | null> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | null = null;
  try {
    if (!url) {
      if (!existsSync(join(config.dataDir, 'pglite'))) return new Map();
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
      stopEmbedded = embedded.stop;
      url = embedded.url;
    }
    const handle = connectDatabase(url, { max: 1 });
    try {
      const [table] = await handle.sql<{ exists: boolean }[]>`select to_regclass('course_lessons') is not null as exists`;
      if (!table?.exists) return new Map();
      const rows = await handle.sql<{ course_slug: string; lesson_id: string }[]>`
        select course_slug, lesson_id from course_lessons where first_sent_at is not null`;
      const sent = new Map<string, string[]>();
      for (const row of rows) sent.set(row.course_slug, [...(sent.get(row.course_slug) ?? []), row.lesson_id]);
      return sent;
    } finally {
      await handle.close();
    }
  } catch (error) {
    note(`Could not ask the database which lessons were already sent (${String(error instanceof Error ? error.message : error).split('\n')[0]}); the app checks this itself when it starts.`);
    return null;
  } finally {
    await stopEmbedded?.();
  }
}
