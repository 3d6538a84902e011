import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { broadcastTemplateKey } from '../broadcasts/query.js';
import { lessonTemplateKey } from '../courses/template-keys.js';
import { CLICK_BURST_MS, MACHINE_OPEN_MS } from '../delivery/provider-events/engagement.js';
import { unsubscribedAfterBroadcasts } from './unsubscribed-after.js';

/**
 * The figures that always work, without any tracking: what was sent, what the provider said
 * happened to it (its webhooks), and who left afterwards; with TRACKING=on, opens and clicks
 * besides. Counts only, never a person.
 */
export interface Figures {
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  unsubscribedAfter: number;
  /** With TRACKING=on only (null otherwise): estimates, each a number of emails. */
  tracking: TrackingFigures | null;
}

/** The rules are in src/delivery/provider-events/engagement.ts; `trackingNote` says them in the answer. */
export interface TrackingFigures {
  opens: number;
  machineOpens: number;
  clicks: number;
  machineClicks: number;
}

export const TRACKING_NOTE =
  `Estimates, each a count of emails, never of people. opens: emails opened ${MACHINE_OPEN_MS / 1000} s or more after delivery; ` +
  `machineOpens: emails opened within ${MACHINE_OPEN_MS / 1000} s of delivery (filters, scanners, Apple Mail Privacy Protection), shown apart. ` +
  `Apple Mail also opens emails later by itself, so opens overcount. clicks: emails with a lone click; ` +
  `machineClicks: emails with clicks under ${CLICK_BURST_MS / 1000} s apart (link scanners), shown apart. One email can count in both of a pair.`;

interface FigureRow extends TrackingFigures {
  key: string;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
}

type StatsContext = Pick<AppContext, 'sql'> & { config: Pick<Config, 'tracking'> };

const trackingOf = (ctx: StatsContext, row: TrackingFigures | undefined): TrackingFigures | null =>
  ctx.config.tracking
    ? { opens: row?.opens ?? 0, machineOpens: row?.machineOpens ?? 0, clicks: row?.clicks ?? 0, machineClicks: row?.machineClicks ?? 0 }
    : null;

export interface LessonFigures extends Figures {
  day: number;
  lessonId: string;
  subject: string;
}

/**
 * Per lesson of a course, in its current order: the running totals kept per template as batches
 * are sent and webhooks applied (delivery_figures: seven rows, however long the list), and one
 * aggregate over the course's enrollments for who unsubscribed after how many lessons.
 */
export async function courseFunnel(
  ctx: StatsContext & Pick<AppContext, 'catalog'>,
  slug: string | undefined,
): Promise<{ course: string; enrolled: number; completed: number; trackingNote: string | null; lessons: LessonFigures[] }> {
  const course = slug ? ctx.catalog.course(slug) : ctx.catalog.main;
  if (!course) throw new AppError('not_found', `There is no course called "${slug}". Courses: ${ctx.catalog.courses.map((c) => c.slug).join(', ')}.`);
  const keys = course.lessons.map((lesson) => lessonTemplateKey(course.slug, lesson.id));
  const rows = await ctx.sql<FigureRow[]>`
    select template as key, sent, delivered, bounced, complained,
           opens, machine_opens as "machineOpens", clicks, machine_clicks as "machineClicks"
    from delivery_figures where template = any(${ctx.sql.array(keys)}::text[])`;
  // She unsubscribed after her `position`-th lesson: the position-th of the course's order.
  const left = await ctx.sql<{ position: number; n: number }[]>`
    select e.position, count(*)::int as n
    from enrollments e join subscribers s on s.id = e.subscriber_id
    where e.course_slug = ${course.slug} and s.status = 'unsubscribed' and e.position > 0
    group by e.position`;
  const [totals] = await ctx.sql<{ enrolled: number; completed: number }[]>`
    select count(*) filter (where status <> 'pending')::int as enrolled, count(*) filter (where status = 'completed')::int as completed
    from enrollments where course_slug = ${course.slug}`;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const leftAfter = new Map(left.map((r) => [r.position, r.n]));
  return {
    course: course.slug,
    enrolled: totals!.enrolled,
    completed: totals!.completed,
    trackingNote: ctx.config.tracking ? TRACKING_NOTE : null,
    lessons: course.lessons.map((lesson, i) => {
      const row = byKey.get(keys[i]!);
      return {
        day: i + 1,
        lessonId: lesson.id,
        subject: lesson.subject,
        sent: row?.sent ?? 0,
        delivered: row?.delivered ?? 0,
        bounced: row?.bounced ?? 0,
        complained: row?.complained ?? 0,
        unsubscribedAfter: leftAfter.get(i + 1) ?? 0,
        tracking: trackingOf(ctx, row),
      };
    }),
  };
}

/** One broadcast's figures: its running totals, and who unsubscribed after it (by the (broadcast, subscriber) index). */
export async function broadcastFigures(ctx: StatsContext, id: number): Promise<Figures & { id: number; recipients: number; trackingNote: string | null }> {
  const [broadcast] = await ctx.sql<{ recipients: number }[]>`select recipients from broadcasts where id = ${id}`;
  if (!broadcast) throw new AppError('not_found', `There is no broadcast ${id}.`);
  const [totals] = await ctx.sql<Omit<FigureRow, 'key'>[]>`
    select sent, delivered, bounced, complained, opens, machine_opens as "machineOpens", clicks, machine_clicks as "machineClicks"
    from delivery_figures where template = ${broadcastTemplateKey(id)}`;
  const left = await unsubscribedAfterBroadcasts(ctx.sql, [id]);
  return {
    id,
    recipients: broadcast.recipients,
    sent: totals?.sent ?? 0,
    delivered: totals?.delivered ?? 0,
    bounced: totals?.bounced ?? 0,
    complained: totals?.complained ?? 0,
    unsubscribedAfter: left.get(id) ?? 0,
    tracking: trackingOf(ctx, totals),
    trackingNote: ctx.config.tracking ? TRACKING_NOTE : null,
  };
}
