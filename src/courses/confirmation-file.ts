import { join } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { ConfirmationFrame } from '../mail/templates/confirmation-frame.js';
import { Markdown } from '../mail/templates/markdown.js';
import type { ConfirmNewsletterProps, ConfirmSubscriptionProps } from '../mail/templates/types.js';
import { Problems } from './authoring-problem.js';
import { parseMarkdownEmail } from './email-file.js';
import { rootDir, type EmailsRoot } from './emails-root.js';
import { readSource } from './front-matter.js';

/**
 * Her two double opt-in emails, in Markdown like every lesson: emails/confirm-subscription.md
 * (a signup to a course; `{course}` and `{days}` become that course's title and length) and
 * emails/confirm-newsletter.md (someone she imported, asked about her letters alone).
 */
const FIELDS = ['subject', 'preview', 'title'] as const;

export interface ConfirmationEmail<Props> {
  file: string;
  subject: string;
  preview: string;
  title: string;
  lines: string[];
  Component: (props: Props) => ReactElement;
}

export interface Confirmations {
  /** The course's confirmation, filled in for one course (made once per course and kept). */
  course(course: { title: string; totalDays: number }): ConfirmationEmail<ConfirmSubscriptionProps>;
  newsletter: ConfirmationEmail<ConfirmNewsletterProps>;
}

export const CONFIRMATION_FILES = { course: 'confirm-subscription.md', newsletter: 'confirm-newsletter.md' } as const;

const SPELLED = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const days = (n: number) => (n === 1 ? 'one day' : `${SPELLED[n] ?? n} days`);

/** Reads both files; every problem is recorded with its line, and null means one cannot be used. */
export function loadConfirmations(root: EmailsRoot, problems: Problems): Confirmations | null {
  const emailsDir = rootDir(root);
  const courseFile = `emails/${CONFIRMATION_FILES.course}`;
  const newsletterFile = `emails/${CONFIRMATION_FILES.newsletter}`;
  const courseSource = readSource(root, join(emailsDir, CONFIRMATION_FILES.course), courseFile, problems, `Write it: the email a mom gets to confirm her signup (the guide shows one).`);
  const newsletterSource = readSource(root, join(emailsDir, CONFIRMATION_FILES.newsletter), newsletterFile, problems, `Write it: the email someone you imported gets to confirm she wants your letters.`);
  if (courseSource === null || newsletterSource === null) return null;
  // Checked as she wrote it, with sample values in the blanks: a mistake is hers, on her line.
  if (!build<ConfirmSubscriptionProps>(fill(courseSource, { course: 'Your Course', days: days(7) }), courseFile, problems, courseFrame('Your Course'))) return null;
  const newsletter = build<ConfirmNewsletterProps>(newsletterSource, newsletterFile, problems, newsletterFrame);
  if (!newsletter) return null;
  const perCourse = new Map<string, ConfirmationEmail<ConfirmSubscriptionProps>>();
  return {
    course({ title, totalDays }) {
      const key = `${totalDays}\u0000${title}`;
      let email = perCourse.get(key);
      if (!email) {
        email = build<ConfirmSubscriptionProps>(fill(courseSource, { course: title, days: days(totalDays) }), courseFile, new Problems(), courseFrame(title))!;
        perCourse.set(key, email);
      }
      return email;
    },
    newsletter,
  };
}

function fill(source: string, values: { course: string; days: string }): string {
  return source.replaceAll('{course}', values.course).replaceAll('{days}', values.days);
}

type Frame = (props: ConfirmSubscriptionProps | ConfirmNewsletterProps) => { masthead: string; footerReason: string };

const courseFrame = (title: string): Frame => () => ({
  masthead: title,
  footerReason: `You’re getting this one email because this address was entered to join ${title}, a free email course.`,
});

const newsletterFrame: Frame = (props) => ({
  masthead: `A note from ${props.authorName}`,
  footerReason: `You’re getting this one email because this address is on ${props.authorName}’s mailing list, and she would like to be sure you still want to hear from her.`,
});

function build<Props extends ConfirmSubscriptionProps | ConfirmNewsletterProps>(source: string, file: string, problems: Problems, frame: Frame): ConfirmationEmail<Props> | null {
  const email = parseMarkdownEmail(source, file, FIELDS, problems);
  if (!email) return null;
  const { meta, tokens } = email;
  const Component = (props: Props) =>
    createElement(ConfirmationFrame, { meta, ...frame(props), props }, createElement(Markdown, { tokens, consultationUrl: props.consultationUrl, confirmUrl: props.confirmUrl }));
  return { file, ...meta, lines: email.lines, Component };
}
