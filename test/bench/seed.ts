import type postgres from 'postgres';
import { insertReaders } from '../support/seed.js';

/**
 * Readers with one pending lesson delivery each and no batch: the naive pipeline's input. One
 * transaction, with ANALYZE, for the same reasons as seedDueEnrollments.
 */
export async function seedLoneDeliveries(sql: postgres.Sql, count: number, template: string): Promise<number[]> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      with fresh as (${insertReaders(tx, count, { tag: 'naive', mixed: true })})
      insert into deliveries (dedupe_key, kind, subscriber_id, lesson_index, template, due_at)
      select 'naive:' || id, 'lesson', id, 0, ${template}, now() from fresh order by id
      returning id`;
    await tx`analyze subscribers`;
    await tx`analyze deliveries`;
    return rows.map((r) => Number(r.id));
  });
}
