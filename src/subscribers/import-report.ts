import type { InvalidReason } from './import-row.js';
import type { SkipReason } from './import-plan.js';

export type ImportSkipReason = InvalidReason | SkipReason;

/** What an import did (or, in a dry run, would do), for the CLI, the admin API and the guide. */
export interface ImportReport {
  dryRun: boolean;
  /** The course of `--enroll`, if any. */
  enroll: string | null;
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
  /** Enrollments in the `--enroll` course made or started. */
  enrolled: number;
  /** Confirmation emails queued (each goes out once, through the send batches). */
  confirmations: number;
  confirmationTemplate: string;
  /** The first skipped rows, by line, with what to do about each. */
  skippedRows: SkippedRow[];
  /** How many more skipped rows there were beyond those listed. */
  skippedRowsNotListed: number;
  warnings: string[];
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
      rows: 0,
      created: 0,
      createdActive: 0,
      createdPending: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      skippedByReason: {},
      enrolled: 0,
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

  warn(message: string): void {
    this.report.warnings.push(message);
  }

  /** Skipped rows in file order (a broken quote is heard of before the rows read ahead of it). */
  finish(): ImportReport {
    this.listed.sort((a, b) => a.line - b.line);
    return this.report;
  }
}
