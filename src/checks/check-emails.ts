import { availableParallelism } from 'node:os';
import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import {
  sampleConfirmationFooter,
  sampleConfirmationProps,
  sampleFooter,
  sampleLessonProps,
  sampleNewsletterConfirmationProps,
  sampleNewsletterProps,
  sampleSender,
} from '../mail/templates/sample-props.js';
import type { SenderProps } from '../mail/templates/types.js';
import type { AuthoringProblem } from '../courses/authoring-problem.js';
import { senderProps } from '../courses/author.js';
import { loadCatalog } from '../courses/catalog.js';
import { liveTexts, type StoredDocument } from '../courses/content-store.js';
import { planImport, readContentFiles } from '../courses/content-files.js';
import type { LoadedCourse } from '../courses/course-file.js';
import { defaultEmailsDir } from '../courses/emails-dir.js';
import { loadNewsletters } from '../courses/newsletter-file.js';
import type { Problem } from './problem.js';
import { checkRenderedEmail, type RenderedEmail } from './rendered-email.js';
import { checkSpamScore, spamScores, type EmailToScore } from './spam-score.js';
import { cachedSpamScorer } from './spam-score-cache.js';
import type { Confirmations } from '../courses/confirmation-file.js';

export interface CheckOptions {
  emailsDir?: string;
  /** Score each email with SpamAssassin when it is installed (on by default). */
  spam?: boolean;
  /** Lesson ids already sent to someone, per course, from the database; null when it cannot be reached. */
  sentLessonIds?: () => Promise<Map<string, string[]> | null>;
  /**
   * Her content as the app holds it (Postgres), when it can be reached: the check then reads what
   * the app would serve once it takes these files in (a file edited in the dashboard since stays
   * the dashboard's, and is named), rather than the files alone.
   */
  storedDocuments?: () => Promise<ReadonlyMap<string, StoredDocument> | null>;
  /** A JSON file that keeps spam scores by content, so an unchanged email is not scored again. */
  spamCacheFile?: string;
  /** Called as each email is done (rendered, checked and scored), for a progress bar. */
  onEmailChecked?: (progress: { file: string; done: number; total: number }) => void;
}

export interface CheckReport {
  problems: Problem[];
  /** How many emails were rendered and checked. */
  emails: number;
  /** False when SpamAssassin is not installed (or was switched off). */
  spamChecked: boolean;
  /** False when the database could not be asked which lessons were already sent. */
  sentIdsChecked: boolean;
  /** How many emails SpamAssassin scored in this run; the others' scores were remembered. */
  spamScored: number;
}

interface EmailToCheck {
  file: string;
  subject: string;
  lines: string[] | null;
  /** The sample links and address it is rendered with, which its footer must show. */
  footer: Pick<RenderedEmail, 'unsubscribeUrl' | 'preferencesUrl' | 'postalAddress'>;
  element(): ReactElement;
}

// A confirmation comes before she has anything to manage, so it links to no preference page.
const confirmationFooter = { ...sampleConfirmationFooter, preferencesUrl: null };

/**
 * `npm run email:check`: loads every course, lesson, confirmation and newsletter in emails/,
 * renders each with sample details, and runs every rule over it. Changes nothing anywhere.
 */
export async function checkEmails(options: CheckOptions = {}): Promise<CheckReport> {
  const emailsDir = options.emailsDir ?? defaultEmailsDir();
  const stored = await options.storedDocuments?.();
  const asServed = stored && stored.size > 0 ? contentAsServed(emailsDir, stored) : null;
  const { problems: authoring, loaded } = await loadCatalog({ emailsDir, documents: asServed?.documents });
  for (const path of asServed?.conflicts ?? []) {
    authoring.warning(
      `emails/${path}`,
      undefined,
      'This file changed after its text was edited in the dashboard, so the app keeps the dashboard’s version and this file is not what is sent. Bring the file up to date from the app, or take it in on purpose (the guide’s “Working with files” says how).',
    );
  }
  const newsletters = await loadNewsletters(emailsDir, authoring);
  const problems: Problem[] = authoring.list.map(fromAuthoring);

  const sender: SenderProps = loaded.author ? senderProps(loaded.author, sampleSender.consultationUrl) : sampleSender;
  const emails: EmailToCheck[] = [];
  const confirmations = loaded.confirmations;
  for (const course of loaded.courses) emails.push(...courseEmails(course, sender, confirmations));
  if (confirmations) {
    const letters = confirmations.newsletter;
    emails.push({
      file: letters.file,
      subject: letters.subject,
      lines: letters.lines,
      footer: confirmationFooter,
      element: () => createElement(letters.Component, sampleNewsletterConfirmationProps(sender)),
    });
  }
  for (const newsletter of newsletters) {
    emails.push({
      file: newsletter.file,
      subject: newsletter.subject,
      lines: newsletter.lines,
      footer: sampleFooter,
      element: () => createElement(newsletter.Component, sampleNewsletterProps(sender)),
    });
  }

  const spam = options.spam !== false;
  let spamChecked = spam;
  const scorer = spam && options.spamCacheFile ? cachedSpamScorer(options.spamCacheFile) : null;
  let spamScored = 0;
  const scoreSpam = async (batch: EmailToScore[]) => {
    if (scorer) return scorer.scoreMany(batch);
    spamScored += batch.length;
    return spamScores(batch);
  };
  let done = 0;
  await forEachAtOnce(batchesOf(emails, Math.min(SPAM_BATCH, Math.ceil(emails.length / CHECKS_AT_ONCE))), CHECKS_AT_ONCE, async (batch) => {
    const rendered = await Promise.all(batch.map(renderAndCheck));
    const toScore = rendered.filter((r): r is RenderedToScore & { email: EmailToScore } => r.email !== null);
    const scores = spam ? await scoreSpam(toScore.map((r) => r.email)) : [];
    for (const [i, result] of scores.entries()) {
      if (result === null) spamChecked = false;
      problems.push(...checkSpamScore(toScore[i]!.file, result));
    }
    for (const r of rendered) {
      problems.push(...r.problems);
      options.onEmailChecked?.({ file: r.file, done: ++done, total: emails.length });
    }
  });
  if (scorer) {
    spamScored = scorer.scored;
    scorer.save();
  }

  let sentIdsChecked = false;
  const sent = await options.sentLessonIds?.();
  if (sent) {
    sentIdsChecked = true;
    for (const course of loaded.courses) {
      // A course with a broken file is checked without it, and that file may hold a sent
      // lesson: its own error says what to fix, and "no longer in the course" would mislead.
      const folder = course.file.slice(0, course.file.lastIndexOf('/') + 1);
      if (authoring.list.some((p) => p.severity === 'error' && p.file.startsWith(folder))) continue;
      for (const id of sent.get(course.slug) ?? []) {
        if (course.lessons.some((l) => l.id === id) || course.removed.includes(id)) continue;
        problems.push({
          file: course.file,
          severity: 'error',
          rule: 'sent-lesson-missing',
          message: `The lesson "${id}" has already been sent to moms, but it is no longer in the course. If you meant to take it out, add it under removed:  removed: ["${id}"]. If not, put its file back in the list of lessons.`,
        });
      }
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { problems, emails: emails.length, spamChecked, sentIdsChecked, spamScored };
}

interface RenderedToScore {
  file: string;
  problems: Problem[];
  /** The email as SpamAssassin is to read it; null when it could not be rendered. */
  email: EmailToScore | null;
}

/** Renders one email and runs every rule over it. */
async function renderAndCheck(email: EmailToCheck): Promise<RenderedToScore> {
  let html: string;
  let text: string;
  try {
    const element = email.element();
    [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  } catch (error) {
    const message = `This email could not be turned into HTML (${String(error instanceof Error ? error.message : error).split('\n')[0]}). Undo your last change to it, or ask your developer.`;
    return { file: email.file, problems: [{ file: email.file, severity: 'error', rule: 'render', message }], email: null };
  }
  return {
    file: email.file,
    problems: checkRenderedEmail({ file: email.file, html, text, ...email.footer, sourceLines: email.lines ?? undefined }),
    email: { from: 'Course <hello@example.com>', to: 'sarah@example.com', subject: email.subject, html, text, headers: {} },
  };
}

function courseEmails(course: LoadedCourse, sender: SenderProps, confirmations: Confirmations | null): EmailToCheck[] {
  const totalDays = course.lessons.length;
  const confirmation = confirmations?.course({ title: course.title, totalDays });
  return [
    ...(confirmation
      ? [
          {
            file: confirmation.file,
            subject: confirmation.subject,
            lines: confirmation.lines,
            footer: confirmationFooter,
            element: () => createElement(confirmation.Component, sampleConfirmationProps(sender, course.title, totalDays)),
          },
        ]
      : []),
    ...course.lessons.map((lesson, i) => ({
      file: lesson.file,
      subject: lesson.subject,
      lines: lesson.lines,
      footer: sampleFooter,
      element: () => createElement(lesson.Component, sampleLessonProps(sender, course.title, i + 1, totalDays)),
    })),
  ];
}

function fromAuthoring(p: AuthoringProblem): Problem {
  return { file: p.file, line: p.line, severity: p.severity, rule: 'authoring', message: p.message };
}

// SpamAssassin spends most of its ~2 s loading its rules on one core, and each further email in
// the same run adds a tenth of that: emails go to it in batches (small ones, so the progress bar
// moves), one batch per core at once, at least two (a run also waits on its pipes) and at most
// four (memory, ~60 MB each).
const CHECKS_AT_ONCE = Math.min(4, Math.max(2, availableParallelism()));
const SPAM_BATCH = 4;

function batchesOf<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) batches.push(items.slice(i, i + Math.max(1, size)));
  return batches;
}

async function forEachAtOnce<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** What the app would serve after taking in this folder's files by its rule (courses/content-files.ts). */
function contentAsServed(emailsDir: string, stored: ReadonlyMap<string, StoredDocument>): { documents: Map<string, string>; conflicts: string[] } {
  const plan = planImport(stored, readContentFiles(emailsDir));
  const documents = liveTexts(stored);
  for (const write of plan.writes) if (write.text !== null) documents.set(write.path, write.text);
  for (const path of plan.removals) documents.delete(path);
  return { documents, conflicts: plan.conflicts.map((c) => c.path) };
}
