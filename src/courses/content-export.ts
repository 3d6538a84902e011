import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type postgres from 'postgres';
import { recordExport, sha256, storedDocuments } from './content-store.js';
import { readContentFiles } from './content-files.js';
import { defaultEmailsDir } from './emails-dir.js';

export interface ContentExportOptions {
  /** The folder to write, laid out as emails/ is. */
  to: string;
  /** The app's emails/ folder: the one whose files' import state is kept (default: the project's). */
  emailsDir?: string;
  /** Also replace files of the app's emails/ whose changes were never imported. */
  force?: boolean;
}

export interface ContentExportReport {
  to: string;
  /** Whether `to` is the app's emails/ (then the files' import state was recorded). */
  appEmails: boolean;
  /** Paths under `to` written, new or replaced. */
  written: string[];
  unchanged: number;
  /**
   * Files of the app's emails/ changed on disk since they were last imported (or never
   * imported) and unlike the stored text: her work, left alone unless forced.
   */
  keptChanged: string[];
  /** Files of documents removed since (in the dashboard), holding what was last imported: deleted. */
  deleted: string[];
  /** Content files in the folder that the content does not hold: left alone. */
  leftAlone: string[];
}

/**
 * Writes her content as Postgres holds it (what the app serves) as the files it came from.
 * Nothing of hers is lost: a file in the app's emails/ with changes Postgres never took is kept
 * (unless forced), and a file is deleted only when its document was removed and the file is
 * exactly what was last imported (Postgres keeps that text among the document's versions).
 * Into the app's emails/, the written files' import state is recorded, so the next start does
 * not take them for edits.
 */
export async function exportContent(sql: postgres.Sql, options: ContentExportOptions): Promise<ContentExportReport> {
  const to = resolve(options.to);
  mkdirSync(to, { recursive: true });
  const appEmails = sameFolder(to, options.emailsDir ?? defaultEmailsDir());
  const documents = await storedDocuments(sql);
  const onDisk = readContentFiles(to);
  const report: ContentExportReport = { to, appEmails, written: [], unchanged: 0, keptChanged: [], deleted: [], leftAlone: [] };
  const inFiles: Array<{ path: string; version: number; text: string }> = [];

  for (const [path, doc] of documents) {
    if (doc.text === null) continue;
    const file = onDisk.get(path);
    if (file === doc.text) {
      report.unchanged++;
    } else if (appEmails && file !== undefined && sha256(file) !== doc.importedSha && !options.force) {
      report.keptChanged.push(path);
      continue;
    } else {
      mkdirSync(dirname(join(to, path)), { recursive: true });
      writeFileSync(join(to, path), doc.text);
      report.written.push(path);
    }
    inFiles.push({ path, version: doc.version, text: doc.text });
  }
  for (const [path, text] of onDisk) {
    const doc = documents.get(path);
    if (doc && doc.text !== null) continue;
    if (doc && doc.importedSha === sha256(text)) {
      rmSync(join(to, path));
      report.deleted.push(path);
    } else {
      report.leftAlone.push(path);
    }
  }
  if (appEmails) await recordExport(sql, inFiles);
  return report;
}

function sameFolder(a: string, b: string): boolean {
  return existsSync(b) && realpathSync(a) === realpathSync(b);
}
