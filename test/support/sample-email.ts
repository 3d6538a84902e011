import type { OutgoingEmail } from '../../src/mail/mailer.js';

/** A small, distinct email for mailer tests: reader N gets lesson N. */
export function sampleEmail(n: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'Course <course@example.com>',
    to: `reader${n}@example.com`,
    subject: `Lesson ${n}`,
    html: `<p>Lesson ${n}</p>`,
    text: `Lesson ${n}`,
    headers: { 'List-Unsubscribe': `<https://example.com/u/${n}>` },
    ...overrides,
  };
}
