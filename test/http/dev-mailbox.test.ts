import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createDevMailboxMailer } from '../../src/mail/dev-mailbox.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('the dev mailbox routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { RESEND_API_KEY: '' }, mailer: (db) => createDevMailboxMailer(db.db) });
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
    await mailer.send([mail('one@example.com', 'First'), mail('two@example.com', 'Second')], 'batch-1');

    const json = (await (await h.app.request('/dev/mailbox.json')).json()) as Array<Record<string, unknown>>;
    expect(json.map((m) => [m.to, m.subject])).toEqual([
      ['one@example.com', 'First'],
      ['two@example.com', 'Second'],
    ]);
    for (const key of ['id', 'to', 'subject', 'html', 'text', 'headers', 'createdAt']) expect(json[0]).toHaveProperty(key);

    const list = await h.app.request('/dev/mailbox');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Second');

    const one = await h.app.request(`/dev/mailbox/${String(json[0]!.id)}`);
    expect(one.status).toBe(200);
    const page = await one.text();
    expect(page).toContain('List-Unsubscribe-Post');
    expect(page).toContain('Hello one@example.com');
  });

  it('is not mounted when a provider key is set', async () => {
    const app = createApp({ ...h.ctx, config: { ...h.ctx.config, devMailbox: false } });
    expect((await app.request('/dev/mailbox.json')).status).toBe(404);
  });
});
