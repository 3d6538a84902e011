import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Where her content is read from: the emails/ folder itself, or her documents as Postgres holds
 * them (`content_documents`), named by the same paths. The loaders take either, so a file and a
 * dashboard edit are read, checked and rendered by the same code.
 */
export type EmailsRoot = string | StoredDocuments;

export interface StoredDocuments {
  /** The emails/ folder the paths are relative to: messages name files from it. */
  dir: string;
  /** Path under emails/ (`courses/<slug>/course.md`) → the document's text. */
  documents: ReadonlyMap<string, string>;
}

export function rootDir(root: EmailsRoot): string {
  return typeof root === 'string' ? root : root.dir;
}

/** A path under emails/, with forward slashes, as documents are keyed. */
export function documentKey(root: EmailsRoot, absolute: string): string {
  return relative(rootDir(root), absolute).split(sep).join('/');
}

/** The course folders' names: the folders under emails/courses/, or the slugs of stored documents. */
export function courseFolders(root: EmailsRoot): string[] {
  if (typeof root !== 'string') {
    const slugs = new Set<string>();
    for (const key of root.documents.keys()) {
      const match = /^courses\/([^/]+)\//.exec(key);
      if (match) slugs.add(match[1]!);
    }
    return [...slugs];
  }
  const coursesDir = join(root, 'courses');
  return existsSync(coursesDir)
    ? readdirSync(coursesDir).filter((name) => !name.startsWith('.') && !name.startsWith('_') && statSync(join(coursesDir, name)).isDirectory())
    : [];
}
