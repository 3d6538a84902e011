import { createHash } from 'node:crypto';
import type postgres from 'postgres';

/**
 * Her content in Postgres (content_documents, content_versions): each document named by its path
 * under emails/, its text in the files' own format. Every save is a new version; nothing is
 * overwritten. See src/db/schema.ts.
 */
export interface StoredDocument {
  path: string;
  version: number;
  /** Null once removed. */
  text: string | null;
  importedSha: string | null;
  importedVersion: number | null;
  updatedAt: Date;
}

export type VersionSource = 'file' | 'dashboard' | 'api' | 'restore' | 'import';

export interface DocumentWrite {
  path: string;
  text: string | null;
  source: VersionSource;
  /** Set when the text is a file's, as read: the file's SHA-256, so an unchanged file is not imported again. */
  fileSha?: string;
}

export interface DocumentVersion {
  version: number;
  text: string | null;
  source: VersionSource;
  savedAt: Date;
}

type Sql = postgres.Sql | postgres.TransactionSql;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Every document as it is now, removed ones included (their text is null). */
export async function storedDocuments(sql: Sql): Promise<Map<string, StoredDocument>> {
  const rows = await sql<{ path: string; version: number; text: string | null; imported_sha: string | null; imported_version: number | null; updated_at: Date }[]>`
    select path, version, text, imported_sha, imported_version, updated_at from content_documents order by path`;
  return new Map(rows.map((r) => [r.path, { path: r.path, version: r.version, text: r.text, importedSha: r.imported_sha, importedVersion: r.imported_version, updatedAt: r.updated_at }]));
}

/** The texts the app serves: path → text, removed documents left out. */
export function liveTexts(documents: ReadonlyMap<string, StoredDocument>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [path, doc] of documents) if (doc.text !== null) texts.set(path, doc.text);
  return texts;
}

/**
 * The content's revision: the newest version's id. A process that loaded its content at another
 * revision loads it again. One index lookup.
 */
export async function contentRevision(sql: Sql): Promise<number> {
  const [row] = await sql<{ revision: string | null }[]>`select max(id) as revision from content_versions`;
  return Number(row?.revision ?? 0);
}

/**
 * Saves each write as the document's next version. A write that would not change the text (and,
 * for a file, its recorded SHA) is skipped. Returns the versions made, by path.
 */
export async function writeDocuments(tx: Sql, current: ReadonlyMap<string, StoredDocument>, writes: DocumentWrite[], now: Date): Promise<Map<string, number>> {
  const made = new Map<string, number>();
  for (const write of writes) {
    const doc = current.get(write.path);
    if (doc && doc.text === write.text) {
      if (write.fileSha && doc.importedSha !== write.fileSha) {
        await tx`update content_documents set imported_sha = ${write.fileSha}, imported_version = version where path = ${write.path}`;
      }
      continue;
    }
    const version = (doc?.version ?? 0) + 1;
    await tx`insert into content_versions (path, version, text, source, saved_at) values (${write.path}, ${version}, ${write.text}, ${write.source}, ${now})`;
    const importedSha = write.fileSha ?? doc?.importedSha ?? null;
    const importedVersion = write.fileSha ? version : (doc?.importedVersion ?? null);
    await tx`
      insert into content_documents (path, version, text, imported_sha, imported_version, updated_at)
      values (${write.path}, ${version}, ${write.text}, ${importedSha}, ${importedVersion}, ${now})
      on conflict (path) do update set version = excluded.version, text = excluded.text,
        imported_sha = excluded.imported_sha, imported_version = excluded.imported_version, updated_at = excluded.updated_at`;
    made.set(write.path, version);
  }
  return made;
}

/** One document's versions, newest first. */
export async function documentVersions(sql: Sql, path: string): Promise<DocumentVersion[]> {
  const rows = await sql<{ version: number; text: string | null; source: VersionSource; saved_at: Date }[]>`
    select version, text, source, saved_at from content_versions where path = ${path} order by version desc`;
  return rows.map((r) => ({ version: r.version, text: r.text, source: r.source, savedAt: r.saved_at }));
}

/** True when the document was saved (in the dashboard, the API) after its file was last imported. */
export function editedSinceImport(doc: StoredDocument): boolean {
  return doc.version > (doc.importedVersion ?? 0);
}

/**
 * Notes that the files of the app's emails/ now hold these documents' texts, as an export wrote
 * them: the next start (or the watch) sees them as imported, not as changed or in conflict. A
 * document saved again since the export read it keeps its newer state (the version must match).
 */
export async function recordExport(sql: Sql, written: Array<{ path: string; version: number; text: string }>): Promise<void> {
  for (const doc of written) {
    await sql`update content_documents set imported_sha = ${sha256(doc.text)}, imported_version = version
      where path = ${doc.path} and version = ${doc.version}`;
  }
}
