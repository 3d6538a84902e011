import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastFigures } from '../../src/reports/figures.js';
import { recentBroadcastFigures } from '../../src/reports/recent-newsletters.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('the last broadcasts with their figures', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`
      insert into subscribers (email, status, unsubscribed_at) values
        ('a@example.com', 'active', null), ('b@example.com', 'unsubscribed', '2026-05-02T10:00:00Z'),
        ('c@example.com', 'unsubscribed', '2026-04-01T10:00:00Z'), ('d@example.com', 'active', null)`;
    // Three newsletters: to everyone on 1 April and 1 May, and one still scheduled with nothing sent.
    for (const [i, at] of ['2026-04-01T08:00:00Z', '2026-05-01T08:00:00Z', '2026-06-01T08:00:00Z'].entries()) {
      const [b] = await db.sql<{ id: string }[]>`
        insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at, started_at)
        values (${`n${i}`}, 'f.md', 'markdown', ${`Letter ${i + 1}`}, 'all', 'at', ${i === 2 ? 'scheduled' : 'sent'}, 4, ${at}, ${at}, ${i === 2 ? null : at})
        returning id`;
      if (i === 2) continue;
      await db.sql`
        insert into deliveries (kind, subscriber_id, broadcast_id, template, status, provider_status, due_at, sent_at)
        select 'broadcast', id, ${b!.id}, ${`broadcast:${b!.id}`}, 'sent', case when email = 'd@example.com' then 'bounced' else 'delivered' end, ${at}, ${at}
        from subscribers`;
      await db.sql`
        insert into delivery_figures (template, sent, delivered, bounced, complained, opens, machine_opens, clicks, machine_clicks)
        values (${`broadcast:${b!.id}`}, 4, 3, 1, 0, 2, 1, 1, 0)`;
    }
  });
  afterAll(async () => db?.drop());

  for (const tracking of [false, true]) {
    it(`gives, newest first, the figures broadcastFigures gives for each (tracking ${tracking ? 'on' : 'off'})`, async () => {
      const ctx = { sql: db.sql, config: { tracking } };
      const recent = await recentBroadcastFigures(ctx, 5);
      expect(recent.map((b) => [b.subject, b.status])).toEqual([['Letter 3', 'scheduled'], ['Letter 2', 'sent'], ['Letter 1', 'sent']]);
      for (const b of recent) {
        const { id, recipients, trackingNote, ...figures } = await broadcastFigures(ctx, b.id);
        expect(b.figures, b.subject).toEqual(figures);
        expect(b.recipients).toBe(recipients);
      }
      // b@ left after both letters; c@ two hours after the first.
      expect(recent[1]!.figures.unsubscribedAfter).toBe(1);
      expect(recent[2]!.figures.unsubscribedAfter).toBe(2);
      expect(recent[0]!.sendsAt.toISOString()).toBe('2026-06-01T08:00:00.000Z');
      expect((await recentBroadcastFigures(ctx, 1)).map((b) => b.subject)).toEqual(['Letter 3']);
    });
  }
});
