import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorDetails } from '../../../src/authoring/details.js';
import { storedDocuments } from '../../../src/courses/content-store.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';

const PASSWORD = 'a long and gentle password';

// Her details editor, for the two lines about replies: where they go and what the footer says.
describe('/admin/course/details: replies', () => {
  let h: Harness;
  let cookie: string;
  const post = (form: Record<string, string>) =>
    h.app.request('/admin/course/details', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' },
      body: new URLSearchParams(form).toString(),
    });
  const formOf = async (changes: Record<string, string>) => {
    const d = await authorDetails(h.ctx);
    return { name: d.name, credentials: d.credentials, signOff: d.signOff, consultationUrl: d.consultationUrl, replyTo: d.replyTo, repliesNote: d.repliesNote, version: String(d.version), action: 'save', ...changes };
  };

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => h?.close());

  it('shows both fields, empty until she fills them in, the default line in the hint', async () => {
    const html = await (await h.app.request('/admin/course/details', { headers: { cookie, accept: 'text/html' } })).text();
    expect(html).toContain('name="replyTo"');
    expect(html).toContain('name="repliesNote"');
    expect(h.ctx.catalog.author.replyTo).toBeNull();
  });

  it('saves them into author.md, and every process\'s content takes them', async () => {
    const note = 'A line of her own about replies, for this test.';
    const res = await post(await formOf({ replyTo: 'replies@example.com', repliesNote: note }));
    expect(res.status).toBe(303);
    const text = (await storedDocuments(h.db.sql)).get('author.md')!.text!;
    expect(text).toMatch(/^reply_to: "replies@example\.com"$/m);
    expect(text).toContain(`replies_note: "${note}"`);
    expect(h.ctx.catalog.author).toMatchObject({ replyTo: 'replies@example.com', repliesNote: note });
  });

  it('refuses a reply_to that is not one address, beside its field, and saves nothing', async () => {
    const before = (await storedDocuments(h.db.sql)).get('author.md')!.version;
    const res = await post(await formOf({ replyTo: 'not an address' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('data-problems-for="replyTo"');
    expect((await storedDocuments(h.db.sql)).get('author.md')!.version).toBe(before);
  });
});
