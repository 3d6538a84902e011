import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { sentLessonIds } from '../courses/sent-lesson-ids.js';
import { connectDatabase } from '../db/client.js';
import { startEmbeddedPostgres } from '../runtime/infra/embedded-postgres.js';
import { InfraError } from '../runtime/infra/infra-error.js';
import { runningApp } from './running-app.js';

/**
 * Which lesson ids each course has already sent to someone: from the running `npm start` when
 * it holds the embedded database (which serves one process at a time), else from the database
 * in DATABASE_URL, or the embedded one. Null (with the reason) when none can be reached; the
 * app itself warns at start-up about the same thing.
 */
export async function sentLessonIdsFromDatabase(config: Config, note: (line: string) => void): Promise<Map<string, string[]> | null> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  try {
    const app = runningApp(config);
    if (app) return new Map(Object.entries(await app.get<Record<string, string[]>>('/sent-lessons')));
    let url = config.databaseUrl;
    if (!url) {
      if (!existsSync(join(config.dataDir, 'pglite'))) return new Map();
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
      stopEmbedded = embedded.stop;
      url = embedded.url;
    }
    const handle = connectDatabase(url, { max: 1 });
    try {
      return new Map(Object.entries(await sentLessonIds(handle.sql)));
    } finally {
      await handle.close();
    }
  } catch (error) {
    // The app holds the built-in database but has not said where it answers yet: it is starting.
    if (error instanceof InfraError) {
      note('The app is starting on its built-in database, so the check could not ask which lessons were already sent; the app checks this itself when it starts.');
      return null;
    }
    note(`Could not ask the database which lessons were already sent (${String(error instanceof Error ? error.message : error).split('\n')[0]}); the app checks this itself when it starts.`);
    return null;
  } finally {
    await stopEmbedded?.();
  }
}
