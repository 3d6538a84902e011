import { resolve } from 'node:path';
import type postgres from 'postgres';
import type { AuthoringProblem } from './authoring-problem.js';
import { defaultEmailsDir } from './emails-dir.js';
import { importContentFiles, type ContentOptions, type FileImport } from './stored-content.js';
import type { SyncReport } from './sync-lessons.js';

export interface ContentImportInput {
  /** The folder to read, laid out as emails/ is (default: the app's emails/). */
  from?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** What an import of a folder did, or would do: plain data, for a command line or an API answer. */
export interface ContentImportReport {
  from: string;
  dryRun: boolean;
  force: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  /** Files changed on disk whose document was edited in the dashboard since its last import: left alone. */
  conflicts: Array<{ path: string; version: number; savedAt: Date }>;
  unchanged: number;
  lessonsAdded: SyncReport['added'];
  lessonsRemoved: SyncReport['removed'];
  warnings: AuthoringProblem[];
}

/**
 * `content import`: a folder's files come in by the start-up's rule (importContentFiles), and
 * the caller gets both the report and the change, whose content a process can start serving.
 * A folder that does not load throws ContentRejected and changes nothing.
 */
export async function importContentFolder(sql: postgres.Sql, options: ContentOptions, input: ContentImportInput, now: Date): Promise<{ report: ContentImportReport; change: FileImport }> {
  const from = resolve(input.from ?? options.emailsDir ?? defaultEmailsDir());
  const change = await importContentFiles(sql, { ...options, from, force: input.force, dryRun: input.dryRun }, now);
  return { report: describeImport(from, input, change), change };
}

export function describeImport(from: string, input: ContentImportInput, change: FileImport): ContentImportReport {
  const { plan, sync } = change;
  return {
    from,
    dryRun: !!input.dryRun,
    force: !!input.force,
    added: plan.writes.filter((w) => w.change === 'new').map((w) => w.path),
    changed: plan.writes.filter((w) => w.change === 'changed').map((w) => w.path),
    removed: plan.removals,
    conflicts: plan.conflicts,
    unchanged: plan.unchanged,
    lessonsAdded: sync.added,
    lessonsRemoved: sync.removed,
    warnings: change.warnings,
  };
}
