import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { baseStyles } from './styles.js';

/** What `html` returns: a string already escaped, or a promise of one when a part was async. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Where a page lives and what it belongs to, for the tags that make a shared link show a card
 * (Open Graph, Twitter) and for `<link rel="canonical">`. Built per request by
 * http/public/page-meta.ts; `url` is APP_URL and the path, never a query string, so a token in
 * the address never reaches a tag.
 */
export interface PageMeta {
  url: string;
  siteName: string;
  /** `article` for a letter in the archive; `website` for the rest. */
  type: 'website' | 'article';
}

export interface PageInput {
  title: string;
  /** Built with `html`, so every interpolated value in it has already been escaped. */
  body: Html;
  description?: string;
  /** Replaces the default footer line; the landing page puts the therapist's name here. */
  footer?: Html;
  /**
   * Only the landing page belongs in search results. The rest are reached through links carrying
   * tokens (confirm, unsubscribe) or are steps of a form, and would be confusing as a search hit.
   */
  indexable?: boolean;
  /** Canonical URL and the shared-link card's tags; a page without it has neither. */
  meta?: PageMeta;
  /** Extra tags for `<head>`, e.g. the dev mailbox's auto-refresh. */
  head?: Html;
  /** Target of the skip link; set it when the page's main task is further down than the first screen. */
  skipTo?: { href: string; label: string };
}

const defaultFooter = html`A free email course for mothers. <a href="/">Home</a>`;

export function page({ title, body, description, footer, indexable = false, meta, head, skipTo }: PageInput): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${description ? html`<meta name="description" content="${description}">` : ''}
${indexable ? '' : html`<meta name="robots" content="noindex, nofollow">`}
<meta name="referrer" content="same-origin">
${meta ? shareTags(title, description, meta) : ''}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<meta name="theme-color" content="#FAF6F1" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#1F1B19" media="(prefers-color-scheme: dark)">
<style>${raw(baseStyles)}</style>
${head ?? ''}
</head>
<body>
${skipTo ? html`<a class="skip-link" href="${skipTo.href}">${skipTo.label}</a>` : ''}
<main id="main">
${body}
</main>
<footer class="site-footer"><p>${footer ?? defaultFooter}</p></footer>
</body>
</html>`;
}

export function shareTags(title: string, description: string | undefined, { url, siteName, type }: PageMeta): Html {
  return html`<link rel="canonical" href="${url}">
<meta property="og:title" content="${title}">
${description ? html`<meta property="og:description" content="${description}">` : ''}
<meta property="og:url" content="${url}">
<meta property="og:type" content="${type}">
<meta property="og:site_name" content="${siteName}">
<meta name="twitter:card" content="summary">`;
}

/** Renders any view to a plain string (for tests, and for writing a page to disk). */
export async function renderToString(view: Html): Promise<string> {
  return String(await view);
}
