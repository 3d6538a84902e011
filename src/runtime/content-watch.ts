import { watch, type FSWatcher } from 'node:fs';
import { formatAuthoringProblem } from '../courses/authoring-problem.js';
import { ContentRejected, importContentFiles, useContent, type ContentHolder } from '../courses/stored-content.js';
import { logContentImport } from './content-log.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface ContentWatch {
  /** Stops watching; resolves once an import in flight has finished. */
  close(): Promise<void>;
}

export interface ContentWatchOptions {
  emailsDir: string;
  /** How long the folder must be quiet before an import: an editor's save is several events. */
  debounceMs?: number;
}

/**
 * In development, `npm start` takes her saved files in as she writes: each change to emails/
 * runs the start-up's import (importContentFiles, the same rule: a file edited in the dashboard
 * since is left alone and named), and this process serves the result at once; the others see
 * the revision move (refreshContent). A file that does not load is logged by file and line and
 * changes nothing, and the app keeps serving what it had. One process watches: the one
 * `npm start` runs.
 */
export function watchContent(holder: ContentHolder & { logger: Logger; clock: Clock }, options: ContentWatchOptions): ContentWatch {
  const { logger } = holder;
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const importNow = async () => {
    try {
      const imported = await importContentFiles(holder.sql, { emailsDir: options.emailsDir, mainCourse: holder.config.mainCourse }, holder.clock.now());
      useContent(holder, imported.content);
      logContentImport(logger, imported);
    } catch (error) {
      if (!(error instanceof ContentRejected)) {
        logger.error({ err: error }, 'could not take in the changed files of emails/; the app keeps serving the content it had');
        return;
      }
      for (const problem of error.problems.filter((p) => p.severity === 'error')) logger.warn(formatAuthoringProblem(problem));
      logger.warn('a change in emails/ does not load (the lines above say where and how to fix it): nothing was taken in, and the app keeps serving the content it had. Save the file again once it is fixed.');
    }
  };

  // One import at a time; a change during one runs another after it, with what is then on disk.
  const run = () => {
    timer = null;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = importNow().finally(() => {
      running = null;
      if (again && !closed) {
        again = false;
        run();
      }
    });
  };

  const watcher: FSWatcher = watch(options.emailsDir, { recursive: true }, (_event, file) => {
    // Newsletters are not content (a broadcast keeps its own copy).
    if (file && file.split(/[\\/]/)[0] === 'newsletters') return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  });
  watcher.on('error', (err) => logger.warn({ err }, 'stopped watching emails/ for changes; restart the app to take in new edits'));

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
