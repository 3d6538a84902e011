import type postgres from 'postgres';
import { cadenceOf, type AppContext } from '../context.js';
import { cancelPendingDeliveries } from './cancel-pending.js';
import { isValidTimezone, movedDueAt, nextLocalHour } from '../courses/schedule.js';
import { kickDispatcherQuietly } from './signup.js';
import { verifyToken, type TokenPurpose } from '../tokens.js';
import { unsubscribeSubscriber } from './unsubscribe.js';
import { AppError } from '../errors.js';

/** What her preference page shows: her own settings and each course she is in. */
export interface Preferences {
  subscriberId: number;
  email: string;
  firstName: string | null;
  status: 'pending' | 'active' | 'unsubscribed' | 'bounced' | 'complained';
  timezone: string;
  /** The hour her lessons come, hers or SEND_HOUR. */
  sendHour: number;
  ownSendHour: boolean;
  newsletter: boolean;
  courses: Array<{
    slug: string;
    title: string;
    status: 'pending' | 'active' | 'paused' | 'completed' | 'cancelled' | 'left';
    lessonsSent: number;
    totalLessons: number;
    nextDueAt: Date | null;
  }>;
}

/** The subscriber a link's token names; a bad, altered or other-purpose token is a 400. */
export function subscriberFromToken(ctx: Pick<AppContext, 'config' | 'clock'>, purpose: TokenPurpose, token: string): number {
  const id = verifyToken(ctx.config.secret, purpose, token, ctx.clock.now());
  if (id === null) throw new AppError('invalid_token', 'This link is not valid. It may be incomplete; please open it again from the email.');
  return id;
}

export async function loadPreferences(ctx: Pick<AppContext, 'sql' | 'config' | 'catalog'>, subscriberId: number): Promise<Preferences> {
  const [row] = await ctx.sql<{ email: string; first_name: string | null; status: Preferences['status']; timezone: string; send_hour: number | null; newsletter: boolean }[]>`
    select email, first_name, status, timezone, send_hour, newsletter from subscribers where id = ${subscriberId}`;
  // Erased, or never there: the link points at no one, which to her is a link that does not work.
  if (!row) throw new AppError('invalid_token', 'This link no longer leads anywhere: the details it pointed to have been deleted.');
  const enrollments = await ctx.sql<{ course_slug: string; status: Preferences['courses'][number]['status']; position: number; next_due_at: Date | null }[]>`
    select course_slug, status, position, next_due_at from enrollments where subscriber_id = ${subscriberId} order by enrolled_at, id`;
  return {
    subscriberId,
    email: row.email,
    firstName: row.first_name,
    status: row.status,
    timezone: row.timezone,
    sendHour: row.send_hour ?? ctx.config.sendHour,
    ownSendHour: row.send_hour !== null,
    newsletter: row.newsletter,
    courses: enrollments.map((e) => {
      const course = ctx.catalog.course(e.course_slug);
      return {
        slug: e.course_slug,
        title: course?.title ?? e.course_slug,
        status: e.status,
        lessonsSent: e.position,
        totalLessons: course?.lessons.length ?? e.position,
        nextDueAt: e.next_due_at,
      };
    }),
  };
}

/** Every change the page can make. Each is one transaction, recorded as one of her events. */
export type PreferenceChange =
  | { kind: 'pause'; course: string }
  | { kind: 'resume'; course: string }
  | { kind: 'leave'; course: string }
  | { kind: 'send-hour'; hour: number }
  | { kind: 'timezone'; timezone: string }
  | { kind: 'newsletter'; on: boolean }
  | { kind: 'unsubscribe-all' };

/** What the page says after a change, in her words. */
export type ChangeOutcome = 'paused' | 'resumed' | 'left' | 'send-hour' | 'timezone' | 'newsletter-on' | 'newsletter-off' | 'unsubscribed' | 'unchanged';

type Tx = postgres.TransactionSql;

/**
 * Applies one change of hers. Only a confirmed (active) subscriber has courses and letters to
 * change; someone who unsubscribed or bounced can still look, download and delete, and comes
 * back by signing up again. Bad input (an unknown course, an hour outside 0–23, a timezone
 * that does not exist) is a 4xx and changes nothing.
 */
export async function changePreferences(ctx: AppContext, subscriberId: number, change: PreferenceChange): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  validate(change);
  const outcome = await ctx.sql.begin(async (tx) => {
    const [me] = await tx<{ status: string; timezone: string; send_hour: number | null; newsletter: boolean }[]>`
      select status, timezone, send_hour, newsletter from subscribers where id = ${subscriberId} for update`;
    if (!me) throw new AppError('invalid_token', 'This link no longer leads anywhere: the details it pointed to have been deleted.');
    if (change.kind === 'unsubscribe-all') {
      await unsubscribeSubscriber(tx, subscriberId, now);
      return 'unsubscribed' as const;
    }
    if (me.status !== 'active') {
      throw new AppError('conflict', 'Your emails are stopped, so there is nothing to change here. To start again, sign up once more from the home page.');
    }
    const hour = me.send_hour ?? ctx.config.sendHour;
    switch (change.kind) {
      case 'pause':
        return pause(tx, subscriberId, change.course, now);
      case 'resume':
        return resume(ctx, tx, subscriberId, change.course, me.timezone, hour, now);
      case 'leave':
        return leave(tx, subscriberId, change.course, now);
      case 'send-hour':
        if (change.hour === hour) return 'unchanged';
        await tx`update subscribers set send_hour = ${change.hour}, updated_at = ${now} where id = ${subscriberId}`;
        await reschedule(ctx, tx, subscriberId, me.timezone, change.hour, now);
        await event(tx, subscriberId, 'send_hour', String(change.hour), now);
        return 'send-hour';
      case 'timezone':
        if (change.timezone === me.timezone) return 'unchanged';
        await tx`update subscribers set timezone = ${change.timezone}, updated_at = ${now} where id = ${subscriberId}`;
        await reschedule(ctx, tx, subscriberId, change.timezone, hour, now);
        await event(tx, subscriberId, 'timezone', change.timezone, now);
        return 'timezone';
      case 'newsletter':
        if (change.on === me.newsletter) return 'unchanged';
        // Off is stronger than never having ticked the box: no broadcast of any audience reaches her.
        await tx`
          update subscribers set newsletter = ${change.on}, letters_off_at = ${change.on ? null : now}, updated_at = ${now}
          where id = ${subscriberId}`;
        if (!change.on) await cancelPendingDeliveries(tx, { subscriberId, reason: 'newsletters turned off', now, kind: 'broadcast' });
        await event(tx, subscriberId, change.on ? 'newsletter_on' : 'newsletter_off', null, now);
        return change.on ? 'newsletter-on' : 'newsletter-off';
    }
  });
  if (outcome === 'resumed') kickDispatcherQuietly(ctx);
  return outcome;
}

function validate(change: PreferenceChange): void {
  if ((change.kind === 'pause' || change.kind === 'resume' || change.kind === 'leave') && !/^[a-z0-9-]{1,100}$/.test(change.course)) {
    throw new AppError('invalid_request', 'That course is not one of yours. Please use the buttons on your preference page.');
  }
  if (change.kind === 'send-hour' && !(Number.isInteger(change.hour) && change.hour >= 0 && change.hour <= 23)) {
    throw new AppError('validation_failed', 'Please choose an hour from the list (0:00 to 23:00).');
  }
  if (change.kind === 'timezone' && !isValidTimezone(change.timezone)) {
    throw new AppError('validation_failed', 'Please choose your time zone from the list.');
  }
}

async function enrollment(tx: Tx, subscriberId: number, course: string) {
  const [row] = await tx<{ id: string; status: string; next_due_at: Date | null }[]>`
    select id, status, next_due_at from enrollments where subscriber_id = ${subscriberId} and course_slug = ${course} for update`;
  if (!row) throw new AppError('not_found', 'That course is not one of yours. Please use the buttons on your preference page.');
  return { ...row, id: Number(row.id) };
}

/**
 * A lesson already on its way (in a batch at this minute) still arrives; the ones after it wait.
 * Her place stays as it was (`done`, `position`), so resuming picks up with the next lesson.
 */
async function pause(tx: Tx, subscriberId: number, course: string, now: Date): Promise<ChangeOutcome> {
  const e = await enrollment(tx, subscriberId, course);
  if (e.status === 'paused') return 'unchanged';
  if (e.status !== 'active') throw new AppError('conflict', 'This course is not running for you just now, so there is nothing to pause.');
  await tx`update enrollments set status = 'paused', next_due_at = null, updated_at = ${now} where id = ${e.id}`;
  await event(tx, subscriberId, 'paused', course, now);
  return 'paused';
}

/** The next lesson comes at her next lesson hour (in demos, with COURSE_INTERVAL, at once). */
async function resume(ctx: AppContext, tx: Tx, subscriberId: number, course: string, timezone: string, hour: number, now: Date): Promise<ChangeOutcome> {
  const e = await enrollment(tx, subscriberId, course);
  if (e.status === 'active') return 'unchanged';
  // A course she left comes back the same way, from where she was.
  if (e.status !== 'paused' && e.status !== 'left') throw new AppError('conflict', 'This course is not paused, so there is nothing to resume.');
  const due = cadenceOf(ctx.config).kind === 'interval' ? now : nextLocalHour(now, timezone, hour);
  await tx`update enrollments set status = 'active', next_due_at = ${due}, updated_at = ${now} where id = ${e.id}`;
  await event(tx, subscriberId, 'resumed', course, now);
  return 'resumed';
}

/**
 * Leaving stops the course's lessons, the one waiting in a batch included. An old confirmation
 * link or a second signup does not restart it; only she does, from this page (`resume`).
 */
async function leave(tx: Tx, subscriberId: number, course: string, now: Date): Promise<ChangeOutcome> {
  const e = await enrollment(tx, subscriberId, course);
  if (e.status === 'left') return 'unchanged';
  if (e.status === 'completed') throw new AppError('conflict', 'You have already finished this course, so there is nothing to leave.');
  await tx`update enrollments set status = 'left', next_due_at = null, updated_at = ${now} where id = ${e.id}`;
  await cancelPendingDeliveries(tx, { subscriberId, reason: 'left the course', now, enrollmentId: e.id });
  await event(tx, subscriberId, 'left', course, now);
  return 'left';
}

/** Her running courses' next lessons move to the new hour or timezone, on the day they were due. */
async function reschedule(ctx: AppContext, tx: Tx, subscriberId: number, timezone: string, hour: number, now: Date): Promise<void> {
  if (cadenceOf(ctx.config).kind === 'interval') return;
  const running = await tx<{ id: string; next_due_at: Date }[]>`
    select id, next_due_at from enrollments where subscriber_id = ${subscriberId} and status = 'active' and next_due_at is not null`;
  for (const e of running) {
    // Lesson 1 right after her confirmation is due at once, whatever the hour: leave it be.
    if (e.next_due_at <= now) continue;
    await tx`update enrollments set next_due_at = ${movedDueAt(e.next_due_at, now, timezone, hour)}, updated_at = ${now} where id = ${e.id}`;
  }
}

async function event(tx: Tx, subscriberId: number, type: string, detail: string | null, now: Date): Promise<void> {
  await tx`insert into subscriber_events (subscriber_id, type, detail, created_at) values (${subscriberId}, ${type}, ${detail}, ${now})`;
}
