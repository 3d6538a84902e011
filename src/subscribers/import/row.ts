import { checkFirstName, checkTimezone, CONTROL, FIRST_NAME_MAX, normaliseEmail } from '../person-fields.js';
import { DOUBLE_OPT_IN_SOURCE, fromSpreadsheetSafe, isSuppressed, type SuppressedStatus } from '../columns.js';
import { OWN_FILE, standingOf, type ListSource, type Role } from './sources.js';

/** One person from her file, checked and normalised. Null means the file left it empty. */
export interface ImportRow {
  line: number;
  /** Lower-cased, like a signup's. */
  email: string;
  firstName: string | null;
  timezone: string | null;
  consentedAt: Date | null;
  consentSource: string | null;
  newsletter: boolean | null;
  /** The file says she left (a status, an unsubscribe or clean time): she is never added back. */
  leftAs: SuppressedStatus | null;
  /** The file says she never confirmed her double opt-in there (Kit's "inactive"): no consent. */
  unconfirmed: boolean;
}

export type InvalidReason =
  | 'invalid_email'
  | 'invalid_first_name'
  | 'invalid_timezone'
  | 'invalid_date'
  | 'invalid_newsletter'
  | 'invalid_consent_source'
  | 'invalid_utf8'
  | 'wrong_column_count'
  | 'broken_quotes'
  | 'row_too_long'
  | 'too_many_values'
  | 'unknown_status';

export interface RowProblem {
  line: number;
  reason: InvalidReason;
  message: string;
}

/** Where each known column sits in a record (from the header line). */
export type ColumnPositions = Partial<Record<Role, number>>;

// What a decoder puts where bytes were not UTF-8: csv-parse decodes each field whole, so a
// character split across two reads of the file never shows up as one.
const REPLACEMENT = '\uFFFD';
const NEWSLETTER_VALUES = new Map<string, boolean>([['yes', true], ['y', true], ['true', true], ['1', true], ['no', false], ['n', false], ['false', false], ['0', false]]);

const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);

/** Checks one record of the file: the row to import, or what is wrong with it and how to fix it. */
export function parseImportRow(
  record: string[],
  line: number,
  columns: ColumnPositions,
  expectedFields: number,
  now: Date,
  source: ListSource = OWN_FILE,
  header: readonly string[] = [],
): ImportRow | RowProblem {
  const problem = (reason: InvalidReason, message: string): RowProblem => ({ line, reason, message: `line ${line}: ${message}` });
  if (record.length !== expectedFields) {
    return problem('wrong_column_count', `has ${record.length} values, but the first line names ${expectedFields} columns. A value with a comma in it needs "double quotes" around it.`);
  }
  if (record.some((field) => field.includes(REPLACEMENT))) {
    return problem('invalid_utf8', 'has characters that are not UTF-8 (they show as �). Save the file as "CSV UTF-8" and import it again.');
  }
  const value = (column: Role) => {
    const at = columns[column];
    return at === undefined ? '' : fromSpreadsheetSafe(record[at]!.trim());
  };

  const rawEmail = value('email');
  if (rawEmail === '') return problem('invalid_email', 'has no email address.');
  const email = normaliseEmail(rawEmail);
  if (!email) return problem('invalid_email', `${shown(rawEmail)} is not an email address.`);

  const name = checkFirstName(value('first_name'));
  if ('problem' in name) {
    return problem('invalid_first_name', name.problem === 'too_long' ? `has a first name longer than ${FIRST_NAME_MAX} characters.` : 'has control characters in its first name.');
  }

  const rawZone = value('timezone');
  const zone = checkTimezone(rawZone);
  if ('problem' in zone) {
    return problem('invalid_timezone', `${shown(rawZone)} is not a timezone. Use a name like Europe/Paris or America/Chicago, or leave it empty.`);
  }

  // Whether the file says she is on the list, left it, or never confirmed.
  const rawStatus = value('status');
  const standing = rawStatus === '' ? null : standingOf(rawStatus);
  if (standing === undefined && source.tool) {
    // A word this import does not know may mean she left: she is not mailed on a guess.
    return problem('unknown_status', `the status ${shown(rawStatus)} from ${source.name} is a word the import doesn't recognise, so she was left out. Change it to active or unsubscribed, then import the file again.`);
  }
  const leftAs: SuppressedStatus | null =
    standing && isSuppressed(standing)
      ? standing
      : value('unsubscribed_at') !== '' || NEWSLETTER_VALUES.get(value('email_disabled').toLowerCase()) === true
        ? 'unsubscribed'
        : value('cleaned_at') !== ''
          ? 'bounced'
          : null;
  const unconfirmed = standing === 'pending';

  const named = (role: Role, fallback: string) => (columns[role] !== undefined && header[columns[role]!]) || fallback;
  const rawConsent = value('consented_at');
  let consentedAt: Date | null = null;
  if (rawConsent !== '') {
    consentedAt = parseDate(rawConsent);
    if (!consentedAt) return problem('invalid_date', `consented_at ${shown(rawConsent)} is not a date. Write it like 2024-03-01 or 2024-03-01T09:30:00Z.`);
    if (consentedAt.getTime() > now.getTime()) return problem('invalid_date', `consented_at ${shown(rawConsent)} is in the future.`);
  }
  // A confirmed double opt-in is recorded consent (this app's export, Mailchimp's CONFIRM_TIME);
  // so is the time she subscribed in a tool, unless the tool says she never confirmed.
  let consentFrom: 'consented_at' | 'confirmed_at' | 'subscribed_at' | null = consentedAt ? 'consented_at' : null;
  for (const role of ['confirmed_at', 'subscribed_at'] as const) {
    const raw = value(role);
    if (consentedAt || unconfirmed || leftAs || raw === '') continue;
    consentedAt = parseDate(raw);
    if (!consentedAt || consentedAt.getTime() > now.getTime()) return problem('invalid_date', `${named(role, role)} ${shown(raw)} is not a date in the past.`);
    consentFrom = role;
  }
  // The file says she is waiting to confirm: whatever date it has, she has not agreed yet.
  if (unconfirmed) {
    consentedAt = null;
    consentFrom = null;
  }

  const rawSource = value('consent_source');
  if (rawSource.length > 200 || CONTROL.test(rawSource)) return problem('invalid_consent_source', 'has a consent_source longer than 200 characters or with control characters.');

  const rawNewsletter = value('newsletter').toLowerCase();
  const newsletter = rawNewsletter === '' ? null : NEWSLETTER_VALUES.get(rawNewsletter);
  if (newsletter === undefined) return problem('invalid_newsletter', `newsletter ${shown(value('newsletter'))} should be yes or no (or empty).`);

  return {
    line,
    email,
    firstName: name.firstName,
    timezone: zone.timezone,
    consentedAt,
    consentSource: consentedAt ? rawSource || (source.tool ? source.name : consentFrom === 'confirmed_at' ? DOUBLE_OPT_IN_SOURCE : null) : null,
    newsletter,
    leftAs,
    unconfirmed,
  };
}

export const isRowProblem = (row: ImportRow | RowProblem): row is RowProblem => 'reason' in row;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601 dates as spreadsheets and other tools write them: a day (taken as midnight UTC), or a
 * day and time with an offset or Z (without one, UTC). Impossible days (2024-02-30) are refused
 * rather than rolled over into March.
 */
export function parseDate(value: string): Date | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  if (month! < 1 || month! > 12 || day! < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z' && zone.toUpperCase() !== 'UTC') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return new Date(utc - offsetMinutes * 60_000);
}
