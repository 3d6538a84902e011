import type { Document, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * The rendered HTML, parsed once and shared by every rule. The parser decodes entities in
 * attribute values and text, so `&amp;` in an href compares equal to `&` in the sample URL.
 */
export interface EmailHtml {
  document: Document;
  elements(tagName: string): Element[];
  /** Everything a reader could see, whitespace collapsed (the head and its <style> left out). */
  visibleText(): string;
}

export function parseEmailHtml(html: string): EmailHtml {
  const document = parseDocument(html);
  return {
    document,
    elements: (tagName) => DomUtils.getElementsByTagName(tagName, document.children, true),
    visibleText: () => {
      const body = DomUtils.getElementsByTagName('body', document.children, true, 1)[0];
      return collapseWhitespace(DomUtils.textContent(body ?? document));
    },
  };
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
