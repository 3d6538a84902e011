import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { searchSubscribers, SEARCH_LIMIT } from '../../src/subscribers/search.js';
import { subscriberTimeline } from '../../src/subscribers/timeline.js';
import { createHarness, type Harness } from '../support/harness.js';

const at = (iso: string) => new Date(iso);

/**
 * A mom's whole story in rows, as the app leaves them: signup, confirmation email, confirmation,
 * lesson 1 with the provider's events, a preference change, a newsletter that bounced, a pause,
 * an unsubscribe. Another mom's email sits beside hers and must not appear.
 */
async function seedStory(h: Harness): Promise<number> {
  const sql = h.db.sql;
  const [ana] = await sql<{ id: string }[]>`
    insert into subscribers (email, first_name, status, timezone, created_at, confirmation_sent_at, confirmed_at, unsubscribed_at)
    values ('ana@example.com', 'Ana', 'unsubscribed', 'Europe/Lisbon', ${at('2026-03-01T10:00:00Z')}, ${at('2026-03-01T10:00:00Z')}, ${at('2026-03-01T10:05:00Z')}, ${at('2026-03-05T08:00:00Z')})
    returning id`;
  const [other] = await sql<{ id: string }[]>`insert into subscribers (email, status) values ('bea@example.com', 'active') returning id`;
  const id = Number(ana!.id);
  const [enrollment] = await sql<{ id: string }[]>`
    insert into enrollments (subscriber_id, course_slug, position, status, enrolled_at) values (${id}, 'releasing-mom-guilt', 1, 'cancelled', ${at('2026-03-01T10:05:00Z')}) returning id`;
  const [broadcast] = await sql<{ id: string }[]>`
    insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, first_due_at, last_due_at)
    values ('spring', 'spring.md', 'markdown', 'A spring letter', 'all', 'now', 'sent', ${at('2026-03-03T09:00:00Z')}, ${at('2026-03-03T09:00:00Z')}) returning id`;
  await sql`
    insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, broadcast_id, template, status, provider_message_id, provider_status, due_at, sent_at) values
      ('confirmation', ${id}, null, null, null, 'confirm-subscription:releasing-mom-guilt', 'sent', 'em-confirm', null, ${at('2026-03-01T10:00:00Z')}, ${at('2026-03-01T10:00:01Z')}),
      ('lesson', ${id}, ${enrollment!.id}, 0, null, 'releasing-mom-guilt/what-mom-guilt-is', 'sent', 'em-lesson', 'delivered', ${at('2026-03-01T10:05:00Z')}, ${at('2026-03-01T10:06:00Z')}),
      ('broadcast', ${id}, null, null, ${broadcast!.id}, ${`broadcast:${broadcast!.id}`}, 'sent', 'em-letter', 'bounced', ${at('2026-03-03T09:00:00Z')}, ${at('2026-03-03T09:00:02Z')}),
      ('lesson', ${other!.id}, null, null, null, 'releasing-mom-guilt/what-mom-guilt-is', 'sent', 'em-other', null, ${at('2026-03-01T10:00:00Z')}, ${at('2026-03-01T10:00:00Z')})`;
  await sql`
    insert into provider_events (event_id, type, email_id, occurred_at, bounce_type, bounce_message) values
      ('ev-1', 'email.delivered', 'em-lesson', ${at('2026-03-01T10:06:30Z')}, null, null),
      ('ev-2', 'email.bounced', 'em-letter', ${at('2026-03-03T09:01:00Z')}, 'Transient', 'mailbox full'),
      ('ev-3', 'email.delivered', 'em-other', ${at('2026-03-01T10:00:30Z')}, null, null)`;
  await sql`
    insert into subscriber_events (subscriber_id, type, detail, created_at) values
      (${id}, 'send_hour', '20', ${at('2026-03-02T09:00:00Z')}),
      (${id}, 'paused', 'releasing-mom-guilt', ${at('2026-03-04T09:00:00Z')}),
      (${id}, 'unsubscribed', null, ${at('2026-03-05T08:00:00Z')})`;
  return id;
}

describe('a subscriber timeline and the search', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate subscribers, enrollments, deliveries, provider_events, broadcasts restart identity cascade`;
  });

  it('tells her story oldest first: signup, the confirmation email, confirmation, each email with its events and subject, her changes, her leaving', async () => {
    const id = await seedStory(h);
    const timeline = await subscriberTimeline(h.ctx, id);
    expect(timeline.profile).toMatchObject({ email: 'ana@example.com', firstName: 'Ana', status: 'unsubscribed', timezone: 'Europe/Lisbon' });
    expect(timeline.enrollments).toEqual([{ course: 'releasing-mom-guilt', title: expect.any(String), status: 'cancelled', lessonsSent: 1, nextDueAt: null }]);
    const summary = timeline.entries.map((e) =>
      e.type === 'delivery' ? `delivery ${e.delivery.kind}: ${e.delivery.subject} [${e.delivery.events.map((v) => v.type).join(', ')}]` : e.type === 'preference' ? `preference ${e.change} ${e.detail}` : e.type,
    );
    expect(summary).toEqual([
      'signed_up',
      expect.stringMatching(/^delivery confirmation: .+ \[\]$/),
      'confirmed',
      'enrolled',
      'delivery lesson: Fixture main 1: what mom guilt is [email.delivered]',
      'preference send_hour 20',
      'delivery broadcast: A spring letter [email.bounced]',
      'preference paused releasing-mom-guilt',
      'unsubscribed',
    ]);
    const letter = timeline.entries.find((e) => e.type === 'delivery' && e.delivery.kind === 'broadcast');
    expect(letter).toMatchObject({ delivery: { providerStatus: 'bounced', events: [{ type: 'email.bounced', bounce: 'Transient: mailbox full', at: at('2026-03-03T09:01:00Z') }] } });
  });

  it('refuses an id that is no one with not_found', async () => {
    await expect(subscriberTimeline(h.ctx, 424242)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('searches address and first name, in any case, newest first, at most 50, % and _ as letters', async () => {
    await h.db.sql`
      insert into subscribers (email, first_name, status, created_at) values
        ('maria.lopez@example.com', 'María', 'active', '2026-01-01T00:00:00Z'),
        ('jo@example.org', 'Marianne', 'pending', '2026-01-02T00:00:00Z'),
        ('sam_100%@example.net', null, 'unsubscribed', '2026-01-03T00:00:00Z'),
        ('sam100x@example.net', null, 'active', '2026-01-04T00:00:00Z')`;
    const byName = await searchSubscribers(h.ctx, { query: 'MARI' });
    expect(byName.people.map((p) => p.email)).toEqual(['jo@example.org', 'maria.lopez@example.com']);
    expect((await searchSubscribers(h.ctx, { query: 'Example.ORG' })).people.map((p) => p.email)).toEqual(['jo@example.org']);
    expect((await searchSubscribers(h.ctx, { query: '_100%' })).people.map((p) => p.email)).toEqual(['sam_100%@example.net']);
    expect((await searchSubscribers(h.ctx, { query: 'mari', status: 'pending' })).people.map((p) => p.email)).toEqual(['jo@example.org']);
    expect(byName.counts).toEqual({ pending: 1, active: 2, unsubscribed: 1, bounced: 0, complained: 0 });

    await h.db.sql`insert into subscribers (email, created_at) select 'many-' || g || '@example.com', '2026-02-01T00:00:00Z'::timestamptz + g * interval '1 minute' from generate_series(1, 60) g`;
    const many = await searchSubscribers(h.ctx, { query: 'many-' });
    expect(many.people).toHaveLength(SEARCH_LIMIT);
    expect(many.more).toBe(true);
    expect(many.people[0]!.email).toBe('many-60@example.com');
  });

  it('finds a name with or without its accents, in any case: "jose" finds María José', async () => {
    await h.db.sql`
      insert into subscribers (email, first_name, status, created_at) values
        ('mj@example.com', 'María José', 'active', '2026-01-01T00:00:00Z'),
        ('zoe@example.com', 'ZOË', 'active', '2026-01-02T00:00:00Z'),
        ('lena@example.com', 'Lena', 'active', '2026-01-03T00:00:00Z')`;
    const found = async (query: string) => (await searchSubscribers(h.ctx, { query })).people.map((p) => p.email);
    for (const query of ['jose', 'JOSÉ', 'José', 'maria', 'MARÍA JOSE', 'ia jo']) expect(await found(query), query).toEqual(['mj@example.com']);
    expect(await found('zoe')).toEqual(['zoe@example.com']);
    expect(await found('zoë')).toEqual(['zoe@example.com']);
    expect(await found('MJ@EXAMPLE')).toEqual(['mj@example.com']);
    expect(await found('josef')).toEqual([]);
  });

  it('refuses a search that is too long or a status that does not exist, with a message', async () => {
    await expect(searchSubscribers(h.ctx, { query: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/too long/) });
    await expect(searchSubscribers(h.ctx, { status: 'happy' })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/Choose a status/) });
  });
});
