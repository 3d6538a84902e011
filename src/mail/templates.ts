import { createElement, type ReactElement } from 'react';
import ConfirmNewsletter, { subject as confirmNewsletterSubject } from '../../emails/confirm-newsletter.js';
import ConfirmSubscription, { subject as confirmSubject } from '../../emails/confirm-subscription.js';
import type { ConfirmNewsletterProps, ConfirmSubscriptionProps, LessonProps, NewsletterProps } from '../../emails/types.js';
import type { Catalog } from '../courses/catalog.js';
import type { LoadedCourse } from '../courses/course-file.js';
import type { LoadedNewsletter } from '../courses/newsletter-file.js';

/** Before there were several courses the confirmation had one key; rows of that time keep it. */
export const LEGACY_CONFIRMATION_TEMPLATE = 'confirm-subscription';

/** The confirmation for a signup to one course: it names that course. */
export function confirmationTemplateKey(courseSlug: string): string {
  return `confirm-subscription:${courseSlug}`;
}

/**
 * The confirmation for her letters alone: what someone imported without a recorded consent and
 * without a course is asked (a course's confirmation would promise lessons she never asked for).
 */
export const NEWSLETTER_CONFIRMATION_TEMPLATE = 'confirm-newsletter';

/** Stored on deliveries and batches: `<course>/<lesson id>`, stable across edits of the text. */
export function lessonTemplateKey(courseSlug: string, lessonId: string): string {
  return `${courseSlug}/${lessonId}`;
}

export type ResolvedTemplate =
  | { kind: 'confirmation'; subject: string; course: LoadedCourse; element(props: ConfirmSubscriptionProps): ReactElement }
  | { kind: 'lesson'; subject: string; course: LoadedCourse; dayNumber: number; totalDays: number; element(props: LessonProps): ReactElement }
  | { kind: 'newsletter'; subject: string; element(props: NewsletterProps): ReactElement }
  | { kind: 'newsletter-confirmation'; subject: string; element(props: ConfirmNewsletterProps): ReactElement };

/** Finds the template a delivery names; null when it no longer exists (a lesson was removed). */
export function resolveTemplate(catalog: Catalog, key: string): ResolvedTemplate | null {
  if (key === NEWSLETTER_CONFIRMATION_TEMPLATE) {
    return { kind: 'newsletter-confirmation', subject: confirmNewsletterSubject, element: (props) => createElement(ConfirmNewsletter, props) };
  }
  if (key === LEGACY_CONFIRMATION_TEMPLATE || key.startsWith('confirm-subscription:')) {
    const course = key === LEGACY_CONFIRMATION_TEMPLATE ? catalog.main : catalog.course(key.slice('confirm-subscription:'.length));
    if (!course) return null;
    return { kind: 'confirmation', subject: confirmSubject(course.title), course, element: (props) => createElement(ConfirmSubscription, props) };
  }
  const slash = key.indexOf('/');
  const course = slash > 0 ? catalog.course(key.slice(0, slash)) : undefined;
  if (!course) return null;
  const index = course.lessons.findIndex((lesson) => lesson.id === key.slice(slash + 1));
  const lesson = course.lessons[index];
  if (!lesson) return null;
  return {
    kind: 'lesson',
    subject: lesson.subject,
    course,
    dayNumber: index + 1,
    totalDays: course.lessons.length,
    element: (props) => createElement(lesson.Component, props),
  };
}

/** A newsletter file as a template (test sends now; broadcasts next). */
export function newsletterTemplate(newsletter: LoadedNewsletter): ResolvedTemplate {
  return { kind: 'newsletter', subject: newsletter.subject, element: (props) => createElement(newsletter.Component, props) };
}
