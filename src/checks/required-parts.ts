import { collapseWhitespace, type EmailHtml } from './email-html.js';
import type { Problem } from './problem.js';

export interface RequiredParts {
  file: string;
  text: string;
  unsubscribeUrl: string;
  /**
   * The sample preference-page URL the email was rendered with; null for a confirmation, which
   * goes out before she has anything to manage and so offers only the way out.
   */
  preferencesUrl: string | null;
  postalAddress: string;
}

/**
 * What every email must carry by law (CAN-SPAM, GDPR) and for the reader's sake: a working way
 * out, the sender's postal address, and a plain-text part for clients and screen readers that
 * never show HTML; lessons and newsletters also link to her preference page, so "fewer emails"
 * need not mean "no emails". The layout adds them all, so a miss here means the email skipped
 * the layout or a sample prop did not reach it.
 */
export function checkRequiredParts(html: EmailHtml, input: RequiredParts): Problem[] {
  const problems: Problem[] = [];
  const error = (rule: string, message: string) => problems.push({ file: input.file, severity: 'error', rule, message });

  const links = html.elements('a').map((a) => a.attribs.href?.trim());
  if (!links.includes(input.unsubscribeUrl)) {
    error(
      'missing-unsubscribe',
      'This email has no unsubscribe link, and every email must let readers leave with one tap. ' +
        'The shared layout adds it: make sure this email uses the layout, or ask your developer to check it.',
    );
  }

  if (input.preferencesUrl !== null && !links.includes(input.preferencesUrl)) {
    error(
      'missing-preferences',
      'This email has no "Manage preferences" link, where a reader can pause, pick another time or get fewer emails ' +
        'instead of leaving altogether. The shared layout adds it next to the unsubscribe link: make sure this email ' +
        'uses the lesson or newsletter frame and passes all its props on, or ask your developer to check it.',
    );
  }

  const address = collapseWhitespace(input.postalAddress);
  if (!html.visibleText().includes(address)) {
    error(
      'missing-postal-address',
      `The postal address ("${address}") is missing from the email, and the law asks for it in every email. ` +
        'The shared layout adds it: make sure this email uses the layout.',
    );
  }

  if (input.text.trim() === '') {
    error(
      'empty-text',
      'The plain-text version of this email is empty, so some readers would get a blank email. ' +
        'Check that the email has written content, not only images or buttons.',
    );
  } else if (!collapseWhitespace(input.text).includes(address)) {
    error(
      'missing-postal-address',
      `The postal address ("${address}") is missing from the plain-text version of this email. ` +
        'The shared layout adds it to both versions: make sure this email uses the layout.',
    );
  }
  return problems;
}
