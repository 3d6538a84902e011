import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { storedDocuments, type StoredDocument } from '../courses/content-store.js';
import { sentLessonIds } from '../courses/sent-lesson-ids.js';
import { connectDatabase } from '../db/client.js';
import { startEmbeddedPostgres } from '../runtime/infra/embedded-postgres.js';
import { InfraError } from '../runtime/infra/infra-error.js';
import { runningApp } from './running-app.js';

export interface CheckContext {
  sent: Map<string, string[]>;
  /** Her content as the app holds it; empty before the app first started. */
  stored: Map<string, StoredDocument>;
}

/**
 * What `email:check` asks the app: which lesson ids each course has already sent to someone, and
 * her content as it is stored (so the check reads what the app serves). From the running `npm
 * start` when it holds the embedded database (which serves one process at a time), else from the
 * database in DATABASE_URL, or the embedded one. Null (with the reason) when none can be reached;
 * the app itself warns at start-up about the same thing.
 */
export async function checkContextFromDatabase(config: Config, note: (line: string) => void): Promise<CheckContext | null> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  try {
    const app = runningApp(config);
    if (app) {
      const [sent, stored] = await Promise.all([app.get<Record<string, string[]>>('/sent-lessons'), app.get<{ documents: Array<Omit<StoredDocument, 'updatedAt'> & { updatedAt: string }> }>('/stored-content')]);
      return {
        sent: new Map(Object.entries(sent)),
        stored: new Map(stored.documents.map((d) => [d.path, { ...d, updatedAt: new Date(d.updatedAt) }])),
      };
    }
    let url = config.databaseUrl;
    if (!url) {
      if (!existsSync(join(config.dataDir, 'pglite'))) return { sent: new Map(), stored: new Map() };
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
      stopEmbedded = embedded.stop;
      url = embedded.url;
    }
    const handle = connectDatabase(url, { max: 1 });
    try {
      const tables = await handle.sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_name = 'content_documents'`;
      return {
        sent: new Map(Object.entries(await sentLessonIds(handle.sql))),
        stored: tables[0]?.n ? await storedDocuments(handle.sql) : new Map(),
      };
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
