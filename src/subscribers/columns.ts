/**
 * The columns of her list, in both directions. An import reads these (by name, in any order;
 * import-sources.ts has other tools' names for them); an export writes them, then what only
 * this app knows about each person.
 */
export const IMPORT_COLUMNS = ['email', 'first_name', 'timezone', 'consented_at', 'consent_source', 'newsletter'] as const;
export const EXPORT_ONLY_COLUMNS = ['status', 'created_at', 'confirmed_at', 'unsubscribed_at'] as const;
export const EXPORT_COLUMNS = [...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS] as const;

/**
 * The consent source written for her double opt-in: she tapped the link in a confirmation email
 * (after signing up on a course page, or when an import invited her). An export names it so
 * another tool reading the file sees her consent, and an import reads it back as recorded.
 */
export const DOUBLE_OPT_IN_SOURCE = 'double opt-in (she confirmed her address by email)';

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export type KnownColumn = (typeof EXPORT_COLUMNS)[number];

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** Addresses an import never puts back on the list. */
export const SUPPRESSED_STATUSES = ['unsubscribed', 'bounced', 'complained'] as const;
export type SuppressedStatus = (typeof SUPPRESSED_STATUSES)[number];
export const isSuppressed = (status: string): status is SuppressedStatus => (SUPPRESSED_STATUSES as readonly string[]).includes(status);

// A cell starting with one of these is a formula to Excel and Google Sheets (CSV injection): a
// name typed into the signup form could run when she opens her export. An apostrophe in front
// makes a spreadsheet show it as text, and an import takes it off again, so a round trip is exact.
const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function fromSpreadsheetSafe(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
