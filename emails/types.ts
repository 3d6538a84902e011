import type { ReactElement } from 'react';

/** Every email carries these, so the footer can always offer a way out and the postal address. */
export interface FooterProps {
  unsubscribeUrl: string;
  postalAddress: string;
}

export interface LessonProps extends FooterProps {
  /** Already trimmed; null when she did not give one. React escapes it when rendering. */
  firstName: string | null;
  dayNumber: number;
  totalDays: number;
  consultationUrl: string;
}

export interface ConfirmSubscriptionProps extends FooterProps {
  firstName: string | null;
  confirmUrl: string;
}

/** What a lesson file exports next to its default component. */
export interface LessonMeta {
  /** Stable id stored on every delivery; never rename it once the lesson has been sent. */
  slug: string;
  subject: string;
  /** The grey line an inbox shows after the subject. */
  preview: string;
  /** Short title and one sentence shown on the landing page's "what the days hold" list. */
  title: string;
  summary: string;
}

export interface LessonModule {
  default: ((props: LessonProps) => ReactElement) & { PreviewProps?: LessonProps };
  meta: LessonMeta;
}
