import type {
  ConfirmationFooterProps,
  ConfirmNewsletterProps,
  ConfirmSubscriptionProps,
  FooterProps,
  LessonProps,
  NewsletterProps,
  SenderProps,
} from './types';

/** Realistic values for previews and test sends; the sender's come from emails/author.md when loaded. */
export const sampleConfirmationFooter = {
  unsubscribeUrl: 'https://example.com/unsubscribe?token=preview',
  postalAddress: '123 Example Street, Suite 4, Springfield, USA',
} satisfies ConfirmationFooterProps;

export const sampleFooter = {
  ...sampleConfirmationFooter,
  preferencesUrl: 'https://example.com/preferences?token=preview',
} satisfies FooterProps;

export const sampleSender = {
  authorName: '[Your name here]',
  signOff: 'With warmth,',
  consultationUrl: 'https://example.com/#consultation',
} satisfies SenderProps;

/**
 * The sample details every preview, check and test shows ("Hi Sarah,"), for one email of a
 * course or a newsletter, signed by `sender` (her own, from emails/author.md, when loaded).
 */
export function sampleLessonProps(sender: SenderProps, courseTitle: string, dayNumber: number, totalDays: number): LessonProps {
  return { ...sampleFooter, ...sender, firstName: 'Sarah', courseTitle, dayNumber, totalDays };
}

export function sampleConfirmationProps(sender: SenderProps, courseTitle: string, totalDays: number): ConfirmSubscriptionProps {
  return { ...sampleConfirmationFooter, ...sender, firstName: 'Sarah', confirmUrl: 'https://example.com/confirm?token=preview', courseTitle, totalDays };
}

export function sampleNewsletterProps(sender: SenderProps): NewsletterProps {
  return { ...sampleFooter, ...sender, firstName: 'Sarah' };
}

export function sampleNewsletterConfirmationProps(sender: SenderProps): ConfirmNewsletterProps {
  return { ...sampleConfirmationFooter, ...sender, firstName: 'Sarah', confirmUrl: 'https://example.com/confirm?token=preview' };
}
