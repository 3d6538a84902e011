import MarkdownIt, { type Token } from 'markdown-it';
import container from 'markdown-it-container';
import { CONFIRM_LINK, CONSULTATION_LINK, practiceLabel } from '../mail/templates/markdown.js';
import type { Problems } from './authoring-problem.js';

export type { Token };
export type MarkdownTokens = Token[];

const ALLOWED_LINK = /^(https:\/\/|http:\/\/|mailto:|tel:)/i;

// Raw HTML is never passed through: with `html: false` markdown-it prints it as text. A second
// parser that does recognise it finds where it is, so the check can point at the line.
const boxes = (md: ReturnType<typeof MarkdownIt>) =>
  md
    .use(container, 'practice', { validate: (params: string) => /^practice(\s|$)/.test(params.trim()) })
    .use(container, 'button', { validate: (params: string) => params.trim() === 'button' });
const parser = boxes(new MarkdownIt('commonmark', { html: false }).enable(['strikethrough']));
const htmlFinder = boxes(new MarkdownIt('commonmark', { html: true }));
// markdown-it's own check refuses javascript:, vbscript:, file: and data: links; ours also keeps
// `@consultation`, which it would otherwise treat as a relative address.
parser.validateLink = (url: string) => url === CONSULTATION_LINK || url === CONFIRM_LINK || ALLOWED_LINK.test(url);

/**
 * Parses her Markdown once, at load time; the email component renders the tokens. Records a
 * problem (with the file's line number) for raw HTML, links that cannot work, and images
 * without a description. Returns null when the body cannot be used.
 */
export function parseMarkdown(file: string, body: string, bodyLine: number, problems: Problems): MarkdownTokens | null {
  const before = problems.list.length;
  const lineOf = (token: Token | undefined) => (token?.map ? token.map[0] + bodyLine : undefined);

  const htmlLines = new Set<number | undefined>();
  for (const token of walk(htmlFinder.parse(body, {}))) {
    if (token.type !== 'html_block' && token.type !== 'html_inline') continue;
    const line = lineOf(token.block ? token : token.parent);
    // One note per line: an opening and a closing tag are one mistake.
    if (htmlLines.has(line)) continue;
    htmlLines.add(line);
    const tag = /^<\/?[^\s>]*>?/.exec(token.content.trim())?.[0] ?? '<';
    problems.error(file, line, `This line has HTML in it (${tag}…). HTML is not allowed in an email's text: write it in Markdown instead (*italic*, **bold**, [words](https://link)).`);
  }

  const tokens = parser.parse(body, {});
  for (const token of walk(tokens)) {
    const line = lineOf(token.block ? token : token.parent);
    if (token.type === 'container_practice_open') {
      if (practiceLabel(token) === '') problems.error(file, line, 'A practice box needs a label after ":::practice", for example ":::practice Tonight’s practice".');
    }
    if (token.type === 'link_open') {
      const href = String(token.attrGet('href') ?? '');
      if (href.trim() === '') problems.error(file, line, 'A link has no address. Write it as [the words](https://the-address).');
    }
    if (token.type === 'image') {
      const alt = token.children?.map((c) => c.content).join('') ?? token.content;
      if (alt.trim() === '') problems.error(file, line, 'A picture has no description. Write one between the square brackets: ![A mother holding her baby](https://…). Screen readers read it aloud, and it shows when pictures are blocked.');
    }
    if (token.type === 'text' && /\[[^\]]+\]\(([^)]*)\)/.test(token.content)) {
      problems.error(file, line, 'A link here was not turned into a link: its address must start with https:// (or mailto: for an email address), or be @consultation for your consultation page.');
    }
  }
  if (/^\s*:::\s*$/m.test(body) && !tokens.some((t) => t.type.startsWith('container_'))) {
    problems.error(file, undefined, 'A box is closed with ":::" but never opened. Open it with ":::practice Your label".');
  }
  return problems.list.length > before && problems.hasErrors ? null : tokens;
}

/** Every token, block and inline, each inline one knowing its block. */
function* walk(tokens: Token[], parent?: Token): Generator<Token & { parent?: Token }> {
  for (const token of tokens) {
    (token as Token & { parent?: Token }).parent = parent;
    yield token;
    if (token.children) yield* walk(token.children, token);
  }
}
