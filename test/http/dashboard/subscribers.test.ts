import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/harness.js';
import { resetTables, tableCounts } from '../../subscribers/import-support.js';

const TOKEN = 'admin-token-for-the-subscribers-routes';
const auth = { authorization: `Bearer ${TOKEN}` };

// The admin API over `subscribers import|export`: the same use cases, bad input as a 4xx with a
// code and a message, and nothing at all without the token.
describe('/api/admin/subscribers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => resetTables(h));

  const upload = (csv: string | Buffer, query = '', headers: Record<string, string> = auth) =>
    h.app.request(`/api/admin/subscribers/import${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body: typeof csv === 'string' ? csv : new Uint8Array(csv) });

  it('answers 401 without the token or with a wrong one, and imports nothing', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await upload('email\nx@example.com\n', '', headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      const exported = await h.app.request('/api/admin/subscribers/export', { headers });
      expect(exported.status).toBe(401);
    }
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0 });
  });

  it('imports a streamed CSV body and answers with the report', async () => {
    const body = new Blob(['email,first_name,consented_at\nana@example.com,Ana,2025-01-01\n', 'bea@example.com,Bea,\nnope,,\n']).stream();
    const res = await h.app.request('/api/admin/subscribers/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8', ...auth },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dryRun: false, rows: 3, created: 2, createdActive: 1, createdPending: 1, confirmations: 1, skippedByReason: { invalid_email: 1 } });
    expect(await tableCounts(h)).toMatchObject({ subscribers: 2, deliveries: 1 });
  });

  it('takes enroll and dryRun from the query', async () => {
    const dry = await upload('email,consented_at\ncy@example.com,2025-01-01\n', '?enroll=postpartum-perfectionism&dryRun=true');
    expect(await dry.json()).toMatchObject({ dryRun: true, enroll: 'postpartum-perfectionism', created: 1, enrolled: 1 });
    expect(await tableCounts(h)).toMatchObject({ subscribers: 0, enrollments: 0 });
    const real = await upload('email,consented_at\ncy@example.com,2025-01-01\n', '?enroll=postpartum-perfectionism');
    expect(await real.json()).toMatchObject({ dryRun: false, created: 1, enrolled: 1 });
    expect(await tableCounts(h)).toMatchObject({ subscribers: 1, enrollments: 1 });
  });

  it('answers bad input with a 4xx, a code and a message, and changes nothing', async () => {
    const cases: Array<[Response, number, string, RegExp]> = [
      [await upload('name\nAnn\n'), 422, 'validation_failed', /no "email" column/],
      [await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\n', 'utf16le')])), 422, 'validation_failed', /"CSV UTF-8"/],
      [await upload('email\nx@example.com\n', '?enroll=nope'), 422, 'validation_failed', /There is no course called "nope". Courses: releasing-mom-guilt, postpartum-perfectionism/],
      [await upload('email\nx@example.com\n', '?dryRun=perhaps'), 400, 'invalid_request', /dryRun must be true or false/],
      [await upload('', '', { ...auth }), 422, 'validation_failed', /The file is empty/],
      [await h.app.request('/api/admin/subscribers/import', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{}' }), 415, 'unsupported_media_type', /text\/csv/],
      [await h.app.request('/api/admin/subscribers/export?status=happy', { headers: auth }), 422, 'validation_failed', /There is no status "happy". Use one of: pending, active, unsubscribed, bounced, complained/],
    ];
    for (const [res, status, code, message] of cases) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, body.error.code], body.error.message).toEqual([status, code]);
      expect(body.error.message).toMatch(message);
    }
    expect(await tableCounts(h)).toEqual({ subscribers: 0, enrollments: 0, deliveries: 0, batches: 0 });
  });

  it('takes a body far over the app’s 16 KB limit; every other route keeps that limit', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `mom${i}@example.com,Mom ${i},2025-01-01`).join('\n');
    expect(rows.length).toBeGreaterThan(16 * 1024);
    const res = await upload(`email,first_name,consented_at\n${rows}\n`);
    expect(await res.json()).toMatchObject({ created: 2_000 });
    const big = await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com', firstName: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);
  });

  it('streams the export as CSV, filtered by status, without tokens', async () => {
    await upload('email,first_name,consented_at,newsletter\nana@example.com,Ana,2025-01-01T10:00:00Z,yes\nbea@example.com,Bea,,\n');
    const res = await h.app.request('/api/admin/subscribers/export?status=active', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = (await res.text()).trimEnd().split('\n');
    expect(header).toBe('email,first_name,timezone,consented_at,consent_source,newsletter,status,created_at,confirmed_at,unsubscribed_at');
    expect(lines).toEqual([`ana@example.com,Ana,UTC,2025-01-01T10:00:00.000Z,,yes,active,${h.clock.now().toISOString()},,`]);
  });
});
