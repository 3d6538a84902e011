import type postgres from 'postgres';
import type { Catalog } from '../courses/catalog.js';
import { AppError } from '../errors.js';

export const AUDIENCES = ['all', 'in-course', 'graduates', 'newsletter'] as const;
export type AudienceName = (typeof AUDIENCES)[number];

/** Who a newsletter goes to. `course` narrows in-course and graduates to one course. */
export interface Audience {
  name: AudienceName;
  course: string | null;
}

const DESCRIPTIONS: Record<AudienceName, string> = {
  all: 'every confirmed subscriber',
  'in-course': 'everyone part-way through a course',
  graduates: 'everyone who has finished a course',
  newsletter: 'everyone who asked for your newsletter',
};

/** Checks an audience as typed; an unknown name or course is refused with the choices. */
export function parseAudience(catalog: Catalog, name: string | undefined, course: string | undefined | null): Audience {
  if (!name) throw new AppError('validation_failed', `Say who it goes to: ${AUDIENCES.join(', ')}.`, { reason: 'audience_missing', details: { choices: AUDIENCES.join(', ') } });
  if (!(AUDIENCES as readonly string[]).includes(name)) {
    throw new AppError('validation_failed', `"${name}" is not an audience. Choose one of: ${AUDIENCES.map((a) => `${a} (${DESCRIPTIONS[a]})`).join(', ')}.`, { reason: 'audience_unknown' });
  }
  const audience = name as AudienceName;
  if (course) {
    if (audience !== 'in-course' && audience !== 'graduates') {
      throw new AppError('validation_failed', `A course only narrows the in-course and graduates audiences; "${audience}" is ${DESCRIPTIONS[audience]}.`, {
        reason: 'course_not_narrowing',
        details: { audience, description: DESCRIPTIONS[audience] },
      });
    }
    if (!catalog.course(course)) {
      throw new AppError('validation_failed', `There is no course called "${course}". Courses: ${catalog.courses.map((c) => c.slug).join(', ')}.`, { reason: 'course_unknown' });
    }
  }
  return { name: audience, course: course || null };
}

/** How a person reads an audience back: "everyone part-way through releasing-mom-guilt". */
export function describeAudience(audience: Audience): string {
  if (!audience.course) return DESCRIPTIONS[audience.name];
  return audience.name === 'in-course' ? `everyone part-way through ${audience.course}` : `everyone who has finished ${audience.course}`;
}

/**
 * The condition on `subscribers s` that picks an audience. Only an active subscriber is ever in
 * one: someone pending, unsubscribed, bounced or complained-about is left out by the same
 * clause for every audience, and re-checked right before each send.
 */
export function audienceCondition(sql: postgres.Sql | postgres.TransactionSql, audience: Audience): postgres.PendingQuery<postgres.Row[]> {
  // A paused course is still hers: she is part-way through it.
  const enrolled = (status: 'active' | 'completed') => {
    const statuses = status === 'active' ? ['active', 'paused'] : ['completed'];
    return audience.course
      ? sql`exists (select 1 from enrollments e where e.subscriber_id = s.id and e.status = any(${sql.array(statuses)}::text[]) and e.course_slug = ${audience.course})`
      : sql`exists (select 1 from enrollments e where e.subscriber_id = s.id and e.status = any(${sql.array(statuses)}::text[]))`;
  };
  switch (audience.name) {
    case 'all':
      return sql`s.status = 'active' and s.letters_off_at is null`;
    case 'newsletter':
      return sql`s.status = 'active' and s.newsletter`;
    case 'in-course':
      return sql`s.status = 'active' and s.letters_off_at is null and ${enrolled('active')}`;
    case 'graduates':
      return sql`s.status = 'active' and s.letters_off_at is null and ${enrolled('completed')}`;
  }
}

/** How many subscribers an audience holds right now. */
export async function countAudience(sql: postgres.Sql, audience: Audience): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from subscribers s where ${audienceCondition(sql, audience)}`;
  return row!.n;
}
