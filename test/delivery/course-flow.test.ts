import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { preferencesUrl } from '../../src/delivery/compose.js';

const EMAIL = 'maya@example.com';
const ZONE = 'America/Los_Angeles';

describe('the course, end to end, on a manual clock', () => {
  let h: Harness;
  const lessonEmails = () => h.fake.emails().filter((e) => e.to === EMAIL || (Array.isArray(e.to) && e.to.includes(EMAIL)));

  beforeAll(async () => {
    // 2026-03-02 12:00 UTC = 04:00 in Los Angeles; the US switches to DST on March 8.
    h = await createHarness({ now: '2026-03-02T12:00:00Z' });
    await h.startWorkers();
  });
  afterAll(async () => h?.close());

  it('sends a confirmation, then lesson 1 at once and lessons 2–7 at 8:00 her time, each once', async () => {
    const signup = await h.app.request('/api/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, firstName: 'Maya <b>', timezone: ZONE }),
    });
    expect(signup.status).toBe(202);
    expect(await signup.json()).toEqual({ status: 'pending_confirmation' });

    const confirmation = (await waitFor('the confirmation email', () => lessonEmails()[0]))!;
    expect(confirmation.html).toContain('Maya &lt;b&gt;');
    const link = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation.html ?? '')?.[1];
    expect(link).toBeTruthy();

    const confirmed = await openConfirmationLink((url, init) => h.app.request(url, init), link!);
    expect(confirmed.status).toBe(200);
    await waitFor('lesson 1', () => lessonEmails().length === 2);

    // Lessons 2..7: one each morning at 08:00 Los Angeles time, across the DST change.
    const start = DateTime.fromISO('2026-03-02T12:00:00Z').setZone(ZONE);
    for (let day = 1; day <= 6; day++) {
      const morning = start.startOf('day').plus({ days: day }).set({ hour: 8 });
      h.clock.set(morning.minus({ minutes: 1 }).toJSDate());
      await h.afterDispatcherTicks(1); // a whole tick at 07:59: nothing is due yet
      expect(lessonEmails()).toHaveLength(day + 1);
      h.clock.set(morning.toJSDate());
      await waitFor(`lesson ${day + 1}`, () => lessonEmails().length === day + 2);
    }

    const received = lessonEmails();
    expect(received.map((e) => e.subject)).toEqual([
      expect.any(String),
      ...h.ctx.catalog.main.lessons.map((l) => l.subject),
    ]);
    for (const email of received) {
      expect(email.headers['List-Unsubscribe']).toMatch(/^<https:\/\/course\.example\.com\/unsubscribe\?token=.+>$/);
      expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(email.text).toContain('1 Test Lane, Testville');
      expect(email.html).toContain('1 Test Lane, Testville');
    }
    // Every lesson links to her own preference page; the confirmation, before she said yes, does not.
    const [maya] = await h.db.sql<{ id: number }[]>`select id::int from subscribers where email = ${EMAIL}`;
    expect(received[0]!.text).not.toContain('/preferences?token=');
    for (const email of received.slice(1)) {
      expect(email.html).toContain(`href="${preferencesUrl(h.ctx.config, maya!.id)}"`);
      expect(email.text).toContain(`Manage preferences ${preferencesUrl(h.ctx.config, maya!.id)}`);
    }
    expect(h.fake.stats().duplicates).toBe(0);

    // The provider has the 8th email a moment before the worker records it.
    const rows = await waitFor('all seven lessons recorded as sent', async () => {
      const found = await h.db.sql<{ lesson_index: number; status: string; due_at: Date }[]>`
        select lesson_index, status, due_at from deliveries where kind = 'lesson' order by lesson_index`;
      return found.length === 7 && found.every((r) => r.status === 'sent') ? found : null;
    });
    expect(rows.map((r) => r.status)).toEqual(Array(7).fill('sent'));
    // Lessons 2..7 were due at 08:00 local every day, before and after the switch to DST.
    for (const row of rows.slice(1)) {
      expect(DateTime.fromJSDate(row.due_at).setZone(ZONE).toFormat('HH:mm')).toBe('08:00');
    }
    const [enrollment] = await h.db.sql`select status, position from enrollments`;
    // 7 lesson emails plus the confirmation, nothing more.
    expect(enrollment).toMatchObject({ status: 'completed', position: 7 });
  });
});
