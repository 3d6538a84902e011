import { collapseWhitespace, type EmailHtml } from './email-html.js';
import type { Problem } from './problem.js';

export interface RequiredParts {
  file: string;
  text: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

/**
 * What every email must carry by law (CAN-SPAM, GDPR) and for the reader's sake: a working way
 * out, the sender's postal address, and a plain-text part for clients and screen readers that
 * never show HTML. The layout adds all three, so a miss here means the email skipped the layout
 * or a sample prop did not reach it.
 */
export function checkRequiredParts(html: EmailHtml, input: RequiredParts): Problem[] {
  const problems: Problem[] = [];
  const error = (rule: string, message: string) => problems.push({ file: input.file, severity: 'error', rule, message });

  const hasUnsubscribeLink = html.elements('a').some((a) => a.attribs.href?.trim() === input.unsubscribeUrl);
  if (!hasUnsubscribeLink) {
    error(
      'missing-unsubscribe',
      'This email has no unsubscribe link, and every email must let readers leave with one tap. ' +
        'The shared layout adds it: make sure this email uses the layout, or ask your developer to check it.',
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
