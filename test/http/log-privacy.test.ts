import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createApp } from '../../src/http/app.js';
import { startWorkers } from '../../workers/start.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

const EMAIL = 'priya.private@example.com';

/**
 * The app's own log at info level, as production writes it (pino JSON), over a mom's whole path:
 * signup, confirmation, her preference page and a change there, a download, an unsubscribe. No
 * line holds her address or any token, the workers' included; every request line has its request id.
 */
describe('the info-level log', () => {
  let h: Harness;
  const lines: string[] = [];
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;

  beforeAll(async () => {
    h = await createHarness({ now: '2026-06-01T08:00:00Z' });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const ctx = { ...h.ctx, logger };
    Object.assign(h, { app: createApp(ctx) });
    workers = await startWorkers(ctx);
  });
  afterAll(async () => {
    await workers?.close();
    await h?.close();
  });

  it('holds no email address and no token, and names each request by its id', async () => {
    const signup = await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, timezone: 'UTC' }) });
    expect(signup.status).toBe(202);
    const confirmation = (await waitFor('the confirmation', () => h.fake.emails().find((e) => e.to === EMAIL)))!;
    const link = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation.html ?? '')![1]!;
    h.clock.set(new Date('2026-06-01T08:10:00Z'));
    await openConfirmationLink((url, init) => h.app.request(url, init), link);
    const [row] = await h.db.sql<{ id: string }[]>`select id from subscribers where email = ${EMAIL}`;
    const id = Number(row!.id);
    const tokens = [
      link.split('token=')[1]!,
      signToken(h.ctx.config.secret, 'preferences', id),
      signToken(h.ctx.config.secret, 'unsubscribe', id),
    ];
    const page = await (await h.app.request(`/preferences?token=${tokens[1]}`)).text();
    const exportHref = /href="(\/preferences\/export\?token=[^"]+)"/.exec(page)![1]!;
    tokens.push(exportHref.split('token=')[1]!);
    await h.app.request('/preferences/send-hour', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens[1]!, hour: '7' }).toString(),
    });
    expect((await h.app.request(exportHref)).status).toBe(200);
    expect((await h.app.request(`/unsubscribe?token=${tokens[2]}`, { method: 'POST' })).status).toBe(200);
    expect((await h.app.request(`/preferences?token=${tokens[1]!.slice(0, -3)}`)).status).toBe(400);

    const requests = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string; path?: string; level: number }).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(7);
    for (const r of requests) expect(r.requestId).toMatch(/.{8,}/);
    expect(requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/subscribers', '/confirm', '/preferences', '/preferences/send-hour', '/preferences/export', '/unsubscribe']));
    const all = lines.join('\n');
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain('priya');
    for (const token of tokens) {
      expect(all).not.toContain(token);
      expect(all).not.toContain(token.split('.')[1]!);
    }
  });
});
