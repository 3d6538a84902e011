import type { AppContext } from '../context.js';
import { storedDocuments } from '../courses/content-store.js';
import { planImport, readContentFiles } from '../courses/content-files.js';

export interface FileConflict {
  /** As she reads it: `emails/courses/<slug>/<file>.md`. */
  file: string;
  /** When the version that stays was saved. */
  savedAt: Date;
}

/**
 * Files in the app's emails/ that changed since they were last taken in, whose document she has
 * edited here since: the start-up leaves them alone (her version stays), and the course page
 * names them so that nobody wonders why a deployed file did not change a lesson.
 */
export async function fileConflicts(ctx: AppContext): Promise<FileConflict[]> {
  let files: Map<string, string>;
  try {
    files = readContentFiles(ctx.catalog.emailsDir);
  } catch {
    return [];
  }
  const plan = planImport(await storedDocuments(ctx.sql), files);
  return plan.conflicts.map((c) => ({ file: `emails/${c.path}`, savedAt: c.savedAt }));
}
