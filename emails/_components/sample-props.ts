import type { FooterProps, SenderProps } from '../types';

/** Realistic values for previews and test sends; the sender's come from emails/author.md when loaded. */
export const sampleFooter = {
  unsubscribeUrl: 'https://example.com/unsubscribe?token=preview',
  postalAddress: '123 Example Street, Suite 4, Springfield, USA',
} satisfies FooterProps;

export const sampleSender = {
  authorName: '[Your name here]',
  signOff: 'With warmth,',
  consultationUrl: 'https://example.com/#consultation',
} satisfies SenderProps;
