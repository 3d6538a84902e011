import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from './columns.js';

/** A page she reads on a phone: enough to find someone, never the whole list. */
export const SEARCH_LIMIT = 50;

const input = z.object({
  query: z
    .string()
    .trim()
    .max(200, { error: 'That search is too long. Type part of an address or a name (up to 200 characters).' })
    .optional()
    .default(''),
  status: z
    .enum(['', ...SUBSCRIBER_STATUSES], { error: `Choose a status from the list (${SUBSCRIBER_STATUSES.join(', ')}), or all.` })
    .optional()
    .default(''),
});

export interface SubscriberSummary {
  id: number;
  email: string;
  firstName: string | null;
  status: SubscriberStatus;
  createdAt: Date;
}

export interface SubscriberSearch {
  query: string;
  status: SubscriberStatus | null;
  people: SubscriberSummary[];
  /** More people matched than are listed (the newest SEARCH_LIMIT are). */
  more: boolean;
  /** Everyone on the list by status, whatever the search. */
  counts: Record<SubscriberStatus, number>;
}

/** `%` and `_` she types are letters, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Letters with no decomposition that a name may still carry; each stands for one plain letter. */
const UNDECOMPOSED: Record<string, string> = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ı: 'i' };

/** "María JOSÉ" → "maria jose": what a search compares, on both sides. */
export const foldForSearch = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øØłŁđĐı]/g, (c) => UNDECOMPOSED[c]!)
    .toLowerCase();

/**
 * The same folding in SQL, as one translate(): every Latin letter with an accent (Latin-1 and
 * Latin Extended-A) to its plain lower-case letter. Not the unaccent extension, which plain
 * Postgres and the embedded PGlite of `npm start` do not both have; and not lower() alone,
 * which under a C locale leaves É as it is.
 */
const [ACCENTED, PLAIN] = (() => {
  const from: string[] = [];
  const to: string[] = [];
  for (let code = 0xc0; code <= 0x17f; code++) {
    const letter = String.fromCharCode(code);
    const plain = foldForSearch(letter);
    if (plain !== letter && /^[a-z]$/.test(plain)) {
      from.push(letter);
      to.push(plain);
    }
  }
  return [from.join(''), to.join('')];
})();

/**
 * The dashboard's search: people whose address or first name contains what she typed, in any
 * case and with or without accents ("jose" finds María José), newest first, at most SEARCH_LIMIT. A contains-search cannot use an index; on a list of
 * this size (tens of thousands) the scan is a few milliseconds, and it runs only when she asks.
 * An empty search lists the newest people.
 */
export async function searchSubscribers(ctx: Pick<AppContext, 'sql'>, raw: { query?: string | null; status?: string | null }): Promise<SubscriberSearch> {
  const parsed = input.safeParse({ query: raw.query ?? undefined, status: raw.status?.trim().toLowerCase() || undefined });
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.issues[0]?.message ?? 'That search is not valid.');
  const { query } = parsed.data;
  const status = (parsed.data.status || null) as SubscriberStatus | null;
  const sql = ctx.sql;
  const pattern = likePattern(foldForSearch(query));
  const [rows, counted] = await Promise.all([
    sql<{ id: string; email: string; first_name: string | null; status: SubscriberStatus; created_at: Date }[]>`
      select id, email, first_name, status, created_at from subscribers
      where true
        ${query ? sql`and (lower(translate(email, ${ACCENTED}, ${PLAIN})) like ${pattern} or lower(translate(first_name, ${ACCENTED}, ${PLAIN})) like ${pattern})` : sql``}
        ${status ? sql`and status = ${status}` : sql``}
      order by created_at desc, id desc
      limit ${SEARCH_LIMIT + 1}`,
    sql<{ status: SubscriberStatus; n: number }[]>`select status, count(*)::int as n from subscribers group by status`,
  ]);
  const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
  for (const row of counted) counts[row.status] = row.n;
  return {
    query,
    status,
    people: rows.slice(0, SEARCH_LIMIT).map((r) => ({ id: Number(r.id), email: r.email, firstName: r.first_name, status: r.status, createdAt: r.created_at })),
    more: rows.length > SEARCH_LIMIT,
    counts,
  };
}
