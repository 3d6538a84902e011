import { html, raw } from 'hono/html';
import { headCss } from '../../../mail/templates/theme.js';
import { signupForm } from './landing.js';
import { page, type Html, type PageMeta } from './page.js';

/** One letter in the list: what a new reader needs to choose it. */
export interface LetterSummary {
  slug: string;
  subject: string;
  preview: string;
  sentAt: Date;
}

export interface ArchiveAuthor {
  name: string;
  credentials: string;
}

/** The main course's signup form, at the end of every letter: the way in for a new reader. */
export interface ArchiveSignup {
  courseSlug: string;
  dayCount: number;
  /** CAPTCHA=altcha: the form carries the check. */
  captcha: boolean;
}

const feedLink = html`<link rel="alternate" type="application/atom+xml" title="Letters (Atom feed)" href="/letters/feed.xml">`;

// The letter's words come from the email components, with the emails' inline colours; on the
// page they take the site's palette instead (light or dark), and the email's own dark rules
// (headCss) cover the practice boxes and buttons.
const letterStyles = html`<style>
${raw(headCss)}
p, a, td { font-family: var(--sans); }
.letters { list-style: none; margin: 0; padding: 0; }
.letters li { padding: 1.1rem 0; border-top: 1px solid var(--line); }
.letters li:last-child { border-bottom: 1px solid var(--line); }
.letter-title { display: block; font-family: var(--serif); font-size: 1.15em; font-weight: 600; line-height: 1.3; margin: 0.1rem 0 0.2rem; }
.letter-date { display: block; color: var(--accent); font-family: var(--serif); font-style: italic; font-size: 1rem; }
.letter-preview { display: block; color: var(--muted); }
.letter { margin-top: 1.5rem; }
.letter p, .letter li, .letter blockquote, .letter h2, .letter h3 { color: var(--text) !important; font-size: inherit !important; }
.letter h2 { font-size: 1.5rem !important; }
.letter h3 { font-size: 1.25rem !important; }
.letter a:not(.rmg-button) { color: var(--accent) !important; }
.letter img { max-width: 100%; height: auto; }
</style>`;

const footer = (author: ArchiveAuthor) =>
  html`Letters by ${author.name}, ${author.credentials}. They offer education and support, not therapy or
    a diagnosis. If you ever feel unsafe, please call your local emergency number.`;

/** "March 2, 2026": the day it went out, as her calendar has it (her dashboard's timezone). */
export function letterDate(date: Date, zone: string): string {
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone });
}

/** GET /letters: her public letters, newest first. */
export function lettersPage({ author, letters, zone, meta }: { author: ArchiveAuthor; letters: LetterSummary[]; zone: string; meta?: PageMeta }): Html {
  const body = html`
<header>
  <p class="eyebrow">Letters</p>
  <h1>Letters from ${author.name}</h1>
  <p class="lede">Notes she has sent to the moms on her list, kept here for anyone who needs them.</p>
</header>
${
  letters.length === 0
    ? html`<p>There are no letters here yet.</p>`
    : html`<ol class="letters" role="list">
  ${letters.map(
    (letter) => html`<li>
    <time class="letter-date" datetime="${letter.sentAt.toISOString()}">${letterDate(letter.sentAt, zone)}</time>
    <a class="letter-title" href="/letters/${letter.slug}">${letter.subject}</a>
    <span class="letter-preview">${letter.preview}</span>
  </li>`,
  )}
</ol>`
}
<p class="small after-list">Would you like the next one in your inbox? <a href="/#signup">Start the free course</a>, and tick the box for her letters.
You can also follow them in a feed reader: <a href="/letters/feed.xml">the letters’ feed</a>.</p>`;
  return page({
    title: `Letters from ${author.name}`,
    description: `Letters from ${author.name}, ${author.credentials}.`,
    indexable: true,
    meta,
    head: html`${feedLink}${letterStyles}`,
    body,
    footer: footer(author),
  });
}

/**
 * GET /letters/<slug>: one letter's web copy. `letterHtml` is the letter's words rendered by the
 * email components (WebLetter): React escaped her text; nothing in it is anyone's.
 */
export function letterPage({
  author,
  letter,
  zone,
  letterHtml,
  signup,
  meta,
}: {
  author: ArchiveAuthor;
  letter: LetterSummary;
  zone: string;
  letterHtml: string;
  signup: ArchiveSignup;
  meta?: PageMeta;
}): Html {
  const body = html`
<article aria-labelledby="letter-heading">
  <p class="eyebrow"><a href="/letters">Letters from ${author.name}</a></p>
  <h1 id="letter-heading">${letter.subject}</h1>
  <p class="muted small"><time datetime="${letter.sentAt.toISOString()}">${letterDate(letter.sentAt, zone)}</time></p>
  <div class="letter">${raw(letterHtml)}</div>
</article>
${signupForm(signup.courseSlug, author.name, {}, undefined, signup.dayCount, signup.captcha)}
<p class="small after-list"><a href="/letters">More letters</a></p>`;
  return page({
    title: `${letter.subject} · Letters from ${author.name}`,
    description: letter.preview,
    indexable: true,
    meta,
    head: html`${feedLink}${letterStyles}`,
    skipTo: { href: '#signup', label: 'Skip to the sign-up form' },
    body,
    footer: footer(author),
  });
}
