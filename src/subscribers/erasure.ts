import type { AppContext } from '../context.js';
import { emailHash } from './suppression.js';

/**
 * Deletes her: her address, name and timezone wherever they are (the subscriber row with her
 * courses and changes, every email made for her with the provider's events about them, the dev
 * mailbox's copies, test sends to her address), in one transaction. What remains is a count of
 * erasures for the day and a keyed hash of her address in the suppression list, so that a later
 * import or signup cannot put her back without a fresh confirmation of hers.
 *
 * An email already in the provider's hands when she pressed the button cannot be called back;
 * anything still waiting is deleted with her, and the send path skips a recipient it no longer
 * finds. Returns false when there was no one to erase (a second press).
 */
export async function eraseSubscriber(ctx: Pick<AppContext, 'sql' | 'clock' | 'config' | 'logger'>, subscriberId: number): Promise<boolean> {
  const now = ctx.clock.now();
  const erased = await ctx.sql.begin(async (tx) => {
    const [me] = await tx<{ email: string }[]>`select email from subscribers where id = ${subscriberId} for update`;
    if (!me) return false;
    await tx`
      insert into suppressions (email_hash, reason, created_at) values (${emailHash(ctx.config.secret, me.email)}, 'erased', ${now})
      on conflict (email_hash) do nothing`;
    // Deliveries have no index by subscriber (schema.ts): one scan, which a rare erasure affords.
    await tx`
      with mine as (delete from deliveries where subscriber_id = ${subscriberId} returning provider_message_id)
      delete from provider_events where email_id in (select provider_message_id from mine where provider_message_id is not null)`;
    await tx`delete from dev_mailbox where lower(to_address) = ${me.email}`;
    await tx`delete from test_sends where lower(to_address) = ${me.email}`;
    // Her enrollments and her preference changes go with the row (on delete cascade).
    await tx`delete from subscribers where id = ${subscriberId}`;
    await tx`
      insert into erasures (day, count) values (${now.toISOString().slice(0, 10)}, 1)
      on conflict (day) do update set count = erasures.count + 1`;
    return true;
  });
  // The log says that it happened, never who.
  if (erased) ctx.logger.info({ erasures: 1 }, 'a subscriber erased her data');
  return erased;
}
