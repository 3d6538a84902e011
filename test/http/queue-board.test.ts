import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('/admin/queues (Bull Board)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: 'correct horse battery' } });
  });
  afterAll(async () => h?.close());

  it('asks for the password, then shows the board and its queue API', async () => {
    expect((await h.app.request('/admin/queues')).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}` };
    const page = await h.app.request('/admin/queues', { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await h.app.request('/admin/queues/api/queues?activeQueue=send&page=1', { headers: auth });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['dispatch', 'send']);
    const asset = /src="([^"]+\.js)"/.exec(await (await h.app.request('/admin/queues', { headers: auth })).text())?.[1];
    // The page links its bundle relative to the board's base href.
    const script = await h.app.request(new URL(asset!, 'http://localhost/admin/queues/').pathname, { headers: auth });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('is not served at all in production without a password', async () => {
    const app = createApp({ ...h.ctx, config: { ...h.ctx.config, env: 'production', adminPassword: null, devMailbox: false } });
    expect((await app.request('/admin/queues')).status).toBe(404);
  });
});
