/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { askedWhy, mappingLines, WHY } from '../../../subscribers/import/wording.js';
import type { AskedBecause } from '../../../subscribers/import/plan.js';
import type { ImportReport } from '../../../subscribers/import/import.js';
import type { ImportSkipReason } from '../../../subscribers/import/report.js';
import { AdminPage } from '../layout.js';
import { formatCount as n } from './format.js';
import { subscriberStyles } from './styles.js';

export interface CourseChoice {
  slug: string;
  title: string;
}

const people = (count: number) => `${n(count)} ${count === 1 ? 'person' : 'people'}`;

/** The command line's report (cli/import-summary.ts), line for line, as a page, in the same words (subscribers/import/wording.ts). */
export function ImportReportView({ file, report }: { file: string; report: ImportReport }) {
  const would = report.dryRun ? 'would be ' : '';
  const reasons = Object.entries(report.skippedByReason).sort(([, a], [, b]) => b - a) as Array<[ImportSkipReason, number]>;
  const asked = Object.entries(report.askedBecause).sort(([, a], [, b]) => b - a) as Array<[AskedBecause, number]>;
  const mapping = mappingLines(report);
  return (
    <section class="panel" aria-labelledby="report-heading">
      <h2 id="report-heading">
        {report.dryRun ? 'Checked, nothing imported' : 'Imported'}
      </h2>
      <p class="notice" role="status">
        {report.dryRun
          ? `Dry run of ${file}: nothing was written and no email was sent. ${n(report.rows)} rows read.`
          : `Imported ${file}: ${n(report.rows)} rows read.`}
      </p>
      {mapping.length > 0 ? (
        <>
          <h3>Read as a {report.source} export</h3>
          <ul class="mapping">
            {mapping.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="report-figures">
        <dt>{would}added</dt>
        <dd>{n(report.created)}</dd>
        <dt>{would}updated</dt>
        <dd>{n(report.updated)}</dd>
        <dt>unchanged</dt>
        <dd>{n(report.unchanged)}</dd>
        <dt>{would}skipped</dt>
        <dd>{n(report.skipped)}</dd>
      </dl>
      {report.created > 0 ? (
        <p>
          Of those added: {n(report.createdActive)} with consent, on your list now; {n(report.createdPending)} asked to confirm first.
        </p>
      ) : null}
      {reasons.length > 0 ? (
        <>
          <h3>Why rows were skipped</h3>
          <ul>
            {reasons.map(([reason, count]) => (
              <li>
                {n(count)}: {WHY[reason]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.suppressed > 0 ? (
        <p>
          {report.dryRun ? 'Would be put' : 'Put'} on the suppression list: {people(report.suppressed)} (the file says they left; never emailed).
        </p>
      ) : null}
      {asked.length > 0 ? (
        <>
          <h3>{report.dryRun ? 'Would be asked to confirm first' : 'Asked to confirm first'}</h3>
          <ul>
            {asked.map(([because, count]) => (
              <li>
                {n(count)}: {askedWhy(because, report.source)}
              </li>
            ))}
          </ul>
          <ul class="skipped-rows">
            {report.askedRows.map((row) => (
              <li>
                line {row.line}: {row.email} ({askedWhy(row.because, report.source)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.enroll ? (
        <p>
          {report.dryRun ? 'Would be enrolled' : 'Enrolled'} in {report.enroll}: {people(report.enrolled)}
        </p>
      ) : null}
      <p>
        {report.confirmations === 0
          ? 'Confirmation emails: none.'
          : `Confirmation emails: ${n(report.confirmations)} ${report.dryRun ? 'would be sent' : 'on their way (the app sends them; nobody without consent joins until she taps the link)'}.`}
      </p>
      {report.warnings.length > 0 ? (
        <>
          <h3>Warnings</h3>
          <ul>
            {report.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      {report.skippedRows.length > 0 ? (
        <>
          <h3>Skipped rows</h3>
          <ul class="skipped-rows">
            {report.skippedRows.map((row) => (
              <li>{row.message}</li>
            ))}
          </ul>
          {report.skippedRowsNotListed > 0 ? <p>… and {n(report.skippedRowsNotListed)} more, counted above.</p> : null}
        </>
      ) : null}
    </section>
  );
}

/**
 * /admin/subscribers/import: the form, and after an upload its report, or what was wrong with
 * the file (then nothing was written).
 */
export function ImportPage(props: { courses: CourseChoice[]; maxMegabytes: number; error?: string; result?: { file: string; report: ImportReport }; enroll?: string; dryRun?: boolean }) {
  const { courses, maxMegabytes, error, result, enroll = '', dryRun = false } = props;
  return (
    <AdminPage title="Import subscribers" section="subscribers">
      <style>{raw(subscriberStyles)}</style>
      <p>
        <a href="/admin/subscribers">← All subscribers</a>
      </p>
      <h1>Import subscribers</h1>
      {error ? (
        <div class="alert" role="alert">
          <p>{error}</p>
          <p>Nothing was imported and nothing changed.</p>
        </div>
      ) : null}
      {result ? <ImportReportView file={result.file} report={result.report} /> : null}
      <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data" class="panel">
        <h2>{result ? 'Import another file' : 'Your list, as a CSV file'}</h2>
        <p>
          One person per line. The first line names the columns: <code>email</code> (needed), and any of <code>first_name</code>, <code>timezone</code>,{' '}
          <code>consented_at</code>, <code>consent_source</code>, <code>newsletter</code>. People without a recorded consent are sent a confirmation email and join only when
          they tap its link. Anyone who unsubscribed, bounced or was erased is never added back.
        </p>
        <p>
          An export from Mailchimp, Kit, Substack, Buttondown or MailerLite can be uploaded as it is. Tick "Check only" first to see how each column is read, and
          who would be asked to confirm.
        </p>
        <div class="field">
          <label for="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
          <span class="hint" id="file-hint">
            {`Up to ${maxMegabytes} MB. From a spreadsheet: File → Download (or Save as) → CSV.`}
          </span>
        </div>
        <div class="field">
          <label for="enroll">
            Enroll everyone in a course <span class="optional">(optional)</span>
          </label>
          <select id="enroll" name="enroll">
            <option value="" selected={enroll === ''}>
              No course: the newsletter only
            </option>
            {courses.map((c) => (
              <option value={c.slug} selected={enroll === c.slug}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="choice">
            <input type="checkbox" name="dryRun" value="yes" checked={dryRun} />
            <span>Check only (dry run): show what would happen, write nothing, send nothing</span>
          </label>
        </div>
        <button type="submit" class="button">
          Upload and import
        </button>
      </form>
    </AdminPage>
  );
}
