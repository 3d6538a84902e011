import { join } from 'node:path';
import type { SenderProps } from '../mail/templates/types.js';
import type { Problems } from './authoring-problem.js';
import { displayPath } from './emails-dir.js';
import { rootDir, type EmailsRoot } from './emails-root.js';
import { readFrontMatter, readSource } from './front-matter.js';

export interface LoadedAuthor {
  name: string;
  credentials: string;
  signOff: string;
  /** Her booking page; null means the course's own page (`APP_URL/#consultation`). */
  consultationUrl: string | null;
  /** Where replies to lessons and newsletters go; null: to EMAIL_FROM, as before. */
  replyTo: string | null;
  /** The footer's line about replies, near the crisis lines (her words, or the default). */
  repliesNote: string;
  /** True while the name is still the "[Your name here]" placeholder. */
  isPlaceholder: boolean;
}

const PLACEHOLDER = /^\[.*\]$/;
/** One address, the shape a mail client will reply to: no name, no spaces, one @, a dot after it. */
export const REPLY_TO_PATTERN = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
/** Said in every lesson and newsletter unless she writes her own `replies_note`. */
export const DEFAULT_REPLIES_NOTE =
  'Replies come to me and I read them on working days. They are not watched for emergencies: if you need help now, please use the numbers above.';

/** emails/author.md: her name, credentials, sign-off and consultation link, written once. */
export function loadAuthor(root: EmailsRoot, problems: Problems): LoadedAuthor | null {
  const path = join(rootDir(root), 'author.md');
  const file = displayPath(rootDir(root), path);
  const source = readSource(root, path, file, problems, 'This file is missing. It holds your name and sign-off for every email; restore it from the project (git checkout emails/author.md).');
  if (source === null) return null;
  const front = readFrontMatter(file, source, problems);
  if (!front) return null;
  const text = (key: string, required: boolean): string | null => {
    const value = front.data[key];
    if (value === undefined || value === null || value === '') {
      if (required) problems.error(file, front.lineOf(key), `"${key}" is empty. Write it between the quotes, for example  ${key}: "…"`);
      return null;
    }
    if (typeof value !== 'string') {
      problems.error(file, front.lineOf(key), `"${key}" should be words in quotes, for example  ${key}: "…"`);
      return null;
    }
    return value.trim();
  };
  const name = text('name', true);
  const credentials = text('credentials', true);
  const signOff = text('sign_off', true);
  const consultationUrl = text('consultation_url', false);
  if (consultationUrl && !/^https:\/\/\S+$/.test(consultationUrl)) {
    problems.error(file, front.lineOf('consultation_url'), 'consultation_url must be a full web address starting with https://, or empty quotes to use the course’s own page.');
  }
  const replyTo = text('reply_to', false);
  if (replyTo && !REPLY_TO_PATTERN.test(replyTo)) {
    problems.error(file, front.lineOf('reply_to'), 'reply_to should be one email address, like  reply_to: "hello@example.com"  — or empty quotes to leave replies as they are.');
  }
  const repliesNote = text('replies_note', false) ?? DEFAULT_REPLIES_NOTE;
  if (name && PLACEHOLDER.test(name)) {
    problems.warning(file, front.lineOf('name'), `Your name is still the placeholder ${name}. Write your name between the quotes; it signs every email.`);
  }
  if (!name || !credentials || !signOff) return null;
  if (replyTo && !REPLY_TO_PATTERN.test(replyTo)) return null;
  return { name, credentials, signOff, consultationUrl, replyTo, repliesNote, isPlaceholder: PLACEHOLDER.test(name) };
}

/**
 * What every email template takes from her: name, sign-off and where consultation links point
 * (her page, or `fallbackConsultationUrl` while consultation_url is empty).
 */
export function senderProps(author: LoadedAuthor, fallbackConsultationUrl: string): SenderProps {
  return { authorName: author.name, signOff: author.signOff, consultationUrl: author.consultationUrl ?? fallbackConsultationUrl };
}
