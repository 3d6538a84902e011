import type postgres from 'postgres';

/**
 * Which lesson ids each course has already sent to someone: email:check's question, whether the
 * command asks the database itself or asks the running app (which holds the embedded one).
 * Empty before the first start-up has made the table.
 */
export async function sentLessonIds(sql: postgres.Sql): Promise<Record<string, string[]>> {
  const [table] = await sql<{ exists: boolean }[]>`select to_regclass('course_lessons') is not null as exists`;
  if (!table?.exists) return {};
  const rows = await sql<{ course_slug: string; lesson_id: string }[]>`
    select course_slug, lesson_id from course_lessons where first_sent_at is not null order by course_slug, num`;
  const sent: Record<string, string[]> = {};
  for (const row of rows) (sent[row.course_slug] ??= []).push(row.lesson_id);
  return sent;
}
