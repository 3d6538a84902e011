import type { Problem } from './problem.js';

/**
 * Gmail clips an email whose HTML passes 102 KB: the rest, unsubscribe link and address
 * included, hides behind "View entire message". 100 KB leaves a little room for what the
 * sending provider adds (tracking links, its own headers in the body).
 */
export const MAX_HTML_BYTES = 100 * 1024;

export function checkHtmlSize(html: string, file: string): Problem[] {
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes <= MAX_HTML_BYTES) return [];
  const kb = Math.ceil(bytes / 1024);
  return [
    {
      file,
      severity: 'error',
      rule: 'html-size',
      message:
        `This email is ${kb} KB, and Gmail cuts off anything over about 100 KB (the unsubscribe link with it). ` +
        'Shorten it, or split it into two emails.',
    },
  ];
}
