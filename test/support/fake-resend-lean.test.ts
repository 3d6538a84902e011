import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from './fake-resend.js';
import { sampleBatch } from './sample-batch.js';

describe('the fake Resend with leanBodies', () => {
  let fake: FakeResend;

  beforeAll(async () => {
    fake = await startFakeResend({ leanBodies: true });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const post = async (body: string, key = randomUUID()) => {
    const response = await fetch(`${fake.url}/emails/batch`, {
      method: 'POST',
      headers: { Authorization: 'Bearer re_test', 'Idempotency-Key': key, 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it('accepts a realistic batch and records lengths without decoding html and text', async () => {
    const batch = sampleBatch(100);
    const body = JSON.stringify(batch); // fetch sends it as UTF-8, the same bytes both times
    const key = randomUUID();

    const first = await post(body, key);
    expect(first.status).toBe(200);
    const ids = (first.json.data as Array<{ id: string }>).map((d) => d.id);
    expect(new Set(ids).size).toBe(100);
    expect(fake.stats()).toMatchObject({ accepted: 100, errors: 0, duplicates: 0 });

    const emails = fake.emails();
    expect(emails.map((e) => e.id)).toEqual(ids);
    expect(emails.map((e) => e.to)).toEqual(batch.map((e) => e.to));
    expect(emails.map((e) => e.subject)).toEqual(batch.map((e) => e.subject));
    expect(emails.map((e) => e.headers)).toEqual(batch.map((e) => e.headers));
    for (const [i, email] of emails.entries()) {
      expect(email.htmlLength).toBe(Buffer.byteLength(JSON.stringify(batch[i]!.html)) - 2);
      expect(email.textLength).toBe(Buffer.byteLength(JSON.stringify(batch[i]!.text)) - 2);
      expect(email.htmlLength).toBeGreaterThan(0);
      expect(email.textLength).toBeGreaterThan(0);
      expect(email.html).toBeUndefined();
    }

    const replay = await post(body, key);
    expect(replay).toEqual(first);
    expect(fake.stats()).toMatchObject({ accepted: 100, requests: 2 });
  });

  it('answers a key reused for other recipients (same length) or a longer text with 409, as Resend does', async () => {
    const batch = sampleBatch(3);
    const key = randomUUID();
    expect((await post(JSON.stringify(batch), key)).status).toBe(200);
    const otherRecipient = batch.map((email, i) => (i === 1 ? { ...email, to: 'mom7@example.com' } : email));
    const longerText = batch.map((email, i) => (i === 2 ? { ...email, text: `${email.text}!` } : email));
    for (const changed of [otherRecipient, longerText]) {
      const answer = await post(JSON.stringify(changed), key);
      expect(answer).toMatchObject({ status: 409, json: { name: 'invalid_idempotent_request' } });
    }
    expect(fake.stats()).toMatchObject({ accepted: 3 });
  });

  it('rejects a body whose html string never ends as invalid JSON', async () => {
    const body = JSON.stringify(sampleBatch(2));
    const answer = await post(body.slice(0, body.indexOf('"html":"') + 100)); // cut inside the first html
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ name: 'validation_error', message: 'The request body is not valid JSON.' });

    const escapedEnd = String.raw`[{"from":"a@example.com","to":"b@example.com","subject":"s","html":"ends escaped\"}]`;
    expect((await post(escapedEnd)).json).toMatchObject({ statusCode: 422, message: 'The request body is not valid JSON.' });
    expect(fake.stats()).toMatchObject({ accepted: 0, errors: 2 });
  });

  it('rejects an email without html and text, and any field that needs a real string', async () => {
    const [email] = sampleBatch(1);
    const { html: _html, text: _text, ...bare } = email!;
    const missing = await post(JSON.stringify([bare]));
    expect(missing.status).toBe(422);
    expect(missing.json.message).toBe('emails[0]: Missing `html` or `text` field.');

    const htmlOnly = await post(JSON.stringify([{ ...bare, html: '' }]));
    expect(htmlOnly.status).toBe(200);

    // Only html and text are skipped; a header of that name is no string to the validation.
    const header = await post(JSON.stringify([{ ...email, headers: { text: 'x' } }]));
    expect(header.status).toBe(422);
    expect(header.json.message).toBe('emails[0]: Invalid `headers` field: expected an object of strings.');
    expect(fake.stats()).toMatchObject({ accepted: 1, errors: 2 });
  });
});
