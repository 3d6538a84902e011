import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIRMATION_FILES } from './confirmation-file.js';
import { realPathInEmails } from './emails-dir.js';
import { courseFolders } from './emails-root.js';
import { editedSinceImport, sha256, type DocumentWrite, type StoredDocument } from './content-store.js';

/** The files of emails/ that are her content (newsletters are not: a broadcast keeps its own copy). */
export function isContentPath(path: string): boolean {
  return path === 'author.md' || path === CONFIRMATION_FILES.course || path === CONFIRMATION_FILES.newsletter || /^courses\/[^/]+\/[^/]+\.md$/.test(path);
}

/**
 * Reads her content from a folder laid out as emails/ is: path under it → text. Files reached
 * through a link that leads outside the folder are not read (the loaders name them).
 */
export function readContentFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const read = (path: string) => {
    const real = realPathInEmails(dir, join(dir, path));
    if (real === 'missing' || real === 'outside' || !statSync(real).isFile()) return;
    files.set(path, readFileSync(real, 'utf8'));
  };
  for (const path of ['author.md', CONFIRMATION_FILES.course, CONFIRMATION_FILES.newsletter]) read(path);
  for (const slug of courseFolders(dir)) {
    const folder = join(dir, 'courses', slug);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith('.') || name.startsWith('_') || !name.endsWith('.md')) continue;
      read(`courses/${slug}/${name}`);
    }
  }
  return files;
}

export interface ImportPlan {
  /** Documents the files bring, new or changed since they were last imported. */
  writes: Array<DocumentWrite & { change: 'new' | 'changed' | 'recorded' }>;
  /** Files changed on disk whose document was saved in the dashboard since: left alone (unless forced). */
  conflicts: Array<{ path: string; version: number; savedAt: Date }>;
  /** Documents whose file is gone and that nobody edited since: removed with it. */
  removals: string[];
  unchanged: number;
}

/**
 * What importing these files would do, by the rule that keeps her dashboard work safe: a file
 * is imported when it changed since its last import, unless the document was saved since then
 * in the dashboard; that is a conflict, and `force` imports it anyway.
 */
export function planImport(current: ReadonlyMap<string, StoredDocument>, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): ImportPlan {
  const plan: ImportPlan = { writes: [], conflicts: [], removals: [], unchanged: 0 };
  for (const [path, text] of files) {
    const sha = sha256(text);
    const doc = current.get(path);
    if (doc?.importedSha === sha) {
      // The file is as it was last imported: whatever the dashboard did since stands.
      plan.unchanged++;
    } else if (doc?.text === text) {
      // The same words reached both: only the record of the file changes.
      plan.unchanged++;
      plan.writes.push({ path, text, source: 'file', fileSha: sha, change: 'recorded' });
    } else if (!doc || doc.text === null) {
      plan.writes.push({ path, text, source: 'file', fileSha: sha, change: 'new' });
    } else if (editedSinceImport(doc) && !options.force) {
      plan.conflicts.push({ path, version: doc.version, savedAt: doc.updatedAt });
    } else {
      plan.writes.push({ path, text, source: 'file', fileSha: sha, change: 'changed' });
    }
  }
  for (const [path, doc] of current) {
    if (files.has(path) || doc.text === null || doc.importedSha === null) continue;
    if (!editedSinceImport(doc) || options.force) plan.removals.push(path);
  }
  return plan;
}
