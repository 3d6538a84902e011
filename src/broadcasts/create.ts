import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { kickDispatcher } from '../queue/queues.js';
import { audienceCondition, describeAudience, parseAudience, type Audience } from './audience.js';
import { readNewsletterSource } from './newsletter-source.js';
import { broadcastTemplateKey, getBroadcast, type BroadcastSummary } from './query.js';
import { localHourOn, parseTiming, type Timing } from './timing.js';

export interface CreateBroadcastInput {
  /** A newsletter file; or `markdown` (with an optional `name`) from the admin API. */
  file?: string | null;
  markdown?: string | null;
  name?: string | null;
  audience?: string;
  course?: string | null;
  at?: string | null;
  localHour?: string | null;
  dryRun?: boolean;
  /** Send even though the same newsletter went to the same audience in the last 24 hours. */
  force?: boolean;
  /**
   * Whether the sent letter joins her public archive (/letters): the dashboard's checkbox or the
   * API's field. Left out, the newsletter's own `public: true` decides; private by default.
   */
  public?: boolean | null;
}

export interface BroadcastPlan {
  dryRun: true;
  file: string;
  subject: string;
  audience: string;
  course: string | null;
  audienceDescription: string;
  recipients: number;
  firstDueAt: string | null;
  lastDueAt: string | null;
  /** Set when a real send would be refused as a repeat (and not forced). */
  repeatOf: number | null;
}

/** Recipients are written in one statement per broadcast; this many go in each batch. */
const BATCH_SIZE = 100;
const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Records a newsletter's broadcast: the text as it is now, and every recipient, as delivery rows
 * already grouped into send batches, in one set-based statement in one transaction. Either the
 * whole recipient set is in Postgres or the broadcast does not exist; the send workers then take
 * its batches like any lesson's, through the same claim, re-check, rate limit and idempotency key.
 *
 * With `dryRun` nothing is written: the answer says how many it would reach and when.
 */
export async function createBroadcast(ctx: AppContext, input: CreateBroadcastInput): Promise<BroadcastSummary | BroadcastPlan> {
  const now = ctx.clock.now();
  const audience = parseAudience(ctx.catalog, input.audience, input.course);
  const timing = parseTiming(input, now);
  const { newsletter, source } = await readNewsletterSource(ctx.catalog, input);

  // Read committed, on purpose: the lock below must come first, and a repeatable-read snapshot
  // taken while waiting for it would not see the broadcast the other creator just committed.
  // The recipient set is whatever the one insert statement sees; its count comes from there.
  const outcome = await ctx.sql.begin(async (tx): Promise<{ plan: BroadcastPlan } | { id: number; dueNow: boolean }> => {
    // One creator at a time, so two identical commands typed at once cannot both pass the
    // repeat check below. Held to the end of this transaction only.
    await tx`select pg_advisory_xact_lock(hashtext('broadcasts:create'))`;
    const [repeat] = await tx<{ id: string; created_at: Date; recipients: number }[]>`
      select id, created_at, recipients from broadcasts
      where (newsletter_id = ${newsletter.id} or file = ${newsletter.file}) and audience = ${audience.name}
        and course_slug is not distinct from ${audience.course}
        and status <> 'cancelled' and created_at > ${new Date(now.getTime() - REPEAT_WINDOW_MS)}
      order by created_at desc limit 1`;

    const dues = await dueTimes(tx, audience, timing, now, ctx.config.sendHour);
    if (input.dryRun) {
      const [row] = await tx<{ n: number; first: Date | null; last: Date | null }[]>`
        select count(*)::int as n, min(z.due_at) as first, max(z.due_at) as last
        from subscribers s join unnest(${tx.array(dues.zones)}::text[], ${tx.array(dues.at)}::timestamptz[]) as z(timezone, due_at)
          on z.timezone = s.timezone or z.timezone = '*'
        where ${audienceCondition(tx, audience)}`;
      const plan: BroadcastPlan = {
        dryRun: true,
        file: newsletter.file,
        subject: newsletter.subject,
        audience: audience.name,
        course: audience.course,
        audienceDescription: describeAudience(audience),
        recipients: row!.n,
        firstDueAt: row!.first?.toISOString() ?? null,
        lastDueAt: row!.last?.toISOString() ?? null,
        repeatOf: repeat && !input.force ? Number(repeat.id) : null,
      };
      return { plan };
    }
    if (repeat && !input.force) {
      throw new AppError(
        'conflict',
        `${newsletter.file} already went to ${describeAudience(audience)} (${repeat.recipients} ${repeat.recipients === 1 ? 'person' : 'people'}) ` +
          `${ago(now, repeat.created_at)}, as broadcast ${repeat.id}. Sending it again would reach them twice.`,
        { reason: 'repeat', details: { broadcastId: Number(repeat.id), recipients: repeat.recipients } },
      );
    }

    // Asked first so that a refusal does not use up a broadcast number (her list shows them).
    const [anyone] = await tx<{ found: boolean }[]>`select exists (select 1 from subscribers s where ${audienceCondition(tx, audience)}) as found`;
    if (!anyone!.found) throw new AppError('validation_failed', `No one is in this audience (${describeAudience(audience)}) yet, so nothing was sent.`, { reason: 'audience_empty' });

    const status = timing.kind === 'now' ? 'sending' : 'scheduled';
    // Only Markdown has a web copy (the archive renders her words, not a TSX component's email).
    const isPublic = newsletter.format === 'markdown' && (input.public ?? newsletter.public);
    const [created] = await tx<{ id: string }[]>`
      insert into broadcasts (newsletter_id, file, format, subject, source, audience, course_slug, timing, local_date, status,
                              first_due_at, last_due_at, forced, public, created_at, started_at, updated_at)
      values (${newsletter.id}, ${newsletter.file}, ${newsletter.format}, ${newsletter.subject}, ${source}, ${audience.name},
              ${audience.course}, ${timing.kind}, ${timing.kind === 'local-hour' ? timing.date : null}, ${status},
              ${now}, ${now}, ${!!repeat && !!input.force}, ${isPublic}, ${now}, ${status === 'sending' ? now : null}, ${now})
      returning id`;
    const id = Number(created!.id);
    const template = broadcastTemplateKey(id);

    // Everyone in the audience, each with the moment her email is due, numbered within each
    // moment so that every batch of 100 shares one due time; then one batch row per hundred and
    // one delivery row per person, all in this statement. `zone = '*'` is the one-moment case.
    const [written] = await tx<{ recipients: number; batches: number; first: Date | null; last: Date | null }[]>`
      with r as materialized (
        select s.id as subscriber_id, z.due_at
        from subscribers s join unnest(${tx.array(dues.zones)}::text[], ${tx.array(dues.at)}::timestamptz[]) as z(timezone, due_at)
          on z.timezone = s.timezone or z.timezone = '*'
        where ${audienceCondition(tx, audience)}
      ),
      n as materialized (
        select subscriber_id, due_at, (row_number() over (partition by due_at order by subscriber_id) - 1) / ${BATCH_SIZE} as chunk
        from r
      ),
      c as materialized (
        select due_at, chunk, nextval(pg_get_serial_sequence('send_batches', 'id')) as id
        from (select distinct due_at, chunk from n) as x
      ),
      new_batches as (
        insert into send_batches (id, template, broadcast_id, not_before, created_at) overriding system value
        select id, ${template}, ${id}, due_at, ${now} from c
      ),
      new_deliveries as (
        insert into deliveries (kind, subscriber_id, broadcast_id, template, batch_id, due_at, created_at, updated_at)
        select 'broadcast', n.subscriber_id, ${id}, ${template}, c.id, n.due_at, ${now}, ${now}
        from n join c using (due_at, chunk)
      )
      select (select count(*) from n)::int as recipients, (select count(*) from c)::int as batches,
             (select min(due_at) from n) as first, (select max(due_at) from n) as last`;
    if (written!.recipients === 0) {
      // Rolls back the broadcast row with the rest: nothing is recorded for no one.
      throw new AppError('validation_failed', `No one is in this audience (${describeAudience(audience)}) yet, so nothing was sent.`, { reason: 'audience_empty' });
    }
    await tx`
      update broadcasts set recipients = ${written!.recipients}, first_due_at = ${written!.first}, last_due_at = ${written!.last}
      where id = ${id}`;
    return { id, dueNow: written!.first!.getTime() <= now.getTime() };
  });

  if ('plan' in outcome) return outcome.plan;
  // Due now: the dispatcher hands its batches to the send queue at once, not at the next tick.
  if (outcome.dueNow) {
    await kickDispatcher(ctx.queues).catch((error) => ctx.logger.warn({ err: error }, 'could not wake the dispatcher; its next tick will'));
  }
  return (await getBroadcast(ctx, outcome.id))!;
}

/**
 * Each recipient's due moment, as (timezone, moment) pairs: one pair for `now` and `--at`
 * (`*` matches every zone), one per timezone among the audience for `--local-hour`. Computed
 * with Luxon, as lessons are, for the few distinct zones rather than in SQL per row. A morning
 * that is already over somewhere is refused: she would otherwise reach those moms late.
 */
async function dueTimes(
  tx: Parameters<Parameters<AppContext['sql']['begin']>[1]>[0],
  audience: Audience,
  timing: Timing,
  now: Date,
  sendHour: number,
): Promise<{ zones: string[]; at: string[] }> {
  if (timing.kind !== 'local-hour') {
    return { zones: ['*'], at: [(timing.kind === 'at' ? timing.at : now).toISOString()] };
  }
  const zones = (await tx<{ timezone: string }[]>`
    select distinct s.timezone from subscribers s where ${audienceCondition(tx, audience)}`).map((r) => r.timezone);
  const at = zones.map((zone) => localHourOn(timing.date, zone, sendHour));
  const late = zones.filter((_, i) => at[i]!.getTime() < now.getTime());
  if (late.length > 0) {
    throw new AppError(
      'validation_failed',
      `${String(sendHour).padStart(2, '0')}:00 on ${timing.date} has already passed in ${late.slice(0, 3).join(', ')}${late.length > 3 ? ` and ${late.length - 3} more time zones` : ''}. Choose a later date.`,
      { reason: 'local_hour_passed' },
    );
  }
  return { zones, at: at.map((d) => d.toISOString()) };
}

function ago(now: Date, then: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return 'a moment ago';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'} ago`;
}
