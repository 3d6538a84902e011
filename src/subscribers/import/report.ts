import type { InvalidReason } from './row.js';
import type { AskedBecause, SkipReason } from './plan.js';
import type { ColumnMapping } from './csv.js';

export type ImportSkipReason = InvalidReason | SkipReason;

/** What an import did (or, in a dry run, would do), for the CLI, the admin API and the guide. */
export interface ImportReport {
  dryRun: boolean;
  /** The course the import enrolls into, if any. */
  enroll: string | null;
  /** Whose export the file is ("Mailchimp"), or "your file". */
  source: string;
  /** Each column of the file and what it became. */
  mapping: ColumnMapping[];
  /**
   * Rows read after the header line (blank ones aside), unreadable ones included: always
   * created + updated + unchanged + skipped.
   */
  rows: number;
  created: number;
  /** Of those created: on the list now (consent given), or waiting for their confirmation. */
  createdActive: number;
  createdPending: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedByReason: Partial<Record<ImportSkipReason, number>>;
  /** Enrollments in the import's course made or started. */
  enrolled: number;
  /** New addresses the file says left, put on the suppression list (never emailed). */
  suppressed: number;
  /** Why those asked to confirm are asked, by reason; the first of them are listed. */
  askedBecause: Partial<Record<AskedBecause, number>>;
  askedRows: AskedRow[];
  /** Confirmation emails queued (each goes out once, through the send batches). */
  confirmations: number;
  confirmationTemplate: string;
  /** The first skipped rows, by line, with what to do about each. */
  skippedRows: SkippedRow[];
  /** How many more skipped rows there were beyond those listed. */
  skippedRowsNotListed: number;
  warnings: string[];
}

export interface AskedRow {
  line: number;
  email: string;
  because: AskedBecause;
}

export interface SkippedRow {
  line: number;
  reason: ImportSkipReason;
  message: string;
}

/** Enough to fix a file by; the counts per reason cover the rest, in constant memory. */
export const LISTED_SKIPS = 100;

export class ImportTally {
  readonly report: ImportReport;
  private readonly listed: SkippedRow[] = [];

  constructor(options: { dryRun: boolean; enroll: string | null; confirmationTemplate: string }) {
    this.report = {
      dryRun: options.dryRun,
      enroll: options.enroll,
      source: 'your file',
      mapping: [],
      rows: 0,
      created: 0,
      createdActive: 0,
      createdPending: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      skippedByReason: {},
      enrolled: 0,
      suppressed: 0,
      askedBecause: {},
      askedRows: [],
      confirmations: 0,
      confirmationTemplate: options.confirmationTemplate,
      skippedRows: this.listed,
      skippedRowsNotListed: 0,
      warnings: [],
    };
  }

  skip(row: SkippedRow): void {
    const r = this.report;
    r.skipped++;
    r.skippedByReason[row.reason] = (r.skippedByReason[row.reason] ?? 0) + 1;
    if (this.listed.length < LISTED_SKIPS) this.listed.push(row);
    else r.skippedRowsNotListed++;
  }

  asked(row: AskedRow): void {
    const r = this.report;
    r.askedBecause[row.because] = (r.askedBecause[row.because] ?? 0) + 1;
    if (r.askedRows.length < LISTED_SKIPS) r.askedRows.push(row);
  }

  warn(message: string): void {
    this.report.warnings.push(message);
  }

  /** Skipped rows in file order (a broken quote is heard of before the rows read ahead of it). */
  finish(): ImportReport {
    this.listed.sort((a, b) => a.line - b.line);
    this.report.askedRows.sort((a, b) => a.line - b.line);
    return this.report;
  }
}
