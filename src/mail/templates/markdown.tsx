import { Hr } from '@react-email/hr';
import type { Token } from 'markdown-it';
import { createElement, Fragment, type ReactNode } from 'react';
import { Button } from './button';
import { Practice, PracticeText } from './practice';
import { Paragraph, TextLink } from './text';
import { colors, fonts, type } from './theme';


interface MarkdownProps {
  /** Parsed once when the file is loaded (src/courses/markdown.ts), rendered for every email. */
  tokens: Token[];
  /** Where `[…](@consultation)` points: her page, from emails/author.md. */
  consultationUrl: string;
  /** Where `[…](@confirm)` points: a confirmation email's own link (nowhere else has one). */
  confirmUrl?: string;
}

/** What a link may point at besides a web or email address: her page, from emails/author.md. */
export const CONSULTATION_LINK = '@consultation';

/** In a confirmation email: the link that confirms her address. */
export const CONFIRM_LINK = '@confirm';

// Styles per element, inline, because that is what every mail client honours. The sizes match
// the TSX components, so a Markdown lesson reads exactly like the ones before it.
const styles = {
  h2: { fontFamily: fonts.heading, fontSize: '23px', lineHeight: '1.35', fontWeight: 400, color: colors.text, margin: '32px 0 16px' },
  h3: { fontFamily: fonts.heading, fontSize: '20px', lineHeight: '1.4', fontWeight: 400, color: colors.text, margin: '28px 0 12px' },
  list: { ...type.body, margin: '0 0 20px', paddingLeft: '26px' },
  item: { margin: '0 0 8px' },
  quote: { ...type.body, margin: '0 0 20px', padding: '0 0 0 18px', borderLeft: `3px solid ${colors.hairline}`, fontStyle: 'italic' },
  code: { fontFamily: 'Menlo,Consolas,monospace', fontSize: '16px' },
  image: { maxWidth: '100%', height: 'auto', border: 0, display: 'block', margin: '0 0 20px' },
  rule: { borderColor: colors.hairline, margin: '32px 0' },
} as const;

/**
 * Her Markdown as React Email markup. Text is always a React text node, so anything she types
 * is escaped; raw HTML never reaches the output (the parser prints it as text, and the check
 * refuses it). Links only keep an allowed scheme (the parser drops the others).
 */
export function Markdown({ tokens, consultationUrl, confirmUrl }: MarkdownProps) {
  return createElement(Fragment, null, ...blocks(tokens, { consultationUrl, confirmUrl: confirmUrl ?? '', inPractice: false }));
}

interface RenderState {
  consultationUrl: string;
  confirmUrl: string;
  inPractice: boolean;
}

/** Turns a run of block tokens into elements; `*_open` … `*_close` pairs become one element. */
function blocks(tokens: Token[], state: RenderState): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.nesting === 1) {
      const end = closingIndex(tokens, i);
      out.push(block(token, tokens.slice(i + 1, end), state));
      i = end;
    } else if (token.type === 'inline') {
      out.push(...inline(token.children ?? [], state));
    } else if (token.type === 'hr') {
      out.push(<Hr style={styles.rule} />);
    } else if (token.type === 'fence' || token.type === 'code_block') {
      out.push(<Paragraph><span style={styles.code}>{token.content.trimEnd()}</span></Paragraph>);
    }
  }
  return out;
}

function block(open: Token, inner: Token[], state: RenderState): ReactNode {
  const children = () => blocks(inner, state);
  switch (open.type) {
    case 'paragraph_open':
      // Tight list items hide their paragraphs: the words sit in the <li> directly.
      if (open.hidden) return createElement(Fragment, null, ...children());
      return state.inPractice ? createElement(PracticeText, null, ...children()) : createElement(Paragraph, null, ...children());
    case 'heading_open':
      // The lesson's title is the email's one h1; her headings start one level below it.
      return open.tag === 'h1' || open.tag === 'h2'
        ? createElement('h2', { className: 'rmg-text', style: styles.h2 }, ...children())
        : createElement('h3', { className: 'rmg-text', style: styles.h3 }, ...children());
    case 'bullet_list_open':
      return createElement('ul', { className: 'rmg-text', style: styles.list }, ...children());
    case 'ordered_list_open':
      return createElement('ol', { className: 'rmg-text', style: styles.list, start: Number(open.attrGet('start') ?? 1) }, ...children());
    case 'list_item_open':
      return createElement('li', { style: styles.item }, ...children());
    case 'blockquote_open':
      return createElement('blockquote', { className: 'rmg-text', style: styles.quote }, ...blocks(unwrapParagraphs(inner), state));
    case 'container_practice_open':
      return createElement(Practice, { label: practiceLabel(open) }, ...blocks(inner, { ...state, inPractice: true }));
    case 'container_button_open':
      return buttonFrom(inner, state);
    default:
      return createElement(Fragment, null, ...children());
  }
}

/** `:::button` holds one link; it becomes the same quiet, centred button the TSX lessons use. */
function buttonFrom(inner: Token[], state: RenderState): ReactNode {
  const inlines = inner.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
  const link = inlines.find((t) => t.type === 'link_open');
  const label = inlines.filter((t) => t.type === 'text').map((t) => t.content).join('').trim();
  if (!link) return createElement(Fragment, null, ...blocks(inner, state));
  // Her confirmation's one button is the email's whole point: the strong kind; any other, quiet.
  return <Button href={hrefOf(link, state)} variant={link.attrGet('href') === CONFIRM_LINK ? 'primary' : 'quiet'}>{label}</Button>;
}

// A quote's paragraphs would otherwise put <p> margins inside the quote's own.
function unwrapParagraphs(tokens: Token[]): Token[] {
  return tokens.map((t) => (t.type === 'paragraph_open' || t.type === 'paragraph_close' ? Object.assign(Object.create(Object.getPrototypeOf(t)), t, { hidden: true }) : t));
}

function inline(tokens: Token[], state: RenderState): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.nesting === 1) {
      const end = closingIndex(tokens, i);
      const children = inline(tokens.slice(i + 1, end), state);
      if (token.type === 'em_open') out.push(createElement('em', null, ...children));
      else if (token.type === 'strong_open') out.push(createElement('strong', null, ...children));
      else if (token.type === 's_open') out.push(createElement('s', null, ...children));
      else if (token.type === 'link_open') out.push(createElement(TextLink, { href: hrefOf(token, state) }, ...children));
      else out.push(...children);
      i = end;
      continue;
    }
    switch (token.type) {
      case 'text':
        out.push(token.content);
        break;
      case 'softbreak':
        out.push('\n');
        break;
      case 'hardbreak':
        out.push(<br />);
        break;
      case 'code_inline':
        out.push(<span style={styles.code}>{token.content}</span>);
        break;
      case 'image':
        out.push(<img src={String(token.attrGet('src') ?? '')} alt={token.children?.map((c) => c.content).join('') ?? ''} style={styles.image} />);
        break;
    }
  }
  return out;
}

function hrefOf(link: Token, state: RenderState): string {
  const href = String(link.attrGet('href') ?? '');
  return href === CONSULTATION_LINK ? state.consultationUrl : href === CONFIRM_LINK ? state.confirmUrl : href;
}

/** The label after `:::practice`, e.g. "Tonight’s practice". */
export function practiceLabel(open: Token): string {
  return open.info.trim().replace(/^practice/, '').trim();
}

function closingIndex(tokens: Token[], openIndex: number): number {
  let depth = 0;
  for (let i = openIndex; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}
