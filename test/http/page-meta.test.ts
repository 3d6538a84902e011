import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/tokens.js';
import { createHarness, type Harness } from '../support/harness.js';

const APP = 'https://course.example.com';

/** The tags a shared link's card and a search engine read, from a page's `<head>`. */
function headTags(html: string) {
  const head = html.slice(0, html.indexOf('</head>'));
  const meta = (attr: 'name' | 'property', key: string) => new RegExp(`<meta ${attr}="${key}" content="([^"]*)">`).exec(head)?.[1];
  return {
    lang: /<html lang="([^"]+)">/.exec(html)?.[1],
    description: meta('name', 'description'),
    robots: meta('name', 'robots'),
    canonical: /<link rel="canonical" href="([^"]*)">/.exec(head)?.[1],
    og: {
      title: meta('property', 'og:title'),
      description: meta('property', 'og:description'),
      url: meta('property', 'og:url'),
      type: meta('property', 'og:type'),
      siteName: meta('property', 'og:site_name'),
    },
    twitterCard: meta('name', 'twitter:card'),
  };
}

describe('every public page names itself for search and for a shared link', () => {
  let h: Harness;
  let id: number;
  beforeAll(async () => {
    h = await createHarness();
    const res = await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'meta@example.com' }) });
    expect(res.status).toBe(202);
    const [row] = await h.db.sql<{ id: number }[]>`select id::int from subscribers`;
    id = row!.id;
  });
  afterAll(async () => h?.close());

  const complete = (tags: ReturnType<typeof headTags>, url: string) => {
    expect(tags.lang).toBe('en');
    expect(tags.description).toBeTruthy();
    expect(tags.canonical).toBe(url);
    expect(tags.og).toEqual({ title: expect.any(String), description: tags.description, url, type: 'website', siteName: h.ctx.catalog.main.title });
    expect(tags.og.title).not.toBe('');
    expect(tags.twitterCard).toBe('summary');
  };

  it('the landing page and a course page: indexable, with their own canonical address and card', async () => {
    const landing = headTags(await (await h.app.request('/?utm_source=newsletter')).text());
    complete(landing, `${APP}/`);
    expect(landing.robots).toBeUndefined();
    const other = h.ctx.catalog.courses.find((c) => c !== h.ctx.catalog.main)!;
    const course = headTags(await (await h.app.request(`/courses/${other.slug}`)).text());
    complete(course, `${APP}/courses/${other.slug}`);
    expect(course.og.title).toContain(other.title);
    expect(course.robots).toBeUndefined();
  });

  it('the check-your-inbox page and the error pages have the tags too, and stay out of search', async () => {
    const inbox = await h.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'inbox@example.com', timezone: 'UTC' }).toString(),
    });
    const inboxHtml = await inbox.text();
    expect(inboxHtml).toContain('Check your inbox');
    const missing = await (await h.app.request('/no-such-page?x=1', { headers: { accept: 'text/html' } })).text();
    for (const [html, url] of [
      [inboxHtml, `${APP}/`],
      [missing, `${APP}/no-such-page`],
    ] as const) {
      const tags = headTags(html);
      complete(tags, url);
      expect(tags.robots).toContain('noindex');
    }
  });

  it('pages reached with a token: noindex, and the token in neither the canonical address nor og:url', async () => {
    const tokens = {
      confirm: signToken(h.ctx.config.secret, 'confirm', id, new Date(h.clock.now().getTime() + 86_400_000)),
      unsubscribe: signToken(h.ctx.config.secret, 'unsubscribe', id),
      preferences: signToken(h.ctx.config.secret, 'preferences', id),
    };
    const pages = [
      [`/preferences?token=${tokens.preferences}`, '/preferences'],
      [`/preferences/delete?token=${tokens.preferences}`, '/preferences/delete'],
      [`/unsubscribe?token=${tokens.unsubscribe}`, '/unsubscribe'],
      [`/confirm?token=${tokens.confirm}`, '/confirm'],
      ['/confirm?token=not-a-token', '/confirm'],
    ] as const;
    for (const [address, path] of pages) {
      const html = await (await h.app.request(address)).text();
      const tags = headTags(html);
      complete(tags, `${APP}${path}`);
      expect(tags.robots, address).toContain('noindex');
      const head = html.slice(0, html.indexOf('</head>'));
      for (const token of Object.values(tokens)) expect(head).not.toContain(token);
      expect(head).not.toContain('?token');
    }
  });
});
