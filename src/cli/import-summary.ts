import type { ImportReport } from '../subscribers/import/import.js';
import type { AskedBecause } from '../subscribers/import/plan.js';
import type { ImportSkipReason } from '../subscribers/import/report.js';
import { askedWhy, mappingLines, WHY } from '../subscribers/import/wording.js';

const n = (count: number) => count.toLocaleString('en-US');
const people = (count: number) => `${n(count)} ${count === 1 ? 'person' : 'people'}`;

/** The report for a person at a terminal: what happened, then each skipped row and what to do. */
export function formatImportReport(file: string, report: ImportReport): string {
  const would = report.dryRun ? 'would be ' : '';
  const lines: string[] = [
    report.dryRun
      ? `Dry run of ${file}: nothing was written and no email was sent. ${n(report.rows)} rows read.`
      : `Imported ${file}: ${n(report.rows)} rows read.`,
  ];
  const mapping = mappingLines(report);
  if (mapping.length > 0) lines.push(`Read as a ${report.source} export:`, ...mapping.map((m) => `  ${m}`), '');
  const created = [`  ${would}added      ${n(report.created)}`];
  if (report.created > 0) created.push(`(${n(report.createdActive)} with consent, on your list now; ${n(report.createdPending)} asked to confirm first)`);
  lines.push(created.join('  '));
  lines.push(`  ${would}updated    ${n(report.updated)}`);
  lines.push(`  unchanged  ${n(report.unchanged)}`);
  lines.push(`  ${would}skipped    ${n(report.skipped)}`);
  const reasons = Object.entries(report.skippedByReason).sort(([, a], [, b]) => b - a) as Array<[ImportSkipReason, number]>;
  for (const [reason, count] of reasons) lines.push(`      ${n(count).padStart(6)}  ${WHY[reason]}`);
  if (report.suppressed > 0) lines.push(`  ${report.dryRun ? 'would be put' : 'put'} on the suppression list: ${people(report.suppressed)} (the file says they left; never emailed)`);
  const asked = Object.entries(report.askedBecause).sort(([, a], [, b]) => b - a) as Array<[AskedBecause, number]>;
  if (asked.length > 0) {
    lines.push(`  ${report.dryRun ? 'would be asked' : 'asked'} to confirm first: ${people(asked.reduce((sum, [, count]) => sum + count, 0))}`);
    for (const [because, count] of asked) lines.push(`      ${n(count).padStart(6)}  ${askedWhy(because, report.source)}`);
  }
  if (report.enroll) lines.push(`  ${report.dryRun ? 'would be enrolled' : 'enrolled'} in ${report.enroll}: ${people(report.enrolled)}`);
  lines.push(
    report.confirmations === 0
      ? '  confirmation emails: none'
      : `  confirmation emails: ${n(report.confirmations)} ${report.dryRun ? 'would be sent' : 'on their way (the app sends them; nobody without consent joins until she taps the link)'}`,
  );
  if (report.askedRows.length > 0) {
    lines.push('', 'Asked to confirm:');
    for (const row of report.askedRows) lines.push(`  line ${row.line}: ${row.email} (${askedWhy(row.because, report.source)})`);
    const more = Object.values(report.askedBecause).reduce((sum, count) => sum + count, 0) - report.askedRows.length;
    if (more > 0) lines.push(`  … and ${n(more)} more, counted above.`);
  }
  if (report.skippedRows.length > 0) {
    lines.push('', 'Skipped rows:');
    for (const row of report.skippedRows) lines.push(`  ${row.message}`);
    if (report.skippedRowsNotListed > 0) lines.push(`  … and ${n(report.skippedRowsNotListed)} more, counted above.`);
  }
  return lines.join('\n');
}
