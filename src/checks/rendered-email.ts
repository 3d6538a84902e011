import { checkCssSupport } from './css-support.js';
import { parseEmailHtml } from './email-html.js';
import { checkHtmlSize } from './html-size.js';
import { checkImages } from './images.js';
import { checkLinks } from './links.js';
import type { Problem } from './problem.js';
import { checkRequiredParts } from './required-parts.js';

export interface RenderedEmail {
  /** The author's file the email came from; every problem names it. */
  file: string;
  html: string;
  text: string;
  /** The sample unsubscribe URL the email was rendered with. */
  unsubscribeUrl: string;
  /** The sample preference-page URL it was rendered with; null for a confirmation, which has none. */
  preferencesUrl: string | null;
  /** The sample postal address the email was rendered with. */
  postalAddress: string;
  /** The author's source lines, to point a bad link or image at the line it came from. */
  sourceLines?: string[];
}

/**
 * Every rule that can be judged from one rendered email, without the network: the legal
 * parts, links, images, size and CSS support. The spam score needs an external program and
 * is run separately (see spam-score.ts).
 */
export function checkRenderedEmail(input: RenderedEmail): Problem[] {
  const html = parseEmailHtml(input.html);
  return [
    ...checkRequiredParts(html, input),
    ...checkLinks(html, input.file, input.sourceLines),
    ...checkImages(html, input.file, input.sourceLines),
    ...checkHtmlSize(input.html, input.file),
    ...checkCssSupport(html, input.file),
  ];
}
