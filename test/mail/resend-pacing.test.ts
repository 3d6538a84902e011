import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer, RATE_HEADROOM } from '../../src/mail/pacing.js';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { sampleEmail } from '../support/sample-email.js';

describe('createPacer', () => {
  it('hands out departure slots spaced at the rate plus headroom, in call order', () => {
    let now = 1_000;
    const pacer = createPacer(10, () => now);
    const spacing = 100 * RATE_HEADROOM;
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, spacing, 2 * spacing]);
    now += 500; // a quiet spell: the next call goes at once, and the ones after it wait again
    expect(pacer.reserve()).toBe(0);
    expect(pacer.reserve()).toBeCloseTo(spacing);
  });
});

describe('resend mailer with RESEND_RATE_LIMIT', () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await startFakeResend({ rateLimitPerSecond: 20 });
  });
  afterAll(() => fake.close());

  it('spaces a burst of calls so that a provider judging any sliding second never says 429', async () => {
    const mailer = createResendMailer({ apiKey: 're_test', baseUrl: fake.url, requestsPerSecond: 20 });
    // Open the keep-alive connection first: its set-up would delay the first request of the burst.
    await mailer.send([sampleEmail(100)], 'pacing-warm-up');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    fake.reset();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => mailer.send([sampleEmail(i)], `pacing-${i}`)));

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.stats()).toMatchObject({ requests: 30, rateLimited: 0, accepted: 30 });
    // Sent 51.5 ms apart; what arrives may bunch by a connection set-up, never by a second's worth.
    const arrivals = fake.requests().map((r) => r.receivedAt);
    for (let i = 20; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 20]!).toBeGreaterThanOrEqual(1_000);
  });
});
