import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { confirmationTemplateKey, NEWSLETTER_CONFIRMATION_TEMPLATE } from '../../courses/template-keys.js';
import { createSeenTable, dropSeenTable, lookUpChunk, writeChunk, type ChunkSuppression, type ChunkWrite } from './chunk.js';
import { openSubscriberCsv } from './csv.js';
import { planRow } from './plan.js';
import { ImportTally, type ImportReport } from './report.js';
import { isRowProblem, parseImportRow, type ImportRow } from './row.js';
import { emailHash, type SuppressionListReason } from '../suppression.js';
import { kickDispatcherQuietly } from '../signup.js';

export type { ImportReport } from './report.js';

export interface ImportOptions {
  /** A course folder's name: everyone imported is enrolled in it (or invited to it). */
  enroll?: string | null;
  /** Read, check and classify against the database; write nothing, send nothing. */
  dryRun?: boolean;
}

/** `config.secret` keys the suppression list's hashes. */
export type ImportContext = Pick<AppContext, 'sql' | 'clock' | 'catalog' | 'queues' | 'logger'> & { config: Pick<Config, 'secret'> };

/** Rows per statement: large enough that a million rows are 200 round trips, small enough to hold. */
export const IMPORT_CHUNK_ROWS = 5_000;

/**
 * `subscribers import`: brings in the list she already has, from a CSV stream, in constant
 * memory. The file is read once; every few thousand rows are classified against the database
 * and written by one statement (see import-chunk.ts), so the good rows of a file with bad ones
 * are imported and the bad ones come back by line. A file that cannot be read at all (not
 * UTF-8, no email column, an unknown course) is refused before anything is written.
 *
 * Confirmation emails are only queued here: a running worker's dispatcher (or the `kick` after
 * an import through the app) sends them, 100 to a provider call.
 */
export async function importSubscribers(ctx: ImportContext, source: AsyncIterable<Uint8Array>, options: ImportOptions = {}): Promise<ImportReport> {
  const enroll = options.enroll?.trim() || null;
  const course = enroll ? ctx.catalog.course(enroll) : null;
  if (enroll && !course) {
    throw new AppError('validation_failed', `There is no course called "${enroll}". Courses: ${ctx.catalog.courses.map((c) => c.slug).join(', ')}.`);
  }
  const now = ctx.clock.now();
  const dryRun = options.dryRun ?? false;
  const tally = new ImportTally({ dryRun, enroll, confirmationTemplate: course ? confirmationTemplateKey(course.slug) : NEWSLETTER_CONFIRMATION_TEMPLATE });

  const csv = await openSubscriberCsv(source);
  tally.report.source = csv.source.name;
  tally.report.mapping = csv.mapping;
  const ignored = csv.unknownColumns.filter((name) => name !== '');
  if (ignored.length > 0) {
    const many = ignored.length > 1;
    tally.warn(`The import doesn't use the column${many ? 's' : ''} ${ignored.map((n) => `"${n}"`).join(', ')}, so ${many ? 'their' : 'its'} values were left out. The columns it reads: email, first_name, timezone, consented_at, consent_source, newsletter.`);
  }

  // One session for the whole import: the table of addresses seen lives in it. The embedded
  // database serves a single connection, so there the pool is that session already, and
  // reserving it would stall the app's own work (sends, signups, /health) for the whole import.
  const reserved = (ctx.sql.options as { max?: number }).max === 1 ? null : await ctx.sql.reserve();
  const conn = reserved ?? ctx.sql;
  const seenTable = `import_seen_${randomBytes(6).toString('hex')}`;
  // The suppression list, read once: bounced and complained addresses are never added back, nor
  // those another tool's export said left it; one that erased herself is invited afresh,
  // whatever consent the file records for her.
  const suppressed = await suppressionsByHash(ctx);
  try {
    await createSeenTable(conn, seenTable);
    // One chunk is in the database while the next is read and checked: Postgres works on one
    // core while this process parses on the other. Chunks still reach the database one at a
    // time and in file order, so each sees everything the one before it wrote.
    let inDatabase: Promise<void> = Promise.resolve();
    let chunk: ImportRow[] = [];
    const byEmail = new Map<string, number>();
    const flush = async () => {
      const rows = chunk;
      chunk = [];
      byEmail.clear();
      await inDatabase;
      inDatabase = importChunk(rows);
      // Awaited at the next flush; until then a failure must not count as unhandled.
      inDatabase.catch(() => {});
    };
    for await (const record of csv.records) {
      // Every record counts, the unreadable ones too: the report's figures add up to this.
      tally.report.rows++;
      if (record.problem) {
        tally.skip(record.problem);
        continue;
      }
      const row = parseImportRow(record.record, record.line, csv.columns, csv.fieldCount, now, csv.source, csv.header);
      if (isRowProblem(row)) {
        tally.skip(row);
        continue;
      }
      const first = byEmail.get(row.email);
      if (first !== undefined) {
        tally.skip(duplicate(row, first));
        continue;
      }
      byEmail.set(row.email, row.line);
      chunk.push(row);
      if (chunk.length >= IMPORT_CHUNK_ROWS) await flush();
    }
    await flush();
    await inDatabase;
  } finally {
    csv.close();
    await dropSeenTable(conn, seenTable).catch(() => {});
    reserved?.release();
  }
  const report = tally.finish();
  // Confirmations to send or lessons to start: the dispatcher hears of it now, whoever imported
  // (the command line, the dashboard, the API); without Redis its next tick finds them anyway.
  if (!report.dryRun && (report.confirmations > 0 || report.enrolled > 0)) kickDispatcherQuietly(ctx);
  return report;

  async function importChunk(rows: ImportRow[]): Promise<void> {
    if (rows.length === 0) return;
    const lookup = await lookUpChunk(conn, seenTable, rows.map((r) => r.email), course?.slug ?? null);
    const writes: ChunkWrite[] = [];
    const suppressions: ChunkSuppression[] = [];
    const report = tally.report;
    let plannedCreates = 0;
    let plannedUpdates = 0;
    for (const row of rows) {
      if (lookup.seenBefore.has(row.email)) {
        tally.skip(duplicate(row, null));
        continue;
      }
      const existing = lookup.existing.get(row.email) ?? null;
      const plan = planRow(row, existing, {
        enroll: course?.slug ?? null,
        suppressed: suppressed.size === 0 ? null : (suppressed.get(emailHash(ctx.config.secret, row.email)) ?? null),
      });
      if (plan.outcome === 'unchanged') {
        report.unchanged++;
        continue;
      }
      if (plan.outcome === 'skipped') {
        tally.skip({ line: row.line, reason: plan.reason, message: plan.message });
        if (plan.suppress) suppressions.push({ emailHash: emailHash(ctx.config.secret, row.email), reason: `imported_${plan.suppress}` });
        continue;
      }
      if (plan.askedBecause) tally.asked({ line: row.line, email: row.email, because: plan.askedBecause });
      if (plan.outcome === 'created') {
        plannedCreates++;
        if (plan.subscriber.status === 'active') report.createdActive++;
        else report.createdPending++;
      } else {
        plannedUpdates++;
      }
      writes.push({
        subscriber: plan.subscriber,
        existing: existing ? { id: existing.id, status: existing.status, confirmationSentAt: existing.confirmationSentAt } : null,
        enrollment: plan.enrollment,
        confirmation: plan.confirmation,
      });
    }
    if (dryRun) {
      report.suppressed += suppressions.length;
      report.created += plannedCreates;
      report.updated += plannedUpdates;
      report.enrolled += writes.filter((w) => w.enrollment).length;
      report.confirmations += writes.filter((w) => w.confirmation).length;
      return;
    }
    const written = await writeChunk(conn, writes, suppressions, { now, enroll: course?.slug ?? null, confirmationTemplate: report.confirmationTemplate });
    report.suppressed += written.suppressed;
    report.created += written.created;
    report.updated += written.updated;
    report.enrolled += written.enrolled;
    report.confirmations += written.confirmations;
    // Rows that changed between the read and the write (rare: a signup or an unsubscribe in
    // that instant) were left as they are; the next import of the file picks them up.
    const raced = plannedCreates - written.created + (plannedUpdates - written.updated);
    for (let i = 0; i < raced; i++) {
      tally.skip({ line: 0, reason: 'changed_meanwhile', message: 'an address changed while the import ran (a signup or an unsubscribe); import the file again to include it.' });
    }
  }
}

function duplicate(row: ImportRow, firstLine: number | null) {
  return {
    line: row.line,
    reason: 'duplicate_in_file' as const,
    message: `line ${row.line}: ${firstLine ? `the same address as line ${firstLine}` : 'an address that appears earlier in the file'}; only the first one counts.`,
  };
}

/** Every hash on the suppression list with its reason; small (it grows only with bounces and erasures). */
async function suppressionsByHash(ctx: ImportContext): Promise<Map<string, SuppressionListReason>> {
  const rows = await ctx.sql<{ email_hash: string; reason: SuppressionListReason }[]>`select email_hash, reason from suppressions`;
  return new Map(rows.map((r) => [r.email_hash, r.reason]));
}
