import { isMap, isScalar, parseDocument, Scalar, type Document } from 'yaml';

/**
 * Her documents are files: front matter between `---` lines, then Markdown. An edit in the
 * dashboard changes fields of that text and keeps the rest (her comments, the order of the lines),
 * so an exported file reads as the one she would have written.
 */
export interface DocumentParts {
  front: Document;
  body: string;
}

const FRONT = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^---[ \t]*\r?\n?/m;

export function splitDocument(text: string): DocumentParts {
  const match = FRONT.exec(text);
  if (!match || match.index !== 0) return { front: parseDocument(''), body: text };
  return { front: parseDocument(match[1]!), body: text.slice(match[0].length).replace(/^\r?\n/, '') };
}

export function joinDocument(parts: DocumentParts): string {
  const yaml = parts.front.contents === null ? '' : parts.front.toString({ lineWidth: 0 });
  const body = parts.body.replace(/\r\n/g, '\n').replace(/^\n+/, '').replace(/\s+$/, '');
  return body === '' ? `---\n${yaml}---\n` : `---\n${yaml}---\n\n${body}\n`;
}

/** Sets a text field, in double quotes as her files have them. */
export function setText(front: Document, key: string, value: string): void {
  const node = new Scalar(value);
  node.type = 'QUOTE_DOUBLE';
  const existing = isMap(front.contents) ? front.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  if (existing && isScalar(existing.value)) node.comment = existing.value.comment;
  front.set(key, node);
}

export function setValue(front: Document, key: string, value: unknown): void {
  front.set(key, front.createNode(value));
}

export function getText(front: Document, key: string): string {
  const value = front.get(key);
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export function getList(front: Document, key: string): string[] {
  const value = front.toJS()?.[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A document with these fields, for one made in the dashboard. */
export function newDocument(fields: Record<string, string>, body: string): string {
  const parts: DocumentParts = { front: parseDocument('{}'), body };
  parts.front.contents = parts.front.createNode({}) as typeof parts.front.contents;
  for (const [key, value] of Object.entries(fields)) setText(parts.front, key, value);
  return joinDocument(parts);
}
