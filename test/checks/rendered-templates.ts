import { render } from '@react-email/render';
import { createElement, type ComponentType } from 'react';
import { sampleConfirmationProps, sampleSender } from '../../src/mail/templates/sample-props';
import { lessonPreviewProps } from '../../src/mail/templates/lesson-frame';
import type { ConfirmSubscriptionProps, LessonProps } from '../../src/mail/templates/types';
import { loadCatalogOrThrow } from '../../src/courses/catalog';

/** A real template rendered the way the loader renders it: its own PreviewProps. */
export interface RenderedTemplate {
  file: string;
  subject: string;
  html: string;
  text: string;
  unsubscribeUrl: string;
  /** Null for a confirmation, which links to no preference page. */
  preferencesUrl: string | null;
  postalAddress: string;
}

type Template<P> = ComponentType<P> & { PreviewProps: P };

async function renderTemplate<P extends { unsubscribeUrl: string; preferencesUrl?: string; postalAddress: string }>(
  file: string,
  subject: string,
  template: Template<P>,
  overrides: Partial<P> = {},
): Promise<RenderedTemplate> {
  const props = { ...template.PreviewProps, ...overrides };
  const element = createElement(template as ComponentType<P>, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { file, subject, html, text, unsubscribeUrl: props.unsubscribeUrl, preferencesUrl: props.preferencesUrl ?? null, postalAddress: props.postalAddress };
}

/** Lesson 1 of the main course, the Markdown file as the app loads it. */
export async function renderLesson1(): Promise<RenderedTemplate> {
  const lesson = (await loadCatalogOrThrow()).main.lessons[0]!;
  const Lesson = Object.assign((props: LessonProps) => lesson.Component(props), {
    PreviewProps: { ...lessonPreviewProps, dayNumber: 1 } satisfies LessonProps,
  });
  return renderTemplate(lesson.file, lesson.subject, Lesson);
}

/** Her confirmation for the main course, the Markdown file as the app loads it. */
export async function renderConfirmation(overrides: { unsubscribeUrl?: string } = {}): Promise<RenderedTemplate> {
  const catalog = await loadCatalogOrThrow();
  const email = catalog.confirmations.course({ title: catalog.main.title, totalDays: catalog.main.lessons.length });
  const Confirmation = Object.assign((props: ConfirmSubscriptionProps) => email.Component(props), {
    PreviewProps: sampleConfirmationProps(sampleSender, catalog.main.title, catalog.main.lessons.length),
  });
  return renderTemplate(email.file, email.subject, Confirmation, overrides);
}

/** Puts `markup` at the start of the lesson body, where an author's own content goes. */
export function plantInBody(html: string, markup: string): string {
  const anchor = '<p class="rmg-text"';
  if (!html.includes(anchor)) throw new Error('the layout changed: no body paragraph to plant into');
  return html.replace(anchor, `${markup}${anchor}`);
}
