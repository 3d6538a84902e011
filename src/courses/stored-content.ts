import type postgres from 'postgres';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CourseDefinitionError, type AuthoringProblem } from './authoring-problem.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { contentRevision, liveTexts, storedDocuments, writeDocuments, type DocumentWrite, type StoredDocument } from './content-store.js';
import { planImport, readContentFiles, type ImportPlan } from './content-files.js';
import { defaultEmailsDir } from './emails-dir.js';
import { CONTENT_LOCK, readSchedule, syncCourses, type LessonSchedule, type SyncReport } from './sync-lessons.js';

/** Her content as one process serves it: the catalog, the schedule, and the revision they are at. */
export interface LiveContent {
  catalog: Catalog;
  schedule: LessonSchedule;
  revision: number;
  /** Each document's current version, by path under emails/: what a send records it rendered. */
  versions: ReadonlyMap<string, number>;
}

export interface ContentOptions {
  /** The emails/ folder: where messages say files are, and where start-up imports from. */
  emailsDir?: string;
  mainCourse?: string | null;
}

/** A change to her content that would leave it unusable: refused, with every problem found. */
export class ContentRejected extends AppError {
  constructor(readonly problems: AuthoringProblem[]) {
    super('validation_failed', problems.filter((p) => p.severity === 'error').map((p) => (p.line ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`)).join('\n'), { reason: 'content' });
  }
  override toJSON() {
    const base = super.toJSON();
    return { error: { ...base.error, problems: this.problems } };
  }
}

/** Loads what Postgres holds. Throws when there is no content yet or it does not load. */
export async function loadStoredContent(sql: postgres.Sql, options: ContentOptions = {}): Promise<LiveContent> {
  const revision = await contentRevision(sql);
  const documents = await storedDocuments(sql);
  const { catalog, problems } = await loadCatalog({ emailsDir: options.emailsDir ?? defaultEmailsDir(), documents: liveTexts(documents), mainCourse: options.mainCourse });
  if (!catalog) throw new ContentRejected(problems.list);
  return { catalog, schedule: await readSchedule(sql, catalog), revision, versions: versionsOf(documents) };
}

function versionsOf(documents: ReadonlyMap<string, StoredDocument>): Map<string, number> {
  return new Map([...documents].map(([path, doc]) => [path, doc.version]));
}

export interface ContentChange {
  content: LiveContent;
  sync: SyncReport;
  /** The versions this change made, by path (empty when it changed nothing). */
  made: ReadonlyMap<string, number>;
  /** Problems that did not stop it (warnings). */
  warnings: AuthoringProblem[];
}

/**
 * Every change to her content goes through here, in one transaction under CONTENT_LOCK: `decide`
 * sees the documents as they are and says what to write; the result must load as a whole
 * catalog (else nothing is written and ContentRejected lists why); then each enrollment's place
 * is kept across the change (sync-lessons.ts), in the same transaction.
 */
export async function changeContent(
  sql: postgres.Sql,
  options: ContentOptions,
  now: Date,
  decide: (current: ReadonlyMap<string, StoredDocument>) => DocumentWrite[] | Promise<DocumentWrite[]>,
  /** More rules over the new content before anything is written (a save runs email:check's). */
  verify?: (catalog: Catalog) => Promise<AuthoringProblem[]>,
): Promise<ContentChange> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${CONTENT_LOCK})`;
    const current = await storedDocuments(tx);
    const writes = await decide(current);
    const texts = liveTexts(current);
    for (const w of writes) {
      if (w.text === null) texts.delete(w.path);
      else texts.set(w.path, w.text);
    }
    const { catalog, problems } = await loadCatalog({ emailsDir: options.emailsDir ?? defaultEmailsDir(), documents: texts, mainCourse: options.mainCourse });
    if (!catalog) throw new ContentRejected(problems.list);
    const more = verify ? await verify(catalog) : [];
    if (more.some((p) => p.severity === 'error')) throw new ContentRejected([...problems.list, ...more]);
    problems.list.push(...more);
    const made = await writeDocuments(tx, current, writes, now);
    const sync = await syncCourses(tx, catalog, now);
    const after = await storedDocuments(tx);
    const revision = await contentRevision(tx);
    return { content: { catalog, schedule: sync.schedule, revision, versions: versionsOf(after) }, sync, made, warnings: problems.list.filter((p) => p.severity === 'warning') };
  }) as Promise<ContentChange>;
}

export interface FileImport extends ContentChange {
  plan: ImportPlan;
}

/**
 * Brings the files of a folder laid out as emails/ into Postgres, by planImport's rule: at every
 * start (the app's emails/), on each change in development, and by `content import`.
 */
export async function importContentFiles(sql: postgres.Sql, options: ContentOptions & { from?: string; force?: boolean; dryRun?: boolean }, now: Date): Promise<FileImport> {
  const from = options.from ?? options.emailsDir ?? defaultEmailsDir();
  const files = readContentFiles(from);
  let plan: ImportPlan | undefined;
  try {
    const change = await changeContent(sql, options, now, (current) => {
      plan = planImport(current, files, { force: options.force });
      if (options.dryRun) throw new DryRun();
      return [...plan.writes, ...plan.removals.map((path) => ({ path, text: null, source: 'file' as const }))];
    });
    return { ...change, plan: plan! };
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
    // A dry run still says whether the files would load.
    const texts = liveTexts(await storedDocuments(sql));
    for (const w of plan!.writes) texts.set(w.path, w.text!);
    for (const path of plan!.removals) texts.delete(path);
    const { catalog, problems } = await loadCatalog({ emailsDir: options.emailsDir ?? defaultEmailsDir(), documents: texts, mainCourse: options.mainCourse });
    if (!catalog) throw new ContentRejected(problems.list);
    const content = await loadStoredContent(sql, options).catch(() => null);
    return { plan: plan!, content: content ?? { catalog, schedule: new Map(), revision: 0, versions: new Map() }, sync: { schedule: new Map(), added: [], removed: [] }, made: new Map(), warnings: problems.list.filter((p) => p.severity === 'warning') };
  }
}

class DryRun extends Error {}


/** What refreshContent updates: a process's context. */
export interface ContentHolder {
  sql: postgres.Sql;
  catalog: Catalog;
  schedule: LessonSchedule;
  content?: { revision: number; versions: ReadonlyMap<string, number> };
  config: { mainCourse: string | null };
  logger?: Pick<Logger, 'error'>;
}

/**
 * Brings a process's content up to date when another process (the dashboard, an import) changed
 * it: one indexed query when nothing changed. Called before each request, dispatcher tick and
 * send batch, so the next email after a save renders the saved words.
 */
export async function refreshContent(holder: ContentHolder): Promise<void> {
  const revision = await contentRevision(holder.sql);
  // Nothing stored (a database not yet opened by the app) leaves the process's content as it is.
  if (revision === 0 || revision === holder.content?.revision) return;
  try {
    useContent(holder, await loadStoredContent(holder.sql, { emailsDir: holder.catalog.emailsDir, mainCourse: holder.config.mainCourse }));
  } catch (error) {
    // Every change is checked before it is written, so this is a database another app's content
    // was written to. Sending goes on with what this process has, and says so once per revision.
    if (!(error instanceof ContentRejected)) throw error;
    if (holder.content) holder.content = { ...holder.content, revision };
    holder.logger?.error({ problems: error.problems.slice(0, 5) }, 'the content in the database does not load; this process keeps serving the content it had');
  }
}

/**
 * For a command: the content the running app serves, as Postgres holds it. Only a database the
 * app has never opened (nothing stored yet) takes the files in first, as the app's start would.
 */
export async function readContent(sql: postgres.Sql, options: ContentOptions, now: Date): Promise<LiveContent> {
  if ((await contentRevision(sql)) === 0) return (await openContent(sql, options, now)).content;
  return loadStoredContent(sql, options);
}

/** Puts loaded content in place (after a change this process made, or a refresh). */
export function useContent(holder: ContentHolder, content: LiveContent): void {
  if (holder.content && content.revision < holder.content.revision) return;
  holder.catalog = content.catalog;
  holder.schedule = content.schedule;
  holder.content = { revision: content.revision, versions: content.versions };
}

/**
 * At start-up (and before a command): the files of the app's emails/ that changed since their
 * last import come in, under the rule that keeps her dashboard work, and the content is served
 * from Postgres. Files that do not load stop it, naming every line to fix, as they always have.
 */
export async function openContent(sql: postgres.Sql, options: ContentOptions, now: Date): Promise<FileImport> {
  try {
    return await importContentFiles(sql, options, now);
  } catch (error) {
    if (error instanceof ContentRejected) throw new CourseDefinitionError(error.problems.filter((p) => p.severity === 'error'));
    throw error;
  }
}
