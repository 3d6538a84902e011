import { createElement, type ReactElement } from 'react';
import type { ConfirmNewsletterProps, ConfirmSubscriptionProps, LessonProps, NewsletterProps } from '../mail/templates/types.js';
import type { Catalog } from '../courses/catalog.js';
import type { LoadedCourse } from '../courses/course-file.js';
import type { LoadedNewsletter } from '../courses/newsletter-file.js';
import { confirmationOf, templateContent } from '../courses/template-keys.js';

export type ResolvedTemplate = (
  | { kind: 'confirmation'; subject: string; course: LoadedCourse; element(props: ConfirmSubscriptionProps): ReactElement }
  | { kind: 'lesson'; subject: string; course: LoadedCourse; dayNumber: number; totalDays: number; element(props: LessonProps): ReactElement }
  | {
      kind: 'newsletter';
      subject: string;
      /** Set when the broadcast is public: its slug in the archive, for "View in your browser". */
      webCopySlug?: string | null;
      element(props: NewsletterProps): ReactElement;
    }
  | { kind: 'newsletter-confirmation'; subject: string; element(props: ConfirmNewsletterProps): ReactElement }
) & {
  /**
   * What the render cache keeps the compiled copy by (mail/render-cache.ts): the loaded email
   * itself, which stays the same object while its text does; the catalog when absent.
   */
  scope?: object;
};

/** Finds the template a delivery names; null when it no longer exists (a lesson was removed). */
export function resolveTemplate(catalog: Catalog, key: string): ResolvedTemplate | null {
  const content = templateContent(catalog, key);
  switch (content?.kind) {
    case undefined:
      return null;
    case 'newsletter-confirmation':
      return { ...content, scope: catalog.confirmations.newsletter, element: (props: ConfirmNewsletterProps) => createElement(catalog.confirmations.newsletter.Component, props) };
    case 'confirmation': {
      const email = confirmationOf(catalog, content.course);
      return { ...content, scope: email, element: (props: ConfirmSubscriptionProps) => createElement(email.Component, props) };
    }
    case 'lesson': {
      const { lesson, ...rest } = content;
      return { ...rest, scope: lesson, element: (props: LessonProps) => createElement(lesson.Component, props) };
    }
  }
}

/** A newsletter file as a template (test sends now; broadcasts next). */
export function newsletterTemplate(newsletter: LoadedNewsletter, webCopySlug: string | null = null): ResolvedTemplate {
  return { kind: 'newsletter', subject: newsletter.subject, webCopySlug, element: (props) => createElement(newsletter.Component, props) };
}
