import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Database = PostgresJsDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Seconds postgres.js waits for a new connection before failing the query that needed it. */
export const DATABASE_CONNECT_TIMEOUT_S = 3;

export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // postgres.js waits 30 s for a connection by default. While Postgres restarts, a request
    // should hear 503 within seconds, not hang: a refused connect fails at once, and one that
    // gets no answer (a fail-over's address not up yet) fails after this.
    connect_timeout: DATABASE_CONNECT_TIMEOUT_S,
    // After each failed connect postgres.js waits longer before the next (3^n/100 s, up to 20 s,
    // counted across the pool), and a query that needs that connection waits with it: ten
    // seconds into an outage a signup hung for many seconds before its 503, and the pool came
    // back seconds after Postgres did. Half a second at most still spares a server that is down.
    backoff: (retries: number) => Math.min(0.5, 0.05 * 2 ** retries),
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  // drizzle() switches postgres.js's timestamp handling to pass strings through, which breaks
  // Date parameters and results in the raw queries of the hot path. Drizzle's own timestamp
  // columns accept either form, so restoring postgres.js's Date handling serves both.
  const { parsers, serializers } = sql.options as unknown as Record<'parsers' | 'serializers', Record<number, (v: unknown) => unknown>>;
  for (const oid of [1184, 1114]) {
    parsers[oid] = (value) => new Date(oid === 1114 ? `${value}Z` : (value as string));
    serializers[oid] = (value) => (value instanceof Date ? value : new Date(value as string)).toISOString();
  }
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
