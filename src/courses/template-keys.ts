import type { Catalog } from './catalog.js';
import type { LoadedCourse } from './course-file.js';
import type { LoadedLesson } from './lesson-file.js';

/**
 * The names deliveries and batches store for what they send, and what each name stands for in
 * her content. Rendering is mail's (mail/templates.ts); this is only which email a row means.
 */

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

export type TemplateContent =
  | { kind: 'confirmation'; subject: string; course: LoadedCourse }
  | { kind: 'lesson'; subject: string; course: LoadedCourse; lesson: LoadedLesson; dayNumber: number; totalDays: number }
  | { kind: 'newsletter-confirmation'; subject: string };

/** What a stored key names in her content now; null when it no longer exists (a lesson was removed). */
export function templateContent(catalog: Catalog, key: string): TemplateContent | null {
  if (key === NEWSLETTER_CONFIRMATION_TEMPLATE) return { kind: 'newsletter-confirmation', subject: catalog.confirmations.newsletter.subject };
  if (key === LEGACY_CONFIRMATION_TEMPLATE || key.startsWith('confirm-subscription:')) {
    const course = key === LEGACY_CONFIRMATION_TEMPLATE ? catalog.main : catalog.course(key.slice('confirm-subscription:'.length));
    return course ? { kind: 'confirmation', subject: confirmationOf(catalog, course).subject, course } : null;
  }
  const slash = key.indexOf('/');
  const course = slash > 0 ? catalog.course(key.slice(0, slash)) : undefined;
  if (!course) return null;
  const index = course.lessons.findIndex((lesson) => lesson.id === key.slice(slash + 1));
  const lesson = course.lessons[index];
  if (!lesson) return null;
  return { kind: 'lesson', subject: lesson.subject, course, lesson, dayNumber: index + 1, totalDays: course.lessons.length };
}

/** The course's confirmation email, filled in for that course. */
export function confirmationOf(catalog: Pick<Catalog, 'confirmations'>, course: LoadedCourse) {
  return catalog.confirmations.course({ title: course.title, totalDays: course.lessons.length });
}

/** The document (its path under emails/) a stored key is rendered from; null for a newsletter. */
export function templateDocument(catalog: Catalog, key: string): string | null {
  const content = templateContent(catalog, key);
  const file = content?.kind === 'lesson' ? content.lesson.file : content?.kind === 'confirmation' ? confirmationOf(catalog, content.course).file : content ? catalog.confirmations.newsletter.file : null;
  return file?.startsWith('emails/') ? file.slice('emails/'.length) : null;
}
