import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { Problems, formatAuthoringProblem } from '../courses/authoring-problem.js';
import type { Catalog } from '../courses/catalog.js';
import { realPathInEmails } from '../courses/emails-dir.js';
import { loadNewsletterFile, parseMarkdownNewsletter, type LoadedNewsletter } from '../courses/newsletter-file.js';
import { AppError } from '../errors.js';

/** What a broadcast keeps of its newsletter: enough to send it exactly as it was. */
export interface NewsletterSource {
  newsletter: LoadedNewsletter;
  /** The Markdown text, kept with the broadcast; null for TSX, which is imported from its file. */
  source: string | null;
}

/**
 * The newsletter a broadcast sends: a file (`emails/newsletters/…md`, relative to where the
 * command runs or absolute) or Markdown text sent to the admin API. A file with a mistake in
 * it is refused with every problem and its line, before anyone is counted.
 */
export async function readNewsletterSource(
  catalog: Catalog,
  input: { file?: string | null; markdown?: string | null; name?: string | null },
): Promise<NewsletterSource> {
  const problems = new Problems();
  let result: NewsletterSource | null = null;
  if (input.markdown != null) {
    const file = `emails/newsletters/${input.name || 'newsletter'}.md`;
    const newsletter = parseMarkdownNewsletter(input.markdown, file, problems);
    result = newsletter && { newsletter, source: input.markdown };
  } else if (input.file) {
    const path = isAbsolute(input.file) ? input.file : resolve(input.file);
    if (!/\.(md|tsx)$/.test(path) || !existsSync(path)) {
      throw new AppError('not_found', `There is no newsletter file at ${input.file}. Newsletters live in emails/newsletters/ and end in .md.`);
    }
    // Only her own files are sent: a path (or a link) that leads out of emails/ is not one.
    const real = realPathInEmails(catalog.emailsDir, path);
    if (real === 'outside' || real === 'missing') {
      throw new AppError('validation_failed', `${input.file} is not in the emails folder. Newsletters are sent from emails/newsletters/.`);
    }
    if (basename(path).startsWith('_')) {
      throw new AppError('validation_failed', `${input.file} is a draft (its name starts with _). Rename it without the _ when it is ready to send.`);
    }
    const newsletter = await loadNewsletterFile(catalog.emailsDir, path, problems);
    result = newsletter && { newsletter, source: newsletter.format === 'markdown' ? readFileSync(real, 'utf8') : null };
  } else {
    throw new AppError('validation_failed', 'Say which newsletter to send: the path of its file, like emails/newsletters/2026-12-gentle-december.md.');
  }
  const errors = problems.list.filter((p) => p.severity === 'error');
  if (!result || errors.length > 0) {
    throw new AppError('validation_failed', `This newsletter cannot be sent yet:\n${errors.map(formatAuthoringProblem).join('\n')}`);
  }
  return result;
}
