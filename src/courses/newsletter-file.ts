import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { Markdown } from '../mail/templates/markdown.js';
import type { MarkdownTokens } from './markdown.js';
import { NewsletterFrame } from '../mail/templates/newsletter-frame.js';
import type { NewsletterMeta, NewsletterProps } from '../mail/templates/types.js';
import type { Problems } from './authoring-problem.js';
import { defaultEmailsDir, displayPath, LINK_LEADS_OUTSIDE, realPathInEmails, withoutServerPaths } from './emails-dir.js';
import { ID_PATTERN, parseMarkdownEmail, readMarkdownEmail, type MarkdownEmail } from './email-file.js';
import { importTsxNewsletter } from './import-template.js';

export type NewsletterComponent = (props: NewsletterProps) => ReactElement;

export interface LoadedNewsletter extends NewsletterMeta {
  file: string;
  format: 'markdown' | 'tsx';
  Component: NewsletterComponent;
  lines: string[] | null;
  /** `public: true` in its front matter: once sent, it is in the archive (/letters) and its feed. */
  public: boolean;
  /** Her Markdown, parsed; null for TSX. The archive renders it as a web page. */
  tokens: MarkdownTokens | null;
}

const NEWSLETTER_FIELDS = ['id', 'subject', 'preview'] as const;
const OPTIONAL_FIELDS = ['public'] as const;

/** A Markdown newsletter: her words inside the shared newsletter frame. Synchronous, for the preview. */
export function loadMarkdownNewsletter(emailsDir: string, path: string, file: string, problems: Problems): LoadedNewsletter | null {
  const email = readMarkdownEmail(emailsDir, path, file, NEWSLETTER_FIELDS, problems, OPTIONAL_FIELDS);
  return email && markdownNewsletter(email, file, problems);
}

/** A Markdown newsletter from its text: what a broadcast stored when it was made. */
export function parseMarkdownNewsletter(source: string, file: string, problems: Problems): LoadedNewsletter | null {
  const email = parseMarkdownEmail(source, file, NEWSLETTER_FIELDS, problems, OPTIONAL_FIELDS);
  return email && markdownNewsletter(email, file, problems);
}

function markdownNewsletter(email: MarkdownEmail<(typeof NEWSLETTER_FIELDS)[number]>, file: string, problems: Problems): LoadedNewsletter | null {
  const { meta, tokens } = email;
  // A boolean and nothing else: `public: yes` or `"true"` would be a guess about whether she
  // meant her letter to be on the open web, and a wrong guess cannot be taken back.
  const isPublic = email.data.public ?? false;
  if (typeof isPublic !== 'boolean') {
    problems.error(file, email.lineOf('public'), '"public" should be  public: true  (the letter appears in your public archive once sent) or  public: false  (it does not). Leave the line out to keep it private.');
    return null;
  }
  const Component: NewsletterComponent = (props) =>
    createElement(NewsletterFrame, { meta, props }, createElement(Markdown, { tokens, consultationUrl: props.consultationUrl }));
  return { ...meta, file, format: 'markdown', Component, lines: email.lines, public: isPublic, tokens };
}

/** One newsletter file, Markdown or TSX. */
export async function loadNewsletterFile(emailsDir: string, path: string, problems: Problems): Promise<LoadedNewsletter | null> {
  const file = displayPath(emailsDir, path);
  if (path.endsWith('.md')) return loadMarkdownNewsletter(emailsDir, path, file, problems);
  if (realPathInEmails(emailsDir, path) === 'outside') {
    problems.error(file, undefined, LINK_LEADS_OUTSIDE);
    return null;
  }
  let mod: Partial<Record<'default' | 'meta', unknown>>;
  try {
    mod = ((await importTsxNewsletter(emailsDir, defaultEmailsDir(), basename(path, '.tsx'))) ?? {}) as typeof mod;
  } catch (cause) {
    problems.error(file, undefined, `This newsletter could not be loaded: ${withoutServerPaths(emailsDir, String(cause).split('\n')[0] ?? '')}`);
    return null;
  }
  const meta = (mod.meta ?? {}) as Record<string, unknown>;
  const fields = NEWSLETTER_FIELDS.filter((f) => typeof meta[f] !== 'string' || (meta[f] as string).trim() === '');
  if (typeof mod.default !== 'function' || fields.length > 0 || !ID_PATTERN.test(String(meta.id))) {
    problems.error(file, undefined, 'A TSX newsletter needs a default export (its component) and `export const meta = { id, subject, preview }` with a lowercase-hyphenated id.');
    return null;
  }
  return { id: meta.id as string, subject: meta.subject as string, preview: meta.preview as string, file, format: 'tsx', Component: mod.default as NewsletterComponent, lines: null, public: false, tokens: null };
}

/** Every newsletter in emails/newsletters/, in file-name order; ids must be unique. */
export async function loadNewsletters(emailsDir: string, problems: Problems): Promise<LoadedNewsletter[]> {
  const out: LoadedNewsletter[] = [];
  const fileById = new Map<string, string>();
  for (const path of newsletterFiles(emailsDir)) {
    const newsletter = await loadNewsletterFile(emailsDir, path, problems);
    if (!newsletter) continue;
    const clash = fileById.get(newsletter.id);
    if (clash) {
      problems.error(newsletter.file, 2, `The id "${newsletter.id}" is already used by ${clash}. Give this newsletter its own id.`);
      continue;
    }
    fileById.set(newsletter.id, newsletter.file);
    out.push(newsletter);
  }
  return out;
}

/** The newsletter files in emails/newsletters/ (absolute paths, by name); `_`-files are drafts. */
export function newsletterFiles(emailsDir: string): string[] {
  const folder = join(emailsDir, 'newsletters');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => ['.md', '.tsx'].includes(extname(n)) && !n.startsWith('_'))
    .sort()
    .map((n) => join(folder, n));
}

/**
 * A letter's address in her public archive (/letters/<slug>): the newsletter's id, except for one
 * written in the dashboard, whose id is only `draft-<n>`: its subject's words make the address
 * (`a-gentle-december-12`), the number keeping it unique.
 */
export function letterSlug(newsletterId: string, subject: string): string {
  const draft = /^draft-(\d+)$/.exec(newsletterId);
  if (!draft) return newsletterId;
  const words = subject
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return words ? `${words}-${draft[1]}` : newsletterId;
}
