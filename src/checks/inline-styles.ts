import type { ChildNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import type { EmailHtml } from './email-html.js';

export interface Declaration {
  property: string;
  value: string;
}

/**
 * The declarations of every style="" attribute a reader would see, each distinct one once.
 * Head <style> rules are not read: they are progressive enhancement (dark mode, the base font
 * for Outlook), and a client that drops them keeps the inline look.
 *
 * Hidden elements are skipped with everything inside them. The preview text is hidden with
 * display:none, max-height:0, overflow:hidden and opacity:0 together, each a fallback for a
 * client that drops another, so judging those one by one would flag a technique that works.
 */
export function visibleInlineDeclarations(html: EmailHtml): Declaration[] {
  const seen = new Map<string, Declaration>();
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      const declarations = parseStyle(node.attribs.style ?? '');
      if (isHidden(node, declarations)) continue;
      for (const d of declarations) seen.set(`${d.property}:${d.value}`, d);
      visit(node.children);
    }
  };
  visit(html.document.children);
  return [...seen.values()];
}

function isHidden(element: Element, declarations: Declaration[]): boolean {
  if (element.name === 'head') return true;
  return declarations.some((d) => d.property === 'display' && d.value.replace(/!important/i, '').trim() === 'none');
}

/** Splits on semicolons outside quotes and brackets, so url(data:…;base64,…) stays whole. */
export function parseStyle(style: string): Declaration[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(style.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(style.slice(start));
  return parts.flatMap((part) => {
    const colon = part.indexOf(':');
    if (colon === -1) return [];
    const property = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).trim();
    return property && value ? [{ property, value }] : [];
  });
}
