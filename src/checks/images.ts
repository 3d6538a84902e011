import type { EmailHtml } from './email-html.js';
import type { Problem } from './problem.js';
import { findSourceLine } from './source-line.js';

/**
 * Many readers see an email with images switched off, and screen readers read the alt text
 * aloud, so every image needs one. An empty alt is how a purely decorative image says "skip
 * me", which is fine, but easy to do by accident: a warning.
 */
export function checkImages(html: EmailHtml, file: string, sourceLines?: string[]): Problem[] {
  const problems: Problem[] = [];
  for (const img of html.elements('img')) {
    const src = img.attribs.src?.trim() ?? '';
    const alt = img.attribs.alt;
    const line = findSourceLine(sourceLines, [src, fileName(src)]);
    const which = src === '' ? 'An image' : `The image ${fileName(src)}`;
    if (alt === undefined) {
      problems.push({
        file,
        line,
        severity: 'error',
        rule: 'image-alt',
        message: `${which} has no description (alt text). Add a few words saying what it shows, for readers who cannot see images.`,
      });
    } else if (alt.trim() === '') {
      problems.push({
        file,
        line,
        severity: 'warning',
        rule: 'image-alt',
        message: `${which} has an empty description (alt text). That is right for pure decoration; if it shows something that matters, describe it in a few words.`,
      });
    }
  }
  return problems;
}

/** The last path segment, which is what she recognises (and what her Markdown most likely names). */
function fileName(src: string): string {
  const path = src.split(/[?#]/)[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1) || src;
}
