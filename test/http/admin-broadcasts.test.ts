import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

const TOKEN = 'admin-token-admin-token-1234';
const MARKDOWN = '---\nid: "hello-letter"\nsubject: "Hello from me"\npreview: "A short hello."\n---\n\nA few kind words for you tonight.\n';

describe('/api/admin/broadcasts', () => {
  let h: Harness;
  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) =>
    h.app.request(`/api/admin${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const rows = async () => (await h.db.sql<[{ n: number }]>`select (select count(*) from broadcasts)::int + (select count(*) from deliveries)::int as n`)[0].n;

  beforeAll(async () => {
    h = await createHarness({ now: '2026-12-01T12:00:00Z', env: { ADMIN_TOKEN: TOKEN } });
    await h.db.sql`
      insert into subscribers (email, timezone, status, newsletter) values
        ('a@example.com', 'UTC', 'active', true), ('b@example.com', 'UTC', 'active', false), ('c@example.com', 'UTC', 'unsubscribed', true)`;
  });
  afterAll(async () => h?.close());

  it('answers 401 without the token or with a wrong one, and changes nothing', async () => {
    for (const token of [null, 'wrong', `${TOKEN}x`]) {
      const response = await call('POST', '/broadcasts', { markdown: MARKDOWN, audience: 'all' }, token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect((await call('GET', '/broadcasts', undefined, null)).status).toBe(401);
    expect(await rows()).toBe(0);
  });

  it('refuses bad requests with a 4xx error body, and changes nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      ['{not json', 400, 'invalid_json'],
      [{ markdown: MARKDOWN }, 422, 'validation_failed'],
      [{ markdown: MARKDOWN, audience: 'everyone' }, 422, 'validation_failed'],
      [{ markdown: MARKDOWN, audience: 'all', at: '2020-01-01T00:00:00Z' }, 422, 'validation_failed'],
      [{ markdown: MARKDOWN, audience: 'all', at: '2030-01-01T00:00:00Z', localHour: '2030-01-01' }, 422, 'validation_failed'],
      [{ file: '../../etc/passwd.md', audience: 'all' }, 422, 'validation_failed'],
      [{ markdown: MARKDOWN, audience: 'all', extra: 1 }, 422, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call('POST', '/broadcasts', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await rows()).toBe(0);
  });

  it('counts an audience, plans a dry run, creates from Markdown, lists, shows, pauses, resumes and cancels', async () => {
    const count = await call('GET', '/audiences/count?audience=newsletter');
    expect(await count.json()).toEqual({ audience: 'newsletter', course: null, description: 'everyone who asked for your newsletter', count: 1 });
    expect((await call('GET', '/audiences/count?audience=nope')).status).toBe(422);

    const plan = await call('POST', '/broadcasts', { markdown: MARKDOWN, name: 'hello-letter', audience: 'all', dryRun: true });
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ dryRun: true, recipients: 2, subject: 'Hello from me' });

    const created = await call('POST', '/broadcasts', { markdown: MARKDOWN, name: 'hello-letter', audience: 'all', at: '2026-12-02T09:00:00Z' });
    expect(created.status).toBe(201);
    const broadcast = (await created.json()) as { id: number; status: string; recipients: number; file: string };
    expect(broadcast).toMatchObject({ status: 'scheduled', recipients: 2, file: 'emails/newsletters/hello-letter.md' });

    const again = await call('POST', '/broadcasts', { markdown: MARKDOWN, name: 'hello-letter', audience: 'all' });
    expect(again.status).toBe(409);

    const list = (await (await call('GET', '/broadcasts')).json()) as { broadcasts: Array<{ id: number }> };
    expect(list.broadcasts.map((b) => b.id)).toEqual([broadcast.id]);
    expect(await (await call('GET', `/broadcasts/${broadcast.id}`)).json()).toMatchObject({ counts: { pending: 2, sent: 0 } });
    expect((await call('GET', '/broadcasts/999')).status).toBe(404);
    expect((await call('GET', '/broadcasts/abc')).status).toBe(404);

    expect(await (await call('POST', `/broadcasts/${broadcast.id}/pause`)).json()).toMatchObject({ status: 'paused' });
    expect((await call('POST', `/broadcasts/${broadcast.id}/pause`)).status).toBe(409);
    expect(await (await call('POST', `/broadcasts/${broadcast.id}/resume`)).json()).toMatchObject({ status: 'scheduled' });
    expect(await (await call('POST', `/broadcasts/${broadcast.id}/cancel`)).json()).toMatchObject({ status: 'cancelled', counts: { cancelled: 2 } });
  });
});

describe('/api/admin without ADMIN_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('does not exist', async () => {
    const response = await h.app.request('/api/admin/broadcasts', { headers: { authorization: 'Bearer anything-at-all-anything' } });
    expect(response.status).toBe(404);
  });
});
