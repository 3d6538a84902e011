import type { SuppressedStatus } from '../columns.js';

/**
 * Where a list comes from, told by its header line: this app's own export or her spreadsheet,
 * or another newsletter tool's export. Each names the columns it knows and what each means here.
 *
 * The tools' columns and status words are from their documented exports (no sample file was at
 * hand; each mapping names its source below). What matters most is never mailing someone the
 * file says left: a status word this import does not know, in a tool's file, skips the row.
 */
export type Role =
  | 'email'
  | 'first_name'
  | 'timezone'
  | 'consented_at'
  | 'consent_source'
  | 'newsletter'
  | 'status'
  /** Her confirmation of a double opt-in: consent, when there is no consented_at. */
  | 'confirmed_at'
  /** When she subscribed: consent, when nothing better is there and her status is not "unconfirmed". */
  | 'subscribed_at'
  /** Any value: she unsubscribed. */
  | 'unsubscribed_at'
  /** Any value: her address was cleaned after bounces. */
  | 'cleaned_at'
  /** true: she turned emails off. */
  | 'email_disabled';

export interface SourceColumn {
  role: Role | null;
  /** What the dry run says the column becomes ("consent time", "not imported: …"). */
  meaning: string;
}

export interface ListSource {
  /** "Mailchimp"; the consent source recorded for whoever the file says subscribed. */
  name: string;
  /** A tool's export: its status words are a closed set, and its name is the consent source. */
  tool: boolean;
  detect(names: ReadonlySet<string>): boolean;
  /** By normalised header name (see columnKey). */
  columns: Record<string, SourceColumn>;
}

/** "Email Address" → email_address. */
export const columnKey = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

const col = (role: Role | null, meaning: string): SourceColumn => ({ role, meaning });
const EMAIL = col('email', 'email address');
const FIRST_NAME = col('first_name', 'first name');
const TIMEZONE = col('timezone', 'timezone');
const STATUS = col('status', 'whether she is on the list (who left is never emailed)');
const TAGS = col(null, 'not imported: this app has no tags; keep the file if you need them');
const NOTES = col(null, 'not imported: keep the file if you need them');
const LAST_NAME = col(null, 'not imported: emails greet her by first name');

/** This app's export (columns.ts), and her own spreadsheet with the same names. */
export const OWN_FILE: ListSource = {
  name: 'your file',
  tool: false,
  detect: () => true,
  columns: {
    email: EMAIL,
    email_address: EMAIL,
    e_mail: EMAIL,
    first_name: FIRST_NAME,
    firstname: FIRST_NAME,
    timezone: TIMEZONE,
    time_zone: TIMEZONE,
    tz: TIMEZONE,
    consented_at: col('consented_at', 'consent time'),
    consent_source: col('consent_source', 'where she consented'),
    newsletter: col('newsletter', 'whether she wants your letters'),
    status: STATUS,
    confirmed_at: col('confirmed_at', 'consent time, when consented_at is empty'),
    // This app's export writes these; an import has no use for them.
    created_at: col(null, 'not used'),
    unsubscribed_at: col(null, 'not used (status says whether she left)'),
  },
};

// Mailchimp, Audience › Export audience: a zip of subscribed_members_export_….csv,
// unsubscribed_members_export_….csv and cleaned_members_export_….csv. Merge fields first
// ("Email Address", "First Name", "Last Name", …), then MEMBER_RATING, OPTIN_TIME, OPTIN_IP,
// CONFIRM_TIME, CONFIRM_IP, LATITUDE, LONGITUDE, GMTOFF, DSTOFF, TIMEZONE, CC, REGION,
// LAST_CHANGED, LEID, EUID, NOTES, TAGS; the unsubscribed file adds UNSUB_TIME,
// UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID, UNSUB_REASON, UNSUB_REASON_OTHER, the cleaned one
// CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID. Times are "2021-03-04 12:34:56", UTC.
// CONFIRM_TIME is her double opt-in; OPTIN_TIME alone is a single opt-in (or an import into Mailchimp).
const MAILCHIMP: ListSource = {
  name: 'Mailchimp',
  tool: true,
  detect: (n) => n.has('email_address') && ['optin_time', 'confirm_time', 'member_rating', 'leid', 'euid'].some((c) => n.has(c)),
  columns: {
    email_address: EMAIL,
    first_name: FIRST_NAME,
    last_name: LAST_NAME,
    confirm_time: col('confirmed_at', 'consent time'),
    optin_time: col('subscribed_at', 'consent time, when CONFIRM_TIME is empty'),
    timezone: TIMEZONE,
    unsub_time: col('unsubscribed_at', 'she unsubscribed: suppressed, never emailed'),
    clean_time: col('cleaned_at', 'her address bounced: suppressed, never emailed'),
    tags: TAGS,
    notes: NOTES,
  },
};

// Kit (formerly ConvertKit), Subscribers › export: email_address (older files: email),
// first_name, created_at, status (the API calls it state): active, cancelled (she
// unsubscribed), bounced, complained, inactive (never confirmed her double opt-in).
const KIT: ListSource = {
  name: 'Kit',
  tool: true,
  detect: (n) =>
    (n.has('email') || n.has('email_address')) &&
    n.has('created_at') &&
    (n.has('status') || n.has('state')) &&
    // This app's own export has created_at and status too, and these besides.
    !['consented_at', 'confirmed_at', 'consent_source', 'newsletter'].some((c) => n.has(c)),
  columns: {
    email: EMAIL,
    email_address: EMAIL,
    first_name: FIRST_NAME,
    created_at: col('subscribed_at', 'consent time (when she subscribed)'),
    status: STATUS,
    state: STATUS,
    tags: TAGS,
  },
};

// Substack, Subscribers › Export: email, active_subscription (a paid plan), expiry, plan,
// email_disabled (she turned emails off), created_at (older files: subscription_date).
const SUBSTACK: ListSource = {
  name: 'Substack',
  tool: true,
  detect: (n) => n.has('email') && (n.has('email_disabled') || n.has('active_subscription')),
  columns: {
    email: EMAIL,
    name: col(null, 'not imported: a full name, not a first name'),
    created_at: col('subscribed_at', 'consent time (when she subscribed)'),
    subscription_date: col('subscribed_at', 'consent time (when she subscribed)'),
    email_disabled: col('email_disabled', 'she turned emails off: suppressed, never emailed'),
    active_subscription: col(null, 'not used (a paid plan; free readers are on the list too)'),
  },
};

// Buttondown, Subscribers › Export: email (email_address in the API), creation_date,
// subscriber_type (type in the API): regular, premium, gifted, trialed, churning, churned,
// past_due, unpaid, paused (all still receiving), unactivated (never confirmed), unsubscribed,
// removed, spammy, undeliverable; notes, tags, metadata, referrer_url, secondary_id.
const BUTTONDOWN: ListSource = {
  name: 'Buttondown',
  tool: true,
  detect: (n) => n.has('subscriber_type') || (n.has('creation_date') && (n.has('email') || n.has('email_address'))),
  columns: {
    email: EMAIL,
    email_address: EMAIL,
    creation_date: col('subscribed_at', 'consent time (when she subscribed)'),
    subscriber_type: STATUS,
    type: STATUS,
    notes: NOTES,
    tags: TAGS,
  },
};

// MailerLite, Subscribers › Export: classic files name the address "Subscriber" with "Name",
// "Last name", "Subscribed" and "Type"; the current app writes email, name, last_name,
// subscribed_at (older: date_subscribe) and status: active, unsubscribed, bounced, junk (marked
// as spam), unconfirmed.
const MAILERLITE: ListSource = {
  name: 'MailerLite',
  tool: true,
  detect: (n) => n.has('subscriber') || n.has('subscribed') || n.has('subscribed_at') || n.has('date_subscribe'),
  columns: {
    subscriber: EMAIL,
    email: EMAIL,
    name: FIRST_NAME,
    last_name: LAST_NAME,
    subscribed: col('subscribed_at', 'consent time (when she subscribed)'),
    subscribed_at: col('subscribed_at', 'consent time (when she subscribed)'),
    date_subscribe: col('subscribed_at', 'consent time (when she subscribed)'),
    status: STATUS,
    type: STATUS,
  },
};

const TOOLS = [MAILCHIMP, BUTTONDOWN, SUBSTACK, MAILERLITE, KIT];

export function detectSource(header: string[]): ListSource {
  const names = new Set(header.map(columnKey));
  return TOOLS.find((tool) => tool.detect(names)) ?? OWN_FILE;
}

export type Standing = 'active' | 'pending' | SuppressedStatus;

/** Every tool's status words (see each above), and this app's own. */
const STANDINGS: Record<string, Standing> = {
  active: 'active',
  subscribed: 'active',
  regular: 'active',
  premium: 'active',
  gifted: 'active',
  trialed: 'active',
  churning: 'active',
  churned: 'active',
  past_due: 'active',
  unpaid: 'active',
  paused: 'active',
  pending: 'pending',
  unconfirmed: 'pending',
  inactive: 'pending',
  unactivated: 'pending',
  unsubscribed: 'unsubscribed',
  cancelled: 'unsubscribed',
  canceled: 'unsubscribed',
  removed: 'unsubscribed',
  spammy: 'unsubscribed',
  bounced: 'bounced',
  cleaned: 'bounced',
  undeliverable: 'bounced',
  complained: 'complained',
  junk: 'complained',
};

export const standingOf = (status: string): Standing | undefined => {
  const key = columnKey(status);
  return Object.hasOwn(STANDINGS, key) ? STANDINGS[key] : undefined;
};
