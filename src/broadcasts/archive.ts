import type { AppContext } from '../context.js';
import { Problems, formatAuthoringProblem } from '../courses/authoring-problem.js';
import type { MarkdownTokens } from '../courses/markdown.js';
import { parseMarkdownNewsletter, letterSlug } from '../courses/newsletter-file.js';

/**
 * Her public archive: every newsletter marked public that has been sent, as it was sent (the
 * text the broadcast stored), newest first. One entry per newsletter id: sent again, the latest
 * public sending is the one shown, under the same address.
 */
export interface ArchivedLetter {
  /** The newsletter's id (`broadcasts.newsletter_id`): its address, /letters/<slug>. */
  slug: string;
  broadcastId: number;
  subject: string;
  preview: string;
  sentAt: Date;
  tokens: MarkdownTokens;
}

/**
 * What the archive's answers depend on, in one row through the partial index of public sent
 * broadcasts: a letter sent (or one changed) moves it, in whichever process that happened.
 */
export async function archiveRevision(ctx: Pick<AppContext, 'sql'>): Promise<string> {
  const [row] = await ctx.sql<{ n: number; updated: Date | null; last: string | null }[]>`
    select count(*)::int as n, max(updated_at) as updated, max(id) as last
    from broadcasts where public and status = 'sent'`;
  return `${row!.n}:${row!.updated?.getTime() ?? 0}:${row!.last ?? 0}`;
}

interface Row {
  id: string;
  newsletter_id: string;
  file: string;
  source: string;
  finished_at: Date;
}

/**
 * The letters, parsed from what each broadcast stored. Only Markdown ones: a TSX newsletter is a
 * whole email component, with no words to set on a page of their own (create.ts never marks one
 * public). A stored text that no longer parses (it did when it was sent) is left out and logged.
 */
export async function loadArchive(ctx: Pick<AppContext, 'sql' | 'logger'>): Promise<ArchivedLetter[]> {
  const rows = await ctx.sql<Row[]>`
    select id, newsletter_id, file, source, finished_at from (
      select distinct on (newsletter_id) id, newsletter_id, file, source, finished_at
      from broadcasts
      where public and status = 'sent' and format = 'markdown' and source is not null and finished_at is not null
      order by newsletter_id, finished_at desc, id desc
    ) latest
    order by finished_at desc, id desc`;
  const letters: ArchivedLetter[] = [];
  for (const row of rows) {
    const problems = new Problems();
    const newsletter = parseMarkdownNewsletter(row.source, row.file, problems);
    if (!newsletter?.tokens) {
      ctx.logger.warn({ broadcastId: Number(row.id), problems: problems.list.map(formatAuthoringProblem) }, 'a public letter could not be read; it is left out of the archive');
      continue;
    }
    letters.push({
      slug: letterSlug(row.newsletter_id, newsletter.subject),
      broadcastId: Number(row.id),
      subject: newsletter.subject,
      preview: newsletter.preview,
      sentAt: row.finished_at,
      tokens: newsletter.tokens,
    });
  }
  return letters;
}
