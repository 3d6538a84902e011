import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDraft } from '../../../src/broadcasts/draft-send.js';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { waitFor } from '../../support/wait-for.js';

const PASSWORD = 'a long and gentle password';

// The composer's archive checkbox: kept with the draft, untouched by autosave, carried to the broadcast.
describe('the composer: "Add it to my public archive"', () => {
  let h: Harness;
  let cookie: string;
  const post = (path: string, form: Record<string, string>) =>
    h.app.request(path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' },
      body: new URLSearchParams(form).toString(),
    });
  const isPublic = async () => (await h.db.sql<{ public: boolean }[]>`select public from broadcast_drafts`)[0]!.public;

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
    await h.db.sql`insert into subscribers (email, timezone, status, newsletter, confirmed_at) values ('reader@example.com', 'UTC', 'active', true, now())`;
  });
  afterAll(async () => h?.close());

  it('is unticked at first, saved by the form, kept by autosave, and makes the broadcast public', async () => {
    const path = (await post('/admin/broadcasts/drafts', {})).headers.get('location')!;
    expect(await isPublic()).toBe(false);
    const page = await (await h.app.request(path, { headers: { cookie } })).text();
    expect(page).toMatch(/<input type="checkbox" name="public" value="on" aria-describedby="public-hint"\/?>/);

    const text = { subject: 'Hello', preview: 'A short hello.', body: 'A few kind words.' };
    expect((await post(path, { ...text, public: 'on', action: 'save' })).status).toBe(303);
    expect(await isPublic()).toBe(true);
    expect(await (await h.app.request(path, { headers: { cookie } })).text()).toMatch(/name="public" value="on" checked/);

    const autosave = await h.app.request(`${path}/autosave`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ ...text, subject: 'Hello again' }) });
    expect(autosave.status).toBe(200);
    expect(await isPublic()).toBe(true);

    await post(path, { ...text, action: 'save' });
    expect(await isPublic()).toBe(false);
    await post(path, { ...text, public: 'on', action: 'save' });

    const broadcast = await sendDraft(h.ctx, Number(path.split('/').pop()), { audience: 'all', when: 'now' });
    const [row] = await h.db.sql<{ public: boolean }[]>`select public from broadcasts where id = ${broadcast.id}`;
    expect(row!.public).toBe(true);

    // Once sent, its address in the archive is made of its subject's words, and its email links there.
    await h.startWorkers();
    const draftId = path.split('/').pop();
    const email = await waitFor('the letter at the provider', () => h.fake.emails().find((e) => e.subject === 'Hello'));
    expect(email.html).toContain(`href="https://course.example.com/letters/hello-${draftId}"`);
    await waitFor('the broadcast sent', async () => (await h.db.sql`select 1 from broadcasts where id = ${broadcast.id} and status = 'sent'`).length === 1);
    expect((await h.app.request(`/letters/hello-${draftId}`)).status).toBe(200);
    expect((await h.app.request(`/letters/draft-${draftId}`)).status).toBe(404);
  });
});
