import { createElement, type ReactElement } from 'react';
import ConfirmSubscription, { subject as confirmSubject } from '../../emails/confirm-subscription.js';
import type { LoadedCourse } from '../../emails/load-course.js';
import type { ConfirmSubscriptionProps, LessonProps } from '../../emails/types.js';

export const CONFIRMATION_TEMPLATE = 'confirm-subscription';

/** Stored on deliveries and batches: `<course>/<lesson slug>`, stable across edits of the text. */
export function lessonTemplateKey(course: Pick<LoadedCourse, 'slug' | 'lessons'>, position: number): string {
  const lesson = course.lessons[position];
  if (!lesson) throw new Error(`course ${course.slug} has no lesson at position ${position}`);
  return `${course.slug}/${lesson.slug}`;
}

export type ResolvedTemplate =
  | { kind: 'confirmation'; subject: string; element(props: ConfirmSubscriptionProps): ReactElement }
  | { kind: 'lesson'; subject: string; dayNumber: number; totalDays: number; element(props: LessonProps): ReactElement };

/** Finds the template a delivery names; null when it no longer exists (a lesson was removed). */
export function resolveTemplate(course: LoadedCourse, key: string): ResolvedTemplate | null {
  if (key === CONFIRMATION_TEMPLATE) {
    return { kind: 'confirmation', subject: confirmSubject, element: (props) => createElement(ConfirmSubscription, props) };
  }
  const index = course.lessons.findIndex((lesson) => `${course.slug}/${lesson.slug}` === key);
  const lesson = course.lessons[index];
  if (!lesson) return null;
  return {
    kind: 'lesson',
    subject: lesson.subject,
    dayNumber: index + 1,
    totalDays: course.lessons.length,
    element: (props) => createElement(lesson.Component, props),
  };
}
