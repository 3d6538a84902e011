import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from './fake-resend.js';
import { sampleBatch } from './sample-batch.js';

/** The fake's batch validation modes, in both of its parsers: the tests' and the benchmark's. */
describe.each([
  { parser: 'full', options: { keepBodies: true } },
  { parser: 'lean', options: { leanBodies: true } },
])('the fake Resend batch validation modes ($parser parser)', ({ options }) => {
  let fake: FakeResend;

  beforeAll(async () => {
    fake = await startFakeResend(options);
  });
  afterAll(() => fake.close());

  const post = async (emails: unknown, { key = randomUUID(), mode }: { key?: string; mode?: string } = {}) => {
    const response = await fetch(`${fake.url}/emails/batch`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer re_test',
        'Idempotency-Key': key,
        'content-type': 'application/json',
        ...(mode ? { 'x-batch-validation': mode } : {}),
      },
      body: JSON.stringify(emails),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  /** Five emails, the second with a malformed `to` and the fifth without a subject. */
  const withTwoInvalid = () =>
    sampleBatch(5).map((email, i) => (i === 1 ? { ...email, to: 'mom1@example' } : i === 4 ? { ...email, subject: '' } : email));

  it('permissive: stores the valid emails, lists the others in errors by index, and answers 200', async () => {
    fake.reset();
    const batch = withTwoInvalid();
    const answer = await post(batch, { mode: 'permissive' });

    expect(answer.status).toBe(200);
    expect(answer.json.errors).toEqual([
      { index: 1, message: 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.' },
      { index: 4, message: 'Missing `subject` field.' },
    ]);
    // `data` has the created emails only, in request order, with no gap where one was rejected.
    const stored = fake.emails();
    expect(stored.map((e) => e.to)).toEqual(['mom0@example.com', 'mom2@example.com', 'mom3@example.com']);
    expect(answer.json.data).toEqual(stored.map((e) => ({ id: e.id })));
    expect(fake.stats()).toMatchObject({ requests: 1, accepted: 3, rejected: 2, errors: 0 });
    expect(fake.requests()[0]).toMatchObject({ status: 200, emailCount: 3 });
  });

  it('permissive: a replay under the same key is the identical answer and stores nothing', async () => {
    fake.reset();
    const key = randomUUID();
    const first = await post(withTwoInvalid(), { key, mode: 'permissive' });
    const replay = await post(withTwoInvalid(), { key, mode: 'permissive' });

    expect(replay).toEqual(first);
    expect(fake.stats()).toMatchObject({ requests: 2, accepted: 3, rejected: 2 });
    expect(fake.requests()[1]).toMatchObject({ status: 200, emailCount: 0 });
  });

  it('permissive: every email invalid is still a 200, with nothing created', async () => {
    fake.reset();
    const batch = sampleBatch(2).map((email) => ({ ...email, to: 'nobody' }));
    const answer = await post(batch, { mode: 'permissive' });

    expect(answer).toMatchObject({ status: 200, json: { data: [], errors: [{ index: 0 }, { index: 1 }] } });
    expect(fake.stats()).toMatchObject({ accepted: 0, rejected: 2, errors: 0 });
  });

  it('permissive: a body that is not a list of 1 to 100 emails still fails whole', async () => {
    fake.reset();
    expect(await post([], { mode: 'permissive' })).toMatchObject({ status: 422, json: { name: 'validation_error' } });
    expect(await post(sampleBatch(101), { mode: 'permissive' })).toMatchObject({ status: 422, json: { name: 'validation_error' } });
    expect(fake.stats()).toMatchObject({ accepted: 0, rejected: 0, errors: 2 });
  });

  it('strict, with the header or without it: one invalid email fails the whole batch with a 422', async () => {
    fake.reset();
    for (const mode of ['strict', undefined]) {
      const answer = await post(withTwoInvalid(), { mode });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject({ name: 'validation_error', message: expect.stringMatching(/^emails\[1\]: Invalid `to` field/) });
    }
    const valid = await post(sampleBatch(2), { mode: 'strict' });
    expect(valid.status).toBe(200);
    expect(valid.json).not.toHaveProperty('errors');
    expect(fake.stats()).toMatchObject({ accepted: 2, rejected: 0, errors: 2 });
  });
});
