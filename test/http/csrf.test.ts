import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';

const signupForm = (headers: Record<string, string>, email = 'ana@example.com') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams({ email, timezone: 'UTC' }).toString(),
});

describe('form posts from other sites', () => {
  let h: Harness;
  const subscribers = async () => (await h.db.sql<{ n: number }[]>`select count(*)::int as n from subscribers`)[0]!.n;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
  });

  const refused: Array<[string, Record<string, string>]> = [
    ['another origin', { origin: 'https://evil.example' }],
    ['our host name on plain http', { origin: 'http://course.example.com' }],
    ['the opaque null origin of a sandboxed frame', { origin: 'null' }],
    ['a cross-site fetch without an Origin', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site (sibling subdomain) page', { origin: 'https://blog.example.com', 'sec-fetch-site': 'same-site' }],
  ];
  for (const [what, headers] of refused) {
    it(`refuses a signup form posted from ${what} with a 403 page, and writes nothing`, async () => {
      const res = await h.app.request('/subscribe', signupForm(headers));
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('This form was sent from another website. Nothing was changed');
      expect(await subscribers()).toBe(0);
    });
  }

  it('answers a refused post that asked for JSON with the JSON error', async () => {
    const res = await h.app.request('/subscribe', signupForm({ origin: 'https://evil.example', accept: 'application/json' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(await subscribers()).toBe(0);
  });

  const accepted: Array<[string, Record<string, string>]> = [
    ['our APP_URL', { origin: 'https://course.example.com' }],
    ['the origin the request arrived at (behind no proxy)', { origin: 'http://localhost' }],
    ['a browser that says same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['a program that sends neither header', {}],
  ];
  for (const [what, headers] of accepted) {
    it(`takes a signup form posted from ${what}`, async () => {
      const res = await h.app.request('/subscribe', signupForm(headers));
      expect(res.status).toBe(200);
      expect(await subscribers()).toBe(1);
    });
  }

  it('leaves the one-click unsubscribe alone: a mailbox provider posts it without an Origin, and the token is the proof', async () => {
    const ids: number[] = [];
    for (const email of ['one@example.com', 'two@example.com']) {
      await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      ids.push(Number((await h.db.sql<{ id: string }[]>`select id from subscribers where email = ${email}`)[0]!.id));
    }
    const oneClick = (id: number, headers: Record<string, string>) =>
      h.app.request(`/unsubscribe?token=${signToken(h.ctx.config.secret, 'unsubscribe', id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await oneClick(ids[0]!, {})).status).toBe(200);
    // A webmail that makes the POST from its own page must not be turned away either.
    expect((await oneClick(ids[1]!, { origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect(await h.db.sql`select status from subscribers order by id`).toEqual([{ status: 'unsubscribed' }, { status: 'unsubscribed' }]);
  });
});
