import type { AppContext } from '../context.js';
import { refreshContent } from '../courses/stored-content.js';
import { AppError } from '../errors.js';
import { placeAfter as placeAfterIn, requireCourse } from './lessons.js';

export type PlannedChange =
  | { kind: 'insert'; after: string }
  | { kind: 'remove'; id: string }
  | { kind: 'move'; id: string; after: string };

export interface ChangeEffect {
  /** Moms in the course now (confirmed or waiting to confirm), finished ones not counted. */
  inCourse: number;
  /** insert: past the place, will not get it; remove: past it already; move: had it already. */
  past: number;
  /** insert: will get it; remove: had it ahead, will skip it; move: have not had it. */
  ahead: number;
  /** move only: of `ahead`, those already past the new place, who get it as their next lesson. */
  next: number;
  /** The plain words the dashboard shows before she saves. */
  sentence: string;
}

const moms = (n: number) => (n === 1 ? '1 mom' : `${n.toLocaleString('en-US')} moms`);
const are = (n: number) => (n === 1 ? 'is' : 'are');
const have = (n: number) => (n === 1 ? 'has' : 'have');

/**
 * What a change to a course's lessons would do to the moms in it now, counted in Postgres (the
 * enrollments' `done` numbers against the course's order), never by loading them: the sentence
 * she reads before she saves. The rule it describes is sync-lessons.ts's.
 */
export async function changeEffect(ctx: AppContext, input: { course: string; change: PlannedChange }): Promise<ChangeEffect> {
  await refreshContent(ctx);
  const course = requireCourse(ctx, input.course);
  const order = ctx.schedule.get(course.slug) ?? [];
  const ids = order.map((l) => l.id);
  const numOf = (id: string) => {
    const lesson = order.find((l) => l.id === id);
    if (!lesson) throw new AppError('validation_failed', `There is no lesson "${id}" in this course.`, { reason: 'unknown_lesson', details: { id } });
    return lesson.num;
  };
  const placeAfter = (list: string[], after: string) => placeAfterIn(list, after, course.slug);
  const change = input.change;
  let mark: number[];
  let later: number[] = [];
  if (change.kind === 'insert') {
    // Past the new lesson's place: she has had (or skipped) a lesson that comes after it.
    mark = order.slice(placeAfter(ids, change.after)).map((l) => l.num);
  } else {
    const num = numOf(change.id);
    mark = [num];
    if (change.kind === 'move') {
      const rest = ids.filter((id) => id !== change.id);
      later = order.filter((l) => rest.slice(placeAfter(rest, change.after)).includes(l.id)).map((l) => l.num);
    }
  }
  const field = change.kind === 'insert' ? ctx.sql`done && ${ctx.sql.array(mark)}::smallint[]` : ctx.sql`done @> ${ctx.sql.array(mark)}::smallint[]`;
  const [row] = await ctx.sql<{ in_course: number; marked: number; next: number }[]>`
    select count(*)::int as in_course,
      count(*) filter (where ${field})::int as marked,
      count(*) filter (where not (${field}) and done && ${ctx.sql.array(later)}::smallint[])::int as next
    from enrollments where course_slug = ${course.slug} and status in ('pending', 'active')`;
  const inCourse = row?.in_course ?? 0;
  const past = row?.marked ?? 0;
  const ahead = inCourse - past;
  const next = row?.next ?? 0;
  return { inCourse, past, ahead, next, sentence: sentenceFor(change.kind, inCourse, past, ahead, next) };
}

function sentenceFor(kind: PlannedChange['kind'], inCourse: number, past: number, ahead: number, next: number): string {
  if (inCourse === 0) return 'Nobody is part-way through this course right now, so this changes nothing for anyone yet.';
  switch (kind) {
    case 'insert':
      return `${moms(past)} ${are(past)} past this point and will not get it. ${ahead === 0 ? 'Nobody else is in the course now.' : `${moms(ahead)} will get it, as their next lesson or a later one.`}`;
    case 'remove':
      return `${moms(past)} ${have(past)} had it already and keep what they read. ${ahead === 0 ? 'Nobody still has it ahead.' : `${moms(ahead)} ${have(ahead)} not had it yet and will not get it: they go on to the lesson after.`}`;
    case 'move':
      return `${moms(past)} ${have(past)} had this lesson already and will not get it again. ${
        ahead === 0 ? 'Nobody still has it ahead.' : `${moms(ahead)} will get it in its new place${next > 0 ? `; ${next === ahead ? (ahead === 1 ? 'she is' : 'all of them are') : `${moms(next)} of them ${are(next)}`} already past that place and will get it as their next lesson` : ''}.`
      }`;
  }
}
