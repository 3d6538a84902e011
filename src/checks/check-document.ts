import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import { senderProps } from '../courses/author.js';
import type { Catalog } from '../courses/catalog.js';
import { CONFIRMATION_FILES } from '../courses/confirmation-file.js';
import {
  sampleConfirmationFooter,
  sampleConfirmationProps,
  sampleFooter,
  sampleLessonProps,
  sampleNewsletterConfirmationProps,
  sampleSender,
} from '../mail/templates/sample-props.js';
import type { Problem } from './problem.js';
import { checkRenderedEmail, type RenderedEmail } from './rendered-email.js';

interface Rendering {
  file: string;
  lines: string[] | null;
  footer: Pick<RenderedEmail, 'unsubscribeUrl' | 'preferencesUrl' | 'postalAddress'>;
  element: ReactElement;
}

/**
 * `email:check`'s rules over the one email a save changed (a lesson, a confirmation), rendered
 * with the sample details, as the check renders every email: what a dashboard save runs before
 * it keeps her words. The spam score is not among them: it takes seconds, and runs afterwards.
 */
export async function checkDocument(catalog: Catalog, path: string): Promise<Problem[]> {
  const rendering = renderingOf(catalog, path);
  if (!rendering) return [];
  let html: string;
  let text: string;
  try {
    [html, text] = await Promise.all([render(rendering.element), render(rendering.element, { plainText: true })]);
  } catch (error) {
    return [{ file: rendering.file, severity: 'error', rule: 'render', message: `This email could not be turned into HTML (${String(error instanceof Error ? error.message : error).split('\n')[0]}). Undo your last change to it.` }];
  }
  return checkRenderedEmail({ file: rendering.file, html, text, ...rendering.footer, sourceLines: rendering.lines ?? undefined });
}

/** The email a document renders, with sample details; null for a document that is not one (course.md, author.md). */
export function renderingOf(catalog: Catalog, path: string): Rendering | null {
  const sender = senderProps(catalog.author, sampleSender.consultationUrl);
  const file = `emails/${path}`;
  const confirmationFooter = { ...sampleConfirmationFooter, preferencesUrl: null };
  if (path === CONFIRMATION_FILES.course) {
    const course = catalog.main;
    const email = catalog.confirmations.course({ title: course.title, totalDays: course.lessons.length });
    return { file, lines: email.lines, footer: confirmationFooter, element: createElement(email.Component, sampleConfirmationProps(sender, course.title, course.lessons.length)) };
  }
  if (path === CONFIRMATION_FILES.newsletter) {
    const email = catalog.confirmations.newsletter;
    return { file, lines: email.lines, footer: confirmationFooter, element: createElement(email.Component, sampleNewsletterConfirmationProps(sender)) };
  }
  for (const course of catalog.courses) {
    const index = course.lessons.findIndex((l) => l.file === file);
    const lesson = course.lessons[index];
    if (lesson) {
      return { file, lines: lesson.lines, footer: sampleFooter, element: createElement(lesson.Component, sampleLessonProps(sender, course.title, index + 1, course.lessons.length)) };
    }
  }
  return null;
}
