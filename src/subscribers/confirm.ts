import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { kickDispatcherQuietly } from './signup.js';
import { emailHash } from './suppression.js';
import { CONFIRMATION_TTL_MS, readToken, verifyToken } from '../tokens.js';


/** A confirmation link opened sooner than this after it was sent may be a mail scanner's visit. */
export const SCANNER_WINDOW_MS = 3 * 60 * 1000;

/**
 * Whether opening this confirmation link should show a one-button page instead of confirming:
 * corporate filters and some phones open every link in an email the moment it arrives, and that
 * must not sign anyone up. The link was made when the email was (its expiry minus the TTL), so a
 * visit within three minutes of it gets the button (which submits itself where scripts run);
 * a later one, a person by then, confirms at once. Null for a link that is not valid.
 */
export function confirmationNeedsButton(ctx: Pick<AppContext, 'config' | 'clock'>, token: string): boolean | null {
  const now = ctx.clock.now();
  const read = readToken(ctx.config.secret, 'confirm', token, now);
  if (!read) return null;
  const issuedAt = read.expiresAt ? read.expiresAt.getTime() - CONFIRMATION_TTL_MS : 0;
  return now.getTime() - issuedAt < SCANNER_WINDOW_MS;
}

/**
 * Double opt-in: a valid link activates her and starts the course(s) she signed up for, with
 * lesson 1 due now. `lettersOnly`: she confirmed her newsletter alone, and no course starts.
 * Following the same link twice (mail scanners do) changes nothing the second time.
 */
export async function confirmSubscription(ctx: AppContext, token: string): Promise<{ firstName: string | null; lettersOnly: boolean }> {
  const now = ctx.clock.now();
  const subscriberId = verifyToken(ctx.config.secret, 'confirm', token, now);
  if (subscriberId === null) throw new AppError('invalid_token', 'This confirmation link has expired or is not valid.');

  const result = await ctx.db.transaction(async (tx) => {
    const [subscriber] = await tx.execute<{ id: string; status: string; first_name: string | null; email: string }>(sql`
      select id, status, first_name, email from subscribers where id = ${subscriberId} for update`);
    // An unsubscribed (or bounced) address is only brought back by signing up again, which
    // sends a fresh link; an old link lying in her inbox must not undo her choice.
    if (!subscriber || (subscriber.status !== 'pending' && subscriber.status !== 'active')) return null;
    if (subscriber.status === 'pending') {
      await tx.execute(sql`
        update subscribers set status = 'active', confirmed_at = ${now}, unsubscribed_at = null, updated_at = ${now}
        where id = ${subscriberId}`);
      // She erased herself once, or another tool's export said she left it, and she has now
      // confirmed anew: the list no longer holds her back.
      await tx.execute(sql`delete from suppressions where email_hash = ${emailHash(ctx.config.secret, subscriber.email)}
                           and reason in ('erased', 'imported_unsubscribed', 'imported_bounced', 'imported_complained')`);
    }
    // The courses she asked for start now. A returning subscriber picks up where she left off;
    // a finished course is not restarted.
    const started = await tx.execute(sql`
      update enrollments set status = 'active', next_due_at = ${now}, updated_at = ${now}
      where subscriber_id = ${subscriberId} and status in ('pending', 'cancelled')
      returning id`);
    // No enrollment at all: either she signed up before a signup named its course (the main
    // course, as then), or she is on the list for the newsletter alone (imported without a
    // course, her confirmation asked about the letters only), which starts no course.
    let lettersOnly = false;
    if (started.length === 0) {
      const [state] = await tx.execute<{ enrolled: boolean; newsletter: boolean }>(sql`
        select exists (select 1 from enrollments where subscriber_id = ${subscriberId}) as enrolled, newsletter
        from subscribers where id = ${subscriberId}`);
      lettersOnly = !state!.enrolled && state!.newsletter;
      if (!state!.enrolled && !state!.newsletter) {
        await tx.execute(sql`
          insert into enrollments (subscriber_id, course_slug, next_due_at, status, enrolled_at, updated_at)
          values (${subscriberId}, ${ctx.catalog.main.slug}, ${now}, 'active', ${now}, ${now})`);
      }
    }
    return { firstName: subscriber.first_name, lettersOnly };
  });
  if (!result) throw new AppError('invalid_token', 'This confirmation link has expired or is not valid.');

  kickDispatcherQuietly(ctx);
  return result;
}
