import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { createDevMailboxMailer } from '../../src/mail/dev-mailbox.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('the dev mailbox routes', () => {
  let h: Harness;
  beforeAll(async () => {
    // The dev mailbox's pages exist only for an app on this machine alone, with no provider key.
    h = await createHarness({ env: { RESEND_API_KEY: '', APP_URL: 'http://localhost:3000' }, mailer: (db) => createDevMailboxMailer(db.db) });
  });
  afterAll(async () => h?.close());

  it('lists what the send path delivered, as JSON oldest first and as pages', async () => {
    const mailer = h.ctx.mailer;
    const mail = (to: string, subject: string) => ({
      from: 'A <a@example.com>',
      to,
      subject,
      html: `<p>Hello <b>${to}</b></p>`,
      text: `Hello ${to}`,
      headers: { 'List-Unsubscribe': '<https://x.example/unsubscribe?token=t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    await mailer.send([{ ...mail('one@example.com', 'First'), replyTo: 'her.replies@example.com' }, mail('two@example.com', 'Second')], 'batch-1');

    const json = (await (await h.app.request('/dev/mailbox.json')).json()) as Array<Record<string, unknown>>;
    expect(json.map((m) => [m.to, m.subject])).toEqual([
      ['one@example.com', 'First'],
      ['two@example.com', 'Second'],
    ]);
    for (const key of ['id', 'to', 'subject', 'html', 'text', 'headers', 'createdAt']) expect(json[0]).toHaveProperty(key);
    // Her reply_to, as Resend would be given it; none on the second (a confirmation asks for none).
    expect(json.map((m) => m.replyTo)).toEqual(['her.replies@example.com', undefined]);

    const list = await h.app.request('/dev/mailbox');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Second');

    const one = await h.app.request(`/dev/mailbox/${String(json[0]!.id)}`);
    expect(one.status).toBe(200);
    const page = await one.text();
    expect(page).toContain('List-Unsubscribe-Post');
    expect(page).toMatch(/<th scope="row">Reply-To<\/th><td>her\.replies@example\.com<\/td>/);
    expect(page).toContain('Hello one@example.com');
    // Its links open in a new tab, out of a frame that allows nothing else (test/browser/dev-mailbox.test.ts).
    expect(page).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(page).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Hello');
  });

  it('is not there (404) when a provider key is set, APP_URL is public, the server listens beyond loopback, or in production', async () => {
    const base = { DATA_DIR: '/tmp/rmg-test-data', SECRET: 'test-secret-test-secret-test-secret-1234', APP_URL: 'http://localhost:3000' };
    const settings: Array<Record<string, string>> = [
      { ...base, RESEND_API_KEY: 're_x' },
      { ...base, APP_URL: 'https://course.example.com' },
      { ...base, HOST: '0.0.0.0' },
      { ...base, NODE_ENV: 'production', RESEND_API_KEY: 're_x', EMAIL_FROM: 'A <a@example.com>', POSTAL_ADDRESS: '1 Main St' },
    ];
    for (const env of settings) {
      const app = createApp({ ...h.ctx, config: loadConfig(env) });
      for (const path of ['/dev/mailbox.json', '/dev/mailbox', '/dev/mailbox/dev_1']) {
        const res = await app.request(path, { headers: { accept: 'application/json' } });
        expect(res.status, `${path} with ${JSON.stringify(env)}`).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      }
    }
  });
});
