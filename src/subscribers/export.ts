import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { DOUBLE_OPT_IN_SOURCE, EXPORT_COLUMNS, spreadsheetSafe, SUBSCRIBER_STATUSES, type SubscriberStatus } from './columns.js';

export interface ExportOptions {
  /** Only people with this status; everyone when absent. */
  status?: string | null;
}

export type ExportContext = Pick<AppContext, 'sql'>;

interface ExportRow {
  id: string;
  email: string;
  first_name: string | null;
  timezone: string;
  consented_at: Date | null;
  consent_source: string | null;
  newsletter: boolean;
  status: SubscriberStatus;
  created_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
}

/** Rows per read. */
const PAGE_ROWS = 1_000;

/** Checked before the first byte goes out, so a wrong status is a plain error, not half a file. */
export function exportStatus(status: string | null | undefined): SubscriberStatus | null {
  const wanted = status?.trim().toLowerCase() || null;
  if (wanted && !(SUBSCRIBER_STATUSES as readonly string[]).includes(wanted)) {
    throw new AppError('validation_failed', `There is no status "${status}". Use one of: ${SUBSCRIBER_STATUSES.join(', ')}.`);
  }
  return wanted as SubscriberStatus | null;
}

/**
 * `subscribers export`: her list as CSV, the import's columns first (so an export imports back
 * as all unchanged), then what only this app knows. Never a token or anything derived from the
 * secret. Pages are read by id (a keyset cursor), each its own short query: nothing is held
 * open between pages, so a slow reader of the file never keeps the embedded database, which
 * serves one connection, from the app's own work.
 */
export async function* exportSubscribers(ctx: ExportContext, options: ExportOptions = {}): AsyncGenerator<string> {
  const status = exportStatus(options.status);
  yield stringify([[...EXPORT_COLUMNS]]);
  let after = 0;
  for (;;) {
    const rows = await ctx.sql<ExportRow[]>`
      select id, email, first_name, timezone, consented_at, consent_source, newsletter, status, created_at, confirmed_at, unsubscribed_at
      from subscribers
      where id > ${after} ${status ? ctx.sql`and status = ${status}` : ctx.sql``}
      order by id
      limit ${PAGE_ROWS}`;
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.id);
    yield stringify(rows.map(toCsvRecord));
    if (rows.length < PAGE_ROWS) return;
  }
}

/**
 * The same, as a byte stream for an HTTP answer (the admin API's and the dashboard's download).
 * Pulled: the next page is read only when the client has taken the last one.
 */
export function exportSubscribersStream(ctx: ExportContext, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const rows = exportSubscribers(ctx, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

const iso = (date: Date | null) => (date ? date.toISOString() : '');

function toCsvRecord(row: ExportRow): string[] {
  // Her confirmation is her consent: the columns another tool reads for it say so, not only
  // confirmed_at, which no other tool knows to look at.
  const consentedAt = row.consented_at ?? row.confirmed_at;
  const consentSource = row.consented_at ? row.consent_source : row.confirmed_at ? DOUBLE_OPT_IN_SOURCE : null;
  return [
    spreadsheetSafe(row.email),
    spreadsheetSafe(row.first_name ?? ''),
    row.timezone,
    iso(consentedAt),
    spreadsheetSafe(consentSource ?? ''),
    row.newsletter ? 'yes' : 'no',
    row.status,
    iso(row.created_at),
    iso(row.confirmed_at),
    iso(row.unsubscribed_at),
  ];
}
