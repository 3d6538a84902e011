import type postgres from 'postgres';
import { expect } from 'vitest';
import type { FakeEmail, FakeResend } from './fake-resend.js';

const recipientOf = (email: FakeEmail) => (Array.isArray(email.to) ? email.to.join(',') : email.to);

/** How many of `addresses` have all `lessonsEach` lesson rows sent, read from Postgres. */
export type DeliveryKind = 'lesson' | 'broadcast';

export async function countFullyDelivered(sql: postgres.Sql, addresses: string[], lessonsEach = 1, kind: DeliveryKind = 'lesson'): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select s.id from subscribers s join deliveries d on d.subscriber_id = s.id
      where s.email = any(${sql.array(addresses)}::text[]) and d.kind = ${kind} and d.status = 'sent'
      group by s.id having count(*) >= ${lessonsEach}) as done`;
  return row!.n;
}

/**
 * The promise the engine makes, checked at both ends. At the provider: every address got each
 * of its `lessonsEach` lessons exactly once, and nothing else was stored for them. In Postgres:
 * every one of their deliveries and batches is `sent`, and each delivery's provider message id
 * is the id the provider gave to the email it stored for that very recipient.
 */
export async function expectDeliveredExactlyOnce(
  fake: FakeResend,
  sql: postgres.Sql,
  addresses: string[],
  lessonsEach = 1,
  kind: DeliveryKind = 'lesson',
): Promise<void> {
  const wanted = new Set(addresses);
  const stored = fake.emails().filter((e) => wanted.has(recipientOf(e)));
  const perRecipient = new Map<string, string[]>();
  for (const email of stored) perRecipient.set(recipientOf(email), [...(perRecipient.get(recipientOf(email)) ?? []), email.subject]);

  expect(fake.stats().duplicates).toBe(0);
  expect(stored).toHaveLength(addresses.length * lessonsEach);
  const missing = addresses.filter((a) => (perRecipient.get(a)?.length ?? 0) !== lessonsEach);
  expect(missing, 'addresses without exactly one email per lesson').toEqual([]);
  for (const subjects of perRecipient.values()) expect(new Set(subjects).size).toBe(lessonsEach);

  const rows = await sql<{ email: string; status: string; provider_message_id: string | null; batch_status: string | null }[]>`
    select s.email, d.status, d.provider_message_id, b.status as batch_status
    from deliveries d join subscribers s on s.id = d.subscriber_id left join send_batches b on b.id = d.batch_id
    where s.email = any(${sql.array(addresses)}::text[]) and d.kind = ${kind}`;
  expect(rows).toHaveLength(addresses.length * lessonsEach);
  const notSent = rows.filter((r) => r.status !== 'sent' || r.batch_status !== 'sent');
  expect(notSent, 'deliveries or batches not recorded as sent').toEqual([]);

  const recipientById = new Map(stored.map((e) => [e.id, recipientOf(e)]));
  const mismatched = rows.filter((r) => r.provider_message_id === null || recipientById.get(r.provider_message_id) !== r.email);
  expect(mismatched, 'deliveries whose provider message id is not the email the provider stored for her').toEqual([]);
}
