import type { ImportReport } from './import.js';
import type { AskedBecause } from './plan.js';
import type { ImportSkipReason } from './report.js';

/*
 * An import's outcomes in a few plain words: the command line's report and the dashboard's
 * import page say them alike, each laid out its own way.
 */

/** Why someone is asked to confirm, in a few words; as both faces show it. */
export const askedWhy = (because: AskedBecause, source: string): string =>
  ({
    no_consent: 'no consent date in the file',
    unconfirmed: `never confirmed her subscription in ${source}`,
    erased: 'she erased herself here before, so an old consent no longer counts',
  })[because];

/** "Read as a Mailchimp export: CONFIRM_TIME → consent time; …", for a tool's file only (her own names its columns as this app does). */
export const mappingLines = (report: ImportReport): string[] =>
  report.source === 'your file' ? [] : report.mapping.map((m) => `${m.column} → ${m.meaning}`);

/** Each reason a row is skipped, in a few words; as both faces show it. */
export const WHY: Record<ImportSkipReason, string> = {
  unsubscribed: 'unsubscribed earlier (never added back)',
  bounced: 'emails to them bounced (never added back)',
  complained: 'marked an email as spam (never added back)',
  duplicate_in_file: 'the same address earlier in the file',
  newsletter_declined: 'no consent, and newsletter is "no"',
  changed_meanwhile: 'changed while the import ran (import again)',
  invalid_email: 'not an email address',
  invalid_first_name: 'first name too long or with control characters',
  invalid_timezone: 'not a timezone',
  invalid_date: 'consented_at is not a date in the past',
  invalid_newsletter: 'newsletter is not yes or no',
  invalid_consent_source: 'consent_source too long',
  invalid_utf8: 'characters that are not UTF-8',
  wrong_column_count: 'the wrong number of values',
  broken_quotes: 'a quote that never closes',
  row_too_long: 'a line longer than 64 KB',
  too_many_values: 'more than 1,000 values on one line',
  unknown_status: 'a status this import does not know (left out, in case it means she left)',
};
