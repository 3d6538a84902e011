import type { FileImport } from '../courses/stored-content.js';
import type { Logger } from '../logger.js';

/**
 * The lines `npm start` logs about an import of emails/ (at start, and on each save in
 * development): what came in, what was left alone and why, worded for the person at its window.
 */
export function logContentImport(logger: Logger, imported: FileImport): void {
  const { plan, sync } = imported;
  const taken = plan.writes.filter((w) => w.change !== 'recorded');
  if (taken.length > 0 || plan.removals.length > 0) {
    logger.info({ imported: taken.map((w) => `emails/${w.path}`), removed: plan.removals.map((p) => `emails/${p}`) }, `imported ${taken.length} changed file(s) from emails/`);
  }
  for (const c of plan.conflicts) {
    logger.warn({ file: `emails/${c.path}`, version: c.version }, `emails/${c.path} changed on disk, but it was edited in the dashboard since it was last imported: the dashboard's version stays. To bring the file up to date with the dashboard's version, export the content with --force (npm run cli -- content export --force); to replace the dashboard's version with the file, import it with --force (npm run cli -- content import --force).`);
  }
  for (const a of sync.added) logger.info(a, 'a new lesson joined a course that moms are part-way through; those past its place will not get it');
  for (const r of sync.removed) {
    if (r.unmarked) logger.warn(r, 'a lesson that was already sent has left its course without being listed under removed in course.md');
    else logger.info(r, 'a lesson left its course; moms who had not had it yet skip it');
  }
}
