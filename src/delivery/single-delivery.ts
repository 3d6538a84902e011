import { sql } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';

// Any drizzle transaction over our schema; only `execute` is used.
type Tx = Pick<PgTransaction<any, any, any>, 'execute'>;

export interface SingleDelivery {
  dedupeKey: string;
  kind: 'confirmation' | 'lesson' | 'broadcast';
  subscriberId: number;
  template: string;
  dueAt: Date;
}

/**
 * A one-off email (a confirmation, a test send) goes through the same batches and send jobs
 * as everything else: a batch of one, created in the caller's transaction, so the email and
 * the state change that caused it commit together.
 */
export async function createSingleDelivery(tx: Tx, delivery: SingleDelivery): Promise<number | null> {
  const [batch] = await tx.execute<{ id: string }>(sql`
    insert into send_batches (template, created_at) values (${delivery.template}, ${delivery.dueAt})
    returning id`);
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into deliveries (dedupe_key, kind, subscriber_id, template, batch_id, due_at, created_at, updated_at)
    values (${delivery.dedupeKey}, ${delivery.kind}, ${delivery.subscriberId}, ${delivery.template},
            ${batch!.id}, ${delivery.dueAt}, ${delivery.dueAt}, ${delivery.dueAt})
    on conflict (dedupe_key) where dedupe_key is not null do nothing
    returning id`);
  if (!row) {
    await tx.execute(sql`delete from send_batches where id = ${batch!.id}`);
    return null;
  }
  return Number(batch!.id);
}
