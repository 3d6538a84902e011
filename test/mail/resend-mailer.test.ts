import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { composeEmails } from '../../src/delivery/compose.js';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { encodedBatchBody } from '../../src/mail/wire.js';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { sampleEmail } from '../support/sample-email.js';

const email = sampleEmail;

// Keys are unique per run so the suite passes when run twice against long-lived state.
const key = () => `test/${randomUUID()}`;

describe('resend mailer against the fake Resend API', () => {
  let fake: FakeResend;
  let mailer: ReturnType<typeof createResendMailer>;

  beforeAll(async () => {
    fake = await startFakeResend({ keepBodies: true });
    // Far above what an ordinary call takes on a loaded machine: only the timeout test means to hit one.
    mailer = createResendMailer({ apiKey: 're_test', baseUrl: fake.url, timeoutMs: 10_000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('sends pre-encoded batches byte-identical to the SDK\'s own serialisation', async () => {
    const catalog = await loadCatalogOrThrow();
    const course = catalog.main;
    const config = {
      appUrl: 'https://course.example.com',
      secret: 's'.repeat(40),
      emailFrom: 'Dr. Jane Doe <jane@example.com>',
      postalAddress: '1 Test Lane',
      consultationUrl: 'https://course.example.com/#consultation',
    };
    const names = ['Ana', null, 'Tom & "Jerry" <b>', 'Zoë 👶🏽'];
    const recipients = names.map((firstName, i) => ({
      deliveryId: i + 1,
      subscriberId: i + 1,
      email: `mom${i}@example.com`,
      firstName,
      createdAt: new Date('2026-01-01T00:00:00Z'),
    }));
    const emails = await composeEmails(config, catalog, lessonTemplateKey(course.slug, course.lessons[2]!.id), recipients);
    expect(encodedBatchBody(emails)).not.toBeNull();
    const k = key();

    const first = await mailer.send(emails, k);
    expect(first.ok).toBe(true);
    expect(fake.emails().map((e) => e.to)).toEqual(recipients.map((r) => r.email));
    expect(fake.emails().map((e) => e.html)).toEqual(emails.map((e) => e.html));
    expect(fake.emails().map((e) => e.text)).toEqual(emails.map((e) => e.text));
    expect(fake.emails()[0]!.headers).toEqual(emails[0]!.headers);

    // The same emails as plain objects take the SDK's JSON.stringify path. Under the same key
    // the fake replays only a byte-identical body (anything else is a 409 conflict).
    const plain = emails.map((e) => ({ ...e }));
    expect(encodedBatchBody(plain)).toBeNull();
    expect(await mailer.send(plain, k)).toEqual(first);
    expect(fake.stats()).toMatchObject({ accepted: 4, errors: 0, duplicates: 0 });

    // The pre-encoded body goes out permissive too: a bad address fails that email alone.
    fake.reset();
    const withTypo = recipients.map((r, i) => (i === 2 ? { ...r, email: 'mom2@example' } : r));
    const typoEmails = await composeEmails(config, catalog, lessonTemplateKey(course.slug, course.lessons[2]!.id), withTypo);
    expect(encodedBatchBody(typoEmails)).not.toBeNull();
    const partial = await mailer.send(typoEmails, key());
    expect(partial).toMatchObject({ ok: true, rejected: [{ index: 2, message: expect.stringMatching(/^Invalid `to` field/) }] });
    expect(partial.ok && partial.messageIds.map((id) => id === null)).toEqual([false, false, true, false]);
    expect(fake.emails().map((e) => e.to)).toEqual(['mom0@example.com', 'mom1@example.com', 'mom3@example.com']);
  });

  it('carries her reply_to in the pre-encoded batch, byte-identical to the SDK\'s serialisation', async () => {
    const catalog = await loadCatalogOrThrow();
    const withReplyTo = Object.assign(Object.create(catalog) as typeof catalog, { author: { ...catalog.author, replyTo: 'replies@example.com' } });
    const config = {
      appUrl: 'https://course.example.com',
      secret: 's'.repeat(40),
      emailFrom: 'Dr. Jane Doe <jane@example.com>',
      postalAddress: '1 Test Lane',
      consultationUrl: 'https://course.example.com/#consultation',
    };
    const recipients = ['Ana', null].map((firstName, i) => ({ deliveryId: i + 1, subscriberId: i + 1, email: `mom${i}@example.com`, firstName, createdAt: new Date(0) }));
    const emails = await composeEmails(config, withReplyTo, lessonTemplateKey(catalog.main.slug, catalog.main.lessons[0]!.id), recipients);
    expect(encodedBatchBody(emails)).not.toBeNull();
    const k = key();
    const first = await mailer.send(emails, k);
    expect(first.ok).toBe(true);
    expect(fake.emails().map((e) => e.replyTo)).toEqual(['replies@example.com', 'replies@example.com']);
    // Through the SDK's own JSON.stringify under the same key: only identical bytes replay.
    expect(await mailer.send(emails.map((e) => ({ ...e })), k)).toEqual(first);
    expect(fake.stats()).toMatchObject({ accepted: 2, errors: 0 });
  });

  it('sends one email through the single endpoint', async () => {
    const result = await mailer.send([email(1)], key());

    expect(result).toEqual({ ok: true, messageIds: [fake.emails()[0]!.id], rejected: [] });
    expect(fake.requests().map((r) => r.path)).toEqual(['/emails']);
    expect(fake.emails()[0]).toMatchObject({ to: 'reader1@example.com', subject: 'Lesson 1', html: '<p>Lesson 1</p>' });
  });

  it('sends a batch and returns ids in input order, headers included', async () => {
    const batchKey = key();
    const result = await mailer.send([email(1), email(2), email(3)], batchKey);

    const received = fake.emails();
    expect(fake.requests().map((r) => r.path)).toEqual(['/emails/batch']);
    expect(received.map((e) => e.to)).toEqual(['reader1@example.com', 'reader2@example.com', 'reader3@example.com']);
    expect(result).toEqual({ ok: true, messageIds: received.map((e) => e.id), rejected: [] });
    expect(received[1]!.headers).toEqual({ 'List-Unsubscribe': '<https://example.com/u/2>' });
    expect(received.every((e) => e.idempotencyKey === batchKey)).toBe(true);
  });

  it('retrying a batch under the same key replays the ids and stores nothing new', async () => {
    const batchKey = key();
    const first = await mailer.send([email(1), email(2), email(3)], batchKey);
    const retry = await mailer.send([email(1), email(2), email(3)], batchKey);

    expect(retry).toEqual(first);
    expect(fake.stats()).toMatchObject({ requests: 2, accepted: 3, duplicates: 0 });
  });

  it('reusing a key for a different batch is a conflict', async () => {
    const batchKey = key();
    await mailer.send([email(1), email(2)], batchKey);
    const result = await mailer.send([email(3), email(4)], batchKey);

    expect(result).toMatchObject({ ok: false, kind: 'conflict' });
    expect(fake.stats().accepted).toBe(2);
  });

  it('maps a 429 to rate_limited with the retry-after value', async () => {
    fake.behave([{ status: 429, retryAfter: 7 }]);
    const result = await mailer.send([email(1)], key());

    expect(result).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 7000 });
    expect(fake.stats()).toMatchObject({ rateLimited: 1, accepted: 0 });
  });

  it('assumes one second when a 429 carries no retry-after', async () => {
    fake.behave([{ status: 429 }]);
    expect(await mailer.send([email(1)], key())).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
  });

  it('maps a 500 to transient, and the retry under the same key goes through', async () => {
    const sendKey = key();
    fake.behave([{ status: 500 }]);

    expect(await mailer.send([email(1), email(2)], sendKey)).toMatchObject({ ok: false, kind: 'transient' });
    expect(await mailer.send([email(1), email(2)], sendKey)).toMatchObject({ ok: true });
    expect(fake.stats()).toMatchObject({ accepted: 2, errors: 1 });
  });

  it('maps a 422 to permanent with the provider message', async () => {
    fake.behave([{ status: 422, message: 'Invalid `to` field' }]);
    const result = await mailer.send([email(1)], key());

    expect(result).toEqual({ ok: false, kind: 'permanent', message: 'Invalid `to` field' });
  });

  it('a batch with an invalid address: the others are sent, that one is rejected at its place with the provider message', async () => {
    const batchKey = key();
    const batch = [email(1), email(2, { to: 'not-an-address' }), email(3), email(4, { subject: '' }), email(5)];
    const result = await mailer.send(batch, batchKey);

    const received = fake.emails();
    expect(received.map((e) => e.to)).toEqual(['reader1@example.com', 'reader3@example.com', 'reader5@example.com']);
    expect(result).toEqual({
      ok: true,
      messageIds: [received[0]!.id, null, received[1]!.id, null, received[2]!.id],
      rejected: [
        { index: 1, message: expect.stringMatching(/^Invalid `to` field/) },
        { index: 3, message: 'Missing `subject` field.' },
      ],
    });
    expect(fake.requests()).toHaveLength(1);

    // A retry under the same key replays the same answer: the same places, the same ids.
    expect(await mailer.send(batch, batchKey)).toEqual(result);
    expect(fake.stats()).toMatchObject({ requests: 2, accepted: 3, rejected: 2, duplicates: 0 });
  });

  it('a batch whose every email is invalid is accepted with every email rejected, and sends nothing', async () => {
    const result = await mailer.send([email(1, { to: 'nobody' }), email(2, { to: 'nobody' })], key());

    expect(result).toMatchObject({ ok: true, messageIds: [null, null], rejected: [{ index: 0 }, { index: 1 }] });
    expect(fake.stats()).toMatchObject({ requests: 1, accepted: 0, rejected: 2 });
  });

  it('a single email with an invalid address is a permanent failure, as the single endpoint has no permissive mode', async () => {
    const result = await mailer.send([email(1, { to: 'not-an-address' })], key());

    expect(result).toMatchObject({ ok: false, kind: 'permanent', message: expect.stringContaining('Invalid `to` field') });
    expect(fake.stats().accepted).toBe(0);
  });

  it('maps a response slower than timeoutMs to transient instead of throwing', async () => {
    // The fake holds the answer for 8 s; a mailer that waited for it instead of timing out at 1 s
    // would take all of them, so the 5 s bound leaves 4 s for a slow machine and still tells.
    const impatient = createResendMailer({ apiKey: 're_test', baseUrl: fake.url, timeoutMs: 1_000 });
    fake.behave([{ delayMs: 8_000 }]);
    const started = Date.now();
    const result = await impatient.send([email(1)], key());

    expect(result).toMatchObject({ ok: false, kind: 'transient', message: expect.stringContaining('1000ms') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('treats a concurrent request under the same key as transient', async () => {
    const sendKey = key();
    const slowMailer = createResendMailer({ apiKey: 're_test', baseUrl: fake.url, timeoutMs: 5000 });
    fake.behave([{ delayMs: 400 }]);
    const first = slowMailer.send([email(1)], sendKey);
    // The second request must arrive while the first is inside its delay, not before it.
    await expect.poll(() => fake.requests().length).toBe(1);

    expect(await slowMailer.send([email(1)], sendKey)).toMatchObject({ ok: false, kind: 'transient' });
    expect(await first).toMatchObject({ ok: true });
    expect(fake.stats().accepted).toBe(1);
  });

  it('reports an unreachable provider as transient', async () => {
    const closed = await startFakeResend();
    await closed.close();
    const offline = createResendMailer({ apiKey: 're_test', baseUrl: closed.url, timeoutMs: 1000 });

    expect(await offline.send([email(1)], key())).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('refuses an empty api key instead of falling back to the environment', () => {
    expect(() => createResendMailer({ apiKey: '', baseUrl: fake.url })).toThrow(/apiKey/);
  });
});

describe('fake Resend rate limit and protocol', () => {
  let fake: FakeResend;

  beforeAll(async () => {
    fake = await startFakeResend({ rateLimitPerSecond: 5 });
  });
  afterAll(() => fake.close());

  it('answers the sixth quick request with 429 and retry-after', async () => {
    const mailer = createResendMailer({ apiKey: 're_test', baseUrl: fake.url });
    const results = [];
    for (let n = 1; n <= 6; n++) results.push(await mailer.send([email(n)], key()));

    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 1000 });
    expect(fake.stats()).toMatchObject({ requests: 6, accepted: 5, rateLimited: 1 });
  });

  it('rejects a request without a bearer token and a batch over 100', async () => {
    fake.reset();
    const unauthenticated = await fetch(`${fake.url}/emails`, { method: 'POST', body: JSON.stringify(email(1)) });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });

    const tooMany = await fetch(`${fake.url}/emails/batch`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_test', 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 101 }, (_, n) => email(n))),
    });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ statusCode: 422, name: 'validation_error' });
  });
});
