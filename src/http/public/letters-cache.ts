import { Feed } from 'feed';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { archiveRevision, loadArchive, type ArchivedLetter } from '../../broadcasts/archive.js';
import type { AppContext } from '../../context.js';
import type { Catalog } from '../../courses/catalog.js';
import { senderProps } from '../../courses/author.js';
import { WebLetter } from '../../mail/templates/web-letter.js';
import { renderToString } from './views/page.js';
import { letterPage, lettersPage } from './views/letters.js';
import { dashboardTimezone } from '../../settings/timezone.js';

/** A feed reader needs the recent letters, not every one she ever sent: the archive page has those. */
export const FEED_ENTRIES = 50;

/**
 * The archive's answers, rendered once per revision of her public letters and of her content,
 * then served from memory. The revision is one row through the partial index of public sent
 * broadcasts (archive.ts), asked on each request: a letter that another process (a worker)
 * finished sending shows at the next request here, with no message between processes.
 */
interface Rendered {
  revision: string;
  catalog: Catalog;
  /** Her timezone (the dashboard's), in which each letter's day is named. */
  zone: string;
  letters: Map<string, ArchivedLetter>;
  list: string;
  feed: string;
  /** Each letter's page, rendered when first asked for. */
  pages: Map<string, string>;
}

export interface LettersArchive {
  list(): Promise<string>;
  feed(): Promise<string>;
  /** Null for a slug that is not a public sent letter. */
  letter(slug: string): Promise<string | null>;
}

export function lettersArchive(ctx: AppContext): LettersArchive {
  let current: Promise<Rendered> | null = null;
  let currentKey: { revision: string; catalog: Catalog; zone: string } | null = null;

  async function rendered(): Promise<Rendered> {
    const [revision, { zone }] = await Promise.all([archiveRevision(ctx), dashboardTimezone(ctx)]);
    const catalog = ctx.catalog;
    if (!current || !currentKey || currentKey.revision !== revision || currentKey.catalog !== catalog || currentKey.zone !== zone) {
      currentKey = { revision, catalog, zone };
      const building = build(ctx, revision, catalog, zone);
      current = building;
      // A failure is not kept: the next request tries again.
      building.catch(() => {
        if (current === building) (current = null), (currentKey = null);
      });
    }
    return current;
  }

  return {
    list: async () => (await rendered()).list,
    feed: async () => (await rendered()).feed,
    async letter(slug) {
      const state = await rendered();
      const cached = state.pages.get(slug);
      if (cached !== undefined) return cached;
      const letter = state.letters.get(slug);
      if (!letter) return null;
      const html = await renderToString(
        letterPage({
          author: state.catalog.author,
          letter,
          zone: state.zone,
          letterHtml: letterBody(ctx, state.catalog, letter),
          signup: { courseSlug: state.catalog.main.slug, dayCount: state.catalog.main.lessons.length, captcha: ctx.config.captcha === 'altcha' },
          meta: { url: `${ctx.config.appUrl}/letters/${letter.slug}`, siteName: state.catalog.main.title, type: 'article' },
        }),
      );
      state.pages.set(slug, html);
      return html;
    },
  };
}

async function build(ctx: AppContext, revision: string, catalog: Catalog, zone: string): Promise<Rendered> {
  const letters = await loadArchive(ctx);
  const list = await renderToString(lettersPage({ author: catalog.author, letters, zone, meta: { url: `${ctx.config.appUrl}/letters`, siteName: catalog.main.title, type: 'website' } }));
  return { revision, catalog, zone, letters: new Map(letters.map((l) => [l.slug, l])), list, feed: atomFeed(ctx, catalog, letters), pages: new Map() };
}

/** Her words for the web: the email's greeting ("Hi there"), Markdown and sign-off, no footer. */
function letterBody(ctx: AppContext, catalog: Catalog, letter: ArchivedLetter): string {
  return renderToStaticMarkup(createElement(WebLetter, { tokens: letter.tokens, sender: senderProps(catalog.author, ctx.config.consultationUrl) }));
}

/** The Atom feed of the newest of the same letters, by the `feed` library: each entry with its words whole. */
function atomFeed(ctx: AppContext, catalog: Catalog, letters: ArchivedLetter[]): string {
  const base = ctx.config.appUrl;
  const feed = new Feed({
    title: `Letters from ${catalog.author.name}`,
    description: `Letters from ${catalog.author.name}, ${catalog.author.credentials}.`,
    id: `${base}/letters`,
    link: `${base}/letters`,
    language: 'en',
    updated: letters[0]?.sentAt ?? new Date(0),
    feedLinks: { atom: `${base}/letters/feed.xml` },
    author: { name: catalog.author.name, link: base },
    generator: false,
  });
  for (const letter of letters.slice(0, FEED_ENTRIES)) {
    const url = `${base}/letters/${letter.slug}`;
    feed.addItem({
      title: letter.subject,
      id: url,
      link: url,
      date: letter.sentAt,
      published: letter.sentAt,
      description: letter.preview,
      content: letterBody(ctx, catalog, letter),
    });
  }
  return feed.atom1();
}
