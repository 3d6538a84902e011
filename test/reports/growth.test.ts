import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberGrowth } from '../../src/reports/growth.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { manualClock } from '../../src/clock.js';

describe('subscriber growth per day and per week', () => {
  let db: TestDatabase;
  // Wednesday 10 June 2026, late evening UTC.
  const clock = manualClock('2026-06-10T23:30:00Z');
  const ctx = () => ({ sql: db.sql, clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`
      insert into subscribers (email, status, created_at, confirmed_at, unsubscribed_at) values
        -- today: two joined, one of them confirmed at once
        ('a@example.com', 'active', '2026-06-10T08:00:00Z', '2026-06-10T08:05:00Z', null),
        ('b@example.com', 'pending', '2026-06-10T23:59:00Z', null, null),
        -- joined yesterday, confirmed today, unsubscribed today
        ('c@example.com', 'unsubscribed', '2026-06-09T00:00:00Z', '2026-06-10T00:00:00Z', '2026-06-10T12:00:00Z'),
        -- joined 29 days ago (the first day shown), unsubscribed on Monday 8 June
        ('d@example.com', 'unsubscribed', '2026-05-12T12:00:00Z', '2026-05-12T13:00:00Z', '2026-06-08T09:00:00Z'),
        -- 30 days ago: outside the day view, inside the week view (the week of 11 May)
        ('e@example.com', 'active', '2026-05-11T23:59:59Z', '2026-05-11T23:59:59Z', null),
        -- a year ago: in neither
        ('f@example.com', 'active', '2025-06-10T12:00:00Z', '2025-06-10T12:00:00Z', null)`;
  });
  afterAll(async () => db?.drop());

  it('counts each day of the last 30, UTC, with empty days as zeros', async () => {
    const growth = await subscriberGrowth(ctx(), 'day');
    expect(growth).toMatchObject({ unit: 'day', timezone: 'UTC', totals: { joined: 4, confirmed: 3, unsubscribed: 2 } });
    expect(growth.buckets).toHaveLength(30);
    expect(growth.buckets[0]).toEqual({ start: '2026-05-12', joined: 1, confirmed: 1, unsubscribed: 0 });
    expect(growth.buckets.at(-1)).toEqual({ start: '2026-06-10', joined: 2, confirmed: 2, unsubscribed: 1 });
    expect(growth.buckets.at(-2)).toEqual({ start: '2026-06-09', joined: 1, confirmed: 0, unsubscribed: 0 });
    expect(growth.buckets.at(-3)).toEqual({ start: '2026-06-08', joined: 0, confirmed: 0, unsubscribed: 1 });
    expect(growth.buckets.at(-4)).toEqual({ start: '2026-06-07', joined: 0, confirmed: 0, unsubscribed: 0 });
  });

  it('counts each week of the last 26, starting on Mondays', async () => {
    const growth = await subscriberGrowth(ctx(), 'week');
    expect(growth.buckets).toHaveLength(26);
    expect(growth.buckets.at(-1)).toEqual({ start: '2026-06-08', joined: 3, confirmed: 2, unsubscribed: 2 });
    expect(growth.buckets.find((b) => b.start === '2026-05-11')).toEqual({ start: '2026-05-11', joined: 2, confirmed: 2, unsubscribed: 0 });
    expect(growth.buckets[0]!.start).toBe('2025-12-15');
    expect(growth.totals).toEqual({ joined: 5, confirmed: 4, unsubscribed: 2 });
  });

  it('counts UTC days whatever the database session’s own timezone', async () => {
    const newYork = postgres(db.url, { max: 1, onnotice: () => {}, connection: { TimeZone: 'America/New_York' } });
    try {
      const inNewYork = await subscriberGrowth({ sql: newYork, clock }, 'day');
      expect(inNewYork).toEqual(await subscriberGrowth(ctx(), 'day'));
      // The week view spans March, when New York's clocks move.
      expect(await subscriberGrowth({ sql: newYork, clock }, 'week')).toEqual(await subscriberGrowth(ctx(), 'week'));
    } finally {
      await newYork.end();
    }
  });

  it('counts her days and weeks in the timezone she reads the dashboard in', async () => {
    // 23:30 UTC on 10 June is 18:30 the same day in Chicago (CDT, UTC-5).
    const growth = await subscriberGrowth(ctx(), 'day', 'America/Chicago');
    expect(growth).toMatchObject({ unit: 'day', timezone: 'America/Chicago', totals: { joined: 4, confirmed: 3, unsubscribed: 2 } });
    expect(growth.buckets).toHaveLength(30);
    expect(growth.buckets[0]!.start).toBe('2026-05-12');
    // c joined at 00:00 UTC on 9 June, 19:00 on the 8th in Chicago, and confirmed the evening of the 9th there.
    expect(growth.buckets.at(-1)).toEqual({ start: '2026-06-10', joined: 2, confirmed: 1, unsubscribed: 1 });
    expect(growth.buckets.at(-2)).toEqual({ start: '2026-06-09', joined: 0, confirmed: 1, unsubscribed: 0 });
    expect(growth.buckets.at(-3)).toEqual({ start: '2026-06-08', joined: 1, confirmed: 0, unsubscribed: 1 });
  });

  it('starts her weeks at her Monday midnight on both sides of a change of the clocks', async () => {
    // Monday 9 March 2026, 00:30 in Chicago (CDT since the 8th) is 05:30 UTC: a fixed 168-hour
    // stride from the CST Monday before would still count it in the week of 2 March.
    await db.sql`insert into subscribers (email, status, created_at) values ('dst@example.com', 'pending', '2026-03-09T05:30:00Z')`;
    try {
      const growth = await subscriberGrowth(ctx(), 'week', 'America/Chicago');
      expect(growth.buckets.find((b) => b.start === '2026-03-09')).toMatchObject({ joined: 1 });
      expect(growth.buckets.find((b) => b.start === '2026-03-02')).toMatchObject({ joined: 0 });
      expect(growth.buckets.every((b) => new Date(`${b.start}T12:00:00Z`).getUTCDay() === 1)).toBe(true);
      // In UTC the same moment is still Monday 9 March.
      expect((await subscriberGrowth(ctx(), 'week')).buckets.find((b) => b.start === '2026-03-09')).toMatchObject({ joined: 1 });
    } finally {
      await db.sql`delete from subscribers where email = 'dst@example.com'`;
    }
  });
});
