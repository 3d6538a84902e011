import { DomUtils } from 'htmlparser2';
import { collapseWhitespace, type EmailHtml } from './email-html.js';
import type { Problem } from './problem.js';
import { findSourceLine } from './source-line.js';

/**
 * Every link must take the reader somewhere real and safe. https:, mailto: and tel: (a crisis line) are the only
 * schemes allowed; http: still works but shows "not secure" in browsers and some spam filters
 * mark it down, so it is only a warning. Anything else (javascript:, data:, file:, a relative
 * path) either does nothing in an email client or is blocked as dangerous.
 */
export function checkLinks(html: EmailHtml, file: string, sourceLines?: string[]): Problem[] {
  const problems: Problem[] = [];
  for (const a of html.elements('a')) {
    const href = a.attribs.href?.trim() ?? '';
    const label = collapseWhitespace(DomUtils.textContent(a));
    const shown = label === '' ? 'a link' : `the link "${label}"`;
    const line = findSourceLine(sourceLines, [href === '' || href === '#' ? undefined : href, label && `[${label}]`, label]);
    const report = (severity: Problem['severity'], rule: string, message: string) =>
      problems.push({ file, line, severity, rule, message });

    if (href === '' || href === '#') {
      report('error', 'empty-link', `${capitalise(shown)} does not go anywhere yet. Add the full web address it should open, starting with https://.`);
      continue;
    }
    const scheme = schemeOf(href);
    if (scheme === 'https:' || scheme === 'mailto:' || scheme === 'tel:') continue;
    if (scheme === 'http:') {
      report(
        'warning',
        'link-scheme',
        `${capitalise(shown)} uses an insecure address (${href}). Use https://${href.slice('http://'.length)} instead, if that site supports it.`,
      );
    } else if (scheme === undefined) {
      report('error', 'link-scheme', `${capitalise(shown)} points to "${href}", which is not a full web address. Write it out in full, starting with https://.`);
    } else {
      report(
        'error',
        'link-scheme',
        `${capitalise(shown)} uses "${scheme}", which email apps block or ignore. Link to a web page (https://…) or an email address (mailto:…) instead.`,
      );
    }
  }
  return problems;
}

function schemeOf(href: string): string | undefined {
  try {
    return new URL(href).protocol.toLowerCase();
  } catch {
    return undefined;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
