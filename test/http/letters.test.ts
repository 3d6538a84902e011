import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAuthorDetails, authorDetails } from '../../src/authoring/details.js';
import { createBroadcast } from '../../src/broadcasts/create.js';
import { getBroadcast, type BroadcastSummary } from '../../src/broadcasts/query.js';
import { signToken } from '../../src/tokens.js';
import { setDashboardTimezone } from '../../src/settings/timezone.js';
import { openConfirmationLink } from '../support/confirm-link.js';
import type { FakeEmail } from '../support/fake-resend.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

// Names and addresses no letter's words could contain by chance.
const READERS = [
  { email: 'quillonette@example.com', firstName: 'Quillonette' },
  { email: 'zephyrine.w@example.com', firstName: 'Zephyrine' },
  { email: 'no-name-reader@example.com', firstName: null },
];
const SIGNUP = { email: 'maribelle.signup@example.com', firstName: 'Maribelle' };
const REPLY_TO = 'replies.archive@example.com';

const letter = (id: string, subject: string, words: string, isPublic: boolean | null) =>
  `---\nid: "${id}"\nsubject: "${subject}"\npreview: "A preview line for ${id}."\n${isPublic === null ? '' : `public: ${isPublic}\n`}---\n\n${words}\n`;

const PUBLIC = { id: 'a-letter-for-everyone', subject: 'A letter for everyone' };
const PRIVATE = { id: 'a-letter-for-the-list', subject: 'A letter for the list only' };

describe('her public archive, and replies that reach her', () => {
  let h: Harness;
  let publicBroadcast: BroadcastSummary;
  let privateBroadcast: BroadcastSummary;
  const to = (email: FakeEmail) => (Array.isArray(email.to) ? email.to : [email.to]);
  const emailsTo = (address: string) => h.fake.emails().filter((e) => to(e).includes(address));
  const bySubject = (subject: string) => h.fake.emails().filter((e) => e.subject === subject);

  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T12:00:00Z' });
    const details = await authorDetails(h.ctx);
    await saveAuthorDetails(h.ctx, { ...details, replyTo: REPLY_TO, source: 'dashboard' });
    await h.startWorkers();

    // One reader through the real signup: a confirmation, then lesson 1.
    const signup = await h.app.request('/api/subscribers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...SIGNUP, timezone: 'UTC', newsletter: true }),
    });
    expect(signup.status).toBe(202);
    const confirmation = await waitFor('the confirmation email', () => emailsTo(SIGNUP.email)[0]);
    const link = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation.html ?? '')?.[1];
    expect((await openConfirmationLink((url, init) => h.app.request(url, init), link!)).status).toBe(200);
    await waitFor('lesson 1', () => emailsTo(SIGNUP.email).length === 2);

    for (const r of READERS) {
      await h.db.sql`insert into subscribers (email, first_name, timezone, status, newsletter, confirmed_at)
        values (${r.email}, ${r.firstName}, 'UTC', 'active', true, now())`;
    }
    const send = (l: typeof PUBLIC, isPublic: boolean | null, words: string) =>
      createBroadcast(h.ctx, { markdown: letter(l.id, l.subject, words, isPublic), name: l.id, audience: 'all' }) as Promise<BroadcastSummary>;
    publicBroadcast = await send(PUBLIC, true, 'Some words for **anyone** who needs them today.\n\nAnd a [way to talk](@consultation).');
    privateBroadcast = await send(PRIVATE, null, 'Words for the list alone.');
    await waitFor('both letters to be sent', async () =>
      (await Promise.all([publicBroadcast.id, privateBroadcast.id].map((id) => getBroadcast(h.ctx, id)))).every((b) => b?.status === 'sent'),
    );
  });
  afterAll(async () => h?.close());

  it('lists only the public letter that was sent, and 404s the private one', async () => {
    const res = await h.app.request('/letters');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/letters/${PUBLIC.id}"`);
    expect(html).toContain(PUBLIC.subject);
    expect(html).not.toContain(PRIVATE.subject);
    expect(html).not.toContain(PRIVATE.id);

    expect((await h.app.request(`/letters/${PUBLIC.id}`)).status).toBe(200);
    const hidden = await h.app.request(`/letters/${PRIVATE.id}`);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain(PRIVATE.subject);
    expect((await h.app.request('/letters/no-such-letter')).status).toBe(404);
  });

  it('has exactly the public letter in its Atom feed', async () => {
    const res = await h.app.request('/letters/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const feed = parseFeed(await res.text());
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.title).toBe(PUBLIC.subject);
    expect(item!.url).toBe(`https://course.example.com/letters/${PUBLIC.id}`);
    expect(item!.id).toBe(`https://course.example.com/letters/${PUBLIC.id}`);
    expect(item!.updated?.toISOString()).toBe((await getBroadcast(h.ctx, publicBroadcast.id))!.finishedAt);
    expect(item!.content).toContain('anyone');
  });

  it('shows the web copy to no one in particular: no token, no address, no name, no way to unsubscribe', async () => {
    const page = await (await h.app.request(`/letters/${PUBLIC.id}`)).text();
    const pages = [page, await (await h.app.request('/letters')).text(), await (await h.app.request('/letters/feed.xml')).text()];
    expect(page).toContain('Hi there,');
    // A shared link shows a proper card: its own canonical address and share tags.
    expect(page).toContain(`<link rel="canonical" href="https://course.example.com/letters/${PUBLIC.id}">`);
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain('<strong>anyone</strong>');
    expect(page).toContain(h.ctx.catalog.author.signOff);
    // The main course's signup form ends the letter.
    expect(page).toContain('action="/subscribe"');
    expect(page).toContain(`name="course" value="${h.ctx.catalog.main.slug}"`);

    const people = await h.db.sql<{ id: string; email: string; first_name: string | null }[]>`select id, email, first_name from subscribers`;
    expect(people.length).toBe(READERS.length + 1);
    const secrets = new Set<string>();
    for (const p of people) {
      secrets.add(p.email);
      if (p.first_name) secrets.add(p.first_name);
      secrets.add(signToken(h.ctx.config.secret, 'unsubscribe', Number(p.id)));
      secrets.add(signToken(h.ctx.config.secret, 'preferences', Number(p.id)));
    }
    // Every token any email carried (confirm links included), as the provider received them.
    for (const email of h.fake.emails()) {
      for (const text of [email.html ?? '', email.text ?? '', ...Object.values(email.headers)]) {
        for (const match of text.matchAll(/token=([^"&\s<>]+)/g)) secrets.add(decodeURIComponent(match[1]!));
      }
    }
    expect(secrets.size).toBeGreaterThan(people.length * 3);
    for (const html of pages) {
      for (const secret of secrets) expect(html, secret).not.toContain(secret);
      // The signup form may say "unsubscribe any time"; no link may lead there.
      expect(html).not.toMatch(/(href|action)="[^"]*(unsubscribe|preferences|confirm)|token=/i);
    }
  });

  it('links the public letter\'s email to its web copy, and not the private one\'s', async () => {
    const publicEmails = bySubject(PUBLIC.subject);
    const privateEmails = bySubject(PRIVATE.subject);
    expect(publicEmails).toHaveLength(READERS.length + 1);
    expect(privateEmails).toHaveLength(READERS.length + 1);
    for (const email of publicEmails) expect(email.html).toContain(`href="https://course.example.com/letters/${PUBLIC.id}"`);
    for (const email of privateEmails) expect(email.html).not.toContain('/letters/');
  });

  it('sends lessons and letters with her reply_to and her line about replies; a confirmation with neither', async () => {
    const [confirmation, lesson] = emailsTo(SIGNUP.email);
    const note = h.ctx.catalog.author.repliesNote;
    expect(confirmation!.replyTo).toBeNull();
    expect(confirmation!.text).not.toContain(note);
    expect(lesson!.replyTo).toBe(REPLY_TO);
    expect(lesson!.text).toContain(note);
    for (const email of [...bySubject(PUBLIC.subject), ...bySubject(PRIVATE.subject)]) {
      expect(email.replyTo).toBe(REPLY_TO);
      expect(email.text).toContain(note);
    }
  });

  it('refuses a `public` that is not true or false, with its line', async () => {
    const error = await createBroadcast(h.ctx, { markdown: letter('not-quite', 'Not quite', 'Words.', null).replace('---\n\n', 'public: "yes"\n---\n\n'), name: 'not-quite', audience: 'all' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/:5: "public" should be\s+public: true/);
  });
});

describe('the archive’s days and its feed’s length', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: '2026-03-02T12:00:00Z' });
    // 55 public letters, one a day, each finished at 03:00 UTC: the evening before, in Los Angeles.
    for (let i = 1; i <= 55; i++) {
      const id = `letter-number-${i}`;
      await h.db.sql`
        insert into broadcasts (newsletter_id, file, format, subject, source, audience, timing, status, recipients, public,
                                first_due_at, last_due_at, started_at, finished_at, created_at, updated_at)
        values (${id}, ${`emails/newsletters/${id}.md`}, 'markdown', 'subject', ${letter(id, `Letter number ${i}`, 'A few words.', true)}, 'all', 'now', 'sent', 1, true,
                now(), now(), now(), ${`2026-01-${String(((i - 1) % 28) + 1).padStart(2, '0')}T03:00:00Z`}::timestamptz + ${Math.floor((i - 1) / 28)} * interval '28 days', now(), now())`;
    }
  });
  afterAll(async () => h?.close());

  it('names each letter’s day in her timezone, and follows a change of it', async () => {
    const page = async () => (await (await h.app.request('/letters/letter-number-2')).text());
    expect(await page()).toContain('January 2, 2026');
    await setDashboardTimezone(h.ctx, { timezone: 'America/Los_Angeles' });
    const inHerZone = await page();
    expect(inHerZone).toContain('January 1, 2026');
    expect(inHerZone).not.toContain('January 2, 2026');
    expect(await (await h.app.request('/letters')).text()).toContain('January 1, 2026');
  });

  it('keeps the feed to the newest 50 letters, while the archive page lists every one', async () => {
    const feed = parseFeed(await (await h.app.request('/letters/feed.xml')).text());
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0]!.title).toBe('Letter number 55');
    expect(feed.items.map((i) => i.title)).not.toContain('Letter number 5');
    const list = await (await h.app.request('/letters')).text();
    expect([...list.matchAll(/href="\/letters\/letter-number-\d+"/g)]).toHaveLength(55);
  });
});
