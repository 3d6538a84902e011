import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializeDueLessons } from '../../src/delivery/materialize.js';
import { createHarness, type Harness } from '../support/harness.js';

const ZONE = 'America/New_York';
const STEP_MS = 15 * 60_000;

/**
 * SEND_HOUR=2 in New York, across Sun 2026-03-08, whose 02:00–02:59 does not exist. The clock
 * moves in 15-minute steps and the materializer runs at each, as the reconciler would: every
 * lesson must be taken once, at the first step at or after the instant it falls due.
 */
describe('a send hour in the spring-forward gap, through the materializer', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ env: { SEND_HOUR: '2' }, now: '2026-03-07T06:00:00Z' });
  });
  afterAll(async () => h?.close());

  it('sends Sunday’s lesson once at 03:00 local, and Monday’s at 02:00 again', async () => {
    const [subscriber] = await h.db.sql<{ id: string }[]>`
      insert into subscribers (email, first_name, timezone, status, confirmed_at)
      values ('gap@example.com', 'Gia', ${ZONE}, 'active', '2026-03-01T12:00:00Z') returning id`;
    // Lesson 2 (position 1) due Saturday 02:00 EST, as if she had confirmed the day before.
    await h.db.sql`
      insert into enrollments (subscriber_id, course_slug, position, done, next_due_at, status, enrolled_at, updated_at)
      values (${subscriber!.id}, ${h.ctx.catalog.main.slug}, 1, '{0}', '2026-03-07T07:00:00Z', 'active', '2026-03-06T07:00:00Z', '2026-03-06T07:00:00Z')`;

    const takenAt = new Map<number, Date>();
    while (h.clock.now() < new Date('2026-03-10T12:00:00Z')) {
      const now = h.clock.now();
      const { batchIds } = await materializeDueLessons(h.ctx, now);
      if (batchIds.length > 0) {
        const rows = await h.db.sql<{ lesson_index: number }[]>`select lesson_index from deliveries where batch_id = any(${h.db.sql.array(batchIds)}::bigint[])`;
        for (const row of rows) {
          expect(takenAt.has(row.lesson_index), `lesson ${row.lesson_index} taken twice`).toBe(false);
          takenAt.set(row.lesson_index, now);
        }
      }
      h.clock.advance(STEP_MS);
    }

    const deliveries = await h.db.sql<{ lesson_index: number; due_at: Date }[]>`
      select lesson_index, due_at from deliveries order by lesson_index`;
    const localDue = deliveries.map((d) => DateTime.fromJSDate(d.due_at).setZone(ZONE).toFormat("ccc yyyy-MM-dd HH:mm"));
    expect(localDue).toEqual(['Sat 2026-03-07 02:00', 'Sun 2026-03-08 03:00', 'Mon 2026-03-09 02:00', 'Tue 2026-03-10 02:00']);
    // Taken at the first step at or after its due instant: not skipped to a later step or day.
    for (const d of deliveries) {
      const at = takenAt.get(d.lesson_index)!;
      expect(at.getTime() - d.due_at.getTime()).toBeGreaterThanOrEqual(0);
      expect(at.getTime() - d.due_at.getTime()).toBeLessThan(STEP_MS);
    }
  });
});
