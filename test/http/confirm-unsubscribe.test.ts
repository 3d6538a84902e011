import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { seedSubscriber } from '../support/seed.js';

describe('confirm and unsubscribe links', () => {
  let h: Harness;
  let subscriberId: number;
  const secret = () => h.ctx.config.secret;

  beforeAll(async () => {
    h = await createHarness({ now: '2026-06-01T10:00:00Z' });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
    subscriberId = (await seedSubscriber(h.db.sql, { email: 'fay@example.com', timezone: 'Europe/London', status: 'pending' })).id;
  });

  const open = (link: string) => openConfirmationLink((url, init) => h.app.request(url, init), link);
  const state = async () => {
    const [s] = await h.db.sql`select status from subscribers`;
    const enrollments = await h.db.sql`select status, position from enrollments`;
    return { subscriber: s!.status, enrollments };
  };

  it('a valid link activates her and enrolls her with lesson 1 due now; a second click changes nothing', async () => {
    const token = signToken(secret(), 'confirm', subscriberId, new Date('2026-06-08T10:00:00Z'));
    const res = await open(`/confirm?token=${token}`);
    expect(res.status).toBe(200);
    const [enrollment] = await h.db.sql<{ next_due_at: Date; status: string }[]>`select next_due_at, status from enrollments`;
    expect(enrollment).toEqual({ next_due_at: new Date('2026-06-01T10:00:00Z'), status: 'active' });
    expect((await open(`/confirm?token=${token}`)).status).toBe(200);
    expect((await state()).enrollments).toHaveLength(1);
  });

  const invalid: Array<[string, () => string]> = [
    ['an expired link', () => signToken(secret(), 'confirm', subscriberId, new Date('2026-06-01T09:59:59Z'))],
    ['a tampered link', () => signToken(secret(), 'confirm', subscriberId, new Date('2026-06-08T10:00:00Z')).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
    ['a link signed with another secret', () => signToken('another-secret-another-secret-12345', 'confirm', subscriberId)],
    ['an unsubscribe token used as a confirmation', () => signToken(secret(), 'unsubscribe', subscriberId)],
    ['garbage', () => '%00%3Cscript%3E'],
  ];
  for (const [what, token] of invalid) {
    it(`${what} gets a friendly page and changes nothing`, async () => {
      const res = await h.app.request(`/confirm?token=${token()}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toMatch(/expired|not quite right|isn.t valid|not valid/i);
      expect(await state()).toEqual({ subscriber: 'pending', enrollments: [] });
    });
  }

  it('GET /unsubscribe shows a button and changes nothing; the one-click POST unsubscribes and cancels queued work', async () => {
    await open(`/confirm?token=${signToken(secret(), 'confirm', subscriberId, new Date('2026-06-08T10:00:00Z'))}`);
    await h.db.sql`
      insert into send_batches (template) values ('releasing-mom-guilt/x');
      `.simple();
    await h.db.sql`
      insert into deliveries (dedupe_key, kind, subscriber_id, template, batch_id, due_at)
      values ('lesson:test', 'lesson', ${subscriberId}, 'releasing-mom-guilt/x', 1, now())`;
    const token = signToken(secret(), 'unsubscribe', subscriberId);

    const page = await h.app.request(`/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('method="post"');
    expect((await state()).subscriber).toBe('active');

    const res = await h.app.request(`/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await state()).toEqual({ subscriber: 'unsubscribed', enrollments: [{ status: 'cancelled', position: 0 }] });
    const deliveries = await h.db.sql`select status from deliveries`;
    expect(deliveries).toEqual([{ status: 'cancelled' }]);

    // An old confirmation link must not undo her choice.
    const again = await open(`/confirm?token=${signToken(secret(), 'confirm', subscriberId, new Date('2026-06-08T10:00:00Z'))}`);
    expect(again.status).toBe(400);
    expect((await state()).subscriber).toBe('unsubscribed');
  });

  it('a forged unsubscribe POST gets a 400 and changes nothing', async () => {
    const res = await h.app.request(`/unsubscribe?token=${signToken('wrong-secret-wrong-secret-wrong-1', 'unsubscribe', subscriberId)}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect((await state()).subscriber).toBe('pending');
  });
});
