import type { Problems } from './authoring-problem.js';
import type { EmailsRoot } from './emails-root.js';
import { readFrontMatter, readSource } from './front-matter.js';
import { parseMarkdown, type MarkdownTokens } from './markdown.js';

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const HINTS: Record<string, string> = {
  id: 'a short name made of lowercase words and hyphens, e.g.  id: "rest-without-earning-it". Never change it once the email has been sent.',
  subject: 'the subject line moms see in their inbox.',
  preview: 'the grey line an inbox shows after the subject (one sentence, under 150 characters).',
  title: 'the heading at the top of the lesson and on the course page.',
  summary: 'one sentence about the lesson, shown on the course page.',
};

export interface MarkdownEmail<Field extends string> {
  meta: Record<Field, string>;
  /** The front matter as read, for optional fields that are not text (a newsletter's `public`). */
  data: Record<string, unknown>;
  tokens: MarkdownTokens;
  /** The file's lines, so later checks can point at the line a link or a word is on. */
  lines: string[];
  lineOf(field: string): number | undefined;
}

/**
 * One Markdown email: front matter with the given fields, then the body. Every problem is
 * recorded with its line; null when the email cannot be used.
 */
export function readMarkdownEmail<Field extends string>(
  emailsDir: EmailsRoot,
  path: string,
  file: string,
  fields: readonly Field[],
  problems: Problems,
  optional: readonly string[] = [],
): MarkdownEmail<Field> | null {
  const source = readSource(emailsDir, path, file, problems, 'This file could not be found. Check the name in the course’s list (course.md) against the file’s name.');
  if (source === null) return null;
  return parseMarkdownEmail(source, file, fields, problems, optional);
}

/** The same, for text already in hand (a newsletter as it was when its broadcast was made). */
export function parseMarkdownEmail<Field extends string>(
  source: string,
  file: string,
  fields: readonly Field[],
  problems: Problems,
  /** Fields that may be there, checked by the caller (the data carries them). */
  optional: readonly string[] = [],
): MarkdownEmail<Field> | null {
  if (source.includes('\uFFFD')) problems.warning(file, undefined, 'This file has characters that could not be read (saved in an unusual encoding?). Save it as UTF-8.');
  const front = readFrontMatter(file, source, problems);
  if (!front) return null;
  const meta = {} as Record<Field, string>;
  let complete = true;
  for (const field of fields) {
    const value = front.data[field];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.error(file, front.lineOf(field) ?? 2, `"${field}" is missing at the top of the file. Add a line  ${field}: "…"  with ${HINTS[field] ?? 'a value.'}`);
      complete = false;
      continue;
    }
    meta[field] = value.trim();
  }
  for (const key of Object.keys(front.data)) {
    if (!(fields as readonly string[]).includes(key) && !optional.includes(key)) {
      problems.warning(file, front.lineOf(key), `"${key}" at the top of the file is not used. Remove it, or check its spelling (${[...fields, ...optional].join(', ')}).`);
    }
  }
  const id = (meta as Record<string, string>).id;
  if (id !== undefined && !ID_PATTERN.test(id)) {
    problems.error(file, front.lineOf('id'), `The id "${id}" should be lowercase words joined by hyphens, like "rest-without-earning-it".`);
    complete = false;
  }
  if (front.body.trim() === '') {
    problems.error(file, front.bodyLine, 'The email has no text yet. Write it below the second line of three dashes.');
    complete = false;
  }
  const tokens = parseMarkdown(file, front.body, front.bodyLine, problems);
  if (!tokens || !complete) return null;
  return { meta, data: front.data, tokens, lines: source.split('\n'), lineOf: front.lineOf };
}
