/**
 * What the generated preview wrappers (.preview/emails/…) import. The React Email preview server
 * bundles each wrapper with esbuild and runs it in its own process, so this module reads her
 * Markdown at render time, synchronously, and renders it through the same loaders the app sends with.
 */
import { createElement, type ReactElement } from 'react';
import type { ConfirmNewsletterProps, ConfirmSubscriptionProps, LessonProps, NewsletterProps } from '../../mail/templates/types.js';
import { CONFIRMATION_FILES, loadConfirmations } from '../../courses/confirmation-file.js';
import { formatAuthoringProblem, Problems } from '../../courses/authoring-problem.js';
import { loadMarkdownLesson } from '../../courses/lesson-file.js';
import { loadMarkdownNewsletter } from '../../courses/newsletter-file.js';

/** A Markdown lesson, as `loadMarkdownLesson` renders it for sending. */
export function previewMarkdownLesson(emailsDir: string, path: string, file: string, props: LessonProps): ReactElement {
  const problems = new Problems();
  const lesson = loadMarkdownLesson(emailsDir, path, file, problems);
  return lesson ? lesson.Component(props) : problemPage(file, problems);
}

/** A Markdown newsletter, as `loadNewsletterFile` renders it for sending. */
export function previewMarkdownNewsletter(emailsDir: string, path: string, file: string, props: NewsletterProps): ReactElement {
  const problems = new Problems();
  const newsletter = loadMarkdownNewsletter(emailsDir, path, file, problems);
  return newsletter ? newsletter.Component(props) : problemPage(file, problems);
}

/** A confirmation email, as `loadConfirmations` renders it for sending. */
export function previewConfirmation(
  emailsDir: string,
  kind: 'course' | 'newsletter',
  course: { title: string; totalDays: number } | null,
  props: ConfirmSubscriptionProps & ConfirmNewsletterProps,
): ReactElement {
  const problems = new Problems();
  const confirmations = loadConfirmations(emailsDir, problems);
  const file = `emails/${CONFIRMATION_FILES[kind]}`;
  if (!confirmations) return problemPage(file, problems);
  return kind === 'newsletter' ? confirmations.newsletter.Component(props) : confirmations.course(course!).Component(props);
}

/** Instead of an error overlay: what is wrong with the file, in the same words `email:check` uses. */
export function problemPage(file: string, problems: Problems): ReactElement {
  const lines = problems.list.length > 0 ? problems.list.map(formatAuthoringProblem) : [`${file}: this email could not be loaded.`];
  return createElement(
    'html',
    null,
    createElement(
      'body',
      { style: { fontFamily: 'sans-serif', padding: 24 } },
      createElement('h1', { style: { fontSize: 20 } }, 'This email cannot be shown yet'),
      createElement('p', null, 'Fix the lines below and save; the preview updates by itself.'),
      createElement('ul', null, ...lines.map((line, i) => createElement('li', { key: i }, line))),
    ),
  );
}
