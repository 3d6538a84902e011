import type { ReactElement } from 'react';

/**
 * Every lesson and newsletter carries these, so the footer can always offer a way out, her
 * preference page and the postal address.
 */
export interface FooterProps {
  unsubscribeUrl: string;
  /** Her preference page (`/preferences?token=…`): another hour, a pause, fewer emails. */
  preferencesUrl: string;
  postalAddress: string;
}

/**
 * A confirmation goes to someone who has not said yes yet: she has no preferences to manage
 * (nothing is scheduled for her), so the footer offers only the way out.
 */
export type ConfirmationFooterProps = Omit<FooterProps, 'preferencesUrl'>;

/** Her identity, from emails/author.md: the same sign-off in every email, written in one place. */
export interface SenderProps {
  authorName: string;
  signOff: string;
  /** Where `[…](@consultation)` and consultation buttons point. */
  consultationUrl: string;
}

/**
 * Lessons and newsletters invite a reply; this line (her `replies_note`) says when she reads them
 * and that they are not watched for emergencies. Confirmations ask for no reply, so have none.
 */
export interface RepliesProps {
  repliesNote?: string | null;
}

export interface LessonProps extends FooterProps, SenderProps, RepliesProps {
  /** Already trimmed; null when she did not give one. React escapes it when rendering. */
  firstName: string | null;
  courseTitle: string;
  dayNumber: number;
  totalDays: number;
}

export interface ConfirmSubscriptionProps extends ConfirmationFooterProps, SenderProps {
  firstName: string | null;
  confirmUrl: string;
  courseTitle: string;
  totalDays: number;
}

export interface NewsletterProps extends FooterProps, SenderProps, RepliesProps {
  firstName: string | null;
  /**
   * Its web copy in her public archive (APP_URL/letters/<id>); null or absent for a private one.
   * The same for every recipient, so the render cache compiles it into the template.
   */
  webCopyUrl?: string | null;
}

/** The confirmation for her letters alone, sent to someone imported without a recorded consent. */
export interface ConfirmNewsletterProps extends ConfirmationFooterProps, SenderProps {
  firstName: string | null;
  confirmUrl: string;
}

/** What every lesson has, Markdown or TSX: the front matter of a .md file, `meta` of a .tsx one. */
export interface LessonMeta {
  /** Stable id stored on every delivery; never change or reuse it once the lesson has been sent. */
  id: string;
  subject: string;
  /** The grey line an inbox shows after the subject. */
  preview: string;
  /** Short title and one sentence shown on the landing page's "what the days hold" list. */
  title: string;
  summary: string;
}

export interface NewsletterMeta {
  id: string;
  subject: string;
  preview: string;
}

/** What a TSX lesson file exports next to its default component. */
export interface LessonModule {
  default: ((props: LessonProps) => ReactElement) & { PreviewProps?: LessonProps };
  meta: LessonMeta;
}

export interface NewsletterModule {
  default: ((props: NewsletterProps) => ReactElement) & { PreviewProps?: NewsletterProps };
  meta: NewsletterMeta;
}
