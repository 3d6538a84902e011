import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { seedSubscriber } from '../support/seed.js';

/** The page behind the confirm link promises the schedule the workers are configured with. */
describe.each([
  [{ SEND_HOUR: '7' }, 'one a day at 7:00 in the morning, your time', /8:00/],
  [{ SEND_HOUR: '14' }, 'one a day at 14:00, your time', /morning/],
  [{ SEND_HOUR: '7', COURSE_INTERVAL: '10s' }, 'one every 10 seconds after that', /7:00|a day/],
])('the confirmation page with %o', (env, promise, notThere) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ env, now: '2026-06-01T10:00:00Z' });
  });
  afterAll(async () => h?.close());

  it(`says "${promise}"`, async () => {
    const gia = await seedSubscriber(h.db.sql, { email: 'gia@example.com', timezone: 'Europe/Rome', status: 'pending' });
    const token = signToken(h.ctx.config.secret, 'confirm', gia.id, new Date('2026-06-08T10:00:00Z'));
    const res = await openConfirmationLink((url, init) => h.app.request(url, init), `/confirm?token=${token}`);
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/\s+/g, ' ');
    expect(text).toContain(promise);
    expect(text).not.toMatch(notThere);
  });
});
