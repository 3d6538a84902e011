import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { logIn } from '../support/admin-session.js';

describe('/admin/queues (Bull Board)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: 'correct horse battery' } });
  });
  afterAll(async () => h?.close());

  it('sits behind the dashboard login, then shows the board and its queue API', async () => {
    const anonymous = await h.app.request('/admin/queues');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/admin/login');
    const auth = { cookie: await logIn(h.app, 'correct horse battery') };
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

  it('is not served at all without a password (production)', async () => {
    const app = createApp({ ...h.ctx, config: { ...h.ctx.config, env: 'production', adminPassword: null, devMailbox: false } });
    expect((await app.request('/admin/queues')).status).toBe(404);
    expect((await app.request('/admin')).status).toBe(404);
  });
});
