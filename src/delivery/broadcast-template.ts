import { resolve } from 'node:path';
import type { AppContext } from '../context.js';
import { Problems, formatAuthoringProblem } from '../courses/authoring-problem.js';
import type { Catalog } from '../courses/catalog.js';
import { loadNewsletterFile, parseMarkdownNewsletter, letterSlug } from '../courses/newsletter-file.js';
import { newsletterTemplate, type ResolvedTemplate } from './templates.js';

/** Parsed once per process and catalog: every batch of a broadcast renders the same template. */
const cache = new WeakMap<Catalog, Map<number, Promise<ResolvedTemplate>>>();

/**
 * A broadcast's newsletter as the worker sends it: the Markdown text stored when the broadcast
 * was made (so an edit of the file since changes nothing on its way), or for TSX, the file.
 */
export function broadcastTemplate(ctx: Pick<AppContext, 'sql' | 'catalog'>, id: number): Promise<ResolvedTemplate> {
  let byId = cache.get(ctx.catalog);
  if (!byId) cache.set(ctx.catalog, (byId = new Map()));
  let template = byId.get(id);
  if (!template) {
    template = load(ctx, id);
    byId.set(id, template);
    // A failure is not kept: the next batch tries again (a file put back, a database back up).
    template.catch(() => byId.delete(id));
  }
  return template;
}

async function load(ctx: Pick<AppContext, 'sql' | 'catalog'>, id: number): Promise<ResolvedTemplate> {
  const [row] = await ctx.sql<{ file: string; format: 'markdown' | 'tsx'; source: string | null; newsletter_id: string; public: boolean }[]>`
    select file, format, source, newsletter_id, public from broadcasts where id = ${id}`;
  if (!row) throw new Error(`broadcast ${id} does not exist`);
  const problems = new Problems();
  const newsletter =
    row.format === 'markdown' && row.source !== null
      ? parseMarkdownNewsletter(row.source, row.file, problems)
      : await loadNewsletterFile(ctx.catalog.emailsDir, resolve(ctx.catalog.emailsDir, '..', row.file), problems);
  if (!newsletter) throw new Error(problems.list.map(formatAuthoringProblem).join('; '));
  return newsletterTemplate(newsletter, row.public ? letterSlug(row.newsletter_id, newsletter.subject) : null);
}
